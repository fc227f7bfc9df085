//! Dutch licence plates, sidecodes 1 to 14 (`AB-12-34` … `999-XX-9`). Written with dashes
//! in upper case they count anywhere; in lower case or without dashes ("12abc3") only after
//! a word like "kenteken", since six letters and digits are too common otherwise.
//! Normalised to upper case as written (dashes kept when written).

use super::PiiKind;
use super::scan::{Candidate, ascii_words, ends_word, last_label, starts_word};

/// The sidecodes, `L` a letter and `9` a digit, in RDW order.
const SIDECODES: &[&str] = &[
    "LL-99-99", "99-99-LL", "99-LL-99", "LL-99-LL", "LL-LL-99", "99-LL-LL", "99-LLL-9", "9-LLL-99",
    "LL-999-L", "L-999-LL", "LLL-99-L", "L-99-LLL", "9-LL-999", "999-LL-9",
];
const LABELS: &[&str] = &[
    "kenteken",
    "nummerbord",
    "licence plate",
    "license plate",
    "number plate",
    "plate",
    "voertuig",
    "auto ",
    "wagen",
];
const WINDOW: usize = 40;

pub(super) fn find(text: &str, out: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    // One word (letters, digits, dashes) at a time: a plate is 6, 8 or 9 bytes of it.
    for word in ascii_words(bytes, |b| b == b'-') {
        let i = word.start;
        if matches!(word.len(), 6 | 8 | 9)
            && bytes[word.clone()].iter().any(u8::is_ascii_digit)
            && starts_word(text, i)
            && let Some(plate_end) = plate_at(text, i)
        {
            let value = text[i..plate_end].to_ascii_uppercase();
            out.push(Candidate::new(PiiKind::LicencePlate, value, i..plate_end));
        }
    }
}

fn plate_at(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut labelled = None;
    for code in SIDECODES {
        for dashed in [true, false] {
            let Some(end) = fits(bytes, i, code.as_bytes(), dashed) else {
                continue;
            };
            if !ends_word(text, end) || (dashed && bytes.get(end) == Some(&b'-')) {
                continue;
            }
            let upper = bytes[i..end].iter().all(|b| !b.is_ascii_lowercase());
            if dashed && upper {
                return Some(end);
            }
            let has_label = *labelled
                .get_or_insert_with(|| last_label(bytes, i, WINDOW, LABELS, false).is_some());
            if has_label {
                return Some(end);
            }
        }
    }
    None
}

/// Where the plate in `code`'s shape starting at `i` ends, if the text has that shape.
/// Letters of one group share their case.
fn fits(bytes: &[u8], i: usize, code: &[u8], dashed: bool) -> Option<usize> {
    let mut p = i;
    let mut group_case: Option<bool> = None;
    for &c in code {
        match c {
            b'-' => {
                group_case = None;
                if dashed {
                    if bytes.get(p) != Some(&b'-') {
                        return None;
                    }
                    p += 1;
                }
            }
            b'L' => {
                let b = *bytes.get(p)?;
                if !b.is_ascii_alphabetic()
                    || *group_case.get_or_insert(b.is_ascii_uppercase()) != b.is_ascii_uppercase()
                {
                    return None;
                }
                p += 1;
            }
            _ => {
                if !bytes.get(p)?.is_ascii_digit() {
                    return None;
                }
                p += 1;
            }
        }
    }
    Some(p)
}
