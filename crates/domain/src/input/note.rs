//! Internal notes: a bounded body and a bounded set of mentioned colleagues.

use crate::UserId;

use super::FieldProblem;

/// Longest note: a few paragraphs for a colleague, not a document.
pub const MAX_NOTE_CHARS: usize = 4000;
/// Most colleagues one note mentions.
pub const MAX_MENTIONS: usize = 20;

/// Trim the body (it must not be empty) and de-duplicate the mentions, keeping their order.
/// Reports every problem at once; the reasons never quote the (possibly huge) input.
pub fn check_note(
    body: &str,
    mentions: &[UserId],
) -> Result<(String, Vec<UserId>), Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let body = body.trim();
    let len = body.chars().count();
    if len == 0 {
        problems.push(FieldProblem::new("body", "must not be empty"));
    } else if len > MAX_NOTE_CHARS {
        problems.push(FieldProblem::new(
            "body",
            format!("must be at most {MAX_NOTE_CHARS} characters ({len} given)"),
        ));
    }
    let mut unique: Vec<UserId> = Vec::with_capacity(mentions.len());
    for id in mentions {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    if unique.len() > MAX_MENTIONS {
        problems.push(FieldProblem::new(
            "mentions",
            format!(
                "at most {MAX_MENTIONS} colleagues per note ({} given)",
                unique.len()
            ),
        ));
    }
    if problems.is_empty() {
        Ok((body.to_owned(), unique))
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Timestamp;

    fn user() -> UserId {
        UserId::new_at(Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn a_note_is_trimmed_and_its_mentions_deduplicated() {
        let (a, b) = (user(), user());
        let (body, mentions) = check_note("  Bel haar terug  \n", &[a, b, a]).unwrap();
        assert_eq!(body, "Bel haar terug");
        assert_eq!(mentions, vec![a, b]);
    }

    #[test]
    fn an_empty_or_huge_note_is_refused_without_quoting_it() {
        let problems = check_note(" \n ", &[]).unwrap_err();
        assert_eq!(problems[0].field, "body");
        let huge = "x".repeat(MAX_NOTE_CHARS + 1);
        let problems = check_note(&huge, &[]).unwrap_err();
        assert!(problems[0].reason.contains("4001 given"));
        assert!(!problems[0].reason.contains("xxx"));
        assert_eq!(
            check_note(&"é".repeat(MAX_NOTE_CHARS), &[])
                .unwrap()
                .0
                .chars()
                .count(),
            MAX_NOTE_CHARS
        );
    }

    #[test]
    fn too_many_mentions_are_refused() {
        let many: Vec<UserId> = (0..=MAX_MENTIONS).map(|_| user()).collect();
        let problems = check_note("hoi", &many).unwrap_err();
        assert_eq!(problems[0].field, "mentions");
    }
}
