//! The open-loop sender: webhooks go out on schedule whatever the answers, each in its own
//! task, so a slow Loket shows up as latency rather than as a lower offered rate.

use std::collections::BTreeMap;
use std::future::Future;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use tokio::sync::Semaphore;
use tokio::time::Instant;

use super::LoadPlan;
use super::payload::{Webhook, WebhookBuilder, random_size};
use super::report::Latency;

/// What the sender did.
#[derive(Debug, Clone, Default)]
pub struct SendReport {
    /// Webhooks sent (each counted once, however often it was retried).
    pub webhooks_sent: u64,
    pub messages_sent: u64,
    /// Webhooks answered 200.
    pub webhooks_acked: u64,
    pub messages_acked: u64,
    /// The wamids of acknowledged webhooks, in acknowledgement order.
    pub acked: Vec<String>,
    /// Failed attempts by kind (`HTTP 500`, `connection refused`, `timeout`, …).
    pub failures: BTreeMap<String, u64>,
    /// Attempts after a failure.
    pub retries: u64,
    /// Webhooks never acknowledged (failed, and retries exhausted).
    pub unacknowledged: u64,
    /// How often the in-flight bound made sending wait.
    pub in_flight_waits: u64,
    /// How far sending fell behind schedule at worst.
    pub max_lag: Duration,
    /// From the first send to the last answer.
    pub elapsed: Duration,
    /// Send → 200 of acknowledged attempts.
    pub latency: Latency,
}

impl SendReport {
    /// Acknowledged messages per second.
    pub fn throughput(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.messages_acked as f64 / secs
        } else {
            0.0
        }
    }

    /// Failed attempts of every kind.
    pub fn failed_attempts(&self) -> u64 {
        self.failures.values().sum()
    }
}

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    acked: Vec<String>,
    webhooks_acked: u64,
    failures: BTreeMap<String, u64>,
    retries: u64,
    unacknowledged: u64,
}

struct Shared {
    tally: Mutex<Tally>,
    acked_file: Option<Mutex<std::fs::File>>,
    url: String,
    client: reqwest::Client,
    max_retries: u32,
    retry_delay: Duration,
}

impl Shared {
    fn acknowledged(&self, webhook: &Webhook, latency: Duration) {
        if let Some(file) = &self.acked_file {
            let mut lines = webhook.wamids.join("\n");
            lines.push('\n');
            // One unbuffered write per webhook: on disk (in the page cache) at once, so a
            // crash of this process still leaves the record.
            let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
            if let Err(e) = file.write_all(lines.as_bytes()) {
                eprintln!("could not record acknowledged wamids: {e}");
            }
        }
        let mut tally = self.tally.lock().unwrap_or_else(|e| e.into_inner());
        tally.latencies.push(latency);
        tally.webhooks_acked += 1;
        tally.acked.extend(webhook.wamids.iter().cloned());
    }

