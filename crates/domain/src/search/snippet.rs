//! Plain-text snippets: the stretch of an article's body with the most query words.

use super::analyse::analyse;
use super::query::Query;

/// Words in a snippet.
const SNIPPET_WORDS: usize = 28;

/// Markdown reduced to the text a reader sees: links keep their text, emphasis, heading,
/// quote and list markers go, lines become spaces. No HTML comes out of it.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.lines() {
        let mut line = line.trim_start();
        line = line.trim_start_matches(['#', '>']).trim_start();
        for marker in ["- ", "* ", "+ "] {
            if let Some(rest) = line.strip_prefix(marker) {
                line = rest;
            }
        }
        let text = strip_inline(line);
        let text = text.trim();
        if !text.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(text);
        }
    }
    out
}

/// `[text](url)` → `text`; `*`, `_` and backticks dropped.
fn strip_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == ']' && rest[1..].starts_with('(') {
            match rest.find(')') {
                Some(close) => rest = &rest[close + 1..],
                None => rest = &rest[1..],
            }
            continue;
        }
        if !matches!(c, '[' | '*' | '_' | '`') {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The window of [`SNIPPET_WORDS`] words of `body` (plain text) holding the most distinct
/// `forms` (index forms, sorted), with "…" where it is cut; the body's start when no word
/// matches. Whitespace is collapsed.
pub fn snippet(body: &str, forms: &[String]) -> String {
    let tokens = analyse(body);
    if tokens.is_empty() {
        return String::new();
    }
    let matched: Vec<Option<&str>> = tokens
        .iter()
        .map(|t| {
            [&t.word, &t.stem]
                .into_iter()
                .find(|f| forms.binary_search(f).is_ok())
                .map(|f| f.as_str())
        })
        .collect();
    let window = SNIPPET_WORDS.min(tokens.len());
    let mut best = (0, 0usize);
    for start in 0..=tokens.len() - window {
        let mut distinct: Vec<&str> = matched[start..start + window]
            .iter()
            .flatten()
            .copied()
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        // Prefer windows that start at a match: the snippet then opens on the point.
        let score = distinct.len() * 2 + usize::from(matched[start].is_some());
        if score > best.1 {
            best = (start, score);
        }
    }
    let (first, last) = (&tokens[best.0], &tokens[best.0 + window - 1]);
    let mut out = String::new();
    if first.start > 0 {
        out.push('…');
    }
    let end = body[last.end..]
        .char_indices()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(body.len(), |(i, _)| last.end + i);
    out.push_str(
        &body[first.start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    );
    if end < body.len() {
        out.push('…');
    }
    out
}

/// Byte ranges of the words of `text` that `query` matches (by folded word or stem, or
/// as a prefix for prefix terms), in order: what a results page highlights. The caller
/// escapes the text around and inside the ranges.
pub fn highlights(text: &str, query: &Query) -> Vec<(usize, usize)> {
    let terms: Vec<_> = query
        .scoring_groups()
        .flat_map(|g| &g.alternatives)
        .flat_map(|a| &a.terms)
        .collect();
    analyse(text)
        .into_iter()
        .filter(|t| {
            terms.iter().any(|term| {
                term.forms.iter().enumerate().any(|(i, f)| {
                    *f == t.word
                        || *f == t.stem
                        || (term.matches_longer(i)
                            && (t.word.starts_with(f.as_str()) || t.stem.starts_with(f.as_str())))
                })
            })
        })
        .map(|t| (t.start, t.end))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Synonyms;

    /// The words of `text` that the query `q` highlights.
    fn marked<'t>(text: &'t str, q: &str) -> Vec<&'t str> {
        let query = Query::parse(q, &Synonyms::default_nl());
        highlights(text, &query)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn highlights_are_the_byte_ranges_of_matching_words_in_any_form() {
        let text = "Mijn Paspoorten zijn kwijtgeraakt, één BRP-uittreksel";
        assert_eq!(
            marked(text, "paspoort brp kwijt"),
            ["Paspoorten", "kwijtgeraakt", "BRP"]
        );
        assert!(highlights(text, &Query::parse("", &Synonyms::default_nl())).is_empty());
    }

    #[test]
    fn only_forms_that_match_longer_words_highlight_longer_words() {
        // "verhuizen" stems to "verhuis", which does not begin it: "verhuisbericht" is not
        // a hit of the query, so it is not marked either.
        let text = "Verhuisbericht: verhuizing en verhuizende buren";
        assert_eq!(marked(text, "verhuizen"), ["verhuizing", "verhuizende"]);
    }

    #[test]
    fn markdown_becomes_plain_text() {
        let md = "## Kwijt\n\n- Doe **aangifte** bij de [gemeente](https://example.nl).\n> Let op";
        assert_eq!(plain_text(md), "Kwijt Doe aangifte bij de gemeente. Let op");
    }

    #[test]
    fn unbalanced_brackets_are_harmless_and_html_stays_text_for_the_caller_to_escape() {
        assert_eq!(plain_text("a ](x b [y"), "a (x b y");
        assert_eq!(plain_text("<b>vet</b>"), "<b>vet</b>");
    }

    #[test]
    fn the_snippet_is_the_stretch_with_the_query_words_marked_by_ellipses() {
        let body = format!(
            "{} Een paspoort kwijt? Doe aangifte. {}",
            "inleiding ".repeat(40),
            "slot ".repeat(40)
        );
        let forms = vec![
            "aangifte".to_string(),
            "kwijt".to_string(),
            "paspoort".to_string(),
        ];
        let s = snippet(&body, &forms);
        assert!(s.starts_with("…paspoort kwijt? Doe aangifte."), "{s}");
        assert!(s.ends_with('…'));
        assert!(s.split_whitespace().count() <= SNIPPET_WORDS);
    }

    #[test]
    fn without_a_match_the_snippet_is_the_start_of_the_body() {
        let s = snippet("Eerste zin.\n\nTweede zin.", &["niets".to_string()]);
        assert_eq!(s, "Eerste zin. Tweede zin.");
        assert_eq!(snippet("", &[]), "");
    }
}
