//! A job that is given up is never given up silently: its message or media shows it.

use std::time::Duration;

use loket_domain::Clock;
use serde_json::json;

use crate::support::spawn_apps;

#[tokio::test]
async fn a_send_whose_worker_died_during_its_last_attempt_shows_its_message_failed() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        let path = format!("/api/v1/conversations/{conversation}/messages");
        let queued = app.post_json(&path, &json!({"text": "Antwoord"})).await;
        assert_eq!(queued.status(), 201);
        let lease = Duration::from_secs(60);
        // Every attempt's worker dies: claimed, never finished, the lease runs out.
        let mut attempts = 0;
        while let Some(job) = app
            .store
            .claim_next_job(app.clock.now(), lease)
            .await
            .unwrap()
        {
            assert_eq!(job.kind, "message.send");
            attempts += 1;
            app.clock.advance(lease + Duration::from_secs(1));
        }
        assert!(attempts > 1, "{attempts}");

        assert_eq!(app.engine.run_next_job().await.unwrap(), None);
        let sent: Vec<_> = app
            .all_messages()
            .await
            .into_iter()
            .filter(|m| m["direction"] == "outbound")
            .collect();
        assert_eq!(sent[0]["status"], "failed", "{:?}: {sent:?}", app.backend);
        assert_eq!(app.engine.queue_stats().await.unwrap().depth, 0);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_job_with_a_damaged_payload_fails_for_good_instead_of_blocking_the_queue() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        let path = format!("/api/v1/conversations/{conversation}/messages");
        let queued = app.post_json(&path, &json!({"text": "Antwoord"})).await;
        assert_eq!(queued.status(), 201);
        app.execute_sql("update jobs set payload = '{\"org_id' where kind = 'message.send'")
            .await;

        let report = app.engine.run_next_job().await.unwrap().expect("claimed");
        assert!(
            matches!(report.outcome, loket_engine::jobs::JobOutcome::Failed(_)),
            "{:?}: {:?}",
            app.backend,
            report.outcome
        );
        assert_eq!(app.engine.run_next_job().await.unwrap(), None);
        app.cleanup().await;
    }
}
