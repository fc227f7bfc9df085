//! Detection of personal data in free text. Pure and fast: it runs inside ingestion.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    Bsn,
    Iban,
    Phone,
    Email,
    Postcode,
    DateOfBirth,
    DocumentNumber,
    LicencePlate,
}

impl PiiKind {
    pub const ALL: [PiiKind; 8] = [
        PiiKind::Bsn,
        PiiKind::Iban,
        PiiKind::Phone,
        PiiKind::Email,
        PiiKind::Postcode,
        PiiKind::DateOfBirth,
        PiiKind::DocumentNumber,
        PiiKind::LicencePlate,
    ];

    /// The wire name (`bsn`, `date_of_birth`, …), as in the API and the configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            PiiKind::Bsn => "bsn",
            PiiKind::Iban => "iban",
            PiiKind::Phone => "phone",
            PiiKind::Email => "email",
            PiiKind::Postcode => "postcode",
            PiiKind::DateOfBirth => "date_of_birth",
            PiiKind::DocumentNumber => "document_number",
            PiiKind::LicencePlate => "licence_plate",
        }
    }

    /// What replaces a masked value in stored text: the kind, never any of its characters.
    pub fn mask_token(self) -> &'static str {
        match self {
            PiiKind::Bsn => "[BSN]",
            PiiKind::Iban => "[IBAN]",
            PiiKind::Phone => "[TELEFOONNUMMER]",
            PiiKind::Email => "[E-MAILADRES]",
            PiiKind::Postcode => "[ADRES]",
            PiiKind::DateOfBirth => "[GEBOORTEDATUM]",
            PiiKind::DocumentNumber => "[DOCUMENTNUMMER]",
            PiiKind::LicencePlate => "[KENTEKEN]",
        }
    }
}

/// One piece of personal data in a text: its kind, its normalised value (`bsn`: 9 digits;
/// `iban`: upper case without spaces; `phone`: E.164; …) and its range in Unicode code
/// points, `end` exclusive (as the API reports it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: PiiKind,
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// Every piece of personal data in `text`, in order, without overlaps (where two would
/// overlap, the more specific kind wins).
pub fn find(text: &str) -> Vec<Finding> {
    let ranges = find_bsns(text);
    let mut findings = Vec::with_capacity(ranges.len());
    for range in ranges {
        let value: String = text[range.clone()]
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        findings.push(Finding {
            kind: PiiKind::Bsn,
            value,
            start: text[..range.start].chars().count(),
            end: text[..range.end].chars().count(),
        });
    }
    findings
}

/// `text` with every finding for which `masked(kind)` holds replaced by its kind's token.
/// `findings` must come from [`find`] on this same text (ordered, code-point ranges).
pub fn mask(text: &str, findings: &[Finding], masked: impl Fn(PiiKind) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().enumerate().peekable();
    for finding in findings.iter().filter(|f| masked(f.kind)) {
        while let Some((_, c)) = chars.next_if(|(i, _)| *i < finding.start) {
            out.push(c);
        }
        while chars.next_if(|(i, _)| *i < finding.end).is_some() {}
        out.push_str(finding.kind.mask_token());
    }
    out.extend(chars.map(|(_, c)| c));
    out
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

/// The kinds of personal data found in `text`, each once.
pub fn detect(text: &str) -> Vec<PiiKind> {
    let mut kinds: Vec<PiiKind> = find(text).into_iter().map(|f| f.kind).collect();
    kinds.sort_by_key(|k| k.as_str());
    kinds.dedup();
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
    fn findings_report_code_point_ranges_and_masking_removes_every_digit() {
        let text = "Één vraag: BSN 111.222.333 graag";
        let findings = find(text);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].value, "111222333");
        let chars: Vec<char> = text.chars().collect();
        let found: String = chars[findings[0].start..findings[0].end].iter().collect();
        assert_eq!(found, "111.222.333");
        assert_eq!(
            mask(text, &findings, |_| true),
            "Één vraag: BSN [BSN] graag"
        );
        assert_eq!(mask(text, &findings, |_| false), text);
    }

    #[test]
    fn longer_numbers_and_phone_numbers_are_not_taken_for_a_bsn() {
        assert!(find_bsns("bel 0612345678 of 31612345678").is_empty());
        assert!(find_bsns("order 1112223330").is_empty());
        assert!(find_bsns("code A111222333").is_empty());
    }
}
