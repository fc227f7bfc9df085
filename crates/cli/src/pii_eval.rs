//! `loket pii-eval`: precision and recall of personal-data detection per kind, on the
//! shared de-identification fixtures (read where they are, never copied: their licence is
//! not the project's) and on Loket's own cases (`pii_eval/cases.json`), including generated
//! negatives: nine-digit numbers that pass the eleven-test, labelled as order numbers,
//! customer numbers or written as amounts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use loket_domain::pii::{self, PiiKind};
use serde::Deserialize;

/// The cases written for this repository.
const OWN_CASES: &str = include_str!("pii_eval/cases.json");

#[derive(clap::Args)]
pub struct PiiEvalArgs {
    /// The shared fixtures (deduce JSON files and the BSN/IBAN vectors); skipped with a
    /// note when absent.
    #[arg(long, default_value = "../shared/fixtures/pii")]
    pub fixtures: PathBuf,
    /// Also print every wrong finding and every miss, with its text.
    #[arg(long)]
    pub show_errors: bool,
}

/// A text and the personal data in it: `(kind, start, end)` in code points. Spans whose
/// fixture tag has no kind of ours are `ignored`: a finding there counts neither way.
#[derive(Debug, Default)]
pub struct Example {
    pub text: String,
    pub gold: Vec<(PiiKind, usize, usize)>,
    pub ignored: Vec<(usize, usize)>,
}

/// Counts for one kind.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Score {
    pub fn precision(&self) -> Option<f64> {
        let found = self.true_positives + self.false_positives;
        (found > 0).then(|| self.true_positives as f64 / found as f64)
    }

    pub fn recall(&self) -> Option<f64> {
        let real = self.true_positives + self.false_negatives;
        (real > 0).then(|| self.true_positives as f64 / real as f64)
    }
}

pub fn run(args: PiiEvalArgs) -> anyhow::Result<()> {
    let mut sets: Vec<(String, Vec<Example>)> = Vec::new();
    match fixture_examples(&args.fixtures)? {
        Some(examples) => sets.push((format!("fixtures ({})", args.fixtures.display()), examples)),
        None => println!(
            "note: no fixtures at {} (skipped; pass --fixtures DIR)",
            args.fixtures.display()
        ),
    }
    sets.push(("own cases".into(), own_examples()?));
    sets.push(("generated negatives".into(), generated_negatives(200)));
    let mut total = BTreeMap::new();
    for (name, examples) in &sets {
        let scores = evaluate(examples, &mut |error| {
            if args.show_errors {
                println!("{error}");
            }
        });
        print_table(&format!("{name}: {} texts", examples.len()), &scores);
        for (kind, s) in scores {
            let t: &mut Score = total.entry(kind).or_default();
            t.true_positives += s.true_positives;
            t.false_positives += s.false_positives;
            t.false_negatives += s.false_negatives;
        }
    }
    print_table("all together", &total);
    Ok(())
}

/// Scores per kind: a finding is right when a gold span of its kind overlaps it.
/// `on_error` hears of every wrong finding and every miss.
pub fn evaluate(
    examples: &[Example],
    on_error: &mut dyn FnMut(String),
) -> BTreeMap<&'static str, Score> {
    let mut scores: BTreeMap<&'static str, Score> = PiiKind::ALL
        .iter()
        .map(|k| (k.as_str(), Score::default()))
        .collect();
    for example in examples {
        let findings = pii::find(&example.text);
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
        for f in &findings {
            let span = (f.start, f.end);
            let right = example
                .gold
                .iter()
                .any(|&(k, s, e)| k == f.kind && overlaps(span, (s, e)));
            let score = scores.get_mut(f.kind.as_str()).expect("every kind");
            if right {
                score.true_positives += 1;
            } else if !example.ignored.iter().any(|&i| overlaps(span, i)) {
                score.false_positives += 1;
                on_error(format!(
                    "wrong  {} {:?} in {:?}",
                    f.kind.as_str(),
                    f.value,
                    example.text
                ));
            }
        }
        for &(kind, s, e) in &example.gold {
            let found = findings
                .iter()
                .any(|f| f.kind == kind && overlaps((f.start, f.end), (s, e)));
            if !found {
                scores
                    .get_mut(kind.as_str())
                    .expect("every kind")
                    .false_negatives += 1;
                on_error(format!(
                    "missed {} {s}..{e} in {:?}",
                    kind.as_str(),
                    example.text
                ));
            }
        }
    }
    scores
}

