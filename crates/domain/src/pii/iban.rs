//! IBAN: a country code, two check digits and the national account number (BBAN), of the
//! length registered for that country, passing mod-97 (ISO 13616). People write it in
//! groups of four with spaces, and in lower case.

use super::PiiKind;
use super::scan::{Candidate, starts_word, word_end};

/// Total IBAN length per country (SWIFT IBAN registry).
const LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AL", 28),
    (b"AT", 20),
    (b"AZ", 28),
    (b"BA", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"BH", 22),
    (b"BI", 27),
    (b"BR", 29),
    (b"BY", 28),
    (b"CH", 21),
    (b"CR", 22),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DJ", 27),
    (b"DK", 18),
    (b"DO", 28),
    (b"EE", 20),
    (b"EG", 29),
    (b"ES", 24),
    (b"FI", 18),
    (b"FK", 18),
    (b"FO", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GE", 22),
    (b"GI", 23),
    (b"GL", 18),
    (b"GR", 27),
    (b"GT", 28),
    (b"HN", 28),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IL", 23),
    (b"IQ", 23),
    (b"IS", 26),
    (b"IT", 27),
    (b"JO", 30),
    (b"KW", 30),
    (b"KZ", 20),
    (b"LB", 28),
    (b"LC", 32),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"LY", 25),
    (b"MC", 27),
    (b"MD", 24),
    (b"ME", 22),
    (b"MK", 19),
    (b"MN", 20),
    (b"MR", 27),
    (b"MT", 31),
    (b"MU", 30),
    (b"NI", 28),
    (b"NL", 18),
    (b"NO", 15),
    (b"OM", 23),
    (b"PK", 24),
    (b"PL", 28),
    (b"PS", 29),
    (b"PT", 25),
    (b"QA", 29),
    (b"RO", 24),
    (b"RS", 22),
    (b"RU", 33),
    (b"SA", 24),
    (b"SC", 31),
    (b"SD", 18),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"SO", 23),
    (b"ST", 25),
    (b"SV", 28),
    (b"TL", 23),
    (b"TN", 24),
    (b"TR", 26),
    (b"UA", 29),
    (b"VA", 22),
    (b"VG", 24),
    (b"XK", 20),
    (b"YE", 30),
];

/// BBAN shapes of the countries residents of a Dutch municipality mostly use
/// (`A` letter, `9` digit, `C` either): catches mangled numbers that mod-97 lets through.
const SHAPES: &[(&[u8; 2], &str)] = &[
    (b"NL", "AAAA9999999999"),
    (b"BE", "999999999999"),
    (b"DE", "999999999999999999"),
    (b"BG", "AAAA999999CCCCCCCC"),
    (b"GI", "AAAACCCCCCCCCCCCCCC"),
    (b"GB", "AAAA99999999999999"),
    (b"FR", "9999999999CCCCCCCCCCC99"),
];

pub(super) fn find(text: &str, out: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 15 <= bytes.len() {
        let b = bytes[i];
        if !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        if b.is_ascii_alphabetic()
            && bytes[i + 1].is_ascii_alphabetic()
            && starts_word(text, i)
            && let Some((end, value)) = iban_at(bytes, i)
        {
            out.push(Candidate::new(PiiKind::Iban, value, i..end));
            i = end;
        } else {
            i = word_end(bytes, i);
        }
    }
}

/// Whether `b` may stand between two characters of an IBAN as people write it.
fn is_separator(b: u8) -> bool {
    matches!(b, b' ' | b'-' | b'.')
}

/// The IBAN starting at `i`, if any: its end and its compact upper-case form. One space,
/// dash or dot may stand between any two characters ("NO 02 1503 7577 003",
/// "ES15-0049-1806-…"); a space right after the country code only in upper case, so that
/// words like "is 12 …" are not read as a country.
fn iban_at(bytes: &[u8], i: usize) -> Option<(usize, String)> {
    let country = [
        bytes[i].to_ascii_uppercase(),
        bytes[i + 1].to_ascii_uppercase(),
    ];
    let check = if bytes[i + 2].is_ascii_digit() {
        i + 2
    } else if is_separator(bytes[i + 2]) && bytes[i..i + 2].iter().all(u8::is_ascii_uppercase) {
        i + 3
    } else {
        return None;
    };
    if !bytes.get(check).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let length = LENGTHS.iter().find(|(c, _)| **c == country)?.1;
    let mut value = Vec::with_capacity(length);
    value.extend_from_slice(&country);
    let mut p = check;
    while value.len() < length {
        let b = *bytes.get(p)?;
        if b.is_ascii_alphanumeric() {
            value.push(b.to_ascii_uppercase());
            p += 1;
        } else if is_separator(b) && bytes.get(p + 1).is_some_and(u8::is_ascii_alphanumeric) {
            p += 1;
        } else {
            return None;
        }
    }
    if bytes.get(p).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let value = String::from_utf8(value).ok()?;
    is_valid_iban(&value).then_some((p, value))
}

/// Whether a compact upper-case IBAN has its country's length and shape and passes mod-97.
pub fn is_valid_iban(iban: &str) -> bool {
    let b = iban.as_bytes();
    if b.len() < 5
        || !b
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    let country = [b[0], b[1]];
    let Some(&(_, length)) = LENGTHS.iter().find(|(c, _)| **c == country) else {
        return false;
    };
    let check = &iban[2..4];
    if b.len() != length
        || !b[2..4].iter().all(u8::is_ascii_digit)
        || check == "00"
        || check == "01"
    {
        return false;
    }
    if let Some((_, shape)) = SHAPES.iter().find(|(c, _)| **c == country)
        && !fits(&b[4..], shape.as_bytes())
    {
        return false;
    }
    mod97(b) == 1
}

fn fits(bban: &[u8], shape: &[u8]) -> bool {
    bban.len() == shape.len()
        && bban.iter().zip(shape).all(|(c, s)| match s {
            b'A' => c.is_ascii_uppercase(),
            b'9' => c.is_ascii_digit(),
            _ => true,
        })
}

/// The IBAN rearranged (first four characters moved to the end, letters as 10..35) mod 97.
fn mod97(iban: &[u8]) -> u32 {
    iban[4..].iter().chain(&iban[..4]).fold(0u32, |acc, &c| {
        if c.is_ascii_digit() {
            (acc * 10 + u32::from(c - b'0')) % 97
        } else {
            (acc * 100 + u32::from(c - b'A') + 10) % 97
        }
    })
}
