//! Wrap-up (issue 12 point 8): when an agent resolves a conversation they say how it ended
//! (a result from the organisation's editable list), optionally the question in a few words
//! and which knowledge-base articles answered it. The reports read these as facts: first-line
//! resolution (the result counts as one) and "answer found in the knowledge base" (at least
//! one article). Pure rules; the engine checks the key and the articles against the store.

use serde::{Deserialize, Serialize};

use crate::KbArticleId;
use crate::input::FieldProblem;

/// Longest question, in characters as typed (not bytes: an emoji is one).
pub const MAX_QUESTION_CHARS: usize = 180;
/// Most articles named in one wrap-up.
pub const MAX_ARTICLES: usize = 20;
/// Most results in an organisation's list, and the longest label.
pub const MAX_RESULTS: usize = 50;
pub const MAX_LABEL_CHARS: usize = 80;
/// Longest result key (`a-z`, `0-9`, `-`).
pub const MAX_KEY_CHARS: usize = 40;

/// One possible result. The key is stable (reports and stored wrap-ups name it); the label
/// may be renamed; a result is deactivated rather than deleted, so old wrap-ups keep theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrapUpResult {
    pub key: String,
    pub label: String,
    /// Resolved at the first line (counts for the first-line resolution rate).
    pub first_line: bool,
    pub active: bool,
}

/// An organisation's wrap-up settings: the result list and whether resolving needs one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrapUpPolicy {
    pub results: Vec<WrapUpResult>,
    /// When false (the default) the API may resolve without a wrap-up; the web always asks
    /// but offers "overslaan".
    pub required: bool,
}

impl Default for WrapUpPolicy {
    fn default() -> Self {
        let result = |key: &str, label: &str, first_line| WrapUpResult {
            key: key.into(),
            label: label.into(),
            first_line,
            active: true,
        };
        Self {
            results: vec![
                result("zelf-afgehandeld", "Zelf afgehandeld", true),
                result("doorverbonden", "Doorverbonden", false),
                result("contactverzoek", "Contactverzoek", false),
            ],
            required: false,
        }
    }
}

impl WrapUpPolicy {
    /// The active result with `key`, if any.
    pub fn active_result(&self, key: &str) -> Option<&WrapUpResult> {
        self.results.iter().find(|r| r.key == key && r.active)
    }

    /// Add a result named `label`, its key made from the label (made unique with a number).
    pub fn add_result(&mut self, label: &str, first_line: bool) -> Result<&WrapUpResult, String> {
        let label = check_label(label)?;
        if self.results.len() >= MAX_RESULTS {
            return Err(format!("at most {MAX_RESULTS} results"));
        }
        let base = key_of(&label);
        let mut key = base.clone();
        let mut n = 2;
        while self.results.iter().any(|r| r.key == key) {
            key = format!("{base}-{n}");
            n += 1;
        }
        self.results.push(WrapUpResult {
            key,
            label,
            first_line,
            active: true,
        });
        Ok(self.results.last().expect("just pushed"))
    }
}

/// A label: trimmed, 1 to [`MAX_LABEL_CHARS`] characters, no control characters.
pub fn check_label(label: &str) -> Result<String, String> {
    let label = label.trim();
    let len = label.chars().count();
    if len == 0 || len > MAX_LABEL_CHARS {
        return Err(format!("must be 1 to {MAX_LABEL_CHARS} characters"));
    }
    if label.chars().any(char::is_control) {
        return Err("must not contain control characters".into());
    }
    Ok(label.to_owned())
}

/// A stable key from a label: lowercase ASCII letters and digits, dashes between words.
fn key_of(label: &str) -> String {
    let mut key = String::new();
    for c in label.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with('-') {
            key.push('-');
        }
    }
    let key: String = key
        .trim_end_matches('-')
        .chars()
        .take(MAX_KEY_CHARS)
        .collect();
    let key = key.trim_end_matches('-').to_owned();
    if key.is_empty() {
        "resultaat".into()
    } else {
        key
    }
}

/// A wrap-up as given: the result's key, the question, the articles used.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WrapUp {
    pub result: String,
    pub question: Option<String>,
    pub articles: Vec<KbArticleId>,
}

