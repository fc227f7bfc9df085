//! Webhook payloads → domain events.
//!
//! Strict about the envelope (`{"object":"whatsapp_business_account","entry":[…]}`, else
//! [`ParseError`]), lenient inside it: nothing in a valid envelope is dropped.
//!
//! - Each `messages[]` item becomes [`InboundEvent::Message`]; content we cannot map becomes
//!   [`Content::Unsupported`](loket_domain::message::Content::Unsupported) with the message
//!   object, and a message without an `id` gets a stable synthetic one (`missing-id:<sha256>`).
//! - Each `statuses[]` item becomes [`InboundEvent::Status`]. A status without an `id` or with
//!   a status string other than sent/delivered/read/played/failed becomes
//!   [`InboundEvent::Other`] with `field: "messages"` and the status object as `raw`.
//! - Value-level `errors[]`: next to `messages[]` they concern those messages (Meta sends
//!   `interactive` messages it could not render this way) and are appended to each message's
//!   `errors`; otherwise they become one [`InboundEvent::ChannelError`] (`raw`: the array).
//! - A `messages` change with none of messages/statuses/errors, an unknown field, and
//!   malformed entries or changes become [`InboundEvent::Other`].

mod content;
mod json;

use loket_domain::Timestamp;
use loket_domain::contact::{ChannelIdentity, ContactProfile};
use loket_domain::delivery::{DeliveryStatus, Pricing, ProviderError};
use loket_domain::inbound::{
    AddressedEvent, InboundEvent, InboundMessage, StatusUpdate, TemplateStatusUpdate,
};
use loket_domain::nesting::{BoundNesting, MAX_NESTING};
use loket_domain::nul::StripNul;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use json::{id_string, provider_errors, str_at, text_at, timestamp};

/// Why a body is not a WhatsApp webhook at all (HTTP 400; the message is the detail).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the body is not valid JSON: {0}")]
    NotJson(String),
    #[error("the body is not a WhatsApp webhook envelope: {0}")]
    NotAnEnvelope(String),
}

const OBJECT: &str = "whatsapp_business_account";

/// Parse a webhook body (the exact bytes Meta sent) into events, in payload order:
/// `entry[] × changes[]`, and within a `messages` change its messages, then its statuses,
/// then its value-level errors.
pub fn parse_webhook(body: &[u8]) -> Result<Vec<AddressedEvent>, ParseError> {
    let root: Value =
        serde_json::from_slice(body).map_err(|e| ParseError::NotJson(e.to_string()))?;
    let Value::Object(mut root) = root else {
        return Err(ParseError::NotAnEnvelope(
            "the body is not a JSON object".into(),
        ));
    };
    match root.get("object") {
        Some(Value::String(o)) if o == OBJECT => {}
        Some(Value::String(o)) => {
            let shown: String = o.chars().take(64).collect();
            return Err(ParseError::NotAnEnvelope(format!(
                "\"object\" is {shown:?}, expected {OBJECT:?}"
            )));
        }
        _ => {
            return Err(ParseError::NotAnEnvelope(format!(
                "\"object\" is missing or not a string, expected {OBJECT:?}"
            )));
        }
    }
    let Some(Value::Array(entries)) = root.remove("entry") else {
        return Err(ParseError::NotAnEnvelope(
            "\"entry\" is missing or not an array".into(),
        ));
    };
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        parse_entry(entry, &mut out);
    }
    Ok(out)
}

/// Where the events of one change were sent.
struct Address {
    account_id: String,
    phone_number_id: Option<String>,
    display_phone_number: Option<String>,
}

impl Address {
    /// Every event leaves the parser storable: provider JSON bounded so it reads back
    /// (`loket_domain::nesting`), no NUL in plain-text fields (`loket_domain::nul`).
    fn event(&self, event: InboundEvent) -> AddressedEvent {
        let mut addressed = AddressedEvent {
            account_id: self.account_id.clone(),
            phone_number_id: self.phone_number_id.clone(),
            display_phone_number: self.display_phone_number.clone(),
            event,
            signed_by: Vec::new(),
        };
        addressed.bound_nesting(MAX_NESTING);
        addressed.strip_nul();
        addressed
    }
}

fn other(field: &str, raw: Value) -> InboundEvent {
    InboundEvent::Other {
        field: field.to_owned(),
        raw,
    }
}

