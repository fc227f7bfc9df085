//! `loket load-events`: many agents on `GET /events` at once, and the time from a webhook's
//! POST to its `message_created` event at each connected client.
//!
//! Opens `--connections` streams, reads the server's memory (`--server-pid`, from
//! `/proc`) before and after, then posts one-message webhooks at `--rate` for
//! `--duration` seconds. Each client records when each `message_created` arrived; after
//! the run the message ids are matched to the webhooks' wamids through the API, so the
//! latency of every (client, message) pair is exact. Missing events, reloads, failed
//! connections and failed webhooks are counted as errors.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use futures::StreamExt;
use serde_json::Value;
use tokio::sync::Mutex;

use super::sse::SseReader;
use super::{LoadPlan, WebhookBuilder};
use crate::settings::Settings;

#[derive(Debug, clap::Args)]
pub struct LiveLoadArgs {
    /// The configuration of the Loket under test (app secret, channel, API token).
    #[arg(long, short)]
    pub config: std::path::PathBuf,
    /// Loket's base URL, e.g. http://127.0.0.1:8080
    #[arg(long)]
    pub target: String,
    /// Clients on `GET /events` at once.
    #[arg(long, default_value_t = 500)]
    pub connections: usize,
    /// Messages per second (one per webhook).
    #[arg(long, default_value_t = 50)]
    pub rate: u32,
    /// Seconds to send.
    #[arg(long, default_value_t = 20)]
    pub duration: u64,
    /// The server's process id, to report its memory (Linux `/proc`).
    #[arg(long)]
    pub server_pid: Option<u32>,
}

/// What one client saw: `message_created` ids with their arrival, and trouble.
#[derive(Default)]
struct Seen {
    arrivals: Vec<(String, String, Instant)>,
    reloads: u64,
    error: Option<String>,
}

pub async fn run(args: LiveLoadArgs) -> anyhow::Result<()> {
    let settings = Settings::load(&args.config)?;
    let plan = LoadPlan::from_settings(&settings, &args.target)?;
    super::wait_ready(&plan.target, Duration::from_secs(5)).await?;
    let rss_before = args.server_pid.and_then(rss_kib);
    let client = reqwest::Client::builder()
        .no_proxy()
        .tcp_nodelay(true)
        .build()?;
    let started = Instant::now();
    let readers: Vec<anyhow::Result<SseReader>> = futures::stream::iter(0..args.connections)
        .map(|_| SseReader::open(&client, &plan.target, &plan.api_token, None))
        .buffered(50)
        .collect()
        .await;
    let connect_errors = readers.iter().filter(|r| r.is_err()).count();
    let connected = readers.len() - connect_errors;
    println!(
        "connected {connected} of {} clients to /events in {:.1} s ({connect_errors} failed)",
        args.connections,
        started.elapsed().as_secs_f64()
    );
    let seen: Vec<Arc<Mutex<Seen>>> = readers
        .into_iter()
        .flatten()
        .map(|reader| {
            let seen = Arc::new(Mutex::new(Seen::default()));
            tokio::spawn(watch(reader, seen.clone()));
            seen
        })
        .collect();
    // Let the server settle, then read its memory with every client connected.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_connected = args.server_pid.and_then(rss_kib);
    print_memory(rss_before, rss_connected, connected);

    let sent = post_webhooks(&client, &plan, args.rate, args.duration).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let rss_after = args.server_pid.and_then(rss_kib);
    if let Some(after) = rss_after {
        println!("server RSS after the run: {:.1} MiB", after as f64 / 1024.0);
    }
    report(&client, &plan, &sent, &seen, connect_errors).await
}

/// Read one client's stream until it ends or the run is over.
async fn watch(mut reader: SseReader, seen: Arc<Mutex<Seen>>) {
    loop {
        match reader.next().await {
            Ok(Some(frame)) => {
                let at = Instant::now();
                let mut seen = seen.lock().await;
                match frame.event.as_str() {
                    "message_created" => {
                        let data: Value = serde_json::from_str(&frame.data).unwrap_or_default();
                        let id = data["message_id"].as_str().unwrap_or_default().to_owned();
                        let conversation = data["conversation_id"].as_str().unwrap_or_default();
                        seen.arrivals.push((id, conversation.to_owned(), at));
                    }
                    "reload" => seen.reloads += 1,
                    _ => {}
                }
            }
            Ok(None) => {
                seen.lock().await.error = Some("the server ended the stream".into());
                return;
            }
            Err(e) => {
                seen.lock().await.error = Some(format!("{e:#}"));
                return;
            }
        }
    }
}

