//! What agents may send and set: bounds on counts and lengths, the one allow-list of file
//! types, reactions of exactly one emoji, and safe file names. Pure rules; the engine
//! applies them before anything is stored or queued, and reports every problem at once.

mod emoji;
mod filename;
mod media_type;
mod note;
mod sniff;

pub use emoji::is_single_emoji;
pub use filename::{MAX_FILENAME_CHARS, sanitise_filename};
pub use media_type::{DOCUMENT_TYPES, media_kind};
pub use note::{MAX_MENTIONS, MAX_NOTE_CHARS, check_note};
pub use sniff::{Refusal, Sniffed, sniff};

use serde::Serialize;

/// Most labels on one conversation: labels are a handful of topic tags, not a free-text field.
pub const MAX_LABELS: usize = 20;
/// Longest label name ("paspoort", "afval").
pub const MAX_LABEL_CHARS: usize = 50;
/// Longest assignee or team name: an e-mail address or a team's name, not a document.
pub const MAX_NAME_CHARS: usize = 100;
/// Most files attached to one reply.
pub const MAX_ATTACHMENTS: usize = 10;

/// One problem with one field of a request, named as the API names it (`labels`,
/// `reaction.emoji`, `file`), so clients see the same name whichever layer found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    pub field: String,
    pub reason: String,
}

impl FieldProblem {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// Trim every label and check the set's size and each name's length. Returns the trimmed
/// labels; the reasons never quote the (possibly huge) input.
pub fn check_labels(labels: &[String]) -> Result<Vec<String>, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    if labels.len() > MAX_LABELS {
        problems.push(FieldProblem::new(
            "labels",
            format!(
                "at most {MAX_LABELS} labels per conversation ({} given)",
                labels.len()
            ),
        ));
    }
    let trimmed: Vec<String> = labels.iter().map(|l| l.trim().to_owned()).collect();
    let bad = trimmed
        .iter()
        .filter(|l| l.is_empty() || l.chars().count() > MAX_LABEL_CHARS)
        .count();
    if bad > 0 {
        problems.push(FieldProblem::new(
            "labels",
            format!("each label must be 1 to {MAX_LABEL_CHARS} characters ({bad} are not)"),
        ));
    }
    if problems.is_empty() {
        Ok(trimmed)
    } else {
        Err(problems)
    }
}

/// An assignee or team name: at most [`MAX_NAME_CHARS`] characters.
pub fn check_name(field: &str, name: &str) -> Option<FieldProblem> {
    let len = name.chars().count();
    (len > MAX_NAME_CHARS).then(|| {
        FieldProblem::new(
            field,
            format!("must be at most {MAX_NAME_CHARS} characters ({len} given)"),
        )
    })
}

/// A short excerpt of untrusted text for an error message: at most `max` characters,
/// with an ellipsis when cut, so an error never echoes a whole hostile input.
pub fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_thousand_labels_are_too_many() {
        let labels = vec!["afval".to_owned(); 10_000];
        let problems = check_labels(&labels).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "labels");
    }

    #[test]
    fn labels_are_trimmed_and_each_is_bounded() {
        assert_eq!(
            check_labels(&[" paspoort ".into()]).unwrap(),
            vec!["paspoort".to_owned()]
        );
        let long = "x".repeat(MAX_LABEL_CHARS + 1);
        let problems = check_labels(&[long.clone(), " ".into()]).unwrap_err();
        assert!(problems[0].reason.contains("2 are not"));
        assert!(!problems[0].reason.contains(&long), "no echo of the input");
    }

    #[test]
    fn a_name_of_a_megabyte_is_refused_and_not_echoed() {
        let huge = "a".repeat(1 << 20);
        let problem = check_name("assignee", &huge).unwrap();
        assert_eq!(problem.field, "assignee");
        assert!(problem.reason.len() < 100);
        assert!(check_name("assignee", "anna@voorbeeld.nl").is_none());
    }

    #[test]
    fn an_excerpt_is_cut_on_a_character_boundary() {
        assert_eq!(excerpt("kort", 10), "kort");
        assert_eq!(excerpt("ééééé", 2), "éé…");
    }
}
