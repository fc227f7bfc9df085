//! From candidates to findings: overlaps resolved, recurring values found everywhere,
//! byte ranges turned into code-point ranges.

use super::scan::Candidate;
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
        a.range.start <= b.range.start
            && b.range.end <= a.range.end
            && a.range.len() > b.range.len()
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
/// occurs in `text` outside the chosen ranges, even inside a longer word: a value known to
/// be personal data must not stay readable next to its masked copy. Such a place covers the
/// whole word around it, so that masking leaves no glued digits to form a new finding.
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
            // The whole word where that is free, else the value alone.
            let (ws, we) = whole_word(text, s, e);
            let range = [(ws, we), (s, e)]
                .into_iter()
                .find(|&(s, e)| free(&chosen, s, e));
            if let Some((s, e)) = range {
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
            Finding {
                kind: c.kind,
                value: c.value,
                start,
                end,
            }
        })
        .collect()
}

/// `start..end` widened over the letters and digits glued to it on either side (a side
/// that is not itself a letter or digit is a boundary already).
fn whole_word(text: &str, start: usize, end: usize) -> (usize, usize) {
    let glued = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut before = start;
    if glued(text[start..end].chars().next()) {
        for (i, c) in text[..start].char_indices().rev() {
            if !c.is_alphanumeric() {
                break;
            }
            before = i;
        }
    }
    let mut after = end;
    if glued(text[start..end].chars().next_back()) {
        after += text[end..]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .map(char::len_utf8)
            .sum::<usize>();
    }
    (before, after)
}

/// Whether `start..end` overlaps none of `chosen` (in text order, without overlaps).
fn free(chosen: &[Candidate], start: usize, end: usize) -> bool {
    let k = chosen.partition_point(|c| c.range.start < end);
    k == 0 || chosen[k - 1].range.end <= start
}
