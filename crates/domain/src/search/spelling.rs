//! Spelling: corrections for a word the index does not know, and the edit distance they
//! are measured by.

use super::query::Vocabulary;

/// Spelling corrections for a word the vocabulary does not know: Dutch "y" for "ij"
/// ("kwyt"), else the closest known words (one edit for short words, two for long ones).
pub(super) fn corrections(
    word: &str,
    vocabulary: &dyn Vocabulary,
    known: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let len = word.chars().count();
    if len < 4 || word.chars().any(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    let ij = word.replace('y', "ij");
    if ij != word && known(&ij) {
        return vec![ij];
    }
    let max_edits = if len >= 8 { 2 } else { 1 };
    // Residents seldom mistype a word's first letter; a correction that changes it is
    // usually another word ("gisteren" is no "registeren", "vader" no "kader").
    let first = word.chars().next();
    let mut out: Vec<String> = vocabulary
        .similar(word, max_edits)
        .into_iter()
        .filter(|fix| fix.chars().next() == first)
        .collect();
    out.truncate(3);
    out
}

/// The optimal-string-alignment distance between `a` and `b`, or `None` past `max`
/// (stopping as soon as no alignment can stay within it).
pub fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        let mut best = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
            best = best.min(d);
        }
        if best > max {
            return None;
        }
        before = std::mem::replace(&mut prev, row);
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}
