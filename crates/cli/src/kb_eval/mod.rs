//! `loket kb-eval`: knowledge-base retrieval quality, top-1 and top-3, on the Rijksoverheid
//! fixtures: (a) each question finding its own article, (b) informal paraphrases written
//! for this repository (`paraphrases.csv`, tune and holdout halves reported apart), each
//! beside the baseline (plain BM25 over the questions with Snowball stems).

mod baseline;
pub mod fixtures;
pub mod keywords;

use std::path::PathBuf;

use anyhow::{Context, bail};
use loket_domain::search::{KbArticle, KbIndex, Query, Synonyms};

pub use baseline::Baseline;
pub use fixtures::{FaqRow, read_faq_csv, read_faq_dir};

/// The paraphrases, written before anything was tuned (see `PARAPHRASES.md`).
const PARAPHRASES: &str = include_str!("paraphrases.csv");

#[derive(clap::Args)]
pub struct KbEvalArgs {
    /// The folder with the Rijksoverheid question/answer CSV files.
    #[arg(long, default_value = "../shared/fixtures/faq")]
    pub fixtures: PathBuf,
    /// Print every question, tune-half paraphrase and already looked-at holdout paraphrase
    /// (rounds before the untouched one) whose article is not first.
    #[arg(long)]
    pub show_misses: bool,
    /// Also print the untouched holdout round's misses (look only when done tuning).
    #[arg(long)]
    pub show_holdout_misses: bool,
    /// Index the articles without Loket's search keywords (`data/kb_keywords.csv`).
    #[arg(long)]
    pub without_keywords: bool,
    /// Instead of the evaluation: show how one query is parsed and its top 5 articles.
    #[arg(long)]
    pub query: Option<String>,
    /// Also write each case's top 50 articles with their scores to this file (tab-separated:
    /// set, query, target, then id:score pairs), for studying other rankers beside ours.
    #[arg(long)]
    pub dump: Option<PathBuf>,
}

/// Which set a case belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Set {
    Questions,
    Tune,
    /// The holdout rows of one writing round (see `PARAPHRASES.md`): 1 to 8.
    Holdout(u8),
}

/// Where each writing round of `paraphrases.csv` ends (rows, header not counted): round 1
/// was written before any tuning, each later one before tuning on it.
const ROUND_ENDS: [usize; 8] = [80, 120, 160, 200, 320, 380, 420, 460];

/// The round whose holdout nobody has looked at while tuning: the figure that counts.
/// Earlier rounds' holdout misses were looked at once their round was over.
pub const UNTOUCHED_ROUND: u8 = 8;

impl Set {
    fn label(self) -> String {
        match self {
            Set::Questions => "(a) the questions".into(),
            Set::Tune => "(b) paraphrases, tune half".into(),
            Set::Holdout(UNTOUCHED_ROUND) => {
                format!("(b) paraphrases, holdout half (round {UNTOUCHED_ROUND}, untouched)")
            }
            Set::Holdout(round) => format!("(b) paraphrases, holdout half (round {round})"),
        }
    }
}

/// A query and the article that answers it.
#[derive(Debug, Clone)]
pub struct Case {
    pub set: Set,
    pub query: String,
    pub target: String,
}

/// Counts for one set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub cases: usize,
    pub top1: usize,
    pub top3: usize,
}

impl Tally {
    fn pct(part: usize, all: usize) -> String {
        if all == 0 {
            "–".into()
        } else {
            format!("{:.1} %", part as f64 * 100.0 / all as f64)
        }
    }
}

/// A case whose article is not first: where it came, and what came first.
#[derive(Debug, Clone)]
pub struct Miss {
    pub set: Set,
    pub query: String,
    pub rank: Option<usize>,
    pub first: Option<String>,
}

pub fn run(args: KbEvalArgs) -> anyhow::Result<()> {
    let mut rows = read_faq_dir(&args.fixtures)?;
    if !args.without_keywords {
        keywords::apply(&mut rows, &keywords::shipped()?);
    }
    let cases = cases(&rows)?;
    let synonyms = Synonyms::default_nl();
    let index = build_index(&rows);
    if let Some(q) = &args.query {
        explain(&rows, &index, &synonyms, q);
        return Ok(());
    }
    let baseline = Baseline::build(rows.iter().map(|r| r.question.as_str()));
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let (base, _) = evaluate(&cases, |q| {
        baseline
            .rank(q)
            .into_iter()
            .map(|d| ids[d].to_owned())
            .collect()
    });
    let (ours, misses) = evaluate(&cases, |q| rank(&index, &synonyms, q));
    if let Some(path) = &args.dump {
        dump(path, &cases, &index, &synonyms)?;
    }
    println!(
        "kb-eval: {} articles from {}, {} paraphrases, {} synonym rules",
        rows.len(),
        args.fixtures.display(),
        cases.iter().filter(|c| c.set != Set::Questions).count(),
        synonyms.len()
    );
    print_table(&base, &ours);
    let question = |id: &str| rows.iter().find(|r| r.id == id).map(|r| r.question.clone());
    for miss in &misses {
        let show = match miss.set {
            Set::Holdout(UNTOUCHED_ROUND) => args.show_holdout_misses,
            _ => args.show_misses || args.show_holdout_misses,
        };
        if show {
            let first = miss.first.as_deref().and_then(question).unwrap_or_default();
            let target = cases
                .iter()
                .find(|c| c.query == miss.query)
                .map(|c| c.target.as_str());
            println!(
                "miss {:?} {:?}: wanted {:?} (rank {}), got {:?}",
                miss.set,
                miss.query,
                target.and_then(question).unwrap_or_default(),
                miss.rank.map_or("–".into(), |r| (r + 1).to_string()),
                first
            );
        }
    }
    Ok(())
}