fn parse_entry(entry: Value, out: &mut Vec<AddressedEvent>) {
    let Value::Object(mut entry) = entry else {
        out.push(address(String::new(), None).event(other("", entry)));
        return;
    };
    let account_id = entry.get("id").and_then(id_string).unwrap_or_default();
    let time = entry.get("time").and_then(timestamp);
    match entry.remove("changes") {
        Some(Value::Array(changes)) => {
            for change in changes {
                parse_change(&account_id, time, change, out);
            }
        }
        None | Some(Value::Null) => {}
        Some(changes) => out.push(address(account_id, None).event(other("", changes))),
    }
}

fn address(account_id: String, value: Option<&Value>) -> Address {
    let metadata = value.and_then(|v| v.get("metadata"));
    Address {
        account_id,
        phone_number_id: metadata
            .and_then(|m| m.get("phone_number_id"))
            .and_then(id_string),
        display_phone_number: metadata
            .and_then(|m| m.get("display_phone_number"))
            .and_then(id_string),
    }
}

fn parse_change(
    account_id: &str,
    time: Option<Timestamp>,
    change: Value,
    out: &mut Vec<AddressedEvent>,
) {
    let Value::Object(mut change) = change else {
        out.push(address(account_id.to_owned(), None).event(other("", change)));
        return;
    };
    let field = str_at_map(&change, "field").unwrap_or_default().to_owned();
    let value = change.remove("value").unwrap_or(Value::Null);
    let addr = address(account_id.to_owned(), Some(&value));
    match field.as_str() {
        "messages" => parse_messages_change(&addr, value, out),
        "message_template_status_update" => {
            out.push(addr.event(InboundEvent::TemplateStatus(template_status(value, time))));
        }
        _ => out.push(addr.event(InboundEvent::Other { field, raw: value })),
    }
}

fn str_at_map<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key)?.as_str()
}

/// The items of an array field; a lone non-null value counts as one item.
fn items(v: Option<Value>) -> Vec<Value> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items,
        Some(one) => vec![one],
    }
}

fn parse_messages_change(addr: &Address, value: Value, out: &mut Vec<AddressedEvent>) {
    let Value::Object(mut value) = value else {
        out.push(addr.event(other("messages", value)));
        return;
    };
    let has = |v: &Map<String, Value>, k: &str| match v.get(k) {
        None | Some(Value::Null) => false,
        Some(Value::Array(a)) => !a.is_empty(),
        Some(_) => true,
    };
    if !has(&value, "messages") && !has(&value, "statuses") && !has(&value, "errors") {
        out.push(addr.event(other("messages", Value::Object(value))));
        return;
    }
    let contacts = items(value.remove("contacts"));
    let messages = items(value.remove("messages"));
    let statuses = items(value.remove("statuses"));
    let errors_raw = value.remove("errors");
    let value_errors = provider_errors(errors_raw.as_ref());

    let with_messages = !messages.is_empty();
    for msg in messages {
        let event = if msg.is_object() {
            InboundEvent::Message(message(msg, &contacts, &value_errors))
        } else {
            other("messages", msg)
        };
        out.push(addr.event(event));
    }
    for st in statuses {
        let event = match status(st) {
            Ok(update) => InboundEvent::Status(update),
            Err(raw) => other("messages", raw),
        };
        out.push(addr.event(event));
    }
    if !with_messages && let Some(raw) = errors_raw.filter(|e| !e.is_null()) {
        out.push(addr.event(InboundEvent::ChannelError {
            errors: value_errors,
            raw,
        }));
    }
}

fn message(msg: Value, contacts: &[Value], value_errors: &[ProviderError]) -> InboundMessage {
    let content = content::content(&msg);
    let provider_message_id = msg
        .get("id")
        .and_then(id_string)
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| synthetic_id(&msg));
    let mut errors = provider_errors(msg.get("errors"));
    errors.extend_from_slice(value_errors);
    InboundMessage {
        provider_message_id,
        sent_at: msg
            .get("timestamp")
            .and_then(timestamp)
            .unwrap_or(Timestamp::UNIX_EPOCH),
        from: profile(&msg, contacts),
        context: content::context(msg.get("context")),
        referral: msg.get("referral").filter(|r| !r.is_null()).cloned(),
        errors,
        content,
        raw: msg,
    }
}

/// A deduplication key for a message Meta sent without an id: the same object on a
/// retried delivery gets the same key.
fn synthetic_id(msg: &Value) -> String {
    let digest = Sha256::digest(msg.to_string().as_bytes());
    format!("missing-id:{}", hex::encode(digest))
}

