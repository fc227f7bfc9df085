//! The 24-hour customer service window as Meta enforces it.

use std::time::Duration;

use loket_domain::Clock;
use loket_sim::{Resident, SERVICE_WINDOW, WindowEnforcement};
use serde_json::json;

use crate::support::{start_immediate, statuses, text_to};

const TO: &str = "31612345678";

fn template() -> serde_json::Value {
    json!({"messaging_product": "whatsapp", "to": TO, "type": "template", "template": {
        "name": "afspraak_herinnering", "language": {"code": "nl"}, "components": [
            {"type": "body", "parameters": [{"type": "text", "text": "12 juni"}, {"type": "text", "text": "10:30"}]}]}})
}

#[tokio::test]
async fn a_free_form_send_to_a_resident_who_never_wrote_is_accepted_then_fails_with_131047() {
    let h = start_immediate().await;
    let (status, answer) = h.send(&text_to(TO, "Hallo")).await;
    assert_eq!(status, 200, "accepted synchronously: {answer}");
    let wamid = answer["messages"][0]["id"].as_str().unwrap();
    h.sim.flush_statuses().await;
    let all = statuses(&h.receiver.received());
    assert_eq!(all.len(), 1);
    let (id, status, object) = &all[0];
    assert_eq!((id.as_str(), status.as_str()), (wamid, "failed"));
    assert_eq!(object["recipient_id"], TO);
    let error = &object["errors"][0];
    assert_eq!(error["code"], 131047);
    assert_eq!(error["title"], "Re-engagement message");
    assert_eq!(error["message"], "Re-engagement message");
    assert_eq!(
        error["error_data"]["details"],
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number."
    );
    assert_eq!(h.sim.sent_messages().len(), 1, "accepted sends are logged");
    assert_eq!(h.sim.status_webhooks()[0].error_code, Some(131047));
}

#[tokio::test]
async fn the_window_closes_24_hours_after_the_residents_last_message() {
    let h = start_immediate().await;
    h.sim.set_last_inbound(TO, h.clock.now());
    h.clock.advance(SERVICE_WINDOW - Duration::from_secs(1));
    assert!(h.sim.window_open(TO));
    h.send(&text_to(TO, "Net op tijd")).await;
    h.clock.advance(Duration::from_secs(1));
    assert!(!h.sim.window_open(TO));
    h.send(&text_to(TO, "Te laat")).await;
    h.sim.flush_statuses().await;
    let all = statuses(&h.receiver.received());
    let failed: Vec<_> = all.iter().filter(|(_, s, _)| s == "failed").collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].0, h.sim.sent_messages()[1].wamid);
}

#[tokio::test]
async fn the_synchronous_option_refuses_with_http_400_and_code_131047() {
    let h = start_immediate().await;
    h.sim.set_window_enforcement(WindowEnforcement::Sync);
    let (status, answer) = h.send(&text_to(TO, "Hallo")).await;
    assert_eq!(status, 400);
    assert_eq!(answer["error"]["code"], 131047);
    assert_eq!(
        answer["error"]["message"],
        "(#131047) Re-engagement message"
    );
    assert_eq!(answer["error"]["type"], "OAuthException");
    assert!(h.sim.sent_messages().is_empty());
    h.sim.flush_statuses().await;
    assert!(h.receiver.received().is_empty());
}

#[tokio::test]
async fn templates_are_allowed_outside_the_window_and_priced_as_regular() {
    let h = start_immediate().await;
    h.sim.set_window_enforcement(WindowEnforcement::Sync);
    let (status, answer) = h.send(&template()).await;
    assert_eq!(status, 200, "{answer}");
    h.sim.flush_statuses().await;
    let all = statuses(&h.receiver.received());
    assert_eq!(
        all.iter().map(|(_, s, _)| s.as_str()).collect::<Vec<_>>(),
        ["sent", "delivered", "read"]
    );
    assert_eq!(
        all[1].2["pricing"],
        json!({"billable": true, "pricing_model": "PMP", "category": "utility", "type": "regular"})
    );
}

#[tokio::test]
async fn a_residents_message_delivered_by_the_sim_opens_their_window() {
    let h = start_immediate().await;
    assert!(!h.sim.window_open(TO));
    let sanne = Resident::new("Sanne", TO);
    let body = h
        .sim
        .envelope(vec![h.sim.text(&sanne, "Hoi")], vec![sanne.contact()]);
    h.sim.deliver(&body).await.unwrap();
    assert_eq!(h.sim.last_inbound(TO), Some(h.clock.now()));
    assert!(h.sim.window_open(TO));
    h.sim.set_window_enforcement(WindowEnforcement::Sync);
    assert_eq!(h.send(&text_to(TO, "Dag Sanne")).await.0, 200);
}

#[tokio::test]
async fn with_the_window_off_every_send_is_delivered() {
    let h = start_immediate().await;
    h.sim.set_window_enforcement(WindowEnforcement::Off);
    h.send(&text_to(TO, "Belasting")).await;
    h.sim.flush_statuses().await;
    assert!(
        statuses(&h.receiver.received())
            .iter()
            .all(|(_, s, _)| s != "failed")
    );
}
