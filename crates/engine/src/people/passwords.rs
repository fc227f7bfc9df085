//! Passwords: argon2id (PHC strings), always hashed and verified off the async runtime
//! (`spawn_blocking`): a hash takes tens of milliseconds of CPU on purpose.

use std::sync::OnceLock;

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use secrecy::{ExposeSecret, SecretString};

use crate::EngineError;

/// Hash a password with argon2id and a random salt (the crate's defaults: 19 MiB, t=2, p=1,
/// OWASP's recommendation).
pub(crate) async fn hash_password(password: SecretString) -> Result<String, EngineError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.expose_secret().as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| EngineError::Other(anyhow::anyhow!("hashing a password failed: {e}")))
    })
    .await
    .map_err(|e| EngineError::Other(anyhow::anyhow!("the hashing task failed: {e}")))?
}

/// Whether `password` matches the PHC string `hash`; an unreadable hash matches nothing.
pub(crate) async fn verify_password(
    password: SecretString,
    hash: String,
) -> Result<bool, EngineError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.expose_secret().as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
    .map_err(|e| EngineError::Other(anyhow::anyhow!("the verifying task failed: {e}")))
}

/// A hash no password matches (of random bytes nobody knows), verified for unknown e-mail
/// addresses so that the answer takes as long as for a known one: timing must not tell
/// which addresses have accounts.
pub(crate) async fn dummy_hash() -> Result<String, EngineError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash.clone());
    }
    let random = generate_password();
    let hash = hash_password(random).await?;
    Ok(DUMMY.get_or_init(|| hash).clone())
}

/// Letters and digits without look-alikes (no 0/o, 1/l/i), for passwords and codes that
/// people type.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// `len` random characters of [`ALPHABET`] (rejection sampling, so each is uniform).
pub(crate) fn random_text(len: usize) -> String {
    let mut out = String::with_capacity(len);
    while out.len() < len {
        let byte: u8 = rand::random();
        // 248 = 8 × 31: bytes above it would favour the first characters.
        if byte < 248 {
            out.push(char::from(ALPHABET[usize::from(byte) % ALPHABET.len()]));
        }
    }
    out
}

/// A strong generated password: 4 groups of 5 characters (about 99 bits), dashes between.
pub fn generate_password() -> SecretString {
    let groups: Vec<String> = (0..4).map(|_| random_text(5)).collect();
    SecretString::from(groups.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_verifies_against_its_argon2id_hash_and_no_other() {
        let hash = hash_password(SecretString::from("correct horse battery"))
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(
            verify_password(SecretString::from("correct horse battery"), hash.clone())
                .await
                .unwrap()
        );
        assert!(
            !verify_password(SecretString::from("wrong horse battery"), hash)
                .await
                .unwrap()
        );
        assert!(
            !verify_password(SecretString::from("x"), "not a hash".into())
                .await
                .unwrap()
        );
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let a = generate_password();
        let b = generate_password();
        assert_eq!(a.expose_secret().len(), 23);
        assert_ne!(a.expose_secret(), b.expose_secret());
        assert!(loket_domain::people::check_new_password(a.expose_secret()).is_ok());
    }
}
