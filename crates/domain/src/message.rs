//! Messages: one content enum covering every type a channel can carry. Nothing a resident
//! sends is dropped: what we do not understand becomes [`Content::Unsupported`] with its raw JSON.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inbound => "inbound",
            Self::Outbound => "outbound",
        }
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SenderKind {
    Resident,
    Agent,
    Bot,
    System,
}

impl SenderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resident => "resident",
            Self::Agent => "agent",
            Self::Bot => "bot",
            Self::System => "system",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown value {0:?}")]
pub struct UnknownValue(pub String);

impl FromStr for Direction {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "inbound" => Ok(Self::Inbound),
            "outbound" => Ok(Self::Outbound),
            _ => Err(UnknownValue(s.to_owned())),
        }
    }
}

impl FromStr for SenderKind {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "resident" => Ok(Self::Resident),
            "agent" => Ok(Self::Agent),
            "bot" => Ok(Self::Bot),
            "system" => Ok(Self::System),
            _ => Err(UnknownValue(s.to_owned())),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    Document,
    Sticker,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Video => "video",
            Self::Audio => "audio",
            Self::Document => "document",
            Self::Sticker => "sticker",
        }
    }

    /// The largest file Loket keeps of this kind (WhatsApp's own limits).
    pub fn max_bytes(self) -> u64 {
        const MB: u64 = 1024 * 1024;
        match self {
            Self::Image => 5 * MB,
            Self::Video | Self::Audio => 16 * MB,
            Self::Document => 100 * MB,
            Self::Sticker => 500 * 1024,
        }
    }
}

/// A media attachment as the provider announced it. The bytes are fetched by a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Media {
    pub kind: MediaKind,
    /// The provider's media id (WhatsApp: valid for 7 days after the webhook).
    pub provider_media_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Base64 SHA-256 of the file, as WhatsApp sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// A voice note (audio recorded in the app) rather than an audio file.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub voice: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub animated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    #[serde(deserialize_with = "f64_or_nan")]
    pub latitude: f64,
    #[serde(deserialize_with = "f64_or_nan")]
    pub longitude: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A contact card the resident shared. The card is kept whole; the name is lifted out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedContact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formatted_name: Option<String>,
    #[serde(default)]
    pub phones: Vec<String>,
    pub card: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyKind {
    Button,
    List,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderItem {
    pub product_retailer_id: String,
    #[serde(deserialize_with = "f64_or_nan")]
    pub quantity: f64,
    #[serde(deserialize_with = "f64_or_nan")]
    pub item_price: f64,
    pub currency: String,
}

/// JSON has no NaN or infinity: serde_json writes them as `null`. Reading `null` back as
/// NaN keeps such a value readable instead of failing the whole row.
fn f64_or_nan<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// Everything a message can carry, on any channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Content {
    Text {
        body: String,
    },
    Media(Media),
    Location(Location),
    Contacts {
        contacts: Vec<SharedContact>,
    },
    /// The resident tapped a reply button or chose a list row of our interactive message.
    InteractiveReply {
        reply_kind: ReplyKind,
        id: String,
        title: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// The resident completed a WhatsApp Flow; `response` is the parsed `response_json`.
    FlowReply {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<String>,
        response: Value,
    },
    /// The resident tapped a quick-reply button of a template.
    TemplateButtonReply {
        payload: String,
        text: String,
    },
    /// A reaction to `target` (a provider message id); `emoji: None` removes it.
    Reaction {
        target: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        emoji: Option<String>,
    },
    Order {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        catalog_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        items: Vec<OrderItem>,
    },
    /// A system notice (number changed, identity changed, …).
    System {
        kind: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<String>,
        /// For `user_changed_number`: the resident's new number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        new_wa_id: Option<String>,
    },
    /// The resident edited an earlier message (`original`, a provider id).
    Edit {
        original: String,
        content: Box<Content>,
    },
    /// The resident deleted an earlier message for everyone.
    Revoke {
        original: String,
    },
    /// A template we sent (outbound only).
    Template(crate::outbound::TemplateMessage),
    /// Reply buttons or a list we sent (outbound only).
    Interactive(crate::outbound::Interactive),
    /// A type we do not (yet) understand; kept with its raw JSON so nothing is lost.
    Unsupported {
        provider_type: String,
        raw: Value,
    },
    /// Stored content that could not be decoded (a damaged row): shown as such, so one
    /// bad row never breaks the conversation around it. Never written.
    Unreadable,
}

impl Content {
    /// A short machine name of the content type, e.g. for filters and metrics.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::Text { .. } => "text",
            Self::Media(m) if m.voice => "voice",
            Self::Media(m) => m.kind.as_str(),
            Self::Location(_) => "location",
            Self::Contacts { .. } => "contacts",
            Self::InteractiveReply { .. } => "interactive_reply",
            Self::FlowReply { .. } => "flow_reply",
            Self::TemplateButtonReply { .. } => "template_button_reply",
            Self::Reaction { .. } => "reaction",
            Self::Order { .. } => "order",
            Self::System { .. } => "system",
            Self::Edit { .. } => "edit",
            Self::Revoke { .. } => "revoke",
            Self::Template(_) => "template",
            Self::Interactive(_) => "interactive",
            Self::Unsupported { .. } => "unsupported",
            Self::Unreadable => "unreadable",
        }
    }

    /// The text a person would read (body, caption, reply title…), if any.
    pub fn text(&self) -> Option<&str> {
        match self {
            Self::Text { body } => Some(body),
            Self::Media(m) => m.caption.as_deref(),
            Self::Location(l) => l.name.as_deref().or(l.address.as_deref()),
            Self::InteractiveReply { title, .. } => Some(title),
            Self::FlowReply { body, .. } => body.as_deref(),
            Self::TemplateButtonReply { text, .. } => Some(text),
            Self::Order { text, .. } => text.as_deref(),
            Self::System { body, .. } => body.as_deref(),
            Self::Edit { content, .. } => content.text(),
            Self::Interactive(i) => Some(&i.body),
            Self::Template(t) => t.rendered.as_ref().map(|r| r.body.as_str()),
            _ => None,
        }
    }

    /// The media to fetch, if this content carries any (an edit may carry new media).
    pub fn media(&self) -> Option<&Media> {
        match self {
            Self::Media(m) => Some(m),
            Self::Edit { content, .. } => content.media(),
            _ => None,
        }
    }
}

