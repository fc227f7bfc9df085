//! Metadata out of residents' photos before an agent sees them: a phone's camera writes
//! where the photo was taken (GPS), when, and with which device into EXIF and XMP. The
//! pixels are left as they are (no re-encoding): only metadata segments and chunks go.

use bytes::Bytes;
use img_parts::ImageEXIF;
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::{CHUNK_XMP, WebP};

/// PNG chunks that carry text or EXIF (`tEXt`, `zTXt`, `iTXt`, `eXIf`, `tIME`).
const PNG_METADATA: [[u8; 4]; 5] = [*b"tEXt", *b"zTXt", *b"iTXt", *b"eXIf", *b"tIME"];

/// `bytes` without metadata when they are a JPEG, PNG or WebP image (`mime_type` as
/// sniffed); `None` when they are no such image or do not parse (the caller decides).
pub fn strip_metadata(mime_type: &str, bytes: &Bytes) -> Option<Bytes> {
    match mime_type {
        "image/jpeg" => {
            let mut jpeg = Jpeg::from_bytes(bytes.clone()).ok()?;
            // APP1 (EXIF, XMP) to APP15 and comments; APP0 (JFIF) and APP2 (the ICC colour
            // profile, needed to show colours right) and APP14 (Adobe colour transform) stay.
            jpeg.segments_mut().retain(|s| {
                let m = s.marker();
                let metadata = (markers::APP1..=markers::APP15).contains(&m)
                    && m != markers::APP2
                    && m != markers::APP14;
                !metadata && m != markers::COM
            });
            Some(jpeg.encoder().bytes())
        }
        "image/png" => {
            let mut png = Png::from_bytes(bytes.clone()).ok()?;
            png.chunks_mut()
                .retain(|c| !PNG_METADATA.contains(&c.kind()));
            Some(png.encoder().bytes())
        }
        "image/webp" => {
            let mut webp = WebP::from_bytes(bytes.clone()).ok()?;
            webp.set_exif(None);
            webp.remove_chunks_by_id(CHUNK_XMP);
            Some(webp.encoder().bytes())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal JPEG: SOI, an EXIF APP1 with a GPS-looking tag, a comment, SOS, EOI.
    fn jpeg_with_exif() -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        let exif = b"Exif\0\0GPSLatitude 52.0907";
        b.extend_from_slice(&[0xFF, 0xE1]);
        b.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        b.extend_from_slice(exif);
        let com = b"Camera: Pixel";
        b.extend_from_slice(&[0xFF, 0xFE]);
        b.extend_from_slice(&((com.len() + 2) as u16).to_be_bytes());
        b.extend_from_slice(com);
        b.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0xD9]);
        b
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_jpeg_loses_its_exif_and_comments_but_keeps_its_image_data() {
        let original = Bytes::from(jpeg_with_exif());
        let stripped = strip_metadata("image/jpeg", &original).unwrap();
        assert!(!contains(&stripped, b"GPSLatitude"));
        assert!(!contains(&stripped, b"Pixel"));
        assert!(contains(&stripped, &[0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34]));
        assert!(stripped.starts_with(&[0xFF, 0xD8]));
    }

    #[test]
    fn a_png_loses_its_text_chunks() {
        let png = loket_sim::files::photo_png(2, 2, 1);
        let mut png = Png::from_bytes(Bytes::from(png)).unwrap();
        let at = png.chunks().len() - 1;
        png.chunks_mut().insert(
            at,
            img_parts::png::PngChunk::new(*b"tEXt", Bytes::from_static(b"GPS\x00 52.09,5.12")),
        );
        let with_text = png.encoder().bytes();
        assert!(contains(&with_text, b"52.09"));
        let stripped = strip_metadata("image/png", &with_text).unwrap();
        assert!(!contains(&stripped, b"52.09"));
        assert!(Png::from_bytes(stripped).is_ok());
    }

    #[test]
    fn other_types_and_broken_images_are_left_to_the_caller() {
        assert_eq!(
            strip_metadata("application/pdf", &Bytes::from_static(b"%PDF")),
            None
        );
        assert_eq!(
            strip_metadata("image/jpeg", &Bytes::from_static(b"\xFF\xD8")),
            None
        );
    }
}
