//! The crash test: `loket serve` under load is killed with SIGKILL, restarted, and every
//! message it acknowledged is there exactly once. Meta-style retries keep going through the
//! outage, so webhooks committed just before the kill but never answered are sent again and
//! must be recognised as duplicates.

use std::collections::HashSet;
use std::time::Duration;

use loket_cli::load::{self, LoadPlan};
use loket_cli::settings::Settings;
use loket_store::Backend;

use crate::support::{self, server_log};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_message_survives_a_sigkill_exactly_once() {
    for db in loket_store::testing::test_databases().await {
        let dir = tempfile::tempdir().unwrap();
        // SQLite: a fresh file only the server opens; PostgreSQL: the harness's database.
        let url = match db.backend {
            Backend::Sqlite => format!("sqlite://{}", dir.path().join("loket.db").display()),
            Backend::Postgres => db.url.clone(),
        };
        crash_and_restart(db.backend, dir.path(), &url).await;
        db.cleanup().await;
    }
}

async fn crash_and_restart(backend: Backend, dir: &std::path::Path, url: &str) {
    let config = support::write_config(dir, url);
    let mut server = support::serve(&config).await;

    let settings = Settings::load(&config.path).unwrap();
    let mut plan = LoadPlan::from_settings(&settings, &config.target).unwrap();
    plan.rate = 300;
    plan.batch = 5;
    plan.duration = Duration::from_secs(60);
    plan.acked_file = Some(dir.join("acked.txt"));
    plan.max_retries = 50;
    plan.retry_delay = Duration::from_millis(200);
    plan.request_timeout = Duration::from_secs(5);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let sender = {
        let plan = plan.clone();
        tokio::spawn(async move {
            load::send(&plan, async move {
                let _ = stopped.await;
            })
            .await
        })
    };

    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().await.expect("SIGKILL the server");
    // Sends and retries keep failing while it is down.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let mut restarted = support::serve(&config).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let _ = stop.send(());
    let report = sender.await.unwrap().expect("the load ran");

    let back = load::read_back(&config.target, &plan.api_token, &report.acked)
        .await
        .unwrap_or_else(|e| panic!("read back: {e:#}\n{}", server_log(&config)));
    let context = format!(
        "{backend:?}: sent {} messages, acknowledged {}, failed attempts {:?}, retries {}, \
         never acknowledged {}; found {}",
        report.messages_sent,
        report.messages_acked,
        report.failures,
        report.retries,
        report.unacknowledged,
        back.found
    );
    println!("{context}");
    assert!(report.messages_acked > 0, "nothing acknowledged: {context}");
    assert!(
        report.failed_attempts() > 0,
        "no request failed while the server was down, so the kill proved nothing: {context}"
    );
    assert!(
        back.lost.is_empty(),
        "acknowledged but lost: {:?}… {context}\n{}",
        &back.lost[..back.lost.len().min(5)],
        server_log(&config)
    );
    assert!(
        back.duplicated.is_empty(),
        "stored more than once: {:?}… {context}",
        &back.duplicated[..back.duplicated.len().min(5)]
    );
    // The record on disk is the acknowledged set.
    let recorded = std::fs::read_to_string(dir.join("acked.txt")).unwrap();
    let recorded: HashSet<&str> = recorded.lines().collect();
    let acked: HashSet<&str> = report.acked.iter().map(String::as_str).collect();
    assert_eq!(recorded, acked, "{context}");

    restarted.kill().await.expect("stop the restarted server");
}
