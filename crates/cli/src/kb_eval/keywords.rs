//! Loket's search keywords ("zoekwoorden") for the Rijksoverheid articles
//! (`data/kb_keywords.csv`): the everyday words a resident in each article's situation
//! types ("gejat", "overleden", "airbnb"), written for this repository from each article's
//! question and answer alone, without looking at the paraphrases (`PARAPHRASES.md`).
//! `kb import` and `kb-eval` add them to an article's tags, as a KCC's editors would.

use std::collections::HashMap;

use anyhow::{Context, bail};
use loket_engine::knowledge::MAX_TAGS;

use super::fixtures::{FaqRow, split_list};

const SHIPPED: &str = include_str!("../../data/kb_keywords.csv");

/// The shipped keywords by article id.
pub fn shipped() -> anyhow::Result<HashMap<String, Vec<String>>> {
    parse(SHIPPED)
}

/// Reads `id,keywords` rows (keywords separated by `|`); an id may occur once.
pub fn parse(text: &str) -> anyhow::Result<HashMap<String, Vec<String>>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut out = HashMap::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("kb_keywords.csv: row {}", n + 2))?;
        let (Some(id), Some(words)) = (record.get(0), record.get(1)) else {
            bail!("kb_keywords.csv: row {} has no id or no keywords", n + 2);
        };
        if out
            .insert(id.trim().to_owned(), split_list(words))
            .is_some()
        {
            bail!("kb_keywords.csv: id {id} occurs twice");
        }
    }
    Ok(out)
}

/// Gives each row without keywords of its own the shipped ones for its id.
pub fn apply(rows: &mut [FaqRow], keywords: &HashMap<String, Vec<String>>) {
    for row in rows.iter_mut().filter(|r| r.keywords.is_empty()) {
        if let Some(words) = keywords.get(&row.id) {
            row.keywords = words.clone();
        }
    }
}

/// The tags an article is indexed with: its subjects, then its keywords, each once, and
/// keywords only as far as the editor's limit of tags allows (a file with many subjects
/// must not have its article refused because of keywords it did not bring).
pub fn tags_of(row: &FaqRow) -> Vec<String> {
    let mut tags = row.subjects.clone();
    for keyword in &row.keywords {
        if tags.len() >= MAX_TAGS {
            break;
        }
        if !tags.contains(keyword) {
            tags.push(keyword.clone());
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::kb_eval::read_faq_dir;

    fn row(id: &str, own: &[&str]) -> FaqRow {
        FaqRow {
            id: id.into(),
            question: "Vraag?".into(),
            answer: "Antwoord.".into(),
            subjects: vec!["Paspoort".into()],
            canonical: String::new(),
            keywords: own.iter().map(|k| k.to_string()).collect(),
        }
    }

    #[test]
    fn a_row_gets_the_shipped_keywords_of_its_id_unless_it_brings_its_own() {
        let keywords = parse("id,keywords\na, kwijt |gejat||\nb,afval\n").unwrap();
        let mut rows = [row("a", &[]), row("b", &["grofvuil"]), row("c", &[])];
        apply(&mut rows, &keywords);
        assert_eq!(rows[0].keywords, ["kwijt", "gejat"]);
        assert_eq!(rows[1].keywords, ["grofvuil"]);
        assert!(rows[2].keywords.is_empty());
        assert_eq!(tags_of(&rows[0]), ["Paspoort", "kwijt", "gejat"]);
    }

    #[test]
    fn keywords_fill_the_tags_only_up_to_the_editors_limit_and_each_once() {
        let mut many = row("a", &["paspoort", "kwijt", "gejat"]);
        many.subjects = (0..MAX_TAGS - 1)
            .map(|i| format!("onderwerp {i}"))
            .collect();
        let tags = tags_of(&many);
        assert_eq!(tags.len(), MAX_TAGS);
        assert_eq!(tags.last().map(String::as_str), Some("paspoort"));
        let twice = row("b", &["Paspoort", "kwijt"]);
        assert_eq!(tags_of(&twice), ["Paspoort", "kwijt"]);
    }

    #[test]
    fn an_id_twice_or_a_short_row_is_refused_with_its_row() {
        let twice = parse("id,keywords\na,x\na,y\n").unwrap_err().to_string();
        assert!(twice.contains("twice"), "{twice}");
        let short = parse("id,keywords\na\n").unwrap_err().to_string();
        assert!(short.contains("row 2"), "{short}");
    }

    #[test]
    fn the_shipped_keywords_cover_every_fixture_article_and_fit_the_tag_limits() {
        let shipped = shipped().unwrap();
        for (id, words) in &shipped {
            assert!((8..=20).contains(&words.len()), "{id}: {}", words.len());
            assert!(words.iter().all(|w| w.chars().count() <= 80), "{id}");
        }
        let dir = Path::new("../../../shared/fixtures/faq");
        if !dir.is_dir() {
            eprintln!("skipped: no knowledge-base fixtures at {}", dir.display());
            return;
        }
        let rows = read_faq_dir(dir).unwrap();
        assert_eq!(shipped.len(), rows.len());
        assert!(rows.iter().all(|r| shipped.contains_key(&r.id)));
        // With the subjects, within the editor's limit of tags.
        let mut rows = rows;
        apply(&mut rows, &shipped);
        assert!(
            rows.iter()
                .all(|r| tags_of(r) == [&r.subjects[..], &r.keywords[..]].concat())
        );
    }
}
