//! `loket bench-search`: latency of message search (`Engine::search_messages`, first page
//! of 20) on a generated and indexed database (`loket generate`, then `loket reindex` or
//! `--index`). One search at a time, so the figures are latencies. Beside the wall-clock
//! times it reports CPU time: this process's threads plus, for PostgreSQL, the server
//! processes serving the database, so a busy shared machine does not inflate the figure.
//! Not run in CI.

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
        engine.refresh_search_statistics().await?;
        println!(
            "indexed {n} messages in {:.1} s (statistics refreshed)",
            started.elapsed().as_secs_f64()
        );
    }
    let queries: Vec<String> = if args.queries.is_empty() {
        DEFAULT_QUERIES.iter().map(|q| q.to_string()).collect()
    } else {
        args.queries.clone()
    };
    println!(
        "{:<24} {:>7} {:>9} {:>9} {:>9} {:>11} {:>11}",
        "query", "hits", "p50 ms", "p95 ms", "p99 ms", "cpu p50 ms", "cpu p95 ms"
    );
    let database = database_name(&args.database);
    let warm = (args.requests / 10).max(1);
    let filters = MessageFilters::default();
    for q in queries {
        let mut times = Vec::new();
        let mut cpu = Vec::new();
        let mut hits = 0;
        for i in 0..args.requests.max(5) + warm {
            let (started, cpu_before) = (Instant::now(), cpu_ns(database.as_deref()));
            let page = engine.search_messages(org, &q, &filters, None, 20).await?;
            if i >= warm {
                times.push(started.elapsed());
                let spent = cpu_ns(database.as_deref()).saturating_sub(cpu_before);
                cpu.push(Duration::from_nanos(spent));
            }
            hits = page.hits.len();
        }
        println!(
            "{q:<24} {hits:>7} {:>9.2} {:>9.2} {:>9.2} {:>11.2} {:>11.2}",
            ms(at(&mut times, 0.5)),
            ms(at(&mut times, 0.95)),
            ms(at(&mut times, 0.99)),
            ms(at(&mut cpu, 0.5)),
            ms(at(&mut cpu, 0.95)),
        );
    }
    Ok(())
}

fn at(times: &mut [Duration], p: f64) -> Duration {
    times.sort();
    times[((times.len() as f64 * p) as usize).min(times.len() - 1)]
}

/// The PostgreSQL database's name in `url`, whose server processes count towards a search's
/// CPU time; `None` for SQLite (which runs inside this process).
fn database_name(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("postgres://")
        .or(url.strip_prefix("postgresql://"))?;
    let path = rest.split_once('/')?.1;
    Some(path.split('?').next().unwrap_or(path).to_owned())
}

/// Nanoseconds on a CPU so far of this process's threads and, for PostgreSQL, of the server
/// processes serving `database` (same machine; found by their process title).
/// Linux only: elsewhere 0, and only the wall-clock columns mean something.
fn cpu_ns(database: Option<&str>) -> u64 {
    let mut total = tasks_cpu_ns("/proc/self/task");
    let Some(database) = database else {
        return total;
    };
    let Ok(processes) = std::fs::read_dir("/proc") else {
        return total;
    };
    for process in processes.flatten() {
        let path = process.path();
        let Ok(title) = std::fs::read(path.join("cmdline")) else {
            continue;
        };
        let title = String::from_utf8_lossy(&title);
        // `postgres: [CLUSTER:] USER DATABASE HOST(PORT) STATE`; parallel workers name no
        // database and would not be counted, but search statements run without them
        // (`store/src/common/search.rs`).
        let mut words = title.split(['\0', ' ']).filter(|w| !w.is_empty());
        if words.next() == Some("postgres:") && words.any(|w| w == database) {
            total += schedstat_ns(&path.join("schedstat"));
        }
    }
    total
}

fn tasks_cpu_ns(dir: &str) -> u64 {
    let Ok(tasks) = std::fs::read_dir(dir) else {
        return 0;
    };
    tasks
        .flatten()
        .map(|t| schedstat_ns(&t.path().join("schedstat")))
        .sum()
}

fn schedstat_ns(path: &std::path::Path) -> u64 {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_whose_server_processes_count_is_read_from_a_postgres_url_only() {
        let name = |url| database_name(url);
        assert_eq!(
            name("postgres://postgres@127.0.0.1:5432/loket_search").as_deref(),
            Some("loket_search")
        );
        assert_eq!(
            name("postgresql://u:p@host/db?sslmode=disable").as_deref(),
            Some("db")
        );
        assert_eq!(name("sqlite:///work/bench-data/search.db"), None);
    }

    #[test]
    fn this_process_has_spent_cpu_time_and_it_only_grows() {
        let before = cpu_ns(None);
        let mut x = 0u64;
        for i in 0..2_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        if cfg!(target_os = "linux") {
            assert!(cpu_ns(None) > before);
        }
    }
}
