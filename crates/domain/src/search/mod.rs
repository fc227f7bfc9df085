//! Search analysis: the one Dutch analyser every search uses, query expansion, the
//! storage backends' query strings, and knowledge-base ranking. Pure: no I/O.
//!
//! - [`analyse`] / [`index_text`]: words → folded words + Snowball Dutch stems; the text
//!   stored in SQLite FTS5 and PostgreSQL `tsvector` (`simple`) columns.
//! - [`Query::parse`] / [`Query::parse_in`]: the user's words analysed the same way and
//!   expanded (synonyms, compounds, separable verbs, spelling) into OR groups of
//!   alternatives; the word-formation rules live in `compounds`, `particles`, `spelling`.
//! - [`fts5_match`] / [`tsquery`]: those groups as an FTS5 `MATCH` / `to_tsquery` string.
//! - [`Synonyms`]: the admin-editable list (text format), [`Synonyms::default_nl`] shipped.
//! - [`KbIndex`]: BM25F ranking of knowledge-base articles with plain-text snippets.

mod analyse;
mod builders;
mod compounds;
mod kb;
mod particles;
mod query;
mod snippet;
mod spelling;
mod synonyms;

pub use analyse::{
    MAX_WORD_CHARS, Token, analyse, fold, index_text, is_stop_word, snowball_stem, stem,
};
pub use builders::{Combine, fts5_match, tsquery};
pub use kb::{KbArticle, KbHit, KbIndex};
pub use query::{Alternative, Group, MAX_ALTERNATIVES, MAX_QUERY_WORDS, Query, Term, Vocabulary};
pub use snippet::{highlights, plain_text, snippet};
pub use spelling::edit_distance;
pub use synonyms::{DEFAULT_NL, Expansion, SynonymError, Synonyms};

#[cfg(test)]
mod kb_tests;
#[cfg(test)]
mod query_tests;
