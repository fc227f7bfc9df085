//! One bad row must never break reads or start-up (issue 7 §1), and the sender's clock is
//! not trusted for the reply window (§3).

use loket_sim::Resident;
use serde_json::{Value, json};

use crate::support::{ADMIN_TOKEN, TestApp, spawn_apps, spawn_apps_without_channel};

fn resident() -> Resident {
    Resident::new("Fatima de Vries", "31612345678")
}

/// `{"a":{"a":…1…}}`, `levels` objects deep, as the text of a Flow's `response_json`.
fn nested_json_text(levels: usize) -> String {
    format!("{}1{}", r#"{"a":"#.repeat(levels), "}".repeat(levels))
}

fn deep_flow_reply(app: &TestApp, levels: usize) -> Value {
    app.sim.message(
        &resident(),
        "interactive",
        json!({"type": "nfm_reply", "nfm_reply": {
            "name": "flow", "body": "Verstuurd", "response_json": nested_json_text(levels)}}),
    )
}

fn template_status_update(app: &TestApp) -> Value {
    json!({"object": "whatsapp_business_account", "entry": [{
        "id": app.sim.config().waba_id, "time": 1_763_544_600,
        "changes": [{"field": "message_template_status_update", "value": {
            "event": "APPROVED", "message_template_id": 1_234_567_890u64,
            "message_template_name": "afspraak_bevestigd",
            "message_template_language": "nl", "reason": "NONE"}}]}]})
}

async fn unrouted_events(app: &TestApp) -> Value {
    let response = app
        .get_with("/api/v1/admin/unrouted-events", Some(ADMIN_TOKEN))
        .await;
    assert_eq!(response.status(), 200, "on {:?}", app.backend);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_flow_reply_nested_127_levels_deep_reads_back_and_can_be_marked_read() {
    for app in spawn_apps().await {
        let message = deep_flow_reply(&app, 127);
        let envelope = app.sim.envelope(vec![message], vec![resident().contact()]);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        let conversation = app.conversations().await[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        let content = &detail["messages"][0]["content"];
        assert_eq!(content["type"], "flow_reply", "{content}");
        assert_eq!(
            content["response"],
            nested_json_text(127),
            "too deep to keep as JSON: kept whole, as its text"
        );
        let read = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/read"),
                &json!({}),
            )
            .await;
        assert!(read.status().is_success(), "{}", read.status());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_shallow_flow_response_is_still_kept_as_json() {
    for app in spawn_apps().await {
        let message = deep_flow_reply(&app, 3);
        let envelope = app.sim.envelope(vec![message], vec![resident().contact()]);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        let content = &app.all_messages().await[0]["content"];
        assert_eq!(content["response"], json!({"a": {"a": {"a": 1}}}));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_unrouted_deep_flow_reply_is_listed_and_replayed_when_its_number_is_configured() {
    for app in spawn_apps_without_channel().await {
        let message = deep_flow_reply(&app, 127);
        let envelope = app.sim.envelope(vec![message], vec![resident().contact()]);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        assert_eq!(
            unrouted_events(&app).await["items"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let report = app
            .engine
            .provision(&crate::support::provisioning(&app.sim, true))
            .await
            .unwrap();
        assert_eq!(report.replayed, 1);
        assert_eq!(app.all_messages().await.len(), 1);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_unrouted_template_status_update_is_listed_and_replayed() {
    for app in spawn_apps_without_channel().await {
        let delivered = app
            .sim
            .deliver(&template_status_update(&app))
            .await
            .unwrap();
        assert_eq!(delivered.status, 200);
        let listed = unrouted_events(&app).await;
        let items = listed["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{listed}");
        let event = &items[0]["event"]["event"];
        assert_eq!(event["name"], "afspraak_bevestigd", "{event}");
        assert_eq!(event["template_event"], "APPROVED", "{event}");

        let report = app
            .engine
            .provision(&crate::support::provisioning(&app.sim, true))
            .await
            .unwrap();
        assert_eq!(report.replayed, 1);
        assert!(
            unrouted_events(&app).await["items"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        app.cleanup().await;
    }
}

/// A message with the given `timestamp` field; returns its conversation's id.
async fn resident_writes_at(app: &TestApp, timestamp: Value) -> String {
    let mut message = app.sim.text(&resident(), "Is het gemeentehuis open?");
    message["timestamp"] = timestamp;
    let envelope = app.sim.envelope(vec![message], vec![resident().contact()]);
    assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
    app.conversations().await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn reply(app: &TestApp, conversation: &str) -> reqwest::StatusCode {
    app.post_json(
        &format!("/api/v1/conversations/{conversation}/messages"),
        &json!({"text": "Ja, tot 17:00."}),
    )
    .await
    .status()
}

#[tokio::test]
async fn a_future_timestamp_does_not_open_the_window_past_24_hours_after_receipt() {
    for app in spawn_apps().await {
        let conversation = resident_writes_at(&app, json!("99999999999")).await;
        let message = &app.all_messages().await[0];
        assert!(
            message["sent_at"].as_str().unwrap().starts_with("5138-"),
            "the provider's time is kept for display: {message}"
        );
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        assert_eq!(
            detail["window"]["closes_at"], "2026-11-20T09:30:00Z",
            "24 hours after receipt: {}",
            detail["window"]
        );
        app.clock.advance(std::time::Duration::from_secs(25 * 3600));
        assert_eq!(reply(&app, &conversation).await, 422);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_garbage_or_missing_timestamp_still_allows_a_reply() {
    for app in spawn_apps().await {
        let conversation = resident_writes_at(&app, json!("gisteren")).await;
        assert_eq!(reply(&app, &conversation).await, 201);
        app.cleanup().await;
    }
    for app in spawn_apps().await {
        let conversation = resident_writes_at(&app, Value::Null).await;
        assert_eq!(reply(&app, &conversation).await, 201);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_plausible_timestamp_from_a_redelivery_still_sets_the_window() {
    for app in spawn_apps().await {
        // Meta redelivered a message the resident sent two hours ago.
        let sent = crate::support::start_time().as_second() - 2 * 3600;
        let conversation = resident_writes_at(&app, json!(sent.to_string())).await;
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        assert_eq!(detail["window"]["closes_at"], "2026-11-20T07:30:00Z");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_nul_character_in_a_name_or_id_does_not_fail_the_webhook_it_came_in() {
    for app in spawn_apps().await {
        let mut odd = app.sim.text(&resident(), "Hallo\u{0}daar");
        odd["id"] = format!("{}\u{0}", odd["id"].as_str().unwrap()).into();
        let mut contact = resident().contact();
        contact["profile"]["name"] = "Fatima\u{0}".into();
        let plain = app.sim.text(&resident(), "Nog een vraag");
        let envelope = app.sim.envelope(vec![odd, plain], vec![contact]);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        let messages = app.all_messages().await;
        assert_eq!(messages.len(), 2, "on {:?}", app.backend);
        assert_eq!(
            messages[0]["content"]["body"], "Hallo\u{0}daar",
            "text keeps it"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_damaged_message_row_shows_as_unreadable_without_failing_its_conversation() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Eerste vraag").await;
        let envelope = app.sim.envelope(
            vec![app.sim.text(&resident(), "Tweede vraag")],
            vec![resident().contact()],
        );
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        app.execute_sql(
            "update messages set content = '{\"type\": \"te' where seq = (select min(seq) from messages)",
        )
        .await;
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        let messages = detail["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 2);
        assert_eq!(messages[0]["content"]["type"], "unreadable");
        assert_eq!(messages[1]["content"]["body"], "Tweede vraag");
        assert_eq!(app.conversations().await.len(), 1, "the list reads too");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_damaged_unrouted_event_is_listed_as_unreadable() {
    for app in spawn_apps_without_channel().await {
        let envelope = app.sim.envelope(
            vec![app.sim.text(&resident(), "Hallo")],
            vec![resident().contact()],
        );
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        app.execute_sql("update unrouted_events set event = '{\"account_id\": '")
            .await;
        let listed = unrouted_events(&app).await;
        assert_eq!(listed["items"][0]["unreadable"], true, "{listed}");
        let report = app
            .engine
            .provision(&crate::support::provisioning(&app.sim, true))
            .await
            .unwrap();
        assert_eq!(report.replayed, 0, "not replayed, and the start goes on");
        assert_eq!(
            unrouted_events(&app).await["items"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_message_replayed_days_after_it_arrived_opens_the_window_from_its_arrival() {
    for app in spawn_apps_without_channel().await {
        let envelope = app.sim.envelope(
            vec![app.sim.text(&resident(), "Hallo?")],
            vec![resident().contact()],
        );
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        // The number is configured eight days later.
        app.clock
            .advance(std::time::Duration::from_secs(8 * 24 * 3600));
        let report = app
            .engine
            .provision(&crate::support::provisioning(&app.sim, true))
            .await
            .unwrap();
        assert_eq!(report.replayed, 1);
        let conversation = app.conversations().await[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        assert_eq!(detail["window"]["state"], "closed", "{}", detail["window"]);
        app.cleanup().await;
    }
}
