//! `X-Hub-Signature-256`: HMAC-SHA256 of the raw body bytes with the app secret.

use hmac::{KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = hmac::Hmac<Sha256>;

/// The header value Meta would send for `body`: `sha256=<64 lowercase hex>`.
pub fn sign(app_secret: &[u8], body: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(app_secret).expect("HMAC takes keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Whether `header` is a valid signature of the exact `body` bytes. Constant time.
pub fn verify(app_secret: &[u8], body: &[u8], header: &str) -> bool {
    let Some(hex_digest) = header.trim().strip_prefix("sha256=") else {
        return false;
    };
    let Ok(expected) = hex::decode(hex_digest) else {
        return false;
    };
    let mut mac = HmacSha256::new_from_slice(app_secret).expect("HMAC takes keys of any length");
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_the_exact_body_it_was_made_for() {
        let header = sign(b"secret", b"{\"a\":1}");
        assert!(verify(b"secret", b"{\"a\":1}", &header));
        assert!(!verify(b"secret", b"{\"a\": 1}", &header));
        assert!(!verify(b"other", b"{\"a\":1}", &header));
    }

    #[test]
    fn malformed_headers_are_rejected() {
        assert!(!verify(b"s", b"x", ""));
        assert!(!verify(b"s", b"x", "sha1=abcd"));
        assert!(!verify(b"s", b"x", "sha256=not-hex"));
    }
}
