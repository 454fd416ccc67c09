//! Synchronizer tokens (SECURITY.md 20): every state-changing form carries one, derived by HMAC
//! from the server key and the visitor's binding (session hash when signed in, the anonymous
//! `abri_csrf` cookie otherwise). The origin check (`Sec-Fetch-Site`, `Origin`) is a separate
//! layer in front of the routes.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The token for a binding.
#[must_use]
pub fn token(key: &[u8], binding: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(b"abri-csrf\0");
    mac.update(binding.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// Whether `submitted` is the token for `binding` (constant time).
#[must_use]
pub fn verify(key: &[u8], binding: &str, submitted: &str) -> bool {
    let expected = token(key, binding);
    !binding.is_empty()
        && !expected.is_empty()
        && bool::from(expected.as_bytes().ct_eq(submitted.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_bind_to_their_binding_and_key() {
        let key = [7u8; 32];
        let t = token(&key, "session-a");
        assert!(verify(&key, "session-a", &t));
        assert!(!verify(&key, "session-b", &t));
        assert!(!verify(&[8u8; 32], "session-a", &t));
        assert!(!verify(&key, "session-a", ""));
        assert!(!verify(&key, "", &token(&key, "")));
    }
}
