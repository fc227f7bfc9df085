//! A channel the configuration no longer declares reaches Meta through no path: queued
//! sends fail at once (also when its Meta app went with it), retries and read receipts are
//! refused like new replies, and queued jobs give up instead of retrying.

use loket_engine::jobs::JobOutcome;
use loket_engine::provision::Provisioning;
use serde_json::{Value, json};

use crate::support::{TestApp, provisioning, spawn_apps};

/// The configuration without the channel and with its Meta app replaced.
fn without_channel_or_app(app: &TestApp) -> Provisioning {
    let mut spec = provisioning(&app.sim, false);
    spec.apps[0].name = "new-app".into();
    spec.apps[0].app_secret = "the-new-apps-secret".into();
    spec.apps[0].verify_token = "the-new-verify-token".into();
    spec
}

async fn outbound(app: &TestApp) -> Vec<Value> {
    app.all_messages()
        .await
        .into_iter()
        .filter(|m| m["direction"] == "outbound")
        .collect()
}

#[tokio::test]
async fn a_send_queued_before_its_channel_and_app_were_removed_fails_at_once_as_disabled() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        let path = format!("/api/v1/conversations/{conversation}/messages");
        let queued = app.post_json(&path, &json!({"text": "Antwoord"})).await;
        assert_eq!(queued.status(), 201);
        app.engine
            .provision(&without_channel_or_app(&app))
            .await
            .unwrap();

        let report = app.engine.run_next_job().await.unwrap().unwrap();
        assert_eq!(report.outcome, JobOutcome::Done, "{:?}", app.backend);
        let sent = outbound(&app).await;
        assert_eq!(sent[0]["status"], "failed", "{sent:?}");
        let reason = sent[0]["error"]["message"].as_str().unwrap_or_default();
        assert!(reason.contains("uitgeschakeld"), "{sent:?}");
        assert!(app.sim.sent_messages().is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn retrying_a_message_of_a_disabled_channel_is_refused_with_409() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        let path = format!("/api/v1/conversations/{conversation}/messages");
        assert_eq!(
            app.post_json(&path, &json!({"text": "Antwoord"}))
                .await
                .status(),
            201
        );
        app.engine
            .provision(&provisioning(&app.sim, false))
            .await
            .unwrap();
        app.settle().await;
        let failed = outbound(&app).await[0]["id"].as_str().unwrap().to_owned();

        let retry = app
            .post_json(&format!("{path}/{failed}/retry"), &json!({}))
            .await;
        assert_eq!(retry.status(), 409);
        assert_eq!(app.run_jobs().await, 0, "nothing queued");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn marking_a_conversation_of_a_disabled_channel_read_is_refused_with_409() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        app.engine
            .provision(&provisioning(&app.sim, false))
            .await
            .unwrap();
        let read = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/read"),
                &json!({}),
            )
            .await;
        assert_eq!(read.status(), 409);
        assert_eq!(app.run_jobs().await, 0, "nothing queued");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn queued_read_receipts_and_template_syncs_of_a_disabled_channel_give_up_at_once() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        let read = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/read"),
                &json!({}),
            )
            .await;
        assert!(read.status().is_success());
        let org = app
            .engine
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap()
            .id;
        assert_eq!(app.engine.schedule_template_syncs(&[org]).await.unwrap(), 1);
        app.engine
            .provision(&without_channel_or_app(&app))
            .await
            .unwrap();

        for _ in 0..2 {
            let report = app.engine.run_next_job().await.unwrap().unwrap();
            assert!(
                matches!(report.outcome, JobOutcome::Failed(_)),
                "{} on {:?}: {:?}",
                report.kind,
                app.backend,
                report.outcome
            );
        }
        app.cleanup().await;
    }
}
