//! Request bodies for `POST /{phone-number-id}/messages` (and mark-as-read), built from the
//! domain's [`Content`] and checked against Meta's limits before anything leaves.
//!
//! Lengths are counted in characters (Unicode scalar values), as Meta counts them. Every
//! problem is reported at once, so an agent can fix a message in one go.

use std::collections::HashSet;

use loket_domain::message::{Content, Location, Media, MediaKind, SharedContact};
use loket_domain::outbound::{TemplateButtonKind, TemplateMessage, TemplateParams};
use serde_json::{Map, Value, json};

mod interactive;
use interactive::interactive;

/// Meta's limits, in characters (counts where noted).
pub mod limits {
    pub const TEXT_BODY: usize = 4096;
    pub const CAPTION: usize = 1024;
    pub const BUTTONS: usize = 3;
    pub const BUTTON_TITLE: usize = 20;
    pub const BUTTON_ID: usize = 256;
    pub const BUTTONS_BODY: usize = 1024;
    pub const LIST_BODY: usize = 4096;
    pub const HEADER: usize = 60;
    pub const FOOTER: usize = 60;
    pub const LIST_BUTTON: usize = 20;
    /// Rows over all sections together.
    pub const LIST_ROWS: usize = 10;
    pub const LIST_SECTIONS: usize = 10;
    pub const SECTION_TITLE: usize = 24;
    pub const ROW_TITLE: usize = 24;
    pub const ROW_ID: usize = 200;
    pub const ROW_DESCRIPTION: usize = 72;
    pub const CALLBACK_DATA: usize = 512;
}

/// What goes into a send besides the content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SendOptions {
    /// The wamid this message replies to (`context.message_id`). Left out for reactions,
    /// which Meta does not accept a context for.
    pub reply_to: Option<String>,
    /// Let WhatsApp render a preview of the first link in a text. Off by default.
    pub preview_url: bool,
    /// `biz_opaque_callback_data`: echoed back in this message's status webhooks.
    pub callback_data: Option<String>,
}

/// Why no request body could be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// The content is inbound-only (an order, a system notice, a reply…); the name is
    /// [`Content::kind_name`].
    #[error("WhatsApp cannot send {0} content")]
    Unsupported(&'static str),
    /// The content breaks Meta's rules: every problem, each an English sentence.
    #[error("the message does not meet WhatsApp's requirements: {}", .0.join(" "))]
    Invalid(Vec<String>),
}

/// Whom a message goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient<'a> {
    /// A phone number or wa_id, sent as `to` (without `+`, Meta prepends the business
    /// number's country code).
    Phone(&'a str),
    /// A business-scoped user id (BSUID, e.g. `NL.1234567890`) of a resident who shares no
    /// number, sent as `recipient` instead of `to`. Authentication templates still need a
    /// phone number (Meta refuses them with 131062).
    UserId(&'a str),
}

impl<'a> From<&'a str> for Recipient<'a> {
    fn from(phone: &'a str) -> Self {
        Self::Phone(phone)
    }
}

/// The body of `POST /{phone-number-id}/messages` sending `content` to `to`.
pub fn message_request<'a>(
    to: impl Into<Recipient<'a>>,
    content: &Content,
    options: &SendOptions,
) -> Result<Value, BuildError> {
    let mut c = Checks::default();
    let to = to.into();
    match to {
        Recipient::Phone(phone) if !phone.bytes().any(|b| b.is_ascii_digit()) => {
            c.push("The recipient (to) is not a phone number.".into());
        }
        Recipient::UserId(id) => c.non_empty("The recipient's business-scoped user id", id),
        Recipient::Phone(_) => {}
    }
    let (kind, payload) = match content {
        Content::Text { body } => ("text", text(body, options.preview_url, &mut c)),
        Content::Media(m) => (m.kind.as_str(), media(m, &mut c)),
        Content::Location(l) => ("location", location(l, &mut c)),
        Content::Contacts { contacts } => ("contacts", shared_contacts(contacts, &mut c)),
        Content::Template(t) => ("template", template(t, &mut c)),
        Content::Interactive(i) => ("interactive", interactive(i, &mut c)),
        Content::Reaction { target, emoji } => {
            c.non_empty("The reaction's target message id", target);
            let emoji = emoji.as_deref().unwrap_or("");
            ("reaction", json!({"message_id": target, "emoji": emoji}))
        }
        other => return Err(BuildError::Unsupported(other.kind_name())),
    };
    let mut body = Map::new();
    body.insert("messaging_product".into(), "whatsapp".into());
    body.insert("recipient_type".into(), "individual".into());
    match to {
        Recipient::Phone(phone) => body.insert("to".into(), phone.into()),
        Recipient::UserId(id) => body.insert("recipient".into(), id.into()),
    };
    if kind != "reaction"
        && let Some(reply_to) = options.reply_to.as_deref().filter(|r| !r.is_empty())
    {
        body.insert("context".into(), json!({"message_id": reply_to}));
    }
    if let Some(data) = &options.callback_data {
        c.max("The callback data", data, limits::CALLBACK_DATA);
        body.insert("biz_opaque_callback_data".into(), data.as_str().into());
    }
    body.insert("type".into(), kind.into());
    body.insert(kind.into(), payload);
    c.finish(Value::Object(body))
}

