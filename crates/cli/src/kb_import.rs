//! `loket kb import --config FILE --org SLUG FILE.csv…`: the Rijksoverheid question/answer
//! files (read by column name, `kb_eval::fixtures`) into an organisation's knowledge base,
//! idempotently on the files' `id`. Prints what happened, by count, and names the articles
//! it left alone because they were edited in the editor since their import.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Subcommand};
use loket_domain::search::plain_text;
use loket_domain::time::SystemClock;
use loket_engine::Engine;
use loket_engine::knowledge::{ArticleInput, ImportReport, ImportRow};

use crate::kb_eval::{FaqRow, keywords, read_faq_csv};
use crate::runtime::build_engine;
use crate::settings::Settings;

#[derive(Args, Debug)]
pub struct KbArgs {
    #[command(subcommand)]
    pub command: KbCommand,
}

#[derive(Subcommand, Debug)]
pub enum KbCommand {
    /// Import question/answer CSV files (columns `id`, `question`, `reference_answer`,
    /// optionally `subjects`, `canonical` and `keywords`; Loket's own keywords where a row
    /// has none); run it again to take upstream changes.
    Import {
        #[arg(long, short, env = "LOKET_CONFIG")]
        config: PathBuf,
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

pub async fn run(args: KbArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let KbCommand::Import { config, org, files } = args.command;
    let settings = Settings::load(&config)?;
    let engine = build_engine(&settings, Arc::new(SystemClock)).await?;
    engine
        .provision(&settings.provisioning()?)
        .await
        .context("applying the configuration")?;
    let report = import_files(&engine, &org, &files).await?;
    write_report(&report, out)?;
    Ok(())
}

/// Read every file (an id in more than one counts once, the first read wins) and import.
pub async fn import_files(
    engine: &Engine,
    slug: &str,
    files: &[PathBuf],
) -> anyhow::Result<ImportReport> {
    let org = engine
        .find_organisation_by_slug(slug)
        .await?
        .with_context(|| format!("no organisation with slug {slug:?}"))?;
    let shipped = keywords::shipped()?;
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for file in files {
        let mut read = read_faq_csv(file)?;
        keywords::apply(&mut read, &shipped);
        for row in read {
            if seen.insert(row.id.clone()) {
                rows.push(import_row(row));
            }
        }
    }
    Ok(engine.import_kb_articles(org.id, rows).await?)
}

/// A file's row as an article: the question is the title, the answer the body, the
/// answer's first paragraph (Rijksoverheid writes in the u-form) with the source link the
/// channel-ready answer; the subjects and search keywords are its tags.
pub fn import_row(row: FaqRow) -> ImportRow {
    let tags = keywords::tags_of(&row);
    let source_url = Some(row.canonical).filter(|u| !u.is_empty());
    ImportRow {
        external_id: row.id,
        input: ArticleInput {
            short_answer_u: short_answer(&row.answer, source_url.as_deref()),
            title: row.question,
            body: row.answer,
            tags,
            source_url,
            ..Default::default()
        },
    }
}

/// Longest first paragraph kept whole; a longer one is cut at a word.
const SHORT_ANSWER_CHARS: usize = 1_000;

fn short_answer(answer: &str, source_url: Option<&str>) -> Option<String> {
    let first = answer
        .split("\n\n")
        .map(plain_text)
        .map(|p| p.trim().to_owned())
        .find(|p| !p.is_empty())?;
    let mut text = if first.chars().count() > SHORT_ANSWER_CHARS {
        let cut: String = first.chars().take(SHORT_ANSWER_CHARS).collect();
        let at_word = cut.rfind(' ').unwrap_or(cut.len());
        format!("{}…", &cut[..at_word])
    } else {
        first
    };
    if let Some(url) = source_url {
        text.push_str(&format!("\n\nMeer informatie: {url}"));
    }
    Some(text)
}

pub fn write_report(report: &ImportReport, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "inserted {}, updated {}, unchanged {}, kept (edited since import) {}, refused {}",
        report.inserted,
        report.updated,
        report.unchanged,
        report.kept_edited.len(),
        report.invalid.len()
    )?;
    for id in &report.kept_edited {
        writeln!(out, "kept (edited in the editor since its import): {id}")?;
    }
    for (id, why) in &report.invalid {
        writeln!(out, "refused {id}: {why}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_short_answer_is_the_first_paragraph_as_plain_text_with_the_source() {
        let text = short_answer("**Ja**, dat kan.\n\nMeer tekst.", Some("https://x.nl/a"));
        assert_eq!(
            text.as_deref(),
            Some("Ja, dat kan.\n\nMeer informatie: https://x.nl/a")
        );
        assert_eq!(short_answer("  \n\n", None), None);
        let long = "woord ".repeat(400);
        let cut = short_answer(&long, None).unwrap();
        assert!(cut.chars().count() <= SHORT_ANSWER_CHARS + 1 && cut.ends_with("woord…"));
    }
}
