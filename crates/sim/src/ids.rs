//! Random identifiers shaped like Meta's.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use rand::RngExt;

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::fill(&mut bytes[..]);
    bytes
}

/// An inbound wamid from `from`, built like real ones: base64 of a small protobuf-like record
/// holding the sender's number and 16 random bytes as uppercase hex, e.g.
/// `wamid.HBgLMzE2MTIzNDU2NzgVAgASGCA…AA==`.
pub(crate) fn inbound_wamid(from: &str) -> String {
    let mut raw = vec![0x1c, 0x18, u8::try_from(from.len()).unwrap_or(u8::MAX)];
    raw.extend_from_slice(from.as_bytes());
    raw.extend_from_slice(&[0x15, 0x02, 0x00, 0x12, 0x18, 0x20]);
    for byte in random_bytes::<16>() {
        raw.extend_from_slice(format!("{byte:02X}").as_bytes());
    }
    raw.push(0);
    format!("wamid.{}", STANDARD.encode(raw))
}

/// An outbound wamid to `to` (digits), shaped like the ones Meta returns for sends:
/// `wamid.HBgLMzE2MTIzNDU2NzgVAgARGBI…AA=` (9 random bytes as 18 uppercase hex digits).
pub(crate) fn outbound_wamid(to: &str) -> String {
    let mut raw = vec![0x1c, 0x18, u8::try_from(to.len()).unwrap_or(u8::MAX)];
    raw.extend_from_slice(to.as_bytes());
    raw.extend_from_slice(&[0x15, 0x02, 0x00, 0x11, 0x18, 0x12]);
    for byte in random_bytes::<9>() {
        raw.extend_from_slice(format!("{byte:02X}").as_bytes());
    }
    raw.push(0);
    format!("wamid.{}", STANDARD.encode(raw))
}

/// A numeric object id like Meta's media ids (`"1003383421387256"`).
pub(crate) fn object_id() -> String {
    rand::rng()
        .random_range(1_000_000_000_000_000u64..10_000_000_000_000_000)
        .to_string()
}

/// A `fbtrace_id` like `"Az8or2yhqkZfEZ-_4Qn_Bam"`.
pub(crate) fn fbtrace_id() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<17>())
}

/// A 2026 business-scoped user id (BSUID) like `"NL.967744529547245"`.
pub(crate) fn bsuid(country: &str) -> String {
    let digits = rand::rng().random_range(100_000_000_000_000u64..1_000_000_000_000_000);
    format!("{country}.{digits}")
}

/// A random key for signing download URLs.
pub(crate) fn secret_key() -> [u8; 32] {
    random_bytes::<32>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inbound_wamid_encodes_the_sender_like_meta_does() {
        let wamid = inbound_wamid("31612345678");
        let raw = STANDARD
            .decode(wamid.strip_prefix("wamid.").unwrap())
            .unwrap();
        assert_eq!(&raw[3..14], b"31612345678");
        assert_eq!(raw.len(), 3 + 11 + 6 + 32 + 1);
        assert_ne!(inbound_wamid("31612345678"), wamid);
    }

    #[test]
    fn ids_have_meta_shapes() {
        assert_eq!(object_id().len(), 16);
        assert_eq!(fbtrace_id().len(), 23);
        let user_id = bsuid("NL");
        assert!(user_id.starts_with("NL.") && user_id.len() == 18);
    }
}
