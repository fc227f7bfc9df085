//! The floor beside the raw store limit: the load's messages, with the same payload bytes,
//! inserted by `loket_store::floor` as multi-row `INSERT`s of the run's mean commit size
//! into a one-table schema (the disk's and the database's own limit). The run's commits are
//! read from the server's Prometheus metrics.

use anyhow::Context;
use loket_channels::whatsapp::parse_webhook;
use loket_domain::inbound::InboundEvent;
use loket_store::floor::{FloorReport, FloorRow, floor};

use super::payload::{WebhookBuilder, random_size};

/// The group-commit counter `loket serve` exports (one sample per commit).
const COMMITS_METRIC: &str = "loket_ingest_batch_requests_count";

/// Commits the server has made so far, from its `/metrics` (e.g. `http://127.0.0.1:9464/metrics`).
pub async fn commits_so_far(metrics_url: &str) -> anyhow::Result<u64> {
    let body = reqwest::get(metrics_url)
        .await
        .and_then(|r| r.error_for_status())
        .with_context(|| format!("reading {metrics_url}"))?
        .text()
        .await?;
    Ok(commits_in(&body))
}

/// The commit count in a Prometheus text exposition; 0 before the first commit.
fn commits_in(exposition: &str) -> u64 {
    exposition
        .lines()
        .filter(|l| l.starts_with(COMMITS_METRIC))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .map(|v| v as u64)
        .sum()
}

/// `n_messages` load-shaped messages (webhooks of 1..=`batch`) as floor rows: the bytes
/// ingestion stores for each (content, context and raw JSON).
pub fn floor_rows(n_messages: usize, batch: u32) -> anyhow::Result<Vec<FloorRow>> {
    let run: u64 = rand::random();
    let builder = WebhookBuilder::new("unused", "floor", "31600000000", "unused", 500);
    let mut rows = Vec::with_capacity(n_messages);
    while rows.len() < n_messages {
        let size = random_size(batch).min((n_messages - rows.len()) as u32);
        let webhook = builder.build(size);
        for event in parse_webhook(&webhook.body).context("parsing our own webhook")? {
            let InboundEvent::Message(message) = event.event else {
                anyhow::bail!("our own webhook held something other than a message");
            };
            let payload = [
                serde_json::to_string(&message.content)?,
                serde_json::to_string(&message.context)?,
                serde_json::to_string(&message.raw)?,
            ]
            .concat();
            rows.push(FloorRow {
                channel: format!("floor-{run:016x}"),
                provider_message_id: message.provider_message_id,
                payload,
            });
        }
    }
    Ok(rows)
}

/// Measure the floor at `database_url` for `n_messages` in commits of `rows_per_insert`.
pub async fn floor_limit(
    database_url: &str,
    n_messages: usize,
    batch: u32,
    rows_per_insert: usize,
) -> anyhow::Result<FloorReport> {
    let rows = floor_rows(n_messages, batch)?;
    floor(database_url, &rows, rows_per_insert)
        .await
        .context("inserting the floor's rows")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commit_count_is_read_from_the_servers_metrics() {
        let exposition = "# TYPE loket_ingest_batch_requests summary\n\
            loket_ingest_batch_requests{quantile=\"0.5\"} 3\n\
            loket_ingest_batch_requests_sum 1234\n\
            loket_ingest_batch_requests_count 417\n";
        assert_eq!(commits_in(exposition), 417);
        assert_eq!(commits_in("# nothing committed yet\n"), 0);
    }

    #[test]
    fn floor_rows_carry_the_messages_payload_and_unique_ids() {
        let rows = floor_rows(250, 10).unwrap();
        assert_eq!(rows.len(), 250);
        let ids: std::collections::HashSet<_> =
            rows.iter().map(|r| &r.provider_message_id).collect();
        assert_eq!(ids.len(), 250);
        assert!(rows.iter().all(|r| r.payload.contains("\"body\"")));
    }
}