fn print_table(title: &str, scores: &BTreeMap<&'static str, Score>) {
    let pct = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{:.1} %", v * 100.0));
    println!("\n{title}");
    println!("| kind | found right | found wrongly | missed | precision | recall |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (kind, s) in scores {
        println!(
            "| {kind} | {} | {} | {} | {} | {} |",
            s.true_positives,
            s.false_positives,
            s.false_negatives,
            pct(s.precision()),
            pct(s.recall())
        );
    }
}

#[derive(Deserialize)]
struct OwnCases {
    cases: Vec<OwnCase>,
}

#[derive(Deserialize)]
struct OwnCase {
    text: String,
    pii: Vec<(String, String)>,
}

fn kind_named(name: &str) -> Option<PiiKind> {
    PiiKind::ALL.into_iter().find(|k| k.as_str() == name)
}

/// The repository's own cases: spans given as the text written, found in the case text.
pub fn own_examples() -> anyhow::Result<Vec<Example>> {
    let cases: OwnCases = serde_json::from_str(OWN_CASES).context("pii_eval/cases.json")?;
    cases
        .cases
        .into_iter()
        .map(|case| {
            let mut gold = Vec::new();
            for (kind, written) in &case.pii {
                let kind = kind_named(kind).with_context(|| format!("unknown kind {kind}"))?;
                let at = case
                    .text
                    .find(written.as_str())
                    .with_context(|| format!("{written:?} is not in {:?}", case.text))?;
                let start = case.text[..at].chars().count();
                gold.push((kind, start, start + written.chars().count()));
            }
            Ok(Example {
                text: case.text,
                gold,
                ignored: Vec::new(),
            })
        })
        .collect()
}

/// Nine-digit numbers passing the eleven-test (so each one looks exactly like a BSN),
/// written where a resident writes an order number, a customer number or an amount.
pub fn generated_negatives(count: usize) -> Vec<Example> {
    const CONTEXTS: &[&str] = &[
        "Mijn ordernummer is {}",
        "klantnummer {} graag",
        "Het gaat om factuur {}",
        "Ik heb € {} betaald",
        "Bedrag: {},- euro",
        "Bestelling {} is niet aangekomen",
        "Referentie: {}",
        "Zaaknummer {} vermelden",
    ];
    let mut seed: u64 = 0x5eed_1234;
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        // A fixed linear congruential sequence: the same numbers on every run.
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let n = format!("{:09}", (seed >> 20) % 1_000_000_000);
        if !pii::is_valid_bsn(&n) {
            continue;
        }
        let written = if out.len().is_multiple_of(3) {
            format!("{}.{}.{}", &n[..3], &n[3..6], &n[6..])
        } else {
            n
        };
        let context = CONTEXTS[out.len() % CONTEXTS.len()];
        out.push(Example {
            text: context.replace("{}", &written),
            ..Example::default()
        });
    }
    out
}

/// The shared fixtures, if the folder exists.
pub fn fixture_examples(dir: &Path) -> anyhow::Result<Option<Vec<Example>>> {
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut examples = Vec::new();
    let deduce = dir.join("deduce");
    if deduce.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&deduce)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for file in files {
            let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&file)?)
                .with_context(|| file.display().to_string())?;
            examples.extend(deduce_examples(&json));
        }
    }
    let vectors = dir.join("vectors");
    examples.extend(csv_examples(
        &vectors.join("bsn_vectors.csv"),
        PiiKind::Bsn,
    )?);
    examples.extend(csv_examples(
        &vectors.join("iban_vectors.csv"),
        PiiKind::Iban,
    )?);
    Ok(Some(examples))
}

