//! Bodies that are not webhooks are rejected; oddities inside a webhook are kept.

use loket_channels::whatsapp::{ParseError, parse_webhook};
use loket_domain::Timestamp;
use loket_domain::inbound::InboundEvent;
use loket_domain::message::Content;
use serde_json::{Value, json};

use crate::support::{message, only};

fn body(v: &Value) -> Vec<u8> {
    v.to_string().into_bytes()
}

fn messages_envelope(value: Value) -> Vec<u8> {
    body(
        &json!({"object": "whatsapp_business_account", "entry": [{"id": "102290129340398",
        "changes": [{"field": "messages", "value": value}]}]}),
    )
}

#[test]
fn a_body_that_is_not_json_is_rejected_as_not_json() {
    for bad in [&b"not json"[..], b"", b"{\"object\":", b"\xff\xfe"] {
        assert!(matches!(parse_webhook(bad), Err(ParseError::NotJson(_))));
    }
}

#[test]
fn json_that_is_not_a_whatsapp_envelope_is_rejected_as_not_an_envelope() {
    for bad in [
        json!({"object": "page", "entry": []}),
        json!({"object": "whatsapp_business_account"}),
        json!({"object": "whatsapp_business_account", "entry": {}}),
        json!({"entry": []}),
        json!([]),
        json!("whatsapp_business_account"),
    ] {
        let result = parse_webhook(&body(&bad));
        assert!(
            matches!(result, Err(ParseError::NotAnEnvelope(_))),
            "{bad}: {result:?}"
        );
    }
}

#[test]
fn the_rejection_message_names_the_problem_without_echoing_the_body() {
    let err = parse_webhook(&body(&json!({"object": "page", "entry": []}))).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("\"page\""), "{text}");
    assert!(text.contains("whatsapp_business_account"), "{text}");
}

#[test]
fn an_envelope_without_entries_yields_no_events() {
    let events = parse_webhook(&body(
        &json!({"object": "whatsapp_business_account", "entry": []}),
    ))
    .unwrap();
    assert!(events.is_empty());
}

#[test]
fn an_unknown_message_type_is_kept_as_unsupported_with_its_raw_object() {
    let msg = json!({"from": "31612345678", "id": "wamid.poll", "timestamp": "1750090702",
        "type": "poll_creation", "poll_creation": {"name": "Wanneer?", "options": ["ma", "di"]}});
    let events = parse_webhook(&messages_envelope(json!({
        "metadata": {"display_phone_number": "3197010000000", "phone_number_id": "106540352242922"},
        "contacts": [{"profile": {"name": "Fatima"}, "wa_id": "31612345678"}],
        "messages": [msg.clone()]})))
    .unwrap();
    let m = message(only(&events));
    assert_eq!(
        m.content,
        Content::Unsupported {
            provider_type: "poll_creation".into(),
            raw: msg.clone()
        }
    );
    assert_eq!(m.raw, msg);
    assert_eq!(m.from.name.as_deref(), Some("Fatima"));
    assert_eq!(
        events[0].phone_number_id.as_deref(),
        Some("106540352242922")
    );
}

#[test]
fn a_known_type_with_a_broken_object_is_kept_as_unsupported_rather_than_rejected() {
    let events = parse_webhook(&messages_envelope(json!({"messages": [
        {"from": "316", "id": "w1", "timestamp": "1", "type": "location",
         "location": {"latitude": "north"}},
        {"from": "316", "id": "w2", "timestamp": 2, "type": "reaction", "reaction": {}},
        "not an object"]})))
    .unwrap();
    assert_eq!(events.len(), 3);
    assert!(matches!(&message(&events[0]).content,
        Content::Unsupported { provider_type, .. } if provider_type == "location"));
    let second = message(&events[1]);
    assert!(matches!(&second.content,
        Content::Unsupported { provider_type, .. } if provider_type == "reaction"));
    assert_eq!(second.sent_at, Timestamp::from_second(2).unwrap());
    assert!(matches!(&events[2].event,
        InboundEvent::Other { field, raw } if field == "messages" && raw == "not an object"));
}

