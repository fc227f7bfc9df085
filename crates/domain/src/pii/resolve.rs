//! From candidates to findings: overlaps resolved, recurring values found everywhere,
//! byte ranges turned into code-point ranges.

use super::scan::{Candidate, ends_word, starts_word};
use super::{Finding, PiiKind};

/// Lower is more specific: checksums before shapes, shapes before context.
fn rank(kind: PiiKind) -> u8 {
    match kind {
        PiiKind::Iban => 0,
        PiiKind::Email => 1,
        PiiKind::Bsn => 2,
        PiiKind::Phone => 3,
        PiiKind::DateOfBirth => 4,
        PiiKind::DocumentNumber => 5,
        PiiKind::LicencePlate => 6,
        PiiKind::Postcode => 7,
    }
}

/// Candidates without overlaps, in text order. Of two overlapping candidates the one that
/// holds the other wins; otherwise the more specific kind.
pub(super) fn overlaps(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by_key(|c| (c.range.start, rank(c.kind), std::cmp::Reverse(c.range.end)));
    let mut chosen: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for c in candidates {
        match chosen.last() {
            Some(last) if c.range.start < last.range.end => {
                if wins(&c, last) {
                    chosen.pop();
                    chosen.push(c);
                }
            }
            _ => chosen.push(c),
        }
    }
    chosen
}

fn wins(new: &Candidate, old: &Candidate) -> bool {
    let holds = |a: &Candidate, b: &Candidate| {
        a.range.start <= b.range.start && b.range.end <= a.range.end && a.range.len() > b.range.len()
    };
    if holds(old, new) {
        false
    } else if holds(new, old) {
        true
    } else {
        rank(new.kind) < rank(old.kind)
    }
}

/// `chosen` plus every other place where one of its values (as written, or normalised)
/// stands alone in `text` outside the chosen ranges.
pub(super) fn recurrences(text: &str, chosen: Vec<Candidate>) -> Vec<Candidate> {
    let mut needles: Vec<(PiiKind, &str, &str)> = Vec::new();
    for c in &chosen {
        for needle in [&text[c.range.clone()], c.value.as_str()] {
            if !needle.is_empty() && !needles.iter().any(|n| n.1 == needle) {
                needles.push((c.kind, needle, &c.value));
            }
        }
    }
    let mut extra = Vec::new();
    for (kind, needle, value) in needles {
        for (s, _) in text.match_indices(needle) {
            let e = s + needle.len();
            // `chosen` is in text order without overlaps: only the last one starting
            // before `e` can overlap.
            let k = chosen.partition_point(|c| c.range.start < e);
            let free = k == 0 || chosen[k - 1].range.end <= s;
            if free && starts_word(text, s) && ends_word(text, e) {
                extra.push(Candidate::new(kind, value.to_string(), s..e));
            }
        }
    }
    if extra.is_empty() {
        return chosen;
    }
    extra.extend(chosen);
    overlaps(extra)
}

/// Findings with code-point ranges; `chosen` is in text order without overlaps.
pub(super) fn to_code_points(text: &str, chosen: Vec<Candidate>) -> Vec<Finding> {
    let mut byte = 0;
    let mut point = 0;
    let mut at = |b: usize| {
        point += text[byte..b].chars().count();
        byte = b;
        point
    };
    chosen
        .into_iter()
        .map(|c| {
            let start = at(c.range.start);
            let end = at(c.range.end);
            Finding { kind: c.kind, value: c.value, start, end }
        })
        .collect()
}
