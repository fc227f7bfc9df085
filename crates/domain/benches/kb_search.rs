//! Knowledge-base search latency: `cargo bench -p loket-domain --bench kb_search`.
//! A plain bench (no harness): builds 10,000 articles from the Rijksoverheid fixtures
//! (`../shared/fixtures/faq`, each article copied with variations: paragraphs rotated,
//! sentences borrowed from another article, tags and a number changed), then times
//! `Query::parse_in` + `KbIndex::search` (top 10) per query, in CPU time, for the fixture
//! questions and the kb-eval paraphrases. Skips with a message when the fixtures are absent.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use loket_domain::search::{KbArticle, KbIndex, Query, Synonyms};

const ARTICLES: usize = 10_000;
const FIXTURES: &str = "../../../shared/fixtures/faq";
const PARAPHRASES: &str = "../cli/src/kb_eval/paraphrases.csv";

struct Faq {
    question: String,
    answer: String,
    subjects: String,
}

fn read(dir: &Path) -> Vec<Faq> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let mut reader = csv::Reader::from_path(file).unwrap();
        let headers = reader.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (q, a, s) = (col("question"), col("reference_answer"), col("subjects"));
        for record in reader.records() {
            let r = record.unwrap();
            out.push(Faq {
                question: r[q].to_owned(),
                answer: r[a].to_owned(),
                subjects: r[s].to_owned(),
            });
        }
    }
    out
}

/// Copy `k` of article `i`: the same topic, different enough that the index sees 10,000
/// distinct documents with realistic vocabulary and lengths.
fn variant(faqs: &[Faq], i: usize, k: usize) -> KbArticle<usize> {
    let faq = &faqs[i];
    let other = &faqs[(i * 7 + k * 13 + 1) % faqs.len()];
    let mut paragraphs: Vec<&str> = faq.answer.split("\n\n").collect();
    let turn = k % paragraphs.len().max(1);
    paragraphs.rotate_left(turn);
    let borrowed: String = other
        .answer
        .split(". ")
        .take(2)
        .collect::<Vec<_>>()
        .join(". ");
    let title = if k == 0 {
        faq.question.clone()
    } else {
        format!("{} (gemeente {k})", faq.question)
    };
    KbArticle {
        id: k * faqs.len() + i,
        title,
        body: format!(
            "{}\n\n{borrowed}. Zaaknummer {}.",
            paragraphs.join("\n\n"),
            k * 31 + i
        ),
        tags: faq.subjects.split('|').map(str::to_owned).collect(),
    }
}

fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Nanoseconds `f` took: CPU time where known, else wall-clock time.
fn timed(f: impl FnOnce()) -> u64 {
    let (cpu, wall) = (cpu_ns(), Instant::now());
    f();
    match (cpu, cpu_ns()) {
        (Some(a), Some(b)) => b - a,
        _ => wall.elapsed().as_nanos() as u64,
    }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    let at = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[at] as f64 / 1e6
}

fn main() {
    let dir = Path::new(FIXTURES);
    if !dir.is_dir() {
        println!("kb_search: skipped, no fixtures at {}", dir.display());
        return;
    }
    let faqs = read(dir);
    let articles: Vec<_> = (0..ARTICLES)
        .map(|n| variant(&faqs, n % faqs.len(), n / faqs.len()))
        .collect();
    let synonyms = Synonyms::default_nl();
    let mut index = None;
    let build = timed(|| index = Some(KbIndex::build(articles)));
    let index = index.unwrap();
    let mut queries: Vec<String> = faqs.iter().map(|f| f.question.clone()).collect();
    let mut reader = csv::Reader::from_path(PARAPHRASES).unwrap();
    queries.extend(reader.records().map(|r| r.unwrap()[1].to_owned()));
    let mut times = Vec::new();
    for round in 0..3 {
        for q in &queries {
            let t = timed(|| {
                let query = Query::parse_in(black_box(q), &synonyms, &index);
                black_box(index.search(&query, 10));
            });
            if round > 0 {
                times.push(t);
            }
        }
    }
    times.sort_unstable();
    println!(
        "KbIndex over {} articles: built in {:.0} ms; parse + search (top 10) of {} queries × 2: \
         p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms (CPU time)",
        index.len(),
        build as f64 / 1e6,
        queries.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 1.0),
    );
}
