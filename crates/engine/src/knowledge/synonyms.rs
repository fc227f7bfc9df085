//! The organisation's own synonym list (issue 11): edited by its admins in the text format
//! of the built-in list (`loket_domain::search::synonyms`), checked line by line so every
//! problem is reported with its line, stored per organisation and merged with the built-in
//! list when the organisation's index is built. Saving counts as a knowledge-base change:
//! this instance rebuilds at once, the others on their next stamp check.

use std::sync::{Arc, OnceLock};

use loket_domain::OrgId;
use loket_domain::input::FieldProblem;
use loket_domain::search::{DEFAULT_NL, Query, SynonymError, Synonyms};
use loket_store::KbSynonymList;

use super::MAX_QUERY_CHARS;
use crate::{Engine, EngineError};

/// Longest list an admin may save, in characters (the built-in list is ~4,000).
pub const MAX_SYNONYM_CHARS: usize = 100_000;
/// Most lines an admin's list may have: merged with the built-in list it must stay under
/// the parser's own limit (`loket_domain::search::synonyms::MAX_LINES`, 10,000).
pub const MAX_SYNONYM_LINES: usize = 5_000;

/// What is wrong with an admin's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SynonymProblemKind {
    TooLong,
    TooManyLines,
    /// A line without a comma (and without "=>").
    SinglePhrase,
    /// Two commas in a row, or a comma at an end.
    EmptyPhrase,
    PhraseTooLong,
    TwoArrows,
}

/// One problem, with its line number (from 1) when it is about one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynonymProblem {
    pub line: Option<usize>,
    pub kind: SynonymProblemKind,
}

impl std::fmt::Display for SynonymProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        f.write_str(match self.kind {
            SynonymProblemKind::TooLong => "the list holds more than 100,000 characters",
            SynonymProblemKind::TooManyLines => "the list has more than 5,000 lines",
            SynonymProblemKind::SinglePhrase => {
                "a group needs at least two phrases separated by commas"
            }
            SynonymProblemKind::EmptyPhrase => {
                "an empty phrase (two commas in a row, or a comma at an end)"
            }
            SynonymProblemKind::PhraseTooLong => "a phrase has more than 6 words",
            SynonymProblemKind::TwoArrows => "more than one \"=>\"",
        })
    }
}

/// Every problem of `text`, each line checked on its own so that one mistake does not
/// hide the next; empty when the list can be saved.
pub fn check_synonym_list(text: &str) -> Vec<SynonymProblem> {
    let whole = |kind| SynonymProblem { line: None, kind };
    if text.chars().count() > MAX_SYNONYM_CHARS {
        return vec![whole(SynonymProblemKind::TooLong)];
    }
    if text.lines().count() > MAX_SYNONYM_LINES {
        return vec![whole(SynonymProblemKind::TooManyLines)];
    }
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let Err(error) = Synonyms::parse(line) else {
            continue;
        };
        let kind = match error {
            SynonymError::SinglePhrase { .. } => SynonymProblemKind::SinglePhrase,
            SynonymError::EmptyPhrase { .. } => SynonymProblemKind::EmptyPhrase,
            SynonymError::PhraseTooLong { .. } => SynonymProblemKind::PhraseTooLong,
            SynonymError::TwoArrows { .. } => SynonymProblemKind::TwoArrows,
            SynonymError::TooManyLines => SynonymProblemKind::TooManyLines,
        };
        problems.push(SynonymProblem {
            line: Some(n + 1),
            kind,
        });
    }
    problems
}

/// The built-in list, parsed once.
fn built_in() -> Arc<Synonyms> {
    static DEFAULT: OnceLock<Arc<Synonyms>> = OnceLock::new();
    DEFAULT
        .get_or_init(|| Arc::new(Synonyms::default_nl()))
        .clone()
}

/// The built-in list with the organisation's own lines after it. A stored list that no
/// longer parses (a stricter parser after an upgrade) is left out, with a warning, rather
/// than stop the organisation's search.
pub(super) fn merged(org: OrgId, own: Option<&str>) -> Arc<Synonyms> {
    let Some(own) = own.filter(|t| !t.trim().is_empty()) else {
        return built_in();
    };
    match Synonyms::parse(&format!("{DEFAULT_NL}\n{own}")) {
        Ok(synonyms) => Arc::new(synonyms),
        Err(error) => {
            tracing::warn!(org = %org, %error, "the organisation's synonym list is left out");
            built_in()
        }
    }
}

