//! The load tool's own parts: the acknowledged-wamids record, the read-back's counting,
//! latency percentiles, plans from configuration and the raw store limit.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use loket_channels::whatsapp::signature::verify;
use loket_cli::load::{self, Latency, LoadPlan, percentile, tally};
use loket_cli::settings::Settings;
use serde_json::Value;

use crate::support;

/// A stand-in for Loket that answers every third new webhook 500 (a webhook sent again is
/// accepted) and remembers the wamids of the ones it answered 200.
async fn flaky_receiver() -> (String, Arc<Mutex<HashSet<String>>>, Arc<AtomicU64>) {
    let accepted = Arc::new(Mutex::new(HashSet::new()));
    let refused = Arc::new(AtomicU64::new(0));
    let seen = Arc::new(AtomicU64::new(0));
    let refused_first: Arc<Mutex<HashSet<String>>> = Arc::default();
    let app = {
        let (accepted, refused) = (accepted.clone(), refused.clone());
        let refused_first = refused_first.clone();
        axum::Router::new().route(
            "/webhooks/whatsapp",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| async move {
                let signature = headers["x-hub-signature-256"].to_str().unwrap();
                assert!(verify(support::APP_SECRET.as_bytes(), &body, signature));
                let v: Value = serde_json::from_slice(&body).unwrap();
                let messages = v["entry"][0]["changes"][0]["value"]["messages"]
                    .as_array()
                    .unwrap();
                let first = messages[0]["id"].as_str().unwrap().to_owned();
                let again = refused_first.lock().unwrap().contains(&first);
                if !again && seen.fetch_add(1, Ordering::SeqCst) % 3 == 2 {
                    refused_first.lock().unwrap().insert(first);
                    refused.fetch_add(1, Ordering::SeqCst);
                    return StatusCode::INTERNAL_SERVER_ERROR;
                }
                let mut accepted = accepted.lock().unwrap();
                for m in messages {
                    accepted.insert(m["id"].as_str().unwrap().to_owned());
                }
                StatusCode::OK
            }),
        )
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, accepted, refused)
}

fn plan_for(target: &str) -> LoadPlan {
    let dir = tempfile::tempdir().unwrap();
    let config = support::write_config(dir.path(), "sqlite://unused.db");
    LoadPlan::from_settings(&Settings::load(&config.path).unwrap(), target).unwrap()
}

#[tokio::test]
async fn the_acked_file_records_exactly_the_acknowledged_wamids() {
    let (url, accepted, refused) = flaky_receiver().await;
    let dir = tempfile::tempdir().unwrap();
    let mut plan = plan_for(&url);
    plan.rate = 400;
    plan.batch = 4;
    plan.duration = Duration::from_millis(800);
    plan.acked_file = Some(dir.path().join("acked.txt"));

    let report = load::send(&plan, std::future::pending()).await.unwrap();

    let recorded = std::fs::read_to_string(dir.path().join("acked.txt")).unwrap();
    let recorded: Vec<&str> = recorded.lines().collect();
    let recorded_set: HashSet<String> = recorded.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(recorded.len(), recorded_set.len(), "a wamid recorded twice");
    assert_eq!(recorded_set, *accepted.lock().unwrap());
    assert_eq!(
        report.acked.iter().cloned().collect::<HashSet<_>>(),
        recorded_set
    );
    let refused = refused.load(Ordering::SeqCst);
    assert!(refused > 0 && !recorded.is_empty());
    assert_eq!(report.failures.get("HTTP 500").copied(), Some(refused));
    assert_eq!(report.webhooks_acked + refused, report.webhooks_sent);
    assert_eq!(report.messages_acked as usize, recorded.len());
    assert!(report.messages_sent > report.messages_acked);
    // About 400 msg/s for 0.8 s, open loop.
    assert!(
        (200..=400).contains(&report.messages_sent),
        "{}",
        report.messages_sent
    );
    assert_eq!(report.latency.count as u64, report.webhooks_acked);
}

