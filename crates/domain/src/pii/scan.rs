//! Byte-level helpers shared by the detectors. Every pattern is ASCII, so a detector may
//! look at bytes and every range it reports starts and ends on a character boundary.

use super::PiiKind;
use std::ops::Range;

/// One possible finding before overlaps are resolved: byte range, normalised value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub kind: PiiKind,
    pub value: String,
    pub range: Range<usize>,
    /// A shorter reading from the same start (its end and value) that stands should this
    /// one lose an overlap at its tail: a postcode whose house number is part of an e-mail
    /// address is still a postcode.
    pub shorter: Option<(usize, String)>,
}

impl Candidate {
    pub fn new(kind: PiiKind, value: String, range: Range<usize>) -> Self {
        Self {
            kind,
            value,
            range,
            shorter: None,
        }
    }

    /// The shorter reading, where it ends by `start`.
    pub fn shorter_ending_by(self, start: usize) -> Option<Self> {
        let (end, value) = self.shorter.filter(|(end, _)| *end <= start)?;
        Some(Self::new(self.kind, value, self.range.start..end))
    }
}

/// Whether position `i` starts a word: the character before it is not a letter or digit
/// (any script, so "é123456782" is not a number standing alone).
pub(crate) fn starts_word(text: &str, i: usize) -> bool {
    if !text.is_char_boundary(i) {
        return false;
    }
    text[..i]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether position `i` ends a word: the character from `i` on is not a letter or digit.
pub(crate) fn ends_word(text: &str, i: usize) -> bool {
    if !text.is_char_boundary(i) {
        return false;
    }
    text[i..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// The number of ASCII digits from `i` on.
pub(crate) fn digits_at(bytes: &[u8], i: usize) -> usize {
    bytes[i.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count()
}

/// Parse up to a few ASCII digits as a number (callers pass short runs).
pub(crate) fn number(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |n, b| {
        n.saturating_mul(10).saturating_add(u32::from(b - b'0'))
    })
}

/// Where the last of `labels` starts in the `window` bytes before `end`, if any. A label
/// matches case-insensitively at the start of a word (so "order" matches "ordernummer");
/// a label ending in a letter must not be followed directly by a letter when `whole` is set.
pub(crate) fn last_label(
    bytes: &[u8],
    end: usize,
    window: usize,
    labels: &[&str],
    whole: bool,
) -> Option<usize> {
    let from = end.saturating_sub(window);
    let mut best: Option<usize> = None;
    for label in labels {
        let l = label.as_bytes();
        if l.len() > end - from {
            continue;
        }
        let mut at = end - l.len();
        loop {
            if best.is_some_and(|b| at <= b) {
                break;
            }
            if matches_label(bytes, at, l, whole) {
                best = Some(at);
                break;
            }
            if at == from {
                break;
            }
            at -= 1;
        }
    }
    best
}

/// Whether one of `labels` starts within `window` bytes after `start` (same rules).
pub(crate) fn label_after(bytes: &[u8], start: usize, window: usize, labels: &[&str]) -> bool {
    let to = (start + window).min(bytes.len());
    labels.iter().any(|label| {
        let l = label.as_bytes();
        (start..to).any(|at| at + l.len() <= bytes.len() && matches_label(bytes, at, l, true))
    })
}

fn matches_label(bytes: &[u8], at: usize, label: &[u8], whole: bool) -> bool {
    if !bytes[at].eq_ignore_ascii_case(&label[0]) {
        return false;
    }
    let Some(slice) = bytes.get(at..at + label.len()) else {
        return false;
    };
    if !slice.eq_ignore_ascii_case(label) {
        return false;
    }
    // A mask token ("[GEBOORTEDATUM]", "[BSN]") is not a label: masked text must not
    // give the numbers around it a context they did not have.
    let word_start = at == 0
        || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'[')
        || !label[0].is_ascii_alphanumeric();
    let last = label[label.len() - 1];
    let word_end = !whole
        || !last.is_ascii_alphabetic()
        || bytes
            .get(at + label.len())
            .is_none_or(|b| !b.is_ascii_alphabetic());
    word_start && word_end
}

/// Whether a newline lies in `bytes[from..to]`: context does not reach across lines.
pub(crate) fn newline_between(bytes: &[u8], from: usize, to: usize) -> bool {
    bytes[from.min(to)..to].contains(&b'\n')
}

/// The runs of `bytes` that start with an ASCII letter or digit and go on over letters,
/// digits and what `extra` allows, in order: the words a shape detector looks at.
pub(crate) fn ascii_words(
    bytes: &[u8],
    extra: impl Fn(u8) -> bool,
) -> impl Iterator<Item = Range<usize>> {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || extra(bytes[i])) {
            i += 1;
        }
        Some(start..i)
    })
}

/// The end of the run of ASCII letters and digits starting at `i`.
pub(crate) fn word_end(bytes: &[u8], i: usize) -> usize {
    i + bytes[i..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count()
}