/// Windows line ends (as a browser's textarea sends them) stored as plain ones.
fn normalised(text: &str) -> String {
    text.replace("\r\n", "\n")
}

impl Engine {
    /// The organisation's own list; `None` when its admins never saved one.
    pub async fn kb_synonyms(&self, org: OrgId) -> Result<Option<KbSynonymList>, EngineError> {
        Ok(self.store().get_kb_synonyms(org).await?)
    }

    /// Replace the organisation's own list; `InvalidFields` (field `text`) names every
    /// problem with its line. The index is rebuilt with it.
    pub async fn set_kb_synonyms(
        &self,
        org: OrgId,
        text: &str,
    ) -> Result<KbSynonymList, EngineError> {
        let problems = check_synonym_list(text);
        if !problems.is_empty() {
            return Err(EngineError::InvalidFields(
                (problems.iter())
                    .map(|p| FieldProblem::new("text", p.to_string()))
                    .collect(),
            ));
        }
        let list = KbSynonymList {
            text: normalised(text),
            updated_at: self.clock().now(),
        };
        self.store().set_kb_synonyms(org, &list).await?;
        self.knowledge_changed(org);
        Ok(list)
    }

    /// The synonyms every search of the organisation uses: the built-in list and its own,
    /// as cached with its knowledge index (so a saved list applies to both at once).
    pub(crate) async fn search_synonyms(&self, org: OrgId) -> Result<Arc<Synonyms>, EngineError> {
        Ok(self.knowledge_index(org).await?.synonyms.clone())
    }

    /// How the organisation's search reads `q`: each word's group of alternatives (what was
    /// typed, synonyms from both lists, compound parts, corrections) with their weights.
    pub async fn explain_knowledge_query(&self, org: OrgId, q: &str) -> Result<Query, EngineError> {
        let q: String = q.trim().chars().take(MAX_QUERY_CHARS).collect();
        let index = self.knowledge_index(org).await?;
        Ok(Query::parse_in(&q, &index.synonyms, &index.index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Option<usize>, SynonymProblemKind)> {
        check_synonym_list(text)
            .into_iter()
            .map(|p| (p.line, p.kind))
            .collect()
    }

    #[test]
    fn every_bad_line_is_reported_with_its_own_number() {
        let text = "# eigen woorden\nmilieustraat, milieuparkje\nalleen\n\na,,b\nx => y => z\n\
                    een twee drie vier vijf zes zeven, kort\nbrp, basisregistratie personen\n";
        use SynonymProblemKind::*;
        assert_eq!(
            kinds(text),
            vec![
                (Some(3), SinglePhrase),
                (Some(5), EmptyPhrase),
                (Some(6), TwoArrows),
                (Some(7), PhraseTooLong),
            ]
        );
        assert!(kinds("").is_empty());
        assert!(kinds("a, b\r\nc => d\r\n").is_empty(), "Windows line ends");
    }

    #[test]
    fn a_list_too_long_or_with_too_many_lines_is_refused_as_a_whole() {
        let long = "a".repeat(MAX_SYNONYM_CHARS + 1);
        assert_eq!(kinds(&long), vec![(None, SynonymProblemKind::TooLong)]);
        let lines = "a, b\n".repeat(MAX_SYNONYM_LINES + 1);
        assert_eq!(
            kinds(&lines),
            vec![(None, SynonymProblemKind::TooManyLines)]
        );
        let problem = check_synonym_list("alleen")[0];
        assert_eq!(
            problem.to_string(),
            "line 1: a group needs at least two phrases separated by commas"
        );
    }

    #[test]
    fn the_organisations_lines_are_merged_with_the_built_in_list() {
        let org = OrgId::new_at(jiff::Timestamp::UNIX_EPOCH);
        let merged = merged(org, Some("milieustraat, milieuparkje"));
        assert_eq!(merged.len(), built_in().len() + 1);
        let found = merged.expand(&["milieuparkje"]).unwrap().1;
        assert_eq!(found, vec![vec!["milieustraat".to_owned()]]);
        assert!(merged.expand(&["brp"]).is_some(), "the built-in list stays");
        assert!(Arc::ptr_eq(&super::merged(org, Some(" \n")), &built_in()));
    }
}
