//! The index's own words as a [`Vocabulary`], for compounds and spelling corrections.

use super::{KbIndex, MAX_PREFIX_TERMS};
use crate::search::query::Vocabulary;
use crate::search::spelling::edit_distance;

impl<Id: Clone> Vocabulary for KbIndex<Id> {
    fn knows(&self, term: &str) -> bool {
        self.terms.contains_key(term)
    }

    /// Known words within `max_edits`, fewest edits first, then the most common.
    fn similar(&self, word: &str, max_edits: usize) -> Vec<String> {
        let len = word.chars().count();
        let lo = len.saturating_sub(max_edits);
        let hi = (len + max_edits).min(self.by_length.len().saturating_sub(1));
        let mut found: Vec<(usize, usize, &String)> = Vec::new();
        for bucket in self.by_length.get(lo..=hi).unwrap_or(&[]) {
            for term in bucket {
                if let Some(d) = edit_distance(word, term, max_edits) {
                    let df = self.postings[self.terms[term] as usize].len();
                    found.push((d, usize::MAX - df, term));
                }
            }
        }
        found.sort();
        found
            .into_iter()
            .take(3)
            .map(|(_, _, t)| t.clone())
            .collect()
    }

    /// Longer known words starting with `word`, the most common first.
    fn starting_with(&self, word: &str) -> Vec<String> {
        let mut found: Vec<(usize, String)> = self
            .sorted
            .range::<str, _>((std::ops::Bound::Excluded(word), std::ops::Bound::Unbounded))
            .take_while(|(t, _)| t.starts_with(word))
            .take(MAX_PREFIX_TERMS)
            .map(|(t, &id)| (usize::MAX - self.postings[id as usize].len(), t.clone()))
            .collect();
        found.sort();
        found.into_iter().map(|(_, t)| t).collect()
    }

    /// Longer known words ending in `word`, the most common first.
    fn ending_with(&self, word: &str) -> Vec<String> {
        let backwards: String = word.chars().rev().collect();
        let mut found: Vec<(usize, String)> = self
            .reversed
            .range::<str, _>((
                std::ops::Bound::Excluded(backwards.as_str()),
                std::ops::Bound::Unbounded,
            ))
            .take_while(|(t, _)| t.starts_with(backwards.as_str()))
            .take(MAX_PREFIX_TERMS)
            .map(|(t, &id)| {
                let df = self.postings[id as usize].len();
                (usize::MAX - df, t.chars().rev().collect())
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, t)| t).collect()
    }
}
