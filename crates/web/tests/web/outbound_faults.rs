//! Every fault the simulator can inject, and the message's final state: nothing lost,
//! nothing sent twice by us, every failure visible with its reason.

use std::time::Duration;

use loket_sim::{SendFault, WindowEnforcement};
use serde_json::{Value, json};

use crate::support::{TestApp, spawn_apps};

/// A resident writes, an agent replies; returns (conversation, message id).
async fn reply(app: &TestApp) -> (String, String) {
    let conversation = app
        .resident_writes("Wanneer is het gemeentehuis open?")
        .await;
    let response = app
        .post_json(
            &format!("/api/v1/conversations/{conversation}/messages"),
            &json!({"text": "Van 9 tot 17 uur."}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    (conversation, body["id"].as_str().unwrap().to_owned())
}

/// Run jobs, moving the clock past each backoff, until the queue is empty.
async fn drain(app: &TestApp) {
    for _ in 0..20 {
        app.settle().await;
        app.clock.advance(Duration::from_secs(3600));
    }
    app.settle().await;
}

#[tokio::test]
async fn throttling_and_server_errors_are_retried_and_the_message_is_sent_once() {
    for fault in [
        SendFault::Throughput,
        SendFault::PairRateLimit,
        SendFault::ServerError,
        SendFault::Unavailable,
    ] {
        for app in spawn_apps().await {
            app.sim.fail_next_sends(fault, 2);
            let (conversation, id) = reply(&app).await;
            drain(&app).await;
            assert_eq!(app.sim.fired(fault), 2, "{fault:?}");
            assert_eq!(
                app.sim.sent_messages().len(),
                1,
                "{fault:?}: sent exactly once"
            );
            assert_eq!(
                app.message(&conversation, &id).await["status"],
                "read",
                "{fault:?}"
            );
            app.cleanup().await;
        }
    }
}

#[tokio::test]
async fn a_send_that_keeps_failing_transiently_ends_failed_with_its_code() {
    for app in spawn_apps().await {
        app.sim.fail_next_sends(SendFault::ServerError, 100);
        let (conversation, id) = reply(&app).await;
        drain(&app).await;
        let message = app.message(&conversation, &id).await;
        assert_eq!(message["status"], "failed");
        assert_eq!(message["error"]["code"], 1);
        assert!(
            message["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
        assert!(app.sim.sent_messages().is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn meta_refusing_outside_the_window_asynchronously_fails_the_message_and_closes_the_window() {
    for app in spawn_apps().await {
        let (conversation, id) = reply_after_sim_window_expired(&app).await;
        app.settle().await;
        let message = app.message(&conversation, &id).await;
        assert_eq!(message["status"], "failed", "{message}");
        assert_eq!(message["error"]["code"], 131047);
        assert!(
            message["error"]["message"]
                .as_str()
                .unwrap()
                .contains("24-uursvenster"),
            "{message}"
        );
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        assert_eq!(detail["window"]["state"], "closed");
        let refused = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/messages"),
                &json!({"text": "Nog een poging"}),
            )
            .await;
        assert_eq!(
            refused.status(),
            422,
            "Loket now knows the window is closed"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn meta_refusing_outside_the_window_synchronously_fails_the_message_and_closes_the_window() {
    for app in spawn_apps().await {
        app.sim.set_window_enforcement(WindowEnforcement::Sync);
        let (conversation, id) = reply_after_sim_window_expired(&app).await;
        app.settle().await;
        let message = app.message(&conversation, &id).await;
        assert_eq!(message["status"], "failed");
        assert_eq!(message["error"]["code"], 131047);
        assert_eq!(
            app.get_json(&format!("/api/v1/conversations/{conversation}"))
                .await["window"]["state"],
            "closed"
        );
        app.cleanup().await;
    }
}

/// Loket's clock says the window is open, but Meta's says it is not.
async fn reply_after_sim_window_expired(app: &TestApp) -> (String, String) {
    let conversation = app.resident_writes("Hallo").await;
    let long_ago = "2026-11-10T09:00:00Z".parse().unwrap();
    app.sim.set_last_inbound("31612345678", long_ago);
    let response = app
        .post_json(
            &format!("/api/v1/conversations/{conversation}/messages"),
            &json!({"text": "Hallo terug"}),
        )
        .await;
    let body: Value = response.json().await.unwrap();
    (conversation, body["id"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_timeout_after_sending_marks_the_message_uncertain_and_only_an_agent_retries_it() {
    for app in spawn_apps().await {
        app.sim.set_timeout_hold(Duration::from_secs(30));
        app.sim.fail_next_sends(SendFault::Timeout, 1);
        let (conversation, id) = reply(&app).await;
        drain(&app).await;
        let message = app.message(&conversation, &id).await;
        assert_eq!(message["status"], "uncertain", "{message}");
        assert!(
            message["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Onbekend"),
            "{message}"
        );
        assert_eq!(
            app.sim.sent_messages().len(),
            1,
            "the sim got it once; Loket did not resend on its own"
        );

        let retry = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/messages/{id}/retry"),
                &json!({}),
            )
            .await;
        assert_eq!(retry.status(), 200);
        drain(&app).await;
        assert_eq!(app.message(&conversation, &id).await["status"], "read");
        assert_eq!(
            app.sim.sent_messages().len(),
            2,
            "sent again because the agent chose to"
        );
        let again = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/messages/{id}/retry"),
                &json!({}),
            )
            .await;
        assert_eq!(again.status(), 409, "a delivered message cannot be retried");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_expired_access_token_fails_the_message_and_flags_the_channel() {
    for app in spawn_apps().await {
        app.sim.fail_next_sends(SendFault::ExpiredToken, 1);
        let (conversation, id) = reply(&app).await;
        drain(&app).await;
        let message = app.message(&conversation, &id).await;
        assert_eq!(message["status"], "failed");
        assert_eq!(message["error"]["code"], 190);
        let org = app
            .store
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap();
        let channels = app.store.list_channels(org.id).await.unwrap();
        assert!(
            channels[0]
                .needs_attention
                .as_deref()
                .unwrap_or_default()
                .contains("toegangssleutel")
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn permanent_errors_fail_at_once_without_retrying() {
    for (fault, code, async_failure) in [
        (SendFault::UnsupportedType, 131051, false),
        (SendFault::Undeliverable, 131026, true),
    ] {
        for app in spawn_apps().await {
            app.sim.fail_next_sends(fault, 1);
            let (conversation, id) = reply(&app).await;
            app.settle().await;
            let message = app.message(&conversation, &id).await;
            assert_eq!(message["status"], "failed", "{fault:?}: {message}");
            assert_eq!(message["error"]["code"], code);
            assert_eq!(app.sim.fired(fault), 1);
            let expected_sent = usize::from(async_failure);
            assert_eq!(app.sim.sent_messages().len(), expected_sent, "{fault:?}");
            assert_eq!(
                app.store
                    .queue_stats(loket_domain::Clock::now(app.clock.as_ref()))
                    .await
                    .unwrap()
                    .depth,
                0,
                "no retry queued"
            );
            app.cleanup().await;
        }
    }
}

#[tokio::test]
async fn statuses_out_of_order_or_repeated_never_move_a_message_backwards() {
    for app in spawn_apps().await {
        app.sim.set_status_plan(loket_sim::StatusPlan {
            read_before_delivered: true,
            duplicate: true,
            ..loket_sim::StatusPlan::immediate()
        });
        let (conversation, id) = reply(&app).await;
        app.settle().await;
        assert_eq!(app.message(&conversation, &id).await["status"], "read");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn mark_as_read_reaches_meta_with_the_typing_indicator() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo?").await;
        let response = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/read"),
                &json!({"typing": true}),
            )
            .await;
        assert_eq!(response.status(), 202);
        app.settle().await;
        let marks = app.sim.read_marks();
        assert_eq!(marks.len(), 1);
        assert!(marks[0].typing_indicator);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_send_interrupted_in_flight_is_left_uncertain_and_never_sent_again_by_the_worker() {
    for app in spawn_apps().await {
        let (conversation, id) = reply(&app).await;
        // What a crash between "in flight" and Meta's answer leaves behind.
        let org = app
            .store
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap();
        let now = loket_domain::Clock::now(app.clock.as_ref());
        let message_id: loket_domain::MessageId = id.parse().unwrap();
        let in_flight = loket_domain::delivery::ProviderError {
            code: -1,
            title: "Onbekend of WhatsApp het bericht heeft ontvangen".into(),
            details: None,
        };
        assert!(
            app.store
                .set_message_status(
                    org.id,
                    message_id,
                    loket_domain::delivery::DeliveryStatus::Uncertain,
                    Some(&in_flight),
                    now
                )
                .await
                .unwrap()
        );
        drain(&app).await;
        assert!(
            app.sim.sent_messages().is_empty(),
            "the worker must not send an in-flight message again"
        );
        let message = app.message(&conversation, &id).await;
        assert_eq!(message["status"], "uncertain");
        assert!(
            message["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Onbekend")
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_delivered_message_shows_no_error_left_over_from_sending() {
    for app in spawn_apps().await {
        let (conversation, id) = reply(&app).await;
        drain(&app).await;
        let message = app.message(&conversation, &id).await;
        assert_eq!(message["status"], "read");
        assert!(message["error"].is_null(), "{message}");
        app.cleanup().await;
    }
}
