//! Webhook delivery: escaping, signature, headers, answers.

use loket_channels::whatsapp::signature::verify;
use loket_sim::Resident;
use serde_json::json;

use crate::support::start;

fn resident() -> Resident {
    Resident::new("Sanne de Vries", "31612345678")
}

#[tokio::test]
async fn a_delivered_webhook_carries_a_signature_that_verifies_over_the_exact_received_bytes() {
    let h = start().await;
    let body = h.sim.envelope(
        vec![h.sim.text(&resident(), "Hoi gemeente")],
        vec![resident().contact()],
    );
    let delivered = h.sim.deliver(&body).await.unwrap();
    assert_eq!(delivered.status, 200);
    let received = &h.receiver.received()[0];
    let signature = received.header("x-hub-signature-256");
    assert!(
        signature.starts_with("sha256=") && signature.len() == 71,
        "{signature}"
    );
    assert!(verify(h.secret(), &received.body, signature));
    assert!(!verify(b"another-secret", &received.body, signature));
}

#[tokio::test]
async fn non_ascii_text_arrives_as_unicode_escapes_with_surrogate_pairs_and_escaped_slashes() {
    let h = start().await;
    let text = "Afvalcontainer zit vol 🗑️ bij de Kerkstraat, graag legen";
    let message = h.sim.text(&resident(), text);
    let body = h.sim.envelope(
        vec![message],
        vec![json!({"profile": {"name": "Zoë"}, "wa_id": "31612345678"})],
    );
    h.sim.deliver(&body).await.unwrap();
    let raw = String::from_utf8(h.receiver.received()[0].body.to_vec()).unwrap();
    assert!(raw.is_ascii(), "{raw}");
    assert!(
        raw.contains(r"zit vol \ud83d\uddd1\ufe0f bij de Kerkstraat"),
        "{raw}"
    );
    assert!(raw.contains(r#""name":"Zo\u00eb""#), "{raw}");
    assert!(
        !raw.contains(": ") && !raw.contains(", \""),
        "compact JSON: {raw}"
    );
    h.sim
        .deliver(&json!({"url": "https://example.org/a"}))
        .await
        .unwrap();
    let raw = String::from_utf8(h.receiver.received()[1].body.to_vec()).unwrap();
    assert_eq!(raw, r#"{"url":"https:\/\/example.org\/a"}"#);
}

#[tokio::test]
async fn webhooks_are_posted_as_json_by_facebookexternalua() {
    let h = start().await;
    h.sim
        .deliver(&json!({"object": "whatsapp_business_account", "entry": []}))
        .await
        .unwrap();
    let received = &h.receiver.received()[0];
    assert_eq!(received.header("content-type"), "application/json");
    assert_eq!(received.header("user-agent"), "facebookexternalua");
}

#[tokio::test]
async fn the_received_body_parses_back_to_the_json_that_was_delivered() {
    let h = start().await;
    let me = resident();
    let messages = vec![
        h.sim.text(&me, "Café “De Zwaan” 👍 / vraag"),
        h.sim.reaction(&me, "wamid.x", "😮"),
    ];
    let body = h.sim.envelope(messages, vec![me.contact()]);
    h.sim.deliver(&body).await.unwrap();
    assert_eq!(h.receiver.received()[0].json(), body);
}

#[tokio::test]
async fn a_signature_override_is_sent_as_given_and_does_not_verify() {
    let h = start().await;
    let body = br#"{"object":"whatsapp_business_account","entry":[]}"#.to_vec();
    let wrong = "sha256=".to_owned() + &"0".repeat(64);
    h.sim
        .deliver_raw(body.clone(), Some(wrong.clone()))
        .await
        .unwrap();
    h.sim.deliver_unsigned(body.clone()).await.unwrap();
    h.sim.deliver_raw(body, None).await.unwrap();
    let received = h.receiver.received();
    assert_eq!(received[0].header("x-hub-signature-256"), wrong);
    assert!(!verify(h.secret(), &received[0].body, &wrong));
    assert!(received[1].headers.get("x-hub-signature-256").is_none());
    assert!(verify(
        h.secret(),
        &received[2].body,
        received[2].header("x-hub-signature-256")
    ));
}

#[tokio::test]
async fn lokets_status_and_body_come_back_to_the_caller_and_are_counted() {
    let h = start().await;
    h.receiver.answer_with(503);
    let delivered = h.sim.deliver(&json!({"entry": []})).await.unwrap();
    assert_eq!(
        (delivered.status, delivered.body.as_str()),
        (503, "EVENT_RECEIVED")
    );
    assert!(!delivered.is_success());
    h.receiver.answer_with(200);
    assert!(
        h.sim
            .deliver(&json!({"entry": []}))
            .await
            .unwrap()
            .is_success()
    );
    let stats = h.sim.stats();
    assert_eq!((stats.webhooks_accepted, stats.webhooks_rejected), (1, 1));
}

#[tokio::test]
async fn without_a_webhook_url_delivery_fails_until_one_is_set() {
    let h = start().await;
    let url = h.sim.webhook_url();
    h.sim.set_webhook_url("");
    assert!(h.sim.deliver(&json!({})).await.is_err());
    h.sim.set_webhook_url(url);
    assert_eq!(h.sim.deliver(&json!({})).await.unwrap().status, 200);
}

#[tokio::test]
async fn a_webhook_to_a_closed_port_is_an_error_and_counted_as_failed() {
    let h = start().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let closed = listener.local_addr().unwrap();
    drop(listener);
    h.sim
        .set_webhook_url(format!("http://{closed}/webhooks/whatsapp"));
    assert!(h.sim.deliver(&json!({})).await.is_err());
    assert_eq!(h.sim.stats().webhooks_failed, 1);
}

#[tokio::test]
async fn the_subscription_handshake_sends_the_verify_token_and_gets_the_challenge_back() {
    let h = start().await;
    let (answer, challenge) = h.sim.subscribe().await.unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, challenge);
}

#[tokio::test]
async fn envelopes_carry_the_configured_account_number_and_the_residents_profile() {
    let h = start().await;
    let me = resident();
    let body = h
        .sim
        .envelope(vec![h.sim.text(&me, "Hallo")], vec![me.contact()]);
    let config = h.sim.config();
    assert_eq!(body["object"], "whatsapp_business_account");
    assert_eq!(body["entry"][0]["id"], config.waba_id.as_str());
    let change = &body["entry"][0]["changes"][0];
    assert_eq!(change["field"], "messages");
    let value = &change["value"];
    assert_eq!(value["messaging_product"], "whatsapp");
    assert_eq!(
        value["metadata"]["phone_number_id"],
        config.phone_number_id.as_str()
    );
    assert_eq!(
        value["metadata"]["display_phone_number"],
        config.display_phone_number.as_str()
    );
    assert_eq!(
        value["contacts"][0],
        json!({"profile": {"name": "Sanne de Vries"}, "wa_id": "31612345678", "user_id": me.user_id})
    );
    let message = &value["messages"][0];
    assert_eq!(message["from"], "31612345678");
    assert_eq!(message["from_user_id"], me.user_id.as_str());
    assert_eq!(message["timestamp"], crate::support::START.to_string());
    assert!(message["id"].as_str().unwrap().starts_with("wamid."));
    let no_contacts = h.sim.envelope(vec![], vec![]);
    assert!(
        no_contacts["entry"][0]["changes"][0]["value"]
            .get("contacts")
            .is_none()
    );
}
