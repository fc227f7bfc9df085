//! What a file really is, told from its bytes: the type a sender declares is not trusted
//! (a `.exe` announced as `image/jpeg` stays an executable). The type found must be on the
//! one allow-list (`media_type.rs`), for files residents send as for files agents send.

use crate::message::MediaKind;

use super::media_type::media_kind;

/// A file's type as its bytes show it, on the allow-list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sniffed {
    pub mime_type: &'static str,
    pub kind: MediaKind,
}

/// Why a file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The bytes are a type that is not on the allow-list (named, e.g. `application/zip`).
    NotAllowed(&'static str),
    /// The bytes match no known type and are not plain text.
    Unknown,
    /// Larger than WhatsApp allows for what the bytes are.
    TooLarge { max_bytes: u64 },
}

impl Refusal {
    /// The reason in Dutch, for the agent who sees the message.
    pub fn dutch(&self) -> String {
        match self {
            Self::NotAllowed(mime) => {
                format!("het bestand is van een type dat niet is toegestaan ({mime})")
            }
            Self::Unknown => "het type van het bestand is niet te herkennen".into(),
            Self::TooLarge { max_bytes } => format!(
                "het bestand is groter dan {} MB",
                max_bytes.div_ceil(1024 * 1024)
            ),
        }
    }
}

/// The type of `bytes`, if it is one WhatsApp carries and within its size limit. Plain text
/// has no magic number: bytes no other type claims are text when they are UTF-8 without
/// control characters other than whitespace.
pub fn sniff(bytes: &[u8]) -> Result<Sniffed, Refusal> {
    let mime_type = match infer::get(bytes) {
        // 3GPP video (`ftyp3gp…`), which `infer` does not know.
        _ if bytes.len() > 11 && &bytes[4..8] == b"ftyp" && bytes[8..11] == *b"3gp" => "video/3gpp",
        Some(found) => canonical(found.mime_type()),
        None if is_plain_text(bytes) => "text/plain",
        None => return Err(Refusal::Unknown),
    };
    let kind = media_kind(mime_type).ok_or(Refusal::NotAllowed(mime_type))?;
    if bytes.len() as u64 > kind.max_bytes() {
        return Err(Refusal::TooLarge {
            max_bytes: kind.max_bytes(),
        });
    }
    Ok(Sniffed { mime_type, kind })
}

/// The allow-list's name for a type `infer` names differently.
fn canonical(mime: &'static str) -> &'static str {
    match mime {
        "audio/m4a" | "audio/x-m4a" => "audio/mp4",
        // WhatsApp's voice notes: Opus in an Ogg container.
        "audio/opus" => "audio/ogg",
        "audio/x-aac" => "audio/aac",
        "audio/x-amr" => "audio/amr",
        "video/3gp" => "video/3gpp",
        other => other,
    }
}

fn is_plain_text(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && std::str::from_utf8(bytes).is_ok_and(|text| {
            text.chars()
                .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0];
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    /// The first bytes of an Ogg page carrying an `OpusHead` header.
    fn ogg_opus_head() -> Vec<u8> {
        let mut b = b"OggS\0\x02".to_vec();
        b.extend_from_slice(&[0; 20]);
        b.extend_from_slice(&[1, 19]);
        b.extend_from_slice(b"OpusHead\x01\x01");
        b.extend_from_slice(&[0; 9]);
        b
    }

    #[test]
    fn the_bytes_decide_the_type_not_the_name_or_the_announcement() {
        assert_eq!(sniff(JPEG).unwrap().mime_type, "image/jpeg");
        assert_eq!(sniff(PNG).unwrap().kind, MediaKind::Image);
        assert_eq!(
            sniff(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n").unwrap().mime_type,
            "application/pdf"
        );
        assert_eq!(
            sniff("Beste gemeente,\n".as_bytes()).unwrap().mime_type,
            "text/plain"
        );
        let voice = ogg_opus_head();
        assert_eq!(sniff(&voice).unwrap().mime_type, "audio/ogg");
        assert_eq!(
            sniff(b"\0\0\0\x18ftyp3gp4\0\0\0\0").unwrap().mime_type,
            "video/3gpp"
        );
    }

    #[test]
    fn executables_archives_and_html_are_refused_whatever_they_claim_to_be() {
        assert_eq!(
            sniff(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF"),
            Err(Refusal::NotAllowed(
                "application/vnd.microsoft.portable-executable"
            ))
        );
        assert_eq!(
            sniff(b"PK\x03\x04\x14\0\0\0\0\0"),
            Err(Refusal::NotAllowed("application/zip"))
        );
        assert!(sniff(b"<!DOCTYPE html><script>x</script>").is_err());
        assert_eq!(sniff(b"\0\x01\x02binary"), Err(Refusal::Unknown));
        assert_eq!(sniff(b""), Err(Refusal::Unknown));
    }

    #[test]
    fn a_file_over_the_limit_of_what_it_really_is_is_refused() {
        let mut big = JPEG.to_vec();
        big.resize(5 * 1024 * 1024 + 1, 0);
        assert_eq!(
            sniff(&big),
            Err(Refusal::TooLarge {
                max_bytes: 5 * 1024 * 1024
            })
        );
        assert!(
            Refusal::TooLarge { max_bytes: 5 << 20 }
                .dutch()
                .contains("5 MB")
        );
    }
}
