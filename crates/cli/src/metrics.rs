//! Prometheus metrics on a private listener, and the gauges no request updates by itself.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use loket_engine::Engine;
use metrics_exporter_prometheus::PrometheusBuilder;

/// Serve `/metrics` on `addr`. Only one recorder per process: a second call is refused.
pub fn install(addr: SocketAddr) -> anyhow::Result<()> {
    PrometheusBuilder::new()
        .with_http_listener(addr)
        .install()
        .context("starting the metrics listener")?;
    metrics::describe_histogram!(
        "loket_webhook_ack_seconds",
        "Time from receiving a webhook to answering 200"
    );
    metrics::describe_histogram!(
        "loket_ingest_commit_seconds",
        "Duration of one (group) commit"
    );
    metrics::describe_histogram!("loket_ingest_batch_requests", "Webhooks per group commit");
    metrics::describe_counter!("loket_inbound_messages_total", "Resident messages stored");
    metrics::describe_counter!(
        "loket_send_outcomes_total",
        "Outbound send attempts by outcome and Meta code"
    );
    metrics::describe_gauge!("loket_jobs_queue_depth", "Jobs waiting or running");
    metrics::describe_gauge!(
        "loket_jobs_oldest_due_age_seconds",
        "Age of the oldest due job"
    );
    metrics::describe_gauge!("loket_sse_clients", "Connected live-update clients");
    metrics::gauge!("loket_sse_clients").set(0.0);
    Ok(())
}

/// Update the queue gauges every few seconds until `stop`.
pub async fn watch_queue(engine: Engine, stop: impl std::future::Future<Output = ()>) {
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => return,
            _ = tokio::time::sleep(Duration::from_secs(5)) => {}
        }
        let now = engine.clock().now();
        if let Ok(stats) = engine.queue_stats().await {
            metrics::gauge!("loket_jobs_queue_depth").set(stats.depth as f64);
            let age = stats.oldest_due.map_or(0.0, |t| {
                (now.as_millisecond() - t.as_millisecond()).max(0) as f64 / 1000.0
            });
            metrics::gauge!("loket_jobs_oldest_due_age_seconds").set(age);
        }
    }
}
