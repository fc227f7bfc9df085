//! `loket bench-search`: latency of message search (`Engine::search_messages`, first page
//! of 20) on a generated and indexed database (`loket generate`, then `loket reindex` or
//! `--index`). One search at a time, so the figures are latencies. Not run in CI.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use loket_domain::time::SystemClock;
use loket_engine::Engine;
use loket_engine::search::MessageFilters;

#[derive(Args, Debug, Clone)]
pub struct BenchSearchArgs {
    #[arg(long)]
    pub database: String,
    #[arg(long, default_value = "bench")]
    pub org: String,
    /// Index pending messages first (reports how long that took).
    #[arg(long)]
    pub index: bool,
    /// Measured searches per query (after 10% warm-up, at least 5).
    #[arg(long, default_value_t = 100)]
    pub requests: u32,
    /// Queries to measure (default: common and rare words of the generator's texts).
    #[arg(long = "q")]
    pub queries: Vec<String>,
}

const DEFAULT_QUERIES: [&str; 8] = [
    "paspoort",
    "afspraak",
    "bedankt",
    "rijbewijs verlengen",
    "parkeervergunning",
    "grofvuil",
    "verhuizing doorgeven",
    "zwanenvijver",
];

pub async fn run(args: BenchSearchArgs) -> anyhow::Result<()> {
    let store = loket_store::connect(&args.database).await?;
    store.migrate().await?;
    let engine = Engine::new(
        store,
        Arc::new(SystemClock),
        Arc::new(object_store::memory::InMemory::new()),
        reqwest::Client::new(),
    );
    let org = engine
        .find_organisation_by_slug(&args.org)
        .await?
        .with_context(|| format!("no organisation {:?}", args.org))?
        .id;
    if args.index {
        let started = Instant::now();
        let n = engine.index_all_pending_messages().await?;
        println!(
            "indexed {n} messages in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let queries: Vec<String> = if args.queries.is_empty() {
        DEFAULT_QUERIES.iter().map(|q| q.to_string()).collect()
    } else {
        args.queries.clone()
    };
    println!(
        "{:<24} {:>7} {:>9} {:>9} {:>9}",
        "query", "hits", "p50 ms", "p95 ms", "p99 ms"
    );
    let warm = (args.requests / 10).max(1);
    let filters = MessageFilters::default();
    for q in queries {
        let mut times = Vec::new();
        let mut hits = 0;
        for i in 0..args.requests.max(5) + warm {
            let started = Instant::now();
            let page = engine.search_messages(org, &q, &filters, None, 20).await?;
            if i >= warm {
                times.push(started.elapsed());
            }
            hits = page.hits.len();
        }
        times.sort();
        let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        println!(
            "{q:<24} {hits:>7} {:>9.2} {:>9.2} {:>9.2}",
            ms(at(0.5)),
            ms(at(0.95)),
            ms(at(0.99))
        );
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