#[tokio::test]
async fn retried_webhooks_are_acknowledged_once_they_get_through() {
    let (url, accepted, refused) = flaky_receiver().await;
    let mut plan = plan_for(&url);
    plan.rate = 200;
    plan.batch = 3;
    plan.duration = Duration::from_millis(500);
    plan.max_retries = 5;
    plan.retry_delay = Duration::from_millis(20);

    let report = load::send(&plan, std::future::pending()).await.unwrap();

    assert!(refused.load(Ordering::SeqCst) > 0);
    assert_eq!(report.retries, report.failed_attempts());
    assert_eq!(report.unacknowledged, 0);
    assert_eq!(report.messages_acked, report.messages_sent);
    assert_eq!(
        report.acked.iter().cloned().collect::<HashSet<_>>(),
        *accepted.lock().unwrap()
    );
}

#[test]
fn the_read_back_finds_planted_losses_and_duplicates() {
    let acked: Vec<String> = ["wamid.a", "wamid.b", "wamid.c", "wamid.d"]
        .map(String::from)
        .to_vec();
    // c is missing, b is stored twice, x (never acknowledged) three times.
    let present = [
        "wamid.a", "wamid.b", "wamid.b", "wamid.d", "wamid.x", "wamid.x", "wamid.x",
    ];
    let back = tally(&acked, present);
    assert_eq!(back.lost, vec!["wamid.c".to_owned()]);
    assert_eq!(
        back.duplicated,
        vec!["wamid.b".to_owned(), "wamid.x".to_owned()]
    );
    assert_eq!(back.found, 7);

    let clean = tally(&acked, acked.iter().map(String::as_str));
    assert!(clean.lost.is_empty() && clean.duplicated.is_empty());
}

#[test]
fn latency_percentiles_are_nearest_rank_over_all_samples() {
    let ms = Duration::from_millis;
    let samples: Vec<Duration> = (1..=100).rev().map(ms).collect();
    let l = Latency::from_samples(samples);
    assert_eq!(
        (l.count, l.p50, l.p99, l.max),
        (100, ms(50), ms(99), ms(100))
    );

    let l = Latency::from_samples(vec![ms(7)]);
    assert_eq!((l.p50, l.p99, l.max), (ms(7), ms(7), ms(7)));

    let sorted: Vec<Duration> = (1..=1000).map(ms).collect();
    assert_eq!(percentile(&sorted, 99.0), ms(990));
    assert_eq!(percentile(&sorted, 99.9), ms(999));
    assert_eq!(percentile(&sorted[..3], 50.0), ms(2));
    assert_eq!(Latency::from_samples(Vec::new()), Latency::default());
}

#[test]
fn a_plan_takes_the_channel_its_app_secret_and_the_api_token_from_the_configuration() {
    let plan = plan_for("http://127.0.0.1:1/");
    assert_eq!(plan.target, "http://127.0.0.1:1");
    assert_eq!(plan.app_secret, support::APP_SECRET);
    assert_eq!(plan.api_token, support::API_TOKEN);
    assert_eq!(plan.phone_number_id, "1122334455667");

    let without_token = Settings::from_toml(
        r#"
[server]
database_url = "sqlite://x.db"
[[whatsapp_app]]
name = "default"
app_secret = "s"
verify_token = "v"
[[organisation]]
slug = "a"
name = "A"
[[organisation.channel]]
kind = "whatsapp"
name = "W"
app = "default"
phone_number_id = "1"
display_phone_number = "2"
waba_id = "3"
access_token = "t"
"#,
    )
    .unwrap();
    let e = LoadPlan::from_settings(&without_token, "http://x").unwrap_err();
    assert!(e.to_string().contains("api_tokens"), "{e}");
}

#[tokio::test]
async fn the_raw_limit_inserts_the_requested_messages_on_every_backend() {
    for db in loket_store::testing::test_databases().await {
        let raw = load::raw_limit(&db.url, 250, 10).await.unwrap();
        assert_eq!(raw.messages, 250, "{:?}", db.backend);
        assert!(raw.webhooks >= 25 && raw.calls >= 1 && raw.throughput() > 0.0);
        db.cleanup().await;
    }
}
