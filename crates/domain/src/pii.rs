//! Detection of personal data in free text. Pure and fast: it runs inside ingestion.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    Bsn,
}

/// Whether nine digits pass the BSN eleven-test (9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 mod 11).
pub fn is_valid_bsn(digits: &str) -> bool {
    let bytes = digits.as_bytes();
    if bytes.len() != 9 || !bytes.iter().all(u8::is_ascii_digit) || digits == "000000000" {
        return false;
    }
    let sum: i64 = bytes
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let d = i64::from(b - b'0');
            if i == 8 { -d } else { d * (9 - i as i64) }
        })
        .sum();
    sum % 11 == 0
}

/// Byte ranges of BSNs in `text`: runs of nine digits (dots, spaces or dashes between
/// groups allowed, as people type them) that pass the eleven-test and stand alone.
pub fn find_bsns(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_run =
            bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if !starts_run {
            i += 1;
            continue;
        }
        let (digits, end) = take_digits(bytes, i);
        let stands_alone = end == bytes.len() || !bytes[end].is_ascii_alphanumeric();
        if digits.len() == 9 && stands_alone && is_valid_bsn(&digits) {
            found.push(i..end);
        }
        i = end.max(i + 1);
    }
    found
}

/// Digits from `start`, allowing single separators between them; stops after ten digits.
fn take_digits(bytes: &[u8], start: usize) -> (String, usize) {
    let mut digits = String::new();
    let mut end = start;
    let mut j = start;
    while j < bytes.len() && digits.len() < 10 {
        if bytes[j].is_ascii_digit() {
            digits.push(bytes[j] as char);
            j += 1;
            end = j;
        } else if matches!(bytes[j], b'.' | b' ' | b'-')
            && j + 1 < bytes.len()
            && bytes[j + 1].is_ascii_digit()
        {
            j += 1;
        } else {
            break;
        }
    }
    (digits, end)
}

/// The kinds of personal data found in `text`.
pub fn detect(text: &str) -> Vec<PiiKind> {
    let mut kinds = Vec::new();
    if !find_bsns(text).is_empty() {
        kinds.push(PiiKind::Bsn);
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_bsn_passes_the_eleven_test_and_a_changed_digit_fails_it() {
        assert!(is_valid_bsn("111222333"));
        assert!(is_valid_bsn("999990019"));
        assert!(!is_valid_bsn("111222334"));
        assert!(!is_valid_bsn("12345678"));
    }

    #[test]
    fn bsns_are_found_in_running_text_with_or_without_separators() {
        let text = "Mijn BSN is 111222333 en van mijn zoon 999.990.019, klopt dat?";
        let found: Vec<&str> = find_bsns(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, vec!["111222333", "999.990.019"]);
    }

    #[test]
    fn longer_numbers_and_phone_numbers_are_not_taken_for_a_bsn() {
        assert!(find_bsns("bel 0612345678 of 31612345678").is_empty());
        assert!(find_bsns("order 1112223330").is_empty());
        assert!(find_bsns("code A111222333").is_empty());
    }
}
