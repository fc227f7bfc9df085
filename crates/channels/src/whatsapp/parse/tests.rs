//! The parser's envelope, addressing, contact matching and storability rules.

use super::*;
use loket_domain::message::Content;
use serde_json::json;

fn envelope(value: Value) -> Vec<u8> {
    json!({"object": "whatsapp_business_account", "entry": [{"id": 42, "changes": [
        {"field": "messages", "value": value}]}]})
    .to_string()
    .into_bytes()
}

#[test]
fn a_numeric_entry_id_becomes_the_account_id_string() {
    let events = parse_webhook(&envelope(json!({"statuses": [
        {"id": "wamid.1", "status": "sent", "timestamp": "1", "recipient_id": "316"}]})))
    .unwrap();
    assert_eq!(events[0].account_id, "42");
}

#[test]
fn a_message_without_id_or_timestamp_is_kept_with_a_stable_synthetic_id() {
    let body = envelope(json!({"messages": [{"from": "316", "type": "text",
        "text": {"body": "hoi"}}]}));
    let first = parse_webhook(&body).unwrap();
    let again = parse_webhook(&body).unwrap();
    let InboundEvent::Message(m) = &first[0].event else {
        panic!("not a message");
    };
    assert!(m.provider_message_id.starts_with("missing-id:"));
    assert_eq!(m.sent_at, Timestamp::UNIX_EPOCH);
    assert_eq!(first, again);
}

#[test]
fn an_unknown_status_string_is_kept_as_an_other_event() {
    let events = parse_webhook(&envelope(json!({"statuses": [
        {"id": "wamid.1", "status": "deleted", "timestamp": "1"}]})))
    .unwrap();
    assert!(matches!(&events[0].event,
        InboundEvent::Other { field, raw } if field == "messages" && raw["status"] == "deleted"));
}

#[test]
fn the_only_contact_is_not_used_when_it_is_someone_else() {
    let events = parse_webhook(&envelope(json!({
        "contacts": [{"wa_id": "31611111111", "profile": {"name": "Ander"}}],
        "messages": [{"from": "31622222222", "id": "w", "timestamp": "1", "type": "text",
                      "text": {"body": "hoi"}}]})))
    .unwrap();
    let InboundEvent::Message(m) = &events[0].event else {
        panic!("not a message");
    };
    assert_eq!(m.from.identity.wa_id.as_deref(), Some("31622222222"));
    assert_eq!(m.from.name, None);
}

#[test]
fn a_username_only_resident_is_matched_by_user_id() {
    let events = parse_webhook(&envelope(json!({
        "contacts": [{"user_id": "NL.1", "profile": {"name": "Jan", "username": "@jan"}},
                     {"user_id": "NL.2", "profile": {"name": "Piet"}}],
        "messages": [{"from_user_id": "NL.1", "id": "w", "timestamp": "1", "type": "text",
                      "text": {"body": "hoi"}}]})))
    .unwrap();
    let InboundEvent::Message(m) = &events[0].event else {
        panic!("not a message");
    };
    assert_eq!(m.from.identity.wa_id, None);
    assert_eq!(m.from.identity.user_id.as_deref(), Some("NL.1"));
    assert_eq!(m.from.identity.username.as_deref(), Some("@jan"));
    assert_eq!(m.from.name.as_deref(), Some("Jan"));
    assert!(matches!(m.content, Content::Text { .. }));
}

#[test]
fn provider_json_nested_beyond_the_limit_is_kept_as_text() {
    let deep: Value =
        serde_json::from_str(&format!("{}1{}", "[".repeat(100), "]".repeat(100))).unwrap();
    let events = parse_webhook(&envelope(json!({"messages": [
        {"from": "316", "id": "w", "timestamp": "1", "type": "mystery", "mystery": deep}]})))
    .unwrap();
    let InboundEvent::Message(m) = &events[0].event else {
        panic!("not a message");
    };
    let Content::Unsupported { raw, .. } = &m.content else {
        panic!("not unsupported");
    };
    assert!(loket_domain::nesting::depth(raw) <= MAX_NESTING);
    assert!(loket_domain::nesting::depth(&m.raw) <= MAX_NESTING);
    assert_eq!(
        m.provider_message_id, "w",
        "the shallow parts stay as they were"
    );
}

#[test]
fn an_empty_messages_change_is_kept_as_an_other_event() {
    let events = parse_webhook(&envelope(json!({"messaging_product": "whatsapp"}))).unwrap();
    assert!(matches!(&events[0].event, InboundEvent::Other { field, .. } if field == "messages"));
}
