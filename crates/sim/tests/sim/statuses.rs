//! Status webhooks after a send: signed, in the planned order, with pricing; skip, reorder,
//! duplicate, manual and the default delays.

use loket_channels::whatsapp::signature::verify;
use loket_sim::{StatusPlan, files};
use serde_json::{Value, json};

use crate::support::{Harness, start, start_immediate, statuses, text_to};

const TO: &str = "31612345678";

async fn send_text(h: &Harness) -> String {
    h.opened(TO);
    let (status, answer) = h
        .send(&text_to(TO, "We hebben je melding ontvangen."))
        .await;
    assert_eq!(status, 200, "{answer}");
    answer["messages"][0]["id"].as_str().unwrap().to_owned()
}

fn order(h: &Harness) -> Vec<String> {
    statuses(&h.receiver.received())
        .into_iter()
        .map(|(_, s, _)| s)
        .collect()
}

fn pricing() -> Value {
    json!({"billable": false, "pricing_model": "PMP", "category": "service", "type": "free_customer_service"})
}

#[tokio::test]
async fn status_webhooks_arrive_signed_in_order_sent_delivered_read_with_pricing_on_delivered() {
    let h = start_immediate().await;
    let wamid = send_text(&h).await;
    h.sim.flush_statuses().await;
    let received = h.receiver.received();
    assert_eq!(order(&h), ["sent", "delivered", "read"]);
    for webhook in &received {
        assert!(verify(
            h.secret(),
            &webhook.body,
            webhook.header("x-hub-signature-256")
        ));
        let value = &webhook.json()["entry"][0]["changes"][0]["value"];
        assert_eq!(
            value["metadata"]["phone_number_id"],
            h.sim.config().phone_number_id.as_str()
        );
        assert_eq!(
            webhook.json()["entry"][0]["changes"][0]["field"],
            "messages"
        );
    }
    let all = statuses(&received);
    for (id, status, object) in &all {
        assert_eq!(id, &wamid);
        assert_eq!(object["recipient_id"], TO);
        assert_eq!(object["timestamp"], crate::support::START.to_string());
        assert!(
            object.get("conversation").is_none(),
            "v24+ leaves conversation out"
        );
        assert_eq!(
            object.get("pricing").is_some(),
            status == "delivered",
            "{object}"
        );
    }
    assert_eq!(all[1].2["pricing"], pricing());
    let log = h.sim.status_webhooks();
    assert_eq!(log.len(), 3);
    assert!(
        log.iter()
            .all(|r| r.answer == Some(200) && r.wamid == wamid)
    );
    assert_eq!(h.sim.send_stats().statuses_delivered, 3);
}

#[tokio::test]
async fn skipping_delivered_sends_sent_then_read_with_the_pricing_on_read() {
    let h = start_immediate().await;
    h.sim.set_status_plan(StatusPlan {
        skip_delivered: true,
        ..StatusPlan::immediate()
    });
    send_text(&h).await;
    h.sim.flush_statuses().await;
    assert_eq!(order(&h), ["sent", "read"]);
    assert_eq!(statuses(&h.receiver.received())[1].2["pricing"], pricing());
}

#[tokio::test]
async fn a_reordering_plan_sends_read_before_delivered() {
    let h = start_immediate().await;
    h.sim.set_status_plan(StatusPlan {
        read_before_delivered: true,
        ..StatusPlan::immediate()
    });
    send_text(&h).await;
    h.sim.flush_statuses().await;
    assert_eq!(order(&h), ["sent", "read", "delivered"]);
}

#[tokio::test]
async fn a_duplicating_plan_sends_every_status_webhook_twice() {
    let h = start_immediate().await;
    h.sim.set_status_plan(StatusPlan {
        duplicate: true,
        ..StatusPlan::immediate()
    });
    send_text(&h).await;
    h.sim.flush_statuses().await;
    assert_eq!(
        order(&h),
        ["sent", "sent", "delivered", "delivered", "read", "read"]
    );
    let received = h.receiver.received();
    assert_eq!(received[0].body, received[1].body);
}

#[tokio::test]
async fn a_manual_plan_sends_nothing_until_the_test_sends_a_status() {
    let h = start_immediate().await;
    h.sim.set_status_plan(StatusPlan::manual());
    let wamid = send_text(&h).await;
    h.sim.flush_statuses().await;
    assert!(h.receiver.received().is_empty());
    assert_eq!(
        h.sim.send_status(&wamid, "delivered").await.unwrap().status,
        200
    );
    h.sim.send_status(&wamid, "failed").await.unwrap();
    let all = statuses(&h.receiver.received());
    assert_eq!(
        (all[0].1.as_str(), &all[0].2["pricing"]),
        ("delivered", &pricing())
    );
    assert_eq!(all[1].2["errors"][0]["code"], 131026);
    assert!(h.sim.send_status("wamid.onbekend", "read").await.is_err());
}

#[tokio::test]
async fn a_reaction_send_yields_only_sent() {
    let h = start_immediate().await;
    h.opened(TO);
    let reaction = json!({"messaging_product": "whatsapp", "to": TO, "type": "reaction", "reaction": {"message_id": "wamid.x", "emoji": "🙏"}});
    assert_eq!(h.send(&reaction).await.0, 200);
    h.sim.flush_statuses().await;
    assert_eq!(order(&h), ["sent"]);
}

#[tokio::test]
async fn a_voice_note_is_played_after_it_is_read() {
    let h = start_immediate().await;
    h.opened(TO);
    let id = h
        .sim
        .add_media(files::voice_note(2), "audio/ogg; codecs=opus");
    let voice = json!({"messaging_product": "whatsapp", "to": TO, "type": "audio", "audio": {"id": id, "voice": true}});
    assert_eq!(h.send(&voice).await.0, 200);
    h.sim.flush_statuses().await;
    assert_eq!(order(&h), ["sent", "delivered", "read", "played"]);
}

#[tokio::test]
async fn the_callback_data_of_a_send_comes_back_in_every_status() {
    let h = start_immediate().await;
    h.opened(TO);
    let mut request = text_to(TO, "Met referentie");
    request["biz_opaque_callback_data"] = json!("zaak-2026-0042");
    h.send(&request).await;
    h.sim.flush_statuses().await;
    let all = statuses(&h.receiver.received());
    assert_eq!(all.len(), 3);
    assert!(
        all.iter()
            .all(|(_, _, s)| s["biz_opaque_callback_data"] == "zaak-2026-0042")
    );
}

#[tokio::test]
async fn with_the_default_plan_the_send_is_answered_before_any_status_webhook_arrives() {
    let h = start().await;
    assert_eq!(h.sim.status_plan(), StatusPlan::default());
    send_text(&h).await;
    assert!(
        h.receiver.received().is_empty(),
        "the first status follows after 50 ms"
    );
    h.sim.flush_statuses().await;
    assert_eq!(order(&h), ["sent", "delivered", "read"]);
}

#[tokio::test]
async fn rejected_status_webhooks_are_retried_as_the_plan_says() {
    let h = start_immediate().await;
    h.sim.set_status_plan(StatusPlan {
        retries: 2,
        skip_read: true,
        skip_delivered: true,
        ..StatusPlan::immediate()
    });
    h.receiver.answer_with(500);
    send_text(&h).await;
    h.sim.flush_statuses().await;
    assert_eq!(order(&h), ["sent", "sent", "sent"]);
    let stats = h.sim.send_stats();
    assert_eq!(
        (stats.statuses_delivered, stats.statuses_undelivered),
        (0, 3)
    );
}
