//! Random secrets handed to browsers, and the hashes we keep instead of them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// A fresh 256-bit secret, URL-safe base64 (43 characters).
#[must_use]
pub fn new_secret() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// The hex SHA-256 of a secret: what the database stores and looks up.
#[must_use]
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    // Into a buffer of the right size at once (`hex::encode` collects characters one by one:
    // every signed-in page hashes its session cookie; BENCHMARKS.md B5).
    let mut hex = vec![0; 2 * digest.len()];
    match hex::encode_to_slice(digest, &mut hex) {
        Ok(()) => String::from_utf8(hex).unwrap_or_default(),
        Err(_) => hex::encode(digest),
    }
}

/// Whether a cookie value has the shape of one of our secrets (cheap refusal of garbage).
#[must_use]
pub fn looks_like_secret(value: &str) -> bool {
    value.len() == 43
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_unique_and_hashed() {
        let a = new_secret();
        assert!(looks_like_secret(&a));
        assert_ne!(a, new_secret());
        assert_eq!(hash_secret(&a).len(), 64);
        assert_ne!(hash_secret(&a), a);
        assert!(!looks_like_secret("short"));
    }

    #[test]
    fn the_hash_is_sha256_in_lowercase_hex() {
        // Stored hashes of live sessions and codes must stay the same from release to release.
        assert_eq!(
            hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
