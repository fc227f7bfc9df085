//! Synonyms and abbreviations: "brp" finds "basisregistratie personen", "2e" finds "tweede".
//!
//! The text format is the one admins edit: one group per line, phrases separated by commas
//! (`brp, basisregistratie personen`), every phrase finding the others; `a, b => c` is
//! one-way (a and b also find c, c finds neither); `#` starts a comment line. Phrases are
//! analysed like any text, so "ID-kaart" and "id kaart" are the same phrase.

use std::collections::{HashMap, HashSet};

use super::analyse::{analyse, stem};

/// The default list shipped with Loket.
pub const DEFAULT_NL: &str = include_str!("synonyms_nl.txt");

/// At most this many words in one phrase, and this many lines: an edited list is user input.
pub const MAX_PHRASE_WORDS: usize = 6;
pub const MAX_LINES: usize = 10_000;

/// A parsed synonym list.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// Each rule: phrases that expand, and what they expand to (folded words).
    rules: Vec<Rule>,
    /// Stem of the first word of a `from` phrase → (the phrase's stems, rule index).
    /// Phrases match by stem, so "gescheurde" finds what "gescheurd" finds.
    by_first_stem: HashMap<String, Vec<(Vec<String>, usize)>>,
    /// Every word of every phrase: known words for splitting and joining compounds.
    words: HashSet<String>,
}

#[derive(Debug, Clone)]
struct Rule {
    to: Vec<Vec<String>>,
    to_stems: Vec<Vec<String>>,
}

fn stems(words: &[impl AsRef<str>]) -> Vec<String> {
    words.iter().map(|w| stem(w.as_ref())).collect()
}

/// Why a synonym list was refused, with its line number (from 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SynonymError {
    #[error("line {line}: a group needs at least two phrases separated by commas")]
    SinglePhrase { line: usize },
    #[error("line {line}: an empty phrase (two commas in a row, or a comma at an end)")]
    EmptyPhrase { line: usize },
    #[error("line {line}: a phrase has more than {MAX_PHRASE_WORDS} words")]
    PhraseTooLong { line: usize },
    #[error("line {line}: more than one \"=>\"")]
    TwoArrows { line: usize },
    #[error("the list has more than {MAX_LINES} lines")]
    TooManyLines,
}

impl Synonyms {
    /// Loket's default Dutch list.
    pub fn default_nl() -> Self {
        Self::parse(DEFAULT_NL).expect("the shipped synonym list parses")
    }

    /// Parses the text format (see the module documentation).
    pub fn parse(text: &str) -> Result<Self, SynonymError> {
        let mut synonyms = Synonyms::default();
        for (n, line) in text.lines().enumerate() {
            let line_no = n + 1;
            if line_no > MAX_LINES {
                return Err(SynonymError::TooManyLines);
            }
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let sides: Vec<&str> = line.split("=>").collect();
            let (from, to) = match sides.as_slice() {
                [group] => {
                    let phrases = phrases(group, line_no)?;
                    (phrases.clone(), phrases)
                }
                [from, to] => (phrases(from, line_no)?, phrases(to, line_no)?),
                _ => return Err(SynonymError::TwoArrows { line: line_no }),
            };
            if sides.len() == 1 && from.len() < 2 {
                return Err(SynonymError::SinglePhrase { line: line_no });
            }
            synonyms.add(from, to);
        }
        Ok(synonyms)
    }

    fn add(&mut self, from: Vec<Vec<String>>, to: Vec<Vec<String>>) {
        let index = self.rules.len();
        for phrase in from.iter().chain(&to) {
            self.words.extend(phrase.iter().cloned());
        }
        for phrase in from {
            let phrase = stems(&phrase);
            self.by_first_stem
                .entry(phrase[0].clone())
                .or_default()
                .push((phrase, index));
        }
        let to_stems = to.iter().map(|p| stems(p)).collect();
        self.rules.push(Rule { to, to_stems });
    }

    /// The longest phrase of the list that `words` (folded) starts with, compared by stem:
    /// its length in words and the other phrases it finds (never itself). `None` when no
    /// phrase starts there.
    pub fn expand(&self, words: &[&str]) -> Option<(usize, Vec<Vec<String>>)> {
        let first = stem(words.first()?);
        let candidates = self.by_first_stem.get(&first)?;
        let longest = candidates.iter().map(|(p, _)| p.len()).max()?;
        let query = stems(&words[..longest.min(words.len())]);
        let starts =
            |p: &Vec<String>| p.len() <= query.len() && p.iter().zip(&query).all(|(a, b)| a == b);
        let len = candidates
            .iter()
            .map(|(p, _)| p)
            .filter(|p| starts(p))
            .map(Vec::len)
            .max()?;
        let matched = &query[..len];
        let mut out: Vec<Vec<String>> = Vec::new();
        for (phrase, rule) in candidates {
            if phrase.as_slice() != matched {
                continue;
            }
            let rule = &self.rules[*rule];
            for (to, to_stems) in rule.to.iter().zip(&rule.to_stems) {
                if to_stems.as_slice() != matched && !out.contains(to) {
                    out.push(to.clone());
                }
            }
        }
        Some((len, out))
    }

