//! A [`Query`] as the query languages of the two storage backends: an SQLite FTS5 `MATCH`
//! expression and a PostgreSQL `to_tsquery('simple', …)` text, over columns filled with
//! [`super::index_text`]. Pure string functions: the string is bound as a parameter, and
//! every term is quoted, so no input can inject an operator (`OR`, `NEAR`, `*`, `:`, `(`).

use super::query::{Alternative, Group, Query, Term};

/// How the groups (query words) combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combine {
    /// Every word must match (message search: precise result sets).
    All,
    /// Any word may match, ranking sorts it out (knowledge-base candidates).
    Any,
}

/// The FTS5 `MATCH` expression, or `None` when nothing searchable was typed (then run no
/// search at all: an empty `MATCH` is an FTS5 syntax error).
pub fn fts5_match(query: &Query, combine: Combine) -> Option<String> {
    let syntax = Syntax {
        quote: fts5_quote,
        prefix: "*",
        and: " AND ",
        or: " OR ",
    };
    build(query, combine, &syntax)
}

/// The `to_tsquery('simple', $1)` text, or `None` when nothing searchable was typed.
pub fn tsquery(query: &Query, combine: Combine) -> Option<String> {
    let syntax = Syntax {
        quote: tsquery_quote,
        prefix: ":*",
        and: " & ",
        or: " | ",
    };
    build(query, combine, &syntax)
}

struct Syntax {
    quote: fn(&str) -> String,
    prefix: &'static str,
    and: &'static str,
    or: &'static str,
}

fn build(query: &Query, combine: Combine, syntax: &Syntax) -> Option<String> {
    let groups: Vec<String> = query
        .scoring_groups()
        .filter_map(|g| group(g, syntax))
        .collect();
    if groups.is_empty() {
        return None;
    }
    let joiner = match combine {
        Combine::All => syntax.and,
        Combine::Any => syntax.or,
    };
    Some(groups.join(joiner))
}

fn group(group: &Group, syntax: &Syntax) -> Option<String> {
    let alternatives: Vec<String> = group
        .alternatives
        .iter()
        .filter_map(|a| alternative(a, syntax))
        .collect();
    joined(alternatives, syntax.or)
}

fn alternative(alternative: &Alternative, syntax: &Syntax) -> Option<String> {
    let terms: Vec<String> = alternative
        .terms
        .iter()
        .map(|t| term(t, syntax))
        .collect::<Option<_>>()?;
    joined(terms, syntax.and)
}

/// A term with no usable form makes its whole alternative unusable (`None` above): an
/// AND with a missing part must not silently widen.
fn term(term: &Term, syntax: &Syntax) -> Option<String> {
    let clean_forms: Vec<String> = term
        .forms
        .iter()
        .map(|form| form.chars().filter(|c| !c.is_control()).collect())
        .collect();
    let mut forms: Vec<String> = Vec::new();
    for (i, clean) in clean_forms.iter().enumerate() {
        let longer = term.matches_longer(i);
        if clean.trim().is_empty() || subsumed(i, &clean_forms, term) {
            continue;
        }
        let mut quoted = (syntax.quote)(clean);
        if longer {
            quoted.push_str(syntax.prefix);
        }
        if !forms.contains(&quoted) {
            forms.push(quoted);
        }
    }
    joined(forms, syntax.or)
}

/// Whether form `i` adds nothing to another form that matches longer words and begins it:
/// "fiets*" already matches all that "fietsen*" or "fietsen" does. Every prefix form makes
/// GIN collect all its matches before intersecting, so each one left out counts.
fn subsumed(i: usize, forms: &[String], term: &Term) -> bool {
    let form = &forms[i];
    forms.iter().enumerate().any(|(j, other)| {
        j != i
            && term.matches_longer(j)
            && !other.trim().is_empty()
            && form.starts_with(other.as_str())
            && (other.len() < form.len() || j < i)
    })
}

/// Parts joined by an operator, in parentheses when there are several.
fn joined(parts: Vec<String>, operator: &str) -> Option<String> {
    match parts.len() {
        0 => None,
        1 => parts.into_iter().next(),
        _ => Some(format!("({})", parts.join(operator))),
    }
}

/// An FTS5 string: double quotes, a quote inside doubled. Inside a string, `OR`, `NEAR`,
/// `*`, `:`, `^`, `-` and parentheses are plain text.
fn fts5_quote(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// A tsquery lexeme: single quotes, a quote doubled, a backslash escaped, so `&|!:*()<->`
/// inside it are plain text.
fn tsquery_quote(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}

#[cfg(test)]
#[path = "builders_tests.rs"]
mod tests;
