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

/// Byte ranges of BSNs in `text`: nine digits, possibly in groups joined by one dot, space
/// or dash (as people type them), standing alone and passing the eleven-test. Every group
/// may start a BSN, so a number next to another ("kamer 3 111222333") is still found.
pub fn find_bsns(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let groups = digit_groups(bytes);
    let mut found = Vec::new();
    let mut g = 0;
    while g < groups.len() {
        match bsn_from(bytes, &groups, g) {
            Some((last, range)) => {
                found.push(range);
                g = last + 1;
            }
            None => g += 1,
        }
    }
    found
}

/// Maximal runs of ASCII digits, as byte ranges.
fn digit_groups(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut groups = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            groups.push((start, i));
        } else {
            i += 1;
        }
    }
    groups
}

/// A BSN made of groups `first..=last`, if those hold exactly nine joined digits.
fn bsn_from(
    bytes: &[u8],
    groups: &[(usize, usize)],
    first: usize,
) -> Option<(usize, std::ops::Range<usize>)> {
    let mut digits = String::with_capacity(9);
    for (k, &(start, end)) in groups.iter().enumerate().skip(first) {
        if k > first {
            let previous_end = groups[k - 1].1;
            let joined =
                start == previous_end + 1 && matches!(bytes[previous_end], b'.' | b' ' | b'-');
            if !joined {
                return None;
            }
        }
        digits.push_str(std::str::from_utf8(&bytes[start..end]).ok()?);
        if digits.len() >= 9 {
            let range = groups[first].0..end;
            let alone = (range.start == 0 || !bytes[range.start - 1].is_ascii_alphanumeric())
                && (end == bytes.len() || !bytes[end].is_ascii_alphanumeric());
            return (digits.len() == 9 && alone && is_valid_bsn(&digits)).then_some((k, range));
        }
    }
    None
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
    fn a_bsn_next_to_another_number_is_still_found() {
        for text in [
            "BSN's: 111222333 999990019",
            "kamer 3 111222333",
            "111222333 2 keer",
        ] {
            assert!(!find_bsns(text).is_empty(), "{text}");
        }
        assert_eq!(find_bsns("BSN's: 111222333 999990019").len(), 2);
    }

    #[test]
    fn longer_numbers_and_phone_numbers_are_not_taken_for_a_bsn() {
        assert!(find_bsns("bel 0612345678 of 31612345678").is_empty());
        assert!(find_bsns("order 1112223330").is_empty());
        assert!(find_bsns("code A111222333").is_empty());
    }
}