    /// Whether a folded word occurs in any phrase of the list.
    pub fn knows(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// The number of rules (lines that define something).
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// The comma-separated phrases of one side of a line, analysed.
fn phrases(side: &str, line: usize) -> Result<Vec<Vec<String>>, SynonymError> {
    side.split(',')
        .map(|raw| {
            let words: Vec<String> = analyse(raw).into_iter().map(|t| t.word).collect();
            match words.len() {
                0 => Err(SynonymError::EmptyPhrase { line }),
                n if n > MAX_PHRASE_WORDS => Err(SynonymError::PhraseTooLong { line }),
                _ => Ok(words),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(s: &Synonyms, text: &str) -> Option<(usize, Vec<String>)> {
        let words: Vec<String> = analyse(text).into_iter().map(|t| t.word).collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        s.expand(&words)
            .map(|(n, to)| (n, to.into_iter().map(|p| p.join(" ")).collect()))
    }

    #[test]
    fn the_shipped_list_parses_and_knows_the_common_abbreviations() {
        let s = Synonyms::default_nl();
        assert!(s.len() > 20);
        let (n, to) = expand(&s, "BRP uittreksel").unwrap();
        assert_eq!(n, 1);
        assert!(to.contains(&"basisregistratie personen".to_string()));
        assert!(
            expand(&s, "2e paspoort")
                .unwrap()
                .1
                .contains(&"tweede".to_string())
        );
        assert!(
            expand(&s, "ID-kaart")
                .unwrap()
                .1
                .contains(&"identiteitskaart".to_string())
        );
    }

    #[test]
    fn a_group_finds_each_other_phrase_and_the_longest_phrase_wins() {
        let s = Synonyms::parse("# comment\n\nid, id kaart, identiteitskaart\n").unwrap();
        assert_eq!(
            expand(&s, "id kaart kwijt"),
            Some((2, vec!["id".into(), "identiteitskaart".into()]))
        );
        assert_eq!(
            expand(&s, "identiteitskaart"),
            Some((1, vec!["id".into(), "id kaart".into()]))
        );
        assert_eq!(expand(&s, "paspoort"), None);
    }

    #[test]
    fn phrases_match_by_stem_so_inflected_words_expand_too() {
        let s = Synonyms::parse("paspoort, reisdocument\naanvragen, aanvraag doen").unwrap();
        let paspoorten = expand(&s, "paspoorten kwijt");
        assert_eq!(paspoorten, Some((1, vec!["reisdocument".into()])));
        assert_eq!(
            expand(&s, "aanvraag"),
            Some((1, vec!["aanvraag doen".into()]))
        );
    }

    #[test]
    fn an_arrow_makes_a_rule_one_way() {
        let s = Synonyms::parse("me, mn => mijn").unwrap();
        assert_eq!(expand(&s, "mn"), Some((1, vec!["mijn".into()])));
        assert_eq!(expand(&s, "mijn"), None);
    }

    #[rustfmt::skip]
    #[test]
    fn malformed_lines_are_refused_with_their_line_number() {
        assert_eq!(Synonyms::parse("a, b\nalleen").unwrap_err(), SynonymError::SinglePhrase { line: 2 });
        assert_eq!(Synonyms::parse("a,,b").unwrap_err(), SynonymError::EmptyPhrase { line: 1 });
        assert_eq!(Synonyms::parse("a, ?!").unwrap_err(), SynonymError::EmptyPhrase { line: 1 });
        assert_eq!(Synonyms::parse("a => b => c").unwrap_err(), SynonymError::TwoArrows { line: 1 });
        assert_eq!(Synonyms::parse("a, b c d e f g h").unwrap_err(), SynonymError::PhraseTooLong { line: 1 });
        assert_eq!(Synonyms::parse(&"a, b\n".repeat(MAX_LINES + 1)).unwrap_err(), SynonymError::TooManyLines);
    }

    #[test]
    fn an_empty_list_is_allowed_and_expands_nothing() {
        let s = Synonyms::parse("").unwrap();
        assert!(s.is_empty());
        assert_eq!(expand(&s, "brp"), None);
    }
}