/// The body that marks `message_id` (and everything before it) as read, optionally
/// showing a typing indicator for up to 25 seconds or until we reply.
pub fn mark_read_request(message_id: &str, typing: bool) -> Value {
    let mut body =
        json!({"messaging_product": "whatsapp", "status": "read", "message_id": message_id});
    if typing {
        body["typing_indicator"] = json!({"type": "text"});
    }
    body
}

fn text(body: &str, preview_url: bool, c: &mut Checks) -> Value {
    c.non_empty("The text body", body);
    c.max("The text body", body, limits::TEXT_BODY);
    json!({"body": body, "preview_url": preview_url})
}

fn media(m: &Media, c: &mut Checks) -> Value {
    let kind = m.kind.as_str();
    c.non_empty(&format!("The {kind}'s media id"), &m.provider_media_id);
    let mut out = Map::new();
    out.insert("id".into(), m.provider_media_id.as_str().into());
    if let Some(caption) = &m.caption {
        match m.kind {
            MediaKind::Image | MediaKind::Video | MediaKind::Document => {
                c.max("The caption", caption, limits::CAPTION);
                out.insert("caption".into(), caption.as_str().into());
            }
            MediaKind::Audio | MediaKind::Sticker => {
                c.push(format!(
                    "The caption cannot be sent: a WhatsApp {kind} has no caption."
                ));
            }
        }
    }
    if m.kind == MediaKind::Document
        && let Some(filename) = m.filename.as_deref().filter(|f| !f.is_empty())
    {
        out.insert("filename".into(), filename.into());
    }
    let ogg_opus = m.mime_type.as_deref().is_some_and(|t| {
        let t = t.to_ascii_lowercase();
        t.starts_with("audio/ogg") || t.starts_with("audio/opus")
    });
    if m.kind == MediaKind::Audio && m.voice && ogg_opus {
        out.insert("voice".into(), true.into());
    }
    Value::Object(out)
}

fn location(l: &Location, c: &mut Checks) -> Value {
    if !(l.latitude.is_finite() && (-90.0..=90.0).contains(&l.latitude)) {
        c.push(format!(
            "The latitude {} is not between -90 and 90.",
            l.latitude
        ));
    }
    if !(l.longitude.is_finite() && (-180.0..=180.0).contains(&l.longitude)) {
        c.push(format!(
            "The longitude {} is not between -180 and 180.",
            l.longitude
        ));
    }
    // Meta's documented example sends the coordinates as strings.
    let mut out = json!({"latitude": l.latitude.to_string(), "longitude": l.longitude.to_string()});
    if let Some(name) = &l.name {
        out["name"] = name.as_str().into();
    }
    if let Some(address) = &l.address {
        out["address"] = address.as_str().into();
    }
    out
}

/// The contact cards as given (WhatsApp's own shape, as received), completed with the
/// lifted-out name and phones where the card lacks them.
fn shared_contacts(contacts: &[SharedContact], c: &mut Checks) -> Value {
    if contacts.is_empty() {
        c.push("The contacts message has no contacts.".into());
    }
    let cards = contacts.iter().enumerate().map(|(i, contact)| {
        let mut card = match &contact.card {
            Value::Object(card) => card.clone(),
            _ => Map::new(),
        };
        let named = (card.get("name").and_then(|n| n.get("formatted_name")))
            .and_then(Value::as_str)
            .is_some_and(|n| !n.trim().is_empty());
        if !named {
            match contact
                .formatted_name
                .as_deref()
                .filter(|n| !n.trim().is_empty())
            {
                Some(name) => {
                    let entry = card.entry("name").or_insert_with(|| json!({}));
                    if !entry.is_object() {
                        *entry = json!({});
                    }
                    entry["formatted_name"] = name.into();
                    if entry.get("first_name").is_none() && entry.get("last_name").is_none() {
                        entry["first_name"] = name.into();
                    }
                }
                None => c.push(format!("Contact {} has no name (formatted_name).", i + 1)),
            }
        }
        if !card.contains_key("phones") && !contact.phones.is_empty() {
            let phones = contact.phones.iter().map(|p| json!({"phone": p})).collect();
            card.insert("phones".into(), Value::Array(phones));
        }
        Value::Object(card)
    });
    Value::Array(cards.collect())
}