    fn with<T>(&self, f: impl FnOnce(&mut Tally) -> T) -> T {
        f(&mut self.tally.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Send signed webhooks at `plan.rate` messages per second until `plan.duration` has passed
/// or `stop` completes, then wait for the answers still due (and for retries: at most
/// `max_retries × (retry_delay + request_timeout)`). Acknowledged wamids are appended
/// to `plan.acked_file` (created or truncated) as they come.
pub async fn send(plan: &LoadPlan, stop: impl Future<Output = ()>) -> anyhow::Result<SendReport> {
    let acked_file = match &plan.acked_file {
        Some(path) => Some(Mutex::new(std::fs::File::create(path).with_context(
            || format!("creating the acknowledged-wamids file {}", path.display()),
        )?)),
        None => None,
    };
    let max_in_flight = plan.max_in_flight.clamp(1, Semaphore::MAX_PERMITS);
    let client = reqwest::Client::builder()
        .no_proxy()
        .tcp_nodelay(true)
        .pool_max_idle_per_host(max_in_flight)
        .connect_timeout(Duration::from_secs(2))
        .timeout(plan.request_timeout)
        .build()
        .context("building the HTTP client")?;
    let shared = Arc::new(Shared {
        tally: Mutex::new(Tally::default()),
        acked_file,
        url: format!("{}/webhooks/whatsapp", plan.target),
        client,
        max_retries: plan.max_retries,
        retry_delay: plan.retry_delay,
    });
    let builder = WebhookBuilder::new(
        &plan.app_secret,
        &plan.phone_number_id,
        &plan.display_phone_number,
        &plan.waba_id,
        plan.residents,
    );
    let slots = Arc::new(Semaphore::new(max_in_flight));
    let rate = f64::from(plan.rate.max(1));

    let mut report = SendReport::default();
    let start = Instant::now();
    let end = start + plan.duration;
    tokio::pin!(stop);
    loop {
        // Webhook k goes out when the messages before it are due: an open-loop schedule.
        let at = start + Duration::from_secs_f64(report.messages_sent as f64 / rate);
        if at >= end {
            break;
        }
        tokio::select! {
            biased;
            _ = &mut stop => break,
            _ = tokio::time::sleep_until(at) => {}
        }
        let permit = match slots.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                report.in_flight_waits += 1;
                tokio::select! {
                    biased;
                    _ = &mut stop => break,
                    // Fell behind (Loket answers slower than the rate): the duration holds.
                    _ = tokio::time::sleep_until(end) => break,
                    permit = slots.clone().acquire_owned() => permit?,
                }
            }
        };
        let now = Instant::now();
        if now >= end {
            break;
        }
        report.max_lag = report.max_lag.max(now.saturating_duration_since(at));
        let n = random_size(plan.batch);
        let webhook = builder.build(n);
        report.webhooks_sent += 1;
        report.messages_sent += u64::from(n);
        let shared = shared.clone();
        tokio::spawn(async move {
            deliver(&shared, webhook).await;
            drop(permit);
        });
    }
    // No new webhooks; wait for the answers (and retries) of those in flight.
    let _all = slots.acquire_many(max_in_flight as u32).await?;
    report.elapsed = start.elapsed();

    let tally = std::mem::take(&mut *shared.tally.lock().unwrap_or_else(|e| e.into_inner()));
    report.latency = Latency::from_samples(tally.latencies);
    report.webhooks_acked = tally.webhooks_acked;
    report.messages_acked = tally.acked.len() as u64;
    report.acked = tally.acked;
    report.failures = tally.failures;
    report.retries = tally.retries;
    report.unacknowledged = tally.unacknowledged;
    Ok(report)
}

/// Post one webhook; on failure post it again after a delay, as Meta would, until it is
/// acknowledged or the retries run out (also after the load has stopped sending).
async fn deliver(shared: &Shared, webhook: Webhook) {
    let mut attempt = 0;
    loop {
        let sent_at = std::time::Instant::now();
        let outcome = post(shared, &webhook).await;
        let latency = sent_at.elapsed();
        match outcome {
            Ok(()) => return shared.acknowledged(&webhook, latency),
            Err(kind) => shared.with(|t| *t.failures.entry(kind).or_default() += 1),
        }
        if attempt >= shared.max_retries {
            return shared.with(|t| t.unacknowledged += 1);
        }
        attempt += 1;
        tokio::time::sleep(shared.retry_delay).await;
        shared.with(|t| t.retries += 1);
    }
}

/// `Ok` only for a 200 with its body read; otherwise the kind of failure.
async fn post(shared: &Shared, webhook: &Webhook) -> Result<(), String> {
    let response = shared
        .client
        .post(&shared.url)
        .header("content-type", "application/json")
        .header("x-hub-signature-256", &webhook.signature)
        .body(webhook.body.clone())
        .send()
        .await
        .map_err(|e| failure_kind(&e))?;
    let status = response.status();
    // Read the body so the connection goes back to the pool.
    let body = response.bytes().await.map_err(|e| failure_kind(&e));
    if status != reqwest::StatusCode::OK {
        return Err(format!("HTTP {}", status.as_u16()));
    }
    body.map(|_| ())
}

fn failure_kind(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timeout".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else if e.is_body() || e.is_request() {
        "connection lost".into()
    } else {
        "transport error".into()
    }
}