/// deduce's de-identification tags onto our kinds (a `locatie` that is a postcode is one
/// of ours). `id` (any identifier) is ignored: it
/// covers BSN-like numbers our BSN kind rightly reports. Every other tag (names, places,
/// plain dates, ages, institutions, URLs) is not personal data of ours, so a finding on it
/// is wrong — above all a plain `datum` found as a date of birth.
fn deduce_kind(tag: &str, text: &str) -> Result<PiiKind, bool> {
    let postcode = |t: &str| t.len() >= 6 && t.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    match tag {
        // deduce tags postcodes as places; other places are not ours.
        "locatie" if postcode(text) => Ok(PiiKind::Postcode),
        "bsn" => Ok(PiiKind::Bsn),
        "telefoonnummer" => Ok(PiiKind::Phone),
        "emailadres" => Ok(PiiKind::Email),
        "id" => Err(true),
        _ => Err(false),
    }
}

fn deduce_examples(json: &serde_json::Value) -> Vec<Example> {
    let items: Vec<&serde_json::Value> = match json.get("examples") {
        Some(serde_json::Value::Array(items)) => items.iter().collect(),
        _ => vec![json],
    };
    items
        .into_iter()
        .filter_map(|item| {
            let text = item.get("text")?.as_str()?.to_owned();
            let mut example = Example {
                text,
                ..Example::default()
            };
            for a in item.get("annotations")?.as_array()? {
                let (Some(tag), Some(written), Some(s), Some(e)) = (
                    a["tag"].as_str(),
                    a["text"].as_str(),
                    a["start_char"].as_u64(),
                    a["end_char"].as_u64(),
                ) else {
                    continue;
                };
                let (s, e) = (s as usize, e as usize);
                match deduce_kind(tag, written) {
                    Ok(kind) => example.gold.push((kind, s, e)),
                    Err(true) => example.ignored.push((s, e)),
                    Err(false) => {}
                }
            }
            Some(example)
        })
        .collect()
}

/// `bsn_vectors.csv` (column 2: passes the eleven-test) and `iban_vectors.csv` (label
/// `valid_registry_sample` or an `invalid_…` label): one text per row.
fn csv_examples(path: &Path, kind: PiiKind) -> anyhow::Result<Vec<Example>> {
    let Ok(content) = std::fs::read_to_string(path) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for line in content.lines().skip(1) {
        let fields: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
        let (text, positive) = match kind {
            PiiKind::Bsn if fields.len() >= 2 => (fields[0], fields[1] == "True"),
            PiiKind::Iban if fields.len() >= 2 => (fields[1], fields[0].starts_with("valid")),
            _ => continue,
        };
        let len = text.chars().count();
        let gold = if positive {
            vec![(kind, 0, len)]
        } else {
            Vec::new()
        };
        out.push(Example {
            text: text.to_owned(),
            gold,
            ignored: Vec::new(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_own_case_names_a_known_kind_and_text_that_is_in_it() {
        let examples = own_examples().unwrap();
        assert!(examples.len() >= 50);
        for kind in [
            "postcode",
            "date_of_birth",
            "document_number",
            "licence_plate",
        ] {
            let positives = examples
                .iter()
                .flat_map(|e| &e.gold)
                .filter(|g| g.0.as_str() == kind)
                .count();
            assert!(positives >= 5, "{kind}: {positives}");
        }
    }

    #[test]
    fn numbers_that_pass_the_eleven_test_in_order_and_amount_context_are_not_reported() {
        let negatives = generated_negatives(200);
        assert_eq!(negatives.len(), 200);
        let scores = evaluate(&negatives, &mut |_| {});
        assert!(
            scores.values().all(|s| s.false_positives == 0),
            "{scores:?}"
        );
    }

    #[test]
    fn a_finding_counts_right_wrong_or_missed_by_kind_and_overlap() {
        let examples = vec![Example {
            text: "BSN 111222333, bel 0612345678".into(),
            gold: vec![(PiiKind::Bsn, 4, 13), (PiiKind::Email, 0, 3)],
            ignored: Vec::new(),
        }];
        let scores = evaluate(&examples, &mut |_| {});
        assert_eq!(scores["bsn"].true_positives, 1);
        assert_eq!(scores["phone"].false_positives, 1);
        assert_eq!(scores["email"].false_negatives, 1);
        assert_eq!(scores["bsn"].precision(), Some(1.0));
        assert_eq!(scores["phone"].recall(), None);
    }

    #[test]
    fn absent_fixtures_are_skipped_not_an_error() {
        assert!(
            fixture_examples(Path::new("/nonexistent/pii"))
                .unwrap()
                .is_none()
        );
    }
}
