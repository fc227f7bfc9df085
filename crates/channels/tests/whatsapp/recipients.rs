//! Residents known only by a business-scoped user id (BSUID), and what status webhooks say
//! besides the status: `recipient_user_id` and `pricing` (reference §2.3, §3.1).

use loket_channels::whatsapp::wire::SendResponse;
use loket_channels::whatsapp::{Recipient, SendOptions, message_request, parse_webhook};
use loket_domain::delivery::{DeliveryStatus, Pricing};
use loket_domain::message::Content;
use serde_json::json;

use crate::support::{only, status};

fn text() -> Content {
    Content::Text {
        body: "Dank je, we kijken ernaar.".into(),
    }
}

#[test]
fn a_resident_known_only_by_a_business_scoped_user_id_is_addressed_with_recipient_instead_of_to() {
    let body = message_request(
        Recipient::UserId("NL.1234567890123456"),
        &text(),
        &SendOptions::default(),
    )
    .unwrap();
    assert_eq!(body["recipient"], "NL.1234567890123456");
    assert!(body.get("to").is_none(), "{body}");
    assert_eq!(body["messaging_product"], "whatsapp");
    assert_eq!(body["type"], "text");

    let by_number = message_request("31612345678", &text(), &SendOptions::default()).unwrap();
    assert_eq!(by_number["to"], "31612345678");
    assert!(by_number.get("recipient").is_none());
}

#[test]
fn an_empty_business_scoped_user_id_is_refused_before_anything_is_sent() {
    let built = message_request(Recipient::UserId(" "), &text(), &SendOptions::default());
    assert!(built.is_err(), "{built:?}");
}

#[test]
fn a_send_answer_naming_the_resident_by_user_id_is_read() {
    let answer: SendResponse = serde_json::from_value(json!({"messaging_product": "whatsapp",
        "contacts": [{"input": "NL.1234567890123456", "user_id": "NL.1234567890123456"}],
        "messages": [{"id": "wamid.HBgLMzE2MTIzNDU2NzgVAgARGBI"}]}))
    .unwrap();
    assert_eq!(
        answer.contacts[0].user_id.as_deref(),
        Some("NL.1234567890123456")
    );
    assert_eq!(answer.contacts[0].wa_id, None);
}

fn status_webhook(status: serde_json::Value) -> Vec<u8> {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
        "value": {"messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
            "statuses": [status]},
        "field": "messages"}]}]})
    .to_string()
    .into_bytes()
}

#[test]
fn a_status_webhook_s_pricing_and_recipient_user_id_are_kept() {
    // Meta's documented example (§2.3), with the BSUID a 2026 status carries.
    let body = status_webhook(json!({
        "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=", "status": "delivered",
        "timestamp": "1750030073", "recipient_id": "16505551234", "recipient_user_id": "US.13491208655302741918",
        "pricing": {"billable": true, "pricing_model": "PMP", "type": "regular", "category": "marketing"}}));
    let events = parse_webhook(&body).unwrap();
    let update = status(only(&events));
    assert_eq!(update.status, DeliveryStatus::Delivered);
    assert_eq!(
        update.recipient.user_id.as_deref(),
        Some("US.13491208655302741918")
    );
    assert_eq!(
        update.pricing,
        Some(Pricing {
            pricing_model: Some("PMP".into()),
            kind: Some("regular".into()),
            category: Some("marketing".into()),
            billable: Some(true),
        })
    );
}

#[test]
fn a_status_without_pricing_or_with_an_odd_billable_keeps_what_it_can() {
    let plain = status_webhook(
        json!({"id": "wamid.A", "status": "sent", "timestamp": "1750030073",
        "recipient_id": "16505551234"}),
    );
    assert_eq!(status(only(&parse_webhook(&plain).unwrap())).pricing, None);

    let odd = status_webhook(
        json!({"id": "wamid.B", "status": "read", "timestamp": "1750030073",
        "recipient_id": "16505551234",
        "pricing": {"billable": "yes", "pricing_model": "PMP", "category": "service", "type": "free_customer_service"}}),
    );
    let pricing = status(only(&parse_webhook(&odd).unwrap()))
        .pricing
        .clone()
        .unwrap();
    assert_eq!(pricing.category.as_deref(), Some("service"));
    assert_eq!(pricing.billable, None);
}