fn explain(rows: &[FaqRow], index: &KbIndex<String>, synonyms: &Synonyms, q: &str) {
    let query = Query::parse_in(q, synonyms, index);
    for group in &query.groups {
        let alternatives: Vec<String> = group
            .alternatives
            .iter()
            .map(|a| {
                let terms: Vec<String> = a.terms.iter().map(|t| t.forms.join("|")).collect();
                format!("{} ×{}", terms.join(" + "), a.weight)
            })
            .collect();
        let stop = if group.stop { " (stop)" } else { "" };
        println!("group{stop}: {}", alternatives.join("  OR  "));
    }
    for hit in index.search(&query, 5) {
        let question = rows
            .iter()
            .find(|r| r.id == hit.id)
            .map_or("", |r| &r.question);
        println!("{:7.2}  {question}\n         {}", hit.score, hit.snippet);
    }
}

fn dump(
    path: &std::path::Path,
    cases: &[Case],
    index: &KbIndex<String>,
    synonyms: &Synonyms,
) -> anyhow::Result<()> {
    let mut out = String::new();
    for case in cases {
        let query = Query::parse_in(&case.query, synonyms, index);
        let mut fields = vec![
            format!("{:?}", case.set),
            case.query.clone(),
            case.target.clone(),
        ];
        fields.extend(
            (index.search(&query, 50).into_iter()).map(|h| format!("{}:{}", h.id, h.score)),
        );
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))
}

/// The index the engine would build: question as title, answer as body, subjects and
/// keywords as tags.
pub fn build_index(rows: &[FaqRow]) -> KbIndex<String> {
    KbIndex::build(rows.iter().map(|r| KbArticle {
        id: r.id.clone(),
        title: r.question.clone(),
        body: r.answer.clone(),
        tags: keywords::tags_of(r),
    }))
}

/// Article ids for `q`, best first (the top 10).
pub fn rank(index: &KbIndex<String>, synonyms: &Synonyms, q: &str) -> Vec<String> {
    let query = Query::parse_in(q, synonyms, index);
    index.search(&query, 10).into_iter().map(|h| h.id).collect()
}

/// Every question (target: its own article) and every paraphrase.
pub fn cases(rows: &[FaqRow]) -> anyhow::Result<Vec<Case>> {
    let mut out: Vec<Case> = rows
        .iter()
        .map(|r| Case {
            set: Set::Questions,
            query: r.question.clone(),
            target: r.id.clone(),
        })
        .collect();
    let mut reader = csv::Reader::from_reader(PARAPHRASES.as_bytes());
    for (row, record) in reader.records().enumerate() {
        let record = record.context("paraphrases.csv")?;
        let (Some(id), Some(text), Some(half)) = (record.get(0), record.get(1), record.get(2))
        else {
            bail!("paraphrases.csv: a row without id, paraphrase and half");
        };
        if !rows.iter().any(|r| r.id == id) {
            bail!("paraphrases.csv: {id} is not an article of the fixtures");
        }
        let set = match half {
            "tune" => Set::Tune,
            "holdout" => {
                let round = ROUND_ENDS.iter().position(|&end| row < end);
                Set::Holdout(round.map_or(ROUND_ENDS.len() + 1, |r| r + 1) as u8)
            }
            other => bail!("paraphrases.csv: half {other:?} is neither tune nor holdout"),
        };
        out.push(Case {
            set,
            query: text.to_owned(),
            target: id.to_owned(),
        });
    }
    Ok(out)
}

/// Top-1 and top-3 per set for a ranking function, and the misses.
pub fn evaluate(
    cases: &[Case],
    rank: impl Fn(&str) -> Vec<String>,
) -> (Vec<(Set, Tally)>, Vec<Miss>) {
    let mut tallies: Vec<(Set, Tally)> = Vec::new();
    let mut misses = Vec::new();
    for case in cases {
        let ranked = rank(&case.query);
        let position = ranked.iter().position(|id| *id == case.target);
        let tally = match tallies.iter_mut().find(|(s, _)| *s == case.set) {
            Some((_, t)) => t,
            None => {
                tallies.push((case.set, Tally::default()));
                &mut tallies.last_mut().expect("just pushed").1
            }
        };
        tally.cases += 1;
        tally.top1 += usize::from(position == Some(0));
        tally.top3 += usize::from(position.is_some_and(|p| p < 3));
        if position != Some(0) {
            misses.push(Miss {
                set: case.set,
                query: case.query.clone(),
                rank: position,
                first: ranked.first().cloned(),
            });
        }
    }
    tallies.sort_by_key(|(s, _)| *s);
    (tallies, misses)
}

fn print_table(base: &[(Set, Tally)], ours: &[(Set, Tally)]) {
    println!();
    println!("| set | cases | baseline top-1 | baseline top-3 | loket top-1 | loket top-3 |");
    println!("|---|---:|---:|---:|---:|---:|");
    for ((set, b), (_, o)) in base.iter().zip(ours) {
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            set.label(),
            o.cases,
            Tally::pct(b.top1, b.cases),
            Tally::pct(b.top3, b.cases),
            Tally::pct(o.top1, o.cases),
            Tally::pct(o.top3, o.cases)
        );
    }
    println!();
    println!("targets: (a) top-1 ≥ 95 %; (b) holdout top-1 ≥ 90 %, top-3 ≥ 98 %");
}

#[cfg(test)]
mod tests;