fn template(t: &TemplateMessage, c: &mut Checks) -> Value {
    c.non_empty("The template name", &t.name);
    c.non_empty("The template language", &t.language);
    let mut components = Vec::new();
    if let Some(h) = &t.header_media {
        let kind = h.kind.as_str();
        if !matches!(
            h.kind,
            MediaKind::Image | MediaKind::Video | MediaKind::Document
        ) {
            c.push(format!(
                "The template header cannot be a {kind}; use an image, video or document."
            ));
        }
        let source = match (h.link.as_deref(), h.media_id.as_deref()) {
            (Some(link), None) if !link.is_empty() => json!({"link": link}),
            (None, Some(id)) if !id.is_empty() => json!({"id": id}),
            _ => {
                c.push(
                    "The template header media needs exactly one of a link or a media id.".into(),
                );
                Value::Null
            }
        };
        components.push(json!({"type": "header", "parameters": [{"type": kind, kind: source}]}));
    }
    let parameters: Vec<Value> = match &t.parameters {
        TemplateParams::Positional(values) => (values.iter().enumerate())
            .map(|(i, v)| {
                check_parameter(&format!("Template parameter {{{{{}}}}}", i + 1), v, c);
                json!({"type": "text", "text": v})
            })
            .collect(),
        TemplateParams::Named(values) => (values.iter())
            .map(|(name, v)| {
                let valid = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_';
                if name.is_empty() || !name.bytes().all(valid) {
                    c.push(format!(
                        "The template parameter name {name:?} may only contain lowercase letters, digits and underscores."
                    ));
                }
                check_parameter(&format!("Template parameter {{{{{name}}}}}"), v, c);
                json!({"type": "text", "parameter_name": name, "text": v})
            })
            .collect(),
    };
    if !parameters.is_empty() {
        components.push(json!({"type": "body", "parameters": parameters}));
    }
    let mut buttons: Vec<_> = t.buttons.iter().collect();
    buttons.sort_by_key(|b| b.index);
    let mut seen = HashSet::new();
    for b in buttons {
        if b.index > 9 {
            c.push(format!("Template button index {} is above 9.", b.index));
        }
        if !seen.insert(b.index) {
            c.push(format!(
                "Template button {} has more than one parameter.",
                b.index
            ));
        }
        let (sub_type, parameter) = match b.kind {
            TemplateButtonKind::QuickReply => (
                "quick_reply",
                json!({"type": "payload", "payload": b.value}),
            ),
            TemplateButtonKind::Url => ("url", json!({"type": "text", "text": b.value})),
        };
        c.non_empty(
            &format!("The parameter of template button {}", b.index),
            &b.value,
        );
        components.push(json!({"type": "button", "sub_type": sub_type,
            "index": b.index.to_string(), "parameters": [parameter]}));
    }
    let mut out = json!({"name": t.name, "language": {"code": t.language}});
    if !components.is_empty() {
        out["components"] = Value::Array(components);
    }
    out
}

/// Meta refuses empty body parameters and (error 132018) line breaks, tabs and more than
/// four spaces in a row.
fn check_parameter(field: &str, value: &str, c: &mut Checks) {
    c.non_empty(field, value);
    if value.contains(['\n', '\r', '\t']) {
        c.push(format!("{field} contains a line break or tab, which WhatsApp does not allow in template parameters."));
    }
    if value.contains("     ") {
        c.push(format!(
            "{field} contains more than four spaces in a row, which WhatsApp does not allow."
        ));
    }
}

/// The problems found so far.
#[derive(Default)]
pub(super) struct Checks(Vec<String>);

impl Checks {
    pub(super) fn push(&mut self, problem: String) {
        self.0.push(problem);
    }

    pub(super) fn non_empty(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.push(format!("{field} is empty."));
        }
    }

    pub(super) fn max(&mut self, field: &str, value: &str, max: usize) {
        let len = value.chars().count();
        if len > max {
            self.push(format!(
                "{field} is {len} characters long; WhatsApp allows at most {max}."
            ));
        }
    }

    fn finish(self, body: Value) -> Result<Value, BuildError> {
        if self.0.is_empty() {
            Ok(body)
        } else {
            Err(BuildError::Invalid(self.0))
        }
    }
}
