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
                    let lost = chosen.pop().expect("the last one");
                    chosen.extend(lost.shorter_ending_by(c.range.start));
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
/// whole word around it (up to the chosen findings beside it), so that masking leaves no
/// glued digits to form a new finding; places that overlap are joined, so none hides another.
///
/// `near` are readings that did not count on their own (a number glued to a code); one
/// whose value was found elsewhere is that value again, written another way.
pub(super) fn recurrences(
    text: &str,
    chosen: Vec<Candidate>,
    near: Vec<Candidate>,
) -> Vec<Candidate> {
    let mut needles: Vec<(PiiKind, &str, &str)> = Vec::new();
    for c in &chosen {
        for needle in [&text[c.range.clone()], c.value.as_str()] {
            if !needle.is_empty() && !needles.iter().any(|n| n.1 == needle) {
                needles.push((c.kind, needle, &c.value));
            }
        }
    }
    let mut places: Vec<Candidate> = Vec::new();
    for (kind, needle, value) in needles {
        for (s, _) in text.match_indices(needle) {
            let e = s + needle.len();
            if free(&chosen, s, e) {
                places.push(Candidate::new(kind, value.to_string(), s..e));
            }
        }
    }
    places.extend(near.into_iter().filter(|n| {
        free(&chosen, n.range.start, n.range.end) && chosen.iter().any(|c| c.value == n.value)
    }));
    if places.is_empty() {
        return chosen;
    }
    let mut places = joined(places);
    for place in &mut places {
        let (ws, we) = whole_word(text, place.range.start, place.range.end);
        // Up to a chosen finding on either side: what lies between is glued to this one.
        let k = chosen.partition_point(|c| c.range.start < place.range.end);
        let before = k.checked_sub(1).map_or(0, |k| chosen[k].range.end);
        let after = chosen.get(k).map_or(text.len(), |c| c.range.start);
        place.range = ws.max(before)..we.min(after);
    }
    let mut found = joined(places);
    found.extend(chosen);
    found.sort_by_key(|c| c.range.start);
    found
}

/// `places` in text order with overlapping ones joined into one (of the first one's kind).
/// Each is free of the chosen findings, so a join of two overlapping ones is too.
fn joined(mut places: Vec<Candidate>) -> Vec<Candidate> {
    places.sort_by_key(|c| (c.range.start, std::cmp::Reverse(c.range.end)));
    let mut out: Vec<Candidate> = Vec::with_capacity(places.len());
    for place in places {
        match out.last_mut() {
            Some(last) if place.range.start < last.range.end => {
                last.range.end = last.range.end.max(place.range.end);
            }
            _ => out.push(place),
        }
    }
    out
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

/// `text` as it reads with every one of `chosen` masked, and the unmasked stretches of it:
/// (start in the masked text, start in `text`, length).
pub(super) struct Masked {
    pub text: String,
    stretches: Vec<(usize, usize, usize)>,
}

impl Masked {
    pub fn new(text: &str, chosen: &[Candidate]) -> Self {
        let mut out = String::with_capacity(text.len());
        let mut stretches = Vec::with_capacity(chosen.len() + 1);
        let mut at = 0;
        for c in chosen {
            stretches.push((out.len(), at, c.range.start - at));
            out.push_str(&text[at..c.range.start]);
            out.push_str(c.kind.mask_token());
            at = c.range.end;
        }
        stretches.push((out.len(), at, text.len() - at));
        out.push_str(&text[at..]);
        Self {
            text: out,
            stretches,
        }
    }

    /// A candidate read in the masked text, placed in the original one; none where it
    /// touches a token.
    pub fn place(&self, mut c: Candidate) -> Option<Candidate> {
        let r = c.range.clone();
        let k = self.stretches.partition_point(|s| s.0 <= r.start);
        let (masked_start, start, len) = *self.stretches.get(k.checked_sub(1)?)?;
        if r.end > masked_start + len {
            return None;
        }
        c.range = (r.start - masked_start + start)..(r.end - masked_start + start);
        c.shorter = None;
        Some(c)
    }
}

/// Whether `start..end` overlaps none of `chosen` (in text order, without overlaps).
pub(super) fn free(chosen: &[Candidate], start: usize, end: usize) -> bool {
    let k = chosen.partition_point(|c| c.range.start < end);
    k == 0 || chosen[k - 1].range.end <= start
}
