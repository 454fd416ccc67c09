//! Encryption at rest of second-factor secrets: ChaCha20-Poly1305 with a key derived from the
//! server's secret key, a random nonce per secret.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};

use crate::AppError;

/// What a sealed value is for: each purpose has its own key derived from the server's.
#[derive(Clone, Copy, Debug)]
pub enum Purpose {
    /// Second-factor secrets (TOTP).
    Factor,
    /// Verbal passwords of monitoring instructions.
    Verbal,
}

fn cipher_for(secret_key: &[u8], purpose: Purpose) -> ChaCha20Poly1305 {
    let mut hasher = Sha256::new();
    hasher.update(match purpose {
        Purpose::Factor => b"abri-factor-secrets\0".as_slice(),
        Purpose::Verbal => b"abri-verbal-passwords\0".as_slice(),
    });
    hasher.update(secret_key);
    let key: [u8; 32] = hasher.finalize().into();
    ChaCha20Poly1305::new(Key::from_slice(&key))
}

/// `base64(nonce ‖ ciphertext)`.
///
/// # Errors
/// [`AppError::Internal`] if encryption fails.
pub fn seal(secret_key: &[u8], plain: &[u8]) -> Result<String, AppError> {
    seal_for(secret_key, Purpose::Factor, plain)
}

/// `base64(nonce ‖ ciphertext)` under the key of `purpose`.
///
/// # Errors
/// [`AppError::Internal`] if encryption fails.
pub fn seal_for(secret_key: &[u8], purpose: Purpose, plain: &[u8]) -> Result<String, AppError> {
    let nonce: [u8; 12] = rand::random();
    let sealed = cipher_for(secret_key, purpose)
        .encrypt(Nonce::from_slice(&nonce), plain)
        .map_err(|_| AppError::Internal("sealing a factor secret".into()))?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Ok(STANDARD.encode(out))
}

/// The plain bytes of a sealed secret.
///
/// # Errors
/// [`AppError::Internal`] if it was not sealed with this key (or was tampered with).
pub fn open(secret_key: &[u8], sealed: &str) -> Result<Vec<u8>, AppError> {
    open_for(secret_key, Purpose::Factor, sealed)
}

/// The plain bytes of a value sealed for `purpose`.
///
/// # Errors
/// [`AppError::Internal`] if it was not sealed with this key and purpose (or was tampered with).
pub fn open_for(secret_key: &[u8], purpose: Purpose, sealed: &str) -> Result<Vec<u8>, AppError> {
    let bytes = STANDARD
        .decode(sealed)
        .map_err(|_| AppError::Internal("factor secret encoding".into()))?;
    let (nonce, body) = bytes
        .split_at_checked(12)
        .ok_or_else(|| AppError::Internal("factor secret length".into()))?;
    cipher_for(secret_key, purpose)
        .decrypt(Nonce::from_slice(nonce), body)
        .map_err(|_| AppError::Internal("factor secret does not open with this key".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key() {
        let sealed = seal(b"key one", b"twenty bytes secret!").unwrap();
        assert!(!sealed.contains("twenty"));
        assert_eq!(open(b"key one", &sealed).unwrap(), b"twenty bytes secret!");
        assert!(open(b"key two", &sealed).is_err());
        assert_ne!(
            seal(b"key one", b"x").unwrap(),
            seal(b"key one", b"x").unwrap(),
            "fresh nonces"
        );
    }
}
