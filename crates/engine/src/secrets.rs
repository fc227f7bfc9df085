//! Secrets at rest: Meta app secrets, verify tokens and channel access tokens are sealed
//! with the deployment's secret key (XChaCha20-Poly1305, RustCrypto) before they reach the
//! store, which keeps them as opaque text. A database copied without the key gives away
//! no token; a start with the wrong key is refused instead of sending garbage to Meta.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, Generate, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use loket_store::{Channel, StoredSecret};
use secrecy::SecretString;

use crate::{Engine, EngineError};

/// Marks a sealed value (and its format version): anything else is plaintext from before
/// encryption, sealed at the next start.
const SEALED_PREFIX: &str = "loket-sealed:v1:";
/// What the key check holds, sealed (see `Store::init_secret_key_check`).
const KEY_CHECK: &str = "loket secret key check";
const NONCE_LEN: usize = 24;

/// The 32-byte key from `server.secret_key`. Cheap to clone; never printed.
#[derive(Clone)]
pub struct SecretKey {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

#[derive(Debug, thiserror::Error)]
#[error(
    "the secret key must be 32 bytes, written as base64 (e.g. `openssl rand -base64 32`) or as 64 hex digits"
)]
pub struct InvalidSecretKey;

impl SecretKey {
    /// 32 bytes as base64 (standard alphabet) or as 64 hex digits.
    pub fn parse(text: &str) -> Result<Self, InvalidSecretKey> {
        let text = text.trim();
        let bytes = if text.len() == 64 && text.chars().all(|c| c.is_ascii_hexdigit()) {
            (0..64)
                .step_by(2)
                .map(|i| u8::from_str_radix(&text[i..i + 2], 16))
                .collect::<Result<Vec<u8>, _>>()
                .map_err(|_| InvalidSecretKey)?
        } else {
            STANDARD.decode(text).map_err(|_| InvalidSecretKey)?
        };
        let cipher = XChaCha20Poly1305::new_from_slice(&bytes).map_err(|_| InvalidSecretKey)?;
        Ok(Self { cipher })
    }

    /// A fresh random key, as base64 (the demo keeps one of its own).
    pub fn generate_encoded() -> String {
        let key = chacha20poly1305::Key::generate();
        STANDARD.encode(key.as_slice())
    }

    /// A fresh random key: for tests and engines over a database of their own.
    pub fn generate() -> Self {
        Self::parse(&Self::generate_encoded()).expect("a generated key is 32 bytes")
    }

    /// A random nonce per value: sealing the same secret twice gives different text.
    pub(crate) fn seal(&self, plaintext: &str) -> String {
        let nonce = XNonce::generate();
        let sealed = self
            .cipher
            .encrypt(&nonce, plaintext.as_bytes())
            .expect("sealing into memory cannot fail");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{SEALED_PREFIX}{}", STANDARD.encode(bytes))
    }

    /// `None` when `sealed` is not sealed with this key (or not sealed at all).
    pub(crate) fn open(&self, sealed: &str) -> Option<String> {
        let bytes = STANDARD.decode(sealed.strip_prefix(SEALED_PREFIX)?).ok()?;
        if bytes.len() < NONCE_LEN {
            return None;
        }
        let (nonce, text) = bytes.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).ok()?;
        let plain = self.cipher.decrypt(&nonce, text).ok()?;
        String::from_utf8(plain).ok()
    }
}

fn is_sealed(value: &str) -> bool {
    value.starts_with(SEALED_PREFIX)
}

fn wrong_key() -> EngineError {
    EngineError::Other(anyhow::anyhow!(
        "the secret key does not decrypt the stored secrets; start with the key this database \
         was first started with (server.secret_key or LOKET__SERVER__SECRET_KEY)"
    ))
}

impl Engine {
    fn secret_key(&self) -> &SecretKey {
        &self.inner.options.secret_key
    }

    /// Once per engine, before any secret is read or written: refuse a key that is not the
    /// database's, then seal any plaintext secret left from before encryption. Idempotent,
    /// and safe when instances start together.
    pub(crate) async fn unlock_secrets(&self) -> Result<(), EngineError> {
        self.inner
            .secrets_unlocked
            .get_or_try_init(|| async {
                let key = self.secret_key();
                let secrets = self.store().list_stored_secrets().await?;
                // Checked before the key check is first written, so a wrong key can never
                // become the database's key.
                if secrets
                    .iter()
                    .any(|s| is_sealed(&s.value) && key.open(&s.value).is_none())
                {
                    return Err(wrong_key());
                }
                let check = self
                    .store()
                    .init_secret_key_check(&key.seal(KEY_CHECK))
                    .await?;
                if key.open(&check).as_deref() != Some(KEY_CHECK) {
                    return Err(wrong_key());
                }
                let sealed = self.seal_plaintext(secrets).await?;
                if sealed > 0 {
                    tracing::info!(sealed, "sealed secrets stored in plaintext before");
                }
                Ok(())
            })
            .await
            .map(|_| ())
    }

    async fn seal_plaintext(&self, secrets: Vec<StoredSecret>) -> Result<usize, EngineError> {
        let changes: Vec<(StoredSecret, String)> = secrets
            .into_iter()
            .filter(|s| !is_sealed(&s.value))
            .map(|s| {
                let sealed = self.seal(&s.value);
                (s, sealed)
            })
            .collect();
        if changes.is_empty() {
            return Ok(0);
        }
        Ok(self.store().replace_stored_secrets(&changes).await?)
    }

    pub(crate) fn seal(&self, plaintext: &str) -> String {
        self.secret_key().seal(plaintext)
    }

    /// A stored secret in plaintext; a value this key cannot open is the wrong key.
    pub(crate) fn open(&self, sealed: &str) -> Result<String, EngineError> {
        self.secret_key().open(sealed).ok_or_else(wrong_key)
    }

    /// The channel's access token (empty when it has none), kept wrapped until it is put
    /// into a Graph API request.
    pub(crate) fn access_token_of(&self, channel: &Channel) -> Result<SecretString, EngineError> {
        match channel.access_token.as_deref() {
            Some(sealed) => Ok(self.open(sealed)?.into()),
            None => Ok(SecretString::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_with_its_key_only_and_never_shows_the_plaintext() {
        let key = SecretKey::generate();
        let sealed = key.seal("EAAG-access-token");
        assert!(!sealed.contains("EAAG"));
        assert_ne!(
            sealed,
            key.seal("EAAG-access-token"),
            "a fresh nonce each time"
        );
        assert_eq!(key.open(&sealed).as_deref(), Some("EAAG-access-token"));
        assert_eq!(SecretKey::generate().open(&sealed), None);
        assert_eq!(
            key.open("EAAG-access-token"),
            None,
            "plaintext is not sealed"
        );
    }

    #[test]
    fn a_key_is_32_bytes_as_base64_or_hex() {
        let hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        assert!(SecretKey::parse(hex).is_ok());
        assert!(SecretKey::parse(&SecretKey::generate_encoded()).is_ok());
        assert!(SecretKey::parse("too short").is_err());
        assert!(SecretKey::parse(&STANDARD.encode([0u8; 16])).is_err());
        assert_eq!(
            format!("{:?}", SecretKey::generate()),
            "SecretKey([redacted])"
        );
    }
}