/// How a message relates to others: a reply, a forward, a product enquiry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageContext {
    /// The provider id of the message this one replies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forwarded: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub frequently_forwarded: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referred_product: Option<Value>,
}

impl MessageContext {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_serialises_with_a_type_tag_and_round_trips() {
        let content = Content::Media(Media {
            kind: MediaKind::Audio,
            provider_media_id: "123".into(),
            mime_type: Some("audio/ogg; codecs=opus".into()),
            sha256: None,
            caption: None,
            filename: None,
            voice: true,
            animated: false,
        });
        let json = serde_json::to_value(&content).unwrap();
        assert_eq!(json["type"], "media");
        assert_eq!(json["voice"], true);
        assert_eq!(serde_json::from_value::<Content>(json).unwrap(), content);
        assert_eq!(content.kind_name(), "voice");
    }

    #[test]
    fn a_non_finite_coordinate_is_written_as_null_and_reads_back_as_nan() {
        let content = Content::Location(Location {
            latitude: f64::NAN,
            longitude: f64::INFINITY,
            name: None,
            address: None,
            url: None,
        });
        let text = serde_json::to_string(&content).unwrap();
        let Content::Location(back) = serde_json::from_str(&text).unwrap() else {
            panic!("not a location: {text}");
        };
        assert!(back.latitude.is_nan() && back.longitude.is_nan());
    }

    #[test]
    fn unreadable_content_has_its_own_type_tag() {
        let json = serde_json::to_value(Content::Unreadable).unwrap();
        assert_eq!(json, serde_json::json!({"type": "unreadable"}));
        assert_eq!(
            serde_json::from_value::<Content>(json).unwrap(),
            Content::Unreadable
        );
    }

    #[test]
    fn an_edit_exposes_the_new_text_and_media() {
        let edit = Content::Edit {
            original: "wamid.1".into(),
            content: Box::new(Content::Text {
                body: "nieuw".into(),
            }),
        };
        assert_eq!(edit.text(), Some("nieuw"));
        assert!(edit.media().is_none());
    }
}
