//! The Rijksoverheid question/answer CSV format (`../shared/fixtures/faq/`), read by
//! column name so added or reordered columns do not matter.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// One question/answer pair ("vraag-antwoordcombinatie").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaqRow {
    pub id: String,
    pub question: String,
    /// Markdown.
    pub answer: String,
    /// The `subjects` column split on `|`; empty when the column is absent.
    pub subjects: Vec<String>,
    /// The source page; empty when the column is absent.
    pub canonical: String,
    /// Search keywords ("zoekwoorden"): the `keywords` column split on `|`, or Loket's
    /// own for the article (`keywords.rs`); indexed with the subjects as tags.
    pub keywords: Vec<String>,
}

/// Reads one CSV file. The columns `id`, `question` and `reference_answer` are required.
pub fn read_faq_csv(path: &Path) -> anyhow::Result<Vec<FaqRow>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let required = |name: &str| {
        column(name).with_context(|| format!("{}: no column named {name:?}", path.display()))
    };
    let (id, question, answer) = (
        required("id")?,
        required("question")?,
        required("reference_answer")?,
    );
    let (subjects, canonical) = (column("subjects"), column("canonical"));
    let keywords = column("keywords");
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}: row {}", path.display(), n + 2))?;
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        let row = FaqRow {
            id: field(Some(id)),
            question: field(Some(question)),
            answer: field(Some(answer)),
            subjects: split_list(&field(subjects)),
            canonical: field(canonical),
            keywords: split_list(&field(keywords)),
        };
        if row.id.is_empty() || row.question.is_empty() {
            bail!("{}: row {} has no id or no question", path.display(), n + 2);
        }
        rows.push(row);
    }
    Ok(rows)
}

/// A `|`-separated list, trimmed, without empty items.
pub fn split_list(text: &str) -> Vec<String> {
    text.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Every `*.csv` in `dir`, in name order, one row per id (the first one read wins: the
/// fixture files share an id).
pub fn read_faq_dir(dir: &Path) -> anyhow::Result<Vec<FaqRow>> {
    let entries = std::fs::read_dir(dir).with_context(|| {
        format!(
            "no knowledge-base fixtures at {} (the Rijksoverheid CSV files; pass --fixtures DIR)",
            dir.display()
        )
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no CSV files in {} (pass --fixtures DIR)", dir.display());
    }
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for file in files {
        for row in read_faq_csv(&file)? {
            if seen.insert(row.id.clone()) {
                rows.push(row);
            }
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_found_by_name_in_any_order_and_subjects_split() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(
            &path,
            "extra,subjects,reference_answer,question,id\nx,\"A|B\",\"Antwoord, met komma\",Vraag?,1\n",
        )
        .unwrap();
        let rows = read_faq_csv(&path).unwrap();
        assert_eq!(rows[0].id, "1");
        assert_eq!(rows[0].answer, "Antwoord, met komma");
        assert_eq!(rows[0].subjects, ["A", "B"]);
        assert_eq!(rows[0].canonical, "");
    }

    #[test]
    fn a_missing_column_or_folder_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.csv");
        std::fs::write(&path, "id,question\n1,Vraag\n").unwrap();
        let error = read_faq_csv(&path).unwrap_err().to_string();
        assert!(error.contains("reference_answer"), "{error}");
        let missing = dir.path().join("nowhere");
        let error = read_faq_dir(&missing).unwrap_err().to_string();
        assert!(error.contains("nowhere"), "{error}");
    }

    #[test]
    fn a_shared_id_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "id,question,reference_answer\n1,Vraag,Antwoord\n";
        std::fs::write(dir.path().join("a.csv"), csv).unwrap();
        std::fs::write(dir.path().join("b.csv"), csv).unwrap();
        assert_eq!(read_faq_dir(dir.path()).unwrap().len(), 1);
    }
}