/// Post one-message webhooks at `rate` per second (open loop); returns each acknowledged
/// wamid with the instant its POST started, and the number of failed posts.
async fn post_webhooks(
    client: &reqwest::Client,
    plan: &LoadPlan,
    rate: u32,
    duration: u64,
) -> (HashMap<String, Instant>, u64) {
    let builder = WebhookBuilder::new(
        &plan.app_secret,
        &plan.phone_number_id,
        &plan.display_phone_number,
        &plan.waba_id,
        50,
    );
    let url = format!("{}/webhooks/whatsapp", plan.target);
    let total = u64::from(rate.max(1)) * duration;
    let start = tokio::time::Instant::now();
    let mut posts = Vec::new();
    for i in 0..total {
        tokio::time::sleep_until(start + Duration::from_secs_f64(i as f64 / f64::from(rate))).await;
        let webhook = builder.build(1);
        let request = client
            .post(&url)
            .header("content-type", "application/json")
            .header("x-hub-signature-256", &webhook.signature)
            .body(webhook.body);
        let wamid = webhook.wamids[0].clone();
        posts.push(tokio::spawn(async move {
            let at = Instant::now();
            let ok = matches!(request.send().await, Ok(r) if r.status() == 200);
            (wamid, at, ok, at.elapsed())
        }));
    }
    let mut sent = HashMap::new();
    let mut failed = 0;
    let mut acks = Vec::new();
    for post in posts {
        match post.await {
            Ok((wamid, at, true, ack)) => {
                sent.insert(wamid, at);
                acks.push(ack);
            }
            _ => failed += 1,
        }
    }
    let ack = super::Latency::from_samples(acks);
    println!(
        "posted {total} webhooks at {rate}/s ({failed} failed); acknowledged p50 {:.1} ms, p99 {:.1} ms",
        ms(ack.p50),
        ms(ack.p99)
    );
    (sent, failed)
}

async fn report(
    client: &reqwest::Client,
    plan: &LoadPlan,
    (sent, failed_posts): &(HashMap<String, Instant>, u64),
    seen: &[Arc<Mutex<Seen>>],
    connect_errors: usize,
) -> anyhow::Result<()> {
    let mut conversations = std::collections::BTreeSet::new();
    for s in seen {
        for (_, conversation, _) in &s.lock().await.arrivals {
            conversations.insert(conversation.clone());
        }
    }
    let wamids = wamids_of(client, plan, conversations).await?;
    let (mut samples, mut missing, mut reloads, mut stream_errors) = (Vec::new(), 0, 0, 0);
    for s in seen {
        let s = s.lock().await;
        let mut matched = 0;
        for (message, _, at) in &s.arrivals {
            let sent_at = wamids.get(message).and_then(|wamid| sent.get(wamid));
            if let Some(sent_at) = sent_at {
                samples.push(at.saturating_duration_since(*sent_at));
                matched += 1;
            }
        }
        missing += sent.len().saturating_sub(matched);
        reloads += s.reloads;
        stream_errors += usize::from(s.error.is_some());
    }
    let latency = super::Latency::from_samples(samples);
    println!(
        "webhook → event at the client: {} samples, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latency.count,
        ms(latency.p50),
        ms(latency.p99),
        ms(latency.max)
    );
    println!(
        "errors: {connect_errors} connections refused, {stream_errors} streams broken, \
         {missing} events missing, {reloads} reloads, {failed_posts} webhooks failed"
    );
    Ok(())
}

/// Message id → wamid, from the conversations' details.
async fn wamids_of(
    client: &reqwest::Client,
    plan: &LoadPlan,
    conversations: std::collections::BTreeSet<String>,
) -> anyhow::Result<HashMap<String, String>> {
    let mut map = HashMap::new();
    for id in conversations {
        let detail: Value = client
            .get(format!("{}/api/v1/conversations/{id}", plan.target))
            .bearer_auth(&plan.api_token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await
            .with_context(|| format!("reading conversation {id}"))?;
        for m in detail["messages"].as_array().into_iter().flatten() {
            if let (Some(id), Some(wamid)) = (m["id"].as_str(), m["provider_message_id"].as_str()) {
                map.insert(id.to_owned(), wamid.to_owned());
            }
        }
    }
    Ok(map)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn print_memory(before: Option<u64>, connected: Option<u64>, clients: usize) {
    if let (Some(before), Some(connected)) = (before, connected) {
        let per = connected.saturating_sub(before) as f64 / clients.max(1) as f64;
        println!(
            "server RSS: {:.1} MiB before, {:.1} MiB with {clients} clients ({per:.1} KiB per connection)",
            before as f64 / 1024.0,
            connected as f64 / 1024.0
        );
    }
}

/// A process's resident set size in KiB (Linux).
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}