#[test]
fn a_bad_timestamp_becomes_the_epoch_and_the_raw_keeps_the_original() {
    let events = parse_webhook(&messages_envelope(json!({"messages": [
        {"from": "316", "id": "w1", "timestamp": "gisteren", "type": "text",
         "text": {"body": "hoi"}}]})))
    .unwrap();
    let m = message(only(&events));
    assert_eq!(m.sent_at, Timestamp::UNIX_EPOCH);
    assert_eq!(m.raw["timestamp"], "gisteren");
}

#[test]
fn value_level_errors_without_messages_become_a_channel_error() {
    let errors = json!([{"code": 130429, "title": "Rate limit hit",
        "message": "(#130429) Rate limit hit",
        "error_data": {"details": "Cloud API message throughput has been reached."},
        "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]);
    let events = parse_webhook(&messages_envelope(json!({"messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "errors": errors.clone()})))
    .unwrap();
    let InboundEvent::ChannelError {
        errors: parsed,
        raw,
    } = &only(&events).event
    else {
        panic!("expected a channel error: {events:?}");
    };
    assert_eq!(parsed[0].code, 130429);
    assert_eq!(parsed[0].title, "Rate limit hit");
    assert_eq!(
        parsed[0].details.as_deref(),
        Some("Cloud API message throughput has been reached.")
    );
    assert_eq!(*raw, errors);
}

#[test]
fn a_template_status_update_is_parsed_with_its_numeric_id_as_a_string() {
    // Meta's documented example (reference §2.6).
    let value = json!({"event": "APPROVED", "message_template_id": 1689556908129832u64,
        "message_template_name": "order_confirmation", "message_template_language": "en-US",
        "reason": "NONE", "message_template_category": "UTILITY"});
    let events = parse_webhook(&body(&json!({"entry": [{"id": "102290129340398",
        "time": 1751247548, "changes": [{"value": value.clone(),
        "field": "message_template_status_update"}]}], "object": "whatsapp_business_account"})))
    .unwrap();
    let event = only(&events);
    assert_eq!(event.account_id, "102290129340398");
    assert_eq!(event.phone_number_id, None);
    let InboundEvent::TemplateStatus(t) = &event.event else {
        panic!("expected a template status: {event:?}");
    };
    assert_eq!(t.template_id, "1689556908129832");
    assert_eq!(t.name, "order_confirmation");
    assert_eq!(t.language, "en-US");
    assert_eq!(t.event, "APPROVED");
    assert_eq!(t.reason.as_deref(), Some("NONE"));
    assert_eq!(t.at, Some(Timestamp::from_second(1_751_247_548).unwrap()));
    assert_eq!(t.raw, value);
}

#[test]
fn a_template_deletion_with_a_null_reason_has_no_reason() {
    let events = parse_webhook(&body(&json!({"object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "message_template_status_update",
        "value": {"event": "PENDING_DELETION", "message_template_id": 7,
                  "message_template_name": "x", "message_template_language": "nl",
                  "reason": null}}]}]})))
    .unwrap();
    let InboundEvent::TemplateStatus(t) = &only(&events).event else {
        panic!("expected a template status");
    };
    assert_eq!(t.reason, None);
    assert_eq!(t.at, None);
}

#[test]
fn a_field_we_do_not_handle_is_kept_as_an_other_event_with_its_value() {
    let value = json!({"phone_number": "15550783881", "event": "VERIFIED_ACCOUNT"});
    let events = parse_webhook(&body(&json!({"object": "whatsapp_business_account",
        "entry": [{"id": 102290129340398u64, "changes": [
            {"field": "account_update", "value": value.clone()}]}]})))
    .unwrap();
    let event = only(&events);
    assert_eq!(event.account_id, "102290129340398");
    assert_eq!(
        event.event,
        InboundEvent::Other {
            field: "account_update".into(),
            raw: value
        }
    );
}
