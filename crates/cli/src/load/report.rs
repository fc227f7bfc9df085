//! Latency percentiles and the printed report (one line per figure).

use std::time::Duration;

use loket_store::floor::FloorReport;

use super::raw::RawReport;
use super::readback::ReadBack;
use super::send::SendReport;

/// Exact latency figures over all samples.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Latency {
    pub count: usize,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

impl Latency {
    pub fn from_samples(mut samples: Vec<Duration>) -> Self {
        samples.sort_unstable();
        Self {
            count: samples.len(),
            p50: percentile(&samples, 50.0),
            p99: percentile(&samples, 99.0),
            max: samples.last().copied().unwrap_or_default(),
        }
    }
}

/// The nearest-rank percentile of sorted samples: the smallest sample with at least `p`% of
/// the samples at or below it. Zero for no samples.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    // The epsilon keeps float noise (0.999 × 1000 = 999.0000000000001) from adding a rank.
    let rank = ((p / 100.0) * sorted.len() as f64 - 1e-9).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

pub(super) fn print_send(r: &SendReport) {
    println!(
        "sent: {} webhooks, {} messages in {:.1} s",
        r.webhooks_sent,
        r.messages_sent,
        r.elapsed.as_secs_f64()
    );
    println!(
        "acknowledged: {} webhooks, {} messages",
        r.webhooks_acked, r.messages_acked
    );
    println!("throughput: {:.0} msg/s", r.throughput());
    println!(
        "ack latency: p50 {}, p99 {}, max {}",
        ms(r.latency.p50),
        ms(r.latency.p99),
        ms(r.latency.max)
    );
    if r.failures.is_empty() {
        println!("failed attempts: 0");
    } else {
        let kinds: Vec<String> = r
            .failures
            .iter()
            .map(|(k, n)| format!("{k}: {n}"))
            .collect();
        println!(
            "failed attempts: {} ({})",
            r.failed_attempts(),
            kinds.join(", ")
        );
    }
    if r.retries > 0 || r.unacknowledged > 0 {
        println!(
            "retries: {}, webhooks never acknowledged: {}",
            r.retries, r.unacknowledged
        );
    }
    if r.in_flight_waits > 0 {
        println!(
            "sender saturated: the in-flight bound made sending wait {} times (at worst {} behind schedule)",
            r.in_flight_waits,
            ms(r.max_lag)
        );
    }
}

pub(super) fn print_read_back(b: &ReadBack) {
    println!(
        "read back: {} inbound messages in {} conversations",
        b.found, b.conversations
    );
    println!("lost: {}", b.lost.len());
    for id in b.lost.iter().take(10) {
        println!("  lost {id}");
    }
    println!("duplicated: {}", b.duplicated.len());
    for id in b.duplicated.iter().take(10) {
        println!("  duplicated {id}");
    }
}

pub(super) fn print_raw(sent: &SendReport, raw: &RawReport, rate: u32) {
    println!(
        "raw store limit: {:.0} msg/s ({} messages in {} ingest calls of ≤{} webhooks, {:.1} s)",
        raw.throughput(),
        raw.messages,
        raw.calls,
        raw.webhooks_per_call,
        raw.elapsed.as_secs_f64()
    );
    let ratio = if raw.throughput() > 0.0 {
        sent.throughput() / raw.throughput()
    } else {
        0.0
    };
    println!("ingestion / raw: {ratio:.2}");
    if sent.throughput() >= 0.95 * f64::from(rate) {
        println!(
            "  (ingestion kept up with the offered {rate} msg/s: raise --rate to find its limit)"
        );
    }
}

pub(super) fn print_floor(sent: &SendReport, floor: &FloorReport, commits: Option<u64>) {
    let source = match commits {
        Some(c) => format!(
            "the run's mean commit: {} messages in {c} commits",
            sent.messages_acked
        ),
        None => "the raw limit's commit size (no --metrics)".to_owned(),
    };
    println!(
        "floor: {:.0} msg/s ({} messages in {} commits of {} rows, {:.1} s; {source})",
        floor.throughput(),
        floor.rows,
        floor.commits,
        floor.rows_per_insert,
        floor.elapsed.as_secs_f64()
    );
    let ratio = if floor.throughput() > 0.0 {
        sent.throughput() / floor.throughput()
    } else {
        0.0
    };
    println!("ingestion / floor: {ratio:.2}");
}
