//! BSN: nine digits passing the eleven-test, also written in groups joined by one dot,
//! space or dash. About one in eleven random nine-digit numbers passes the test, so a
//! number labelled as something else (an order number, an amount) is not reported.

use super::PiiKind;
use super::scan::{Candidate, last_label};
use std::ops::Range;

/// Words that say a number is a BSN; the closest label before a number decides.
const BSN_LABELS: &[&str] = &["bsn", "burgerservice", "sofi", "burger service"];

/// Words (prefixes of words) that say a number is something else.
const OTHER_LABELS: &[&str] = &[
    "order",
    "bestel",
    "klant",
    "factuur",
    "referentie",
    "ref",
    "kenmerk",
    "dossier",
    "zaak",
    "ticket",
    "pakket",
    "zending",
    "track",
    "artikel",
    "polis",
    "contract",
    "abonnement",
    "aanvraag",
    "relatie",
    "debiteur",
    "transactie",
    "bedrag",
    "totaal",
    "eur",
    "€",
    "$",
    "£",
    "rekening",
    "account",
    "invoice",
    "customer",
    "kvk",
    "btw",
    "serie",
    "lidnummer",
    "pas",
    "tel",
    "bel",
];

/// What may follow an amount: "123.456.789,-", "123456789,00", "123456789 euro".
const AMOUNT_TAILS: &[&str] = &[",-", ",00", "euro", "eur", "€"];

/// How far before a number its label may stand, in bytes.
const WINDOW: usize = 40;

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
/// or dash (as people type them), standing alone, passing the eleven-test and not labelled
/// as another kind of number or an amount. Every group may start a BSN, so a number next
/// to another ("kamer 3 111222333") is still found.
pub fn find_bsns(text: &str) -> Vec<Range<usize>> {
    candidates(text.as_bytes())
        .into_iter()
        .filter(|(_, labelled)| !labelled)
        .map(|(range, _)| range)
        .collect()
}

/// Every nine-digit number passing the eleven-test, and whether a label or an amount
/// says it is something else.
fn candidates(bytes: &[u8]) -> Vec<(Range<usize>, bool)> {
    let groups = digit_groups(bytes);
    let mut found = Vec::new();
    let mut g = 0;
    while g < groups.len() {
        match bsn_from(bytes, &groups, g) {
            Some((last, range)) => {
                let labelled = labelled_otherwise(bytes, &range);
                found.push((range, labelled));
                g = last + 1;
            }
            None => g += 1,
        }
    }
    found
}

/// BSNs as candidates. A number labelled otherwise still counts when the same digits are
/// a BSN elsewhere in the text ("BSN 111222333 … ordernummer 111.222.333").
pub(super) fn find(text: &str, out: &mut Vec<Candidate>) {
    let digits = |range: &Range<usize>| -> String {
        text[range.clone()]
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(char::from)
            .collect()
    };
    let all: Vec<(Range<usize>, bool, String)> = candidates(text.as_bytes())
        .into_iter()
        .map(|(range, labelled)| {
            let value = digits(&range);
            (range, labelled, value)
        })
        .collect();
    for (range, labelled, value) in &all {
        let elsewhere = || all.iter().any(|(_, l, v)| !l && v == value);
        if !labelled || elsewhere() {
            out.push(Candidate::new(PiiKind::Bsn, value.clone(), range.clone()));
        }
    }
}

/// Whether the closest label before the number names another kind of number, or the
/// number is written as an amount.
fn labelled_otherwise(bytes: &[u8], range: &Range<usize>) -> bool {
    let other = last_label(bytes, range.start, WINDOW, OTHER_LABELS, false);
    let bsn = last_label(bytes, range.start, WINDOW, BSN_LABELS, false);
    let labelled = match (other, bsn) {
        (Some(o), Some(b)) => o > b,
        (Some(_), None) => true,
        _ => false,
    };
    let rest = &bytes[range.end..];
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let amount = AMOUNT_TAILS
        .iter()
        .any(|t| rest.len() >= t.len() && rest[..t.len()].eq_ignore_ascii_case(t.as_bytes()));
    labelled || amount
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
) -> Option<(usize, Range<usize>)> {
    let mut count = 0;
    let mut digits = [0u8; 9];
    for (k, &(start, end)) in groups.iter().enumerate().skip(first) {
        if k > first {
            let previous_end = groups[k - 1].1;
            let joined =
                start == previous_end + 1 && matches!(bytes[previous_end], b'.' | b' ' | b'-');
            if !joined {
                return None;
            }
        }
        for &b in &bytes[start..end] {
            if count < 9 {
                digits[count] = b;
            }
            count += 1;
        }
        if count >= 9 {
            let range = groups[first].0..end;
            let alone = (range.start == 0 || !bytes[range.start - 1].is_ascii_alphanumeric())
                && (end == bytes.len() || !bytes[end].is_ascii_alphanumeric());
            let valid = count == 9 && alone && std::str::from_utf8(&digits).is_ok_and(is_valid_bsn);
            return valid.then_some((k, range));
        }
    }
    None
}