impl WrapUp {
    /// Check the parts that need no store: the question (trimmed; empty means none; at most
    /// [`MAX_QUESTION_CHARS`] characters, no control characters) and the article count
    /// (duplicates dropped). Every problem at once, named as the API names them.
    pub fn checked(mut self) -> Result<Self, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        self.result = self.result.trim().to_owned();
        if self.result.is_empty() {
            problems.push(FieldProblem::new("wrap_up.result", "is required"));
        }
        if let Some(question) = self.question.take() {
            match check_question(&question) {
                Ok(q) => self.question = q,
                Err(reason) => problems.push(FieldProblem::new("wrap_up.question", reason)),
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        self.articles.retain(|a| seen.insert(*a));
        if self.articles.len() > MAX_ARTICLES {
            problems.push(FieldProblem::new(
                "wrap_up.articles",
                format!("at most {MAX_ARTICLES} articles"),
            ));
        }
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(problems)
        }
    }
}

/// The question: trimmed, `None` when empty; refused when longer than
/// [`MAX_QUESTION_CHARS`] characters or holding control characters.
pub fn check_question(question: &str) -> Result<Option<String>, String> {
    let question = question.trim();
    if question.is_empty() {
        return Ok(None);
    }
    let len = question.chars().count();
    if len > MAX_QUESTION_CHARS {
        return Err(format!(
            "must be at most {MAX_QUESTION_CHARS} characters ({len} given)"
        ));
    }
    if question.chars().any(char::is_control) {
        return Err("must be one line without control characters".into());
    }
    Ok(Some(question.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_list_has_the_three_results_and_only_self_handled_is_first_line() {
        let policy = WrapUpPolicy::default();
        let keys: Vec<_> = policy.results.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(
            keys,
            ["zelf-afgehandeld", "doorverbonden", "contactverzoek"]
        );
        assert!(policy.active_result("zelf-afgehandeld").unwrap().first_line);
        assert!(!policy.active_result("doorverbonden").unwrap().first_line);
        assert!(!policy.required);
    }

    #[test]
    fn a_question_of_180_emoji_is_accepted_and_181_characters_are_refused() {
        let emoji = "🙂".repeat(180);
        assert_eq!(check_question(&emoji), Ok(Some(emoji.clone())));
        let long = "a".repeat(181);
        assert!(check_question(&long).unwrap_err().contains("181 given"));
    }

    #[test]
    fn a_question_is_trimmed_and_blank_means_none() {
        assert_eq!(
            check_question("  paspoort kwijt  "),
            Ok(Some("paspoort kwijt".into()))
        );
        assert_eq!(check_question("   "), Ok(None));
    }

    #[test]
    fn a_question_with_a_line_break_or_control_character_is_refused() {
        assert!(check_question("een\ntwee").is_err());
        assert!(check_question("bel\u{7}").is_err());
    }

    #[test]
    fn a_wrap_up_reports_every_problem_at_once_and_drops_duplicate_articles() {
        let a = KbArticleId::from_uuid(uuid::Uuid::from_u128(7));
        let wrap = WrapUp {
            result: "  ".into(),
            question: Some("x".repeat(200)),
            articles: vec![a, a],
        };
        let problems = wrap.checked().unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["wrap_up.result", "wrap_up.question"]);
        let ok = WrapUp {
            result: " doorverbonden ".into(),
            question: None,
            articles: vec![a, a],
        };
        let ok = ok.checked().unwrap();
        assert_eq!(
            (ok.result.as_str(), ok.articles.len()),
            ("doorverbonden", 1)
        );
    }

    #[test]
    fn an_added_result_gets_a_stable_unique_key_from_its_label() {
        let mut policy = WrapUpPolicy::default();
        let key = policy
            .add_result(" Doorverbonden ", false)
            .unwrap()
            .key
            .clone();
        assert_eq!(key, "doorverbonden-2");
        let key = policy
            .add_result("Terugbelverzoek (KCC)", true)
            .unwrap()
            .key
            .clone();
        assert_eq!(key, "terugbelverzoek-kcc");
        assert_eq!(policy.add_result("😀", true).unwrap().key, "resultaat");
        assert!(policy.add_result("", true).is_err());
        assert!(policy.add_result("a\u{0}b", true).is_err());
    }

    #[test]
    fn a_deactivated_result_is_no_longer_offered() {
        let mut policy = WrapUpPolicy::default();
        policy.results[1].active = false;
        assert!(policy.active_result("doorverbonden").is_none());
        assert!(policy.active_result("onbekend").is_none());
    }
}