/// The sender: `from`/`from_user_id` of the message, completed by its `contacts[]` entry.
fn profile(msg: &Value, contacts: &[Value]) -> ContactProfile {
    let from = str_at(msg, "from").filter(|s| !s.is_empty());
    let from_user_id = str_at(msg, "from_user_id").filter(|s| !s.is_empty());
    let is_system = str_at(msg, "type") == Some("system");
    let contact = find_contact(contacts, from, from_user_id, is_system);
    let profile_field = |key| {
        contact
            .and_then(|c| c.get("profile"))
            .and_then(|p| text_at(p, key))
    };
    ContactProfile {
        identity: ChannelIdentity {
            wa_id: from
                .map(str::to_owned)
                .or_else(|| contact.and_then(|c| text_at(c, "wa_id"))),
            user_id: from_user_id
                .map(str::to_owned)
                .or_else(|| contact.and_then(|c| text_at(c, "user_id"))),
            username: profile_field("username"),
        },
        name: profile_field("name"),
    }
}

/// The contact by `wa_id == from`, else by `user_id == from_user_id`, else the only contact
/// if nothing contradicts it (its wa_id/user_id, when both sides have one, must match).
/// System messages come without contacts: only an exact match is used for them.
fn find_contact<'a>(
    contacts: &'a [Value],
    from: Option<&str>,
    from_user_id: Option<&str>,
    is_system: bool,
) -> Option<&'a Value> {
    let field = |c: &'a Value, k| str_at(c, k).filter(|s| !s.is_empty());
    if let Some(from) = from
        && let Some(c) = contacts.iter().find(|c| field(c, "wa_id") == Some(from))
    {
        return Some(c);
    }
    if let Some(uid) = from_user_id
        && let Some(c) = contacts.iter().find(|c| field(c, "user_id") == Some(uid))
    {
        return Some(c);
    }
    match contacts {
        [only] if !is_system => {
            let agrees = |mine: Option<&str>, key| mine.is_none() || field(only, key).is_none();
            (agrees(from, "wa_id") && agrees(from_user_id, "user_id")).then_some(only)
        }
        _ => None,
    }
}

fn delivery_status(s: &str) -> Option<DeliveryStatus> {
    Some(match s {
        "sent" => DeliveryStatus::Sent,
        "delivered" => DeliveryStatus::Delivered,
        "read" => DeliveryStatus::Read,
        "played" => DeliveryStatus::Played,
        "failed" => DeliveryStatus::Failed,
        _ => return None,
    })
}

/// A status object, or the object back when it has no id or an unknown status.
fn status(st: Value) -> Result<StatusUpdate, Value> {
    let Some(provider_message_id) = st.get("id").and_then(id_string).filter(|s| !s.is_empty())
    else {
        return Err(st);
    };
    let Some(status) = str_at(&st, "status").and_then(delivery_status) else {
        let shown: String = str_at(&st, "status")
            .unwrap_or("")
            .chars()
            .take(32)
            .collect();
        tracing::warn!(status = %shown, "unknown WhatsApp delivery status, kept as an Other event");
        return Err(st);
    };
    Ok(StatusUpdate {
        provider_message_id,
        status,
        at: st
            .get("timestamp")
            .and_then(timestamp)
            .unwrap_or(Timestamp::UNIX_EPOCH),
        recipient: ChannelIdentity {
            wa_id: text_at(&st, "recipient_id"),
            user_id: text_at(&st, "recipient_user_id"),
            username: None,
        },
        errors: provider_errors(st.get("errors")),
        pricing: st.get("pricing").map(pricing).filter(|p| !p.is_empty()),
        raw: st,
    })
}

/// `pricing` field by field: an odd value loses that field, not the others.
fn pricing(p: &Value) -> Pricing {
    Pricing {
        pricing_model: text_at(p, "pricing_model"),
        kind: text_at(p, "type"),
        category: text_at(p, "category"),
        billable: p.get("billable").and_then(Value::as_bool),
    }
}

fn template_status(value: Value, at: Option<Timestamp>) -> TemplateStatusUpdate {
    let text = |k| value.get(k).and_then(id_string).unwrap_or_default();
    TemplateStatusUpdate {
        template_id: text("message_template_id"),
        name: text("message_template_name"),
        language: text("message_template_language"),
        event: text("event"),
        reason: text_at(&value, "reason"),
        at,
        raw: value,
    }
}

#[cfg(test)]
mod tests;
