//! The one allow-list of file types WhatsApp accepts (Meta's supported media types), and
//! the kind each is sent as. The engine checks uploads against it before queueing, and
//! the Graph API simulator refuses uploads with it, so both agree on what Meta takes.

use crate::message::MediaKind;

/// Document types Meta accepts: plain text, PDF and the Microsoft Office formats.
/// Anything else (`application/zip`, `application/x-msdownload`, …) is refused.
pub const DOCUMENT_TYPES: &[&str] = &[
    "text/plain",
    "application/pdf",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
];

/// The kind `mime` is sent as, or `None` when WhatsApp does not accept it. Parameters
/// (`; codecs=opus`) and case are ignored.
pub fn media_kind(mime: &str) -> Option<MediaKind> {
    let essence = mime
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    Some(match essence.as_str() {
        "image/jpeg" | "image/png" => MediaKind::Image,
        "image/webp" => MediaKind::Sticker,
        "video/mp4" | "video/3gpp" => MediaKind::Video,
        "audio/aac" | "audio/amr" | "audio/mpeg" | "audio/mp4" | "audio/ogg" => MediaKind::Audio,
        m if DOCUMENT_TYPES.contains(&m) => MediaKind::Document,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_documents_pdf_and_text_are_documents() {
        for mime in DOCUMENT_TYPES {
            assert_eq!(media_kind(mime), Some(MediaKind::Document), "{mime}");
        }
        assert_eq!(
            media_kind("Application/PDF; name=x"),
            Some(MediaKind::Document)
        );
    }

    #[test]
    fn other_application_and_text_types_are_refused() {
        for mime in [
            "application/zip",
            "application/x-msdownload",
            "application/octet-stream",
            "application/json",
            "text/html",
            "image/gif",
            "",
        ] {
            assert_eq!(media_kind(mime), None, "{mime}");
        }
    }

    #[test]
    fn media_types_map_to_their_kind() {
        assert_eq!(media_kind("image/png"), Some(MediaKind::Image));
        assert_eq!(media_kind("image/webp"), Some(MediaKind::Sticker));
        assert_eq!(media_kind("video/3gpp"), Some(MediaKind::Video));
        assert_eq!(media_kind("audio/ogg; codecs=opus"), Some(MediaKind::Audio));
    }
}
