//! Dutch postcodes (`1234 AB`) with the house number when it follows: "1234 AB 12a" is
//! one finding, normalised `1234AB 12A` (postcode, one space, number and addition in upper
//! case without separator; a numeric addition keeps its dash: `12-2`).

use super::PiiKind;
use super::scan::{Candidate, ends_word, starts_word, word_end};

/// Units written against a number, in lower case.
const UNITS: &[&[u8]] = &[
    b"mg", b"kg", b"km", b"cm", b"mm", b"ml", b"cl", b"dl", b"gb", b"mb", b"kb", b"kw", b"mw",
    b"hz", b"ms",
];

pub(super) fn find(text: &str, out: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 6 <= bytes.len() {
        if matches!(bytes[i], b'1'..=b'9')
            && starts_word(text, i)
            && let Some(found) = postcode_at(text, i)
        {
            i = found.range.end;
            out.push(found);
        } else if bytes[i].is_ascii_alphanumeric() {
            i = word_end(bytes, i);
        } else {
            i += 1;
        }
    }
}

fn postcode_at(text: &str, i: usize) -> Option<Candidate> {
    let bytes = text.as_bytes();
    if !bytes[i..i + 4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let spaced = bytes.get(i + 4) == Some(&b' ');
    let l = i + 4 + usize::from(spaced);
    let letters = bytes.get(l..l + 2)?;
    let upper = letters.iter().all(u8::is_ascii_uppercase);
    // "1500 de", "2020 en": lower-case letters only count when written against the digits.
    let lower = !spaced && letters.iter().all(u8::is_ascii_lowercase);
    if !(upper || lower) || !ends_word(text, l + 2) {
        return None;
    }
    // "1250mg", "1500kg": a quantity, not a postcode.
    if lower && UNITS.contains(&letters) {
        return None;
    }
    let letters = letters.to_ascii_uppercase();
    if matches!(&letters[..], b"SA" | b"SD" | b"SS") {
        return None;
    }
    let mut value = String::with_capacity(16);
    value.push_str(&text[i..i + 4]);
    value.extend(letters.iter().map(|&b| char::from(b)));
    let end = l + 2;
    let Some((house_end, number)) = house_number(text, end) else {
        return Some(Candidate::new(PiiKind::Postcode, value, i..end));
    };
    let bare = value.clone();
    value.push(' ');
    value.push_str(&number);
    let mut found = Candidate::new(PiiKind::Postcode, value, i..house_end);
    found.shorter = Some((end, bare));
    Some(found)
}

/// "12", "12a", "12-A", "12-2" after ", " or " ": its end and normalised form.
fn house_number(text: &str, from: usize) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let mut p = from;
    if bytes.get(p) == Some(&b',') {
        p += 1;
    }
    if bytes.get(p) != Some(&b' ') {
        return None;
    }
    p += 1;
    if !matches!(bytes.get(p), Some(b'1'..=b'9')) {
        return None;
    }
    let start = p;
    while p < bytes.len() && p - start < 5 && bytes[p].is_ascii_digit() {
        p += 1;
    }
    if !ends_word(text, p) && !bytes[p].is_ascii_alphabetic() {
        return None;
    }
    let mut number = text[start..p].to_string();
    let dash = bytes.get(p) == Some(&b'-');
    let q = p + usize::from(dash);
    let letter = bytes.get(q).is_some_and(u8::is_ascii_alphabetic) && ends_word(text, q + 1);
    let digits = (dash && bytes.get(q).is_some_and(u8::is_ascii_digit)).then(|| {
        let mut r = q;
        while r < bytes.len() && r - q < 4 && bytes[r].is_ascii_digit() {
            r += 1;
        }
        r
    });
    if letter {
        number.push(char::from(bytes[q].to_ascii_uppercase()));
        p = q + 1;
    } else if let Some(r) = digits.filter(|&r| ends_word(text, r)) {
        number.push('-');
        number.push_str(&text[q..r]);
        p = r;
    } else if !ends_word(text, p) {
        return None;
    }
    Some((p, number))
}
