//! Small but valid media files, generated in code (no assets): PNG photos, an Ogg Opus voice
//! note and a one-page PDF. Their magic numbers and structure pass type sniffing.

/// CRC-32 (IEEE, reflected), as PNG uses.
fn crc32(parts: &[&[u8]]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for byte in parts.iter().flat_map(|p| p.iter()) {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).expect("PNG chunks are small here");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc32(&[kind, data]).to_be_bytes());
}

/// zlib with stored (uncompressed) deflate blocks.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let mut blocks = data.chunks(65_535).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        out.push(u8::from(blocks.peek().is_none()));
        let len = u16::try_from(block.len()).expect("chunks of at most 65535");
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for byte in data {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// A `width`×`height` RGB PNG: a gradient tinted by `seed`, so different photos differ.
pub fn photo_png(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let mut raw = Vec::with_capacity(((width * 3 + 1) * height) as usize);
    for y in 0..height {
        raw.push(0); // filter: none
        for x in 0..width {
            let r = (x * 255 / width.max(1)) as u8;
            let g = (y * 255 / height.max(1)) as u8;
            raw.extend_from_slice(&[r ^ seed, g, seed.wrapping_mul(37) ^ (r / 2)]);
        }
    }
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png_chunk(&mut png, b"IHDR", &ihdr);
    png_chunk(&mut png, b"IDAT", &zlib_stored(&raw));
    png_chunk(&mut png, b"IEND", &[]);
    png
}

/// CRC-32 as Ogg uses it (polynomial 0x04c11db7, not reflected, no final xor).
fn ogg_crc(data: &[u8]) -> u32 {
    let mut crc = 0u32;
    for byte in data {
        crc ^= u32::from(*byte) << 24;
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 != 0 {
                (crc << 1) ^ 0x04c1_1db7
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// One Ogg page holding `packets` (each < 255 bytes).
fn ogg_page(flags: u8, granule: u64, sequence: u32, packets: &[&[u8]]) -> Vec<u8> {
    let mut page = b"OggS\0".to_vec();
    page.push(flags);
    page.extend_from_slice(&granule.to_le_bytes());
    page.extend_from_slice(&0x4c6f_6b74u32.to_le_bytes()); // stream serial
    page.extend_from_slice(&sequence.to_le_bytes());
    page.extend_from_slice(&[0; 4]); // CRC, filled in below
    page.push(u8::try_from(packets.len()).expect("at most 255 packets"));
    for packet in packets {
        page.push(u8::try_from(packet.len()).expect("short packets"));
    }
    for packet in packets {
        page.extend_from_slice(packet);
    }
    let crc = ogg_crc(&page);
    page[22..26].copy_from_slice(&crc.to_le_bytes());
    page
}

/// An Ogg Opus voice note of `seconds` of silence (`audio/ogg; codecs=opus`): the OpusHead
/// and OpusTags headers, then 20 ms packets of one TOC byte each.
pub fn voice_note(seconds: u32) -> Vec<u8> {
    let mut head = b"OpusHead".to_vec();
    head.extend_from_slice(&[1, 1]); // version 1, mono
    head.extend_from_slice(&312u16.to_le_bytes()); // pre-skip
    head.extend_from_slice(&48_000u32.to_le_bytes());
    head.extend_from_slice(&[0, 0, 0]); // gain 0, mapping family 0
    let mut tags = b"OpusTags".to_vec();
    tags.extend_from_slice(&9u32.to_le_bytes());
    tags.extend_from_slice(b"loket-sim");
    tags.extend_from_slice(&0u32.to_le_bytes());

    let mut ogg = ogg_page(0x02, 0, 0, &[&head]);
    ogg.extend(ogg_page(0, 0, 1, &[&tags]));
    let silence: &[u8] = &[0xf8]; // CELT fullband 20 ms, mono, one empty frame
    let seconds = seconds.max(1);
    for second in 1..=seconds {
        let flags = if second == seconds { 0x04 } else { 0 };
        let granule = u64::from(second) * 48_000;
        ogg.extend(ogg_page(flags, granule, second + 1, &[silence; 50]));
    }
    ogg
}

/// A one-page PDF showing `text` (ASCII; other characters become `?`).
pub fn pdf(text: &str) -> Vec<u8> {
    let safe: String = text
        .chars()
        .map(|c| {
            if c.is_ascii() && !"()\\".contains(c) {
                c
            } else {
                '?'
            }
        })
        .collect();
    let stream = format!("BT /F1 14 Tf 72 720 Td ({safe}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    let trailer = format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend(trailer.bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_png_crc_matches_the_known_iend_value() {
        assert_eq!(crc32(&[b"IEND"]), 0xae42_6082);
        let png = photo_png(4, 3, 9);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(png.ends_with(&[0xae, 0x42, 0x60, 0x82]));
    }

    #[test]
    fn zlib_stored_blocks_carry_the_data_and_its_adler32() {
        // Adler-32 of "Wikipedia" is 0x11E60398.
        let z = zlib_stored(b"Wikipedia");
        assert_eq!(&z[z.len() - 4..], &[0x11, 0xe6, 0x03, 0x98]);
        assert_eq!(&z[7..16], b"Wikipedia");
    }

    #[test]
    fn the_ogg_crc_is_crc32_without_reflection_or_final_xor() {
        assert_eq!(ogg_crc(b"123456789"), 0x89a1_897f);
    }

    #[test]
    fn a_voice_note_is_an_ogg_opus_stream() {
        let ogg = voice_note(2);
        assert!(ogg.starts_with(b"OggS"));
        assert_eq!(&ogg[28..36], b"OpusHead");
    }

    #[test]
    fn a_pdf_starts_and_ends_like_one() {
        let pdf = pdf("Huurcontract Lindelaan 12");
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
    }
}
