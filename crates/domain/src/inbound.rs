//! Inbound events: what a channel's parser makes of a provider's webhook, before storage.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::contact::{ChannelIdentity, ContactProfile};
use crate::delivery::{DeliveryStatus, Pricing, ProviderError};
use crate::message::{Content, MessageContext};
use crate::time::Timestamp;

/// A message a resident sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboundMessage {
    /// The provider's id (WhatsApp: the wamid), unique per channel: the deduplication key.
    pub provider_message_id: String,
    /// When the resident sent it, per the provider.
    pub sent_at: Timestamp,
    pub from: ContactProfile,
    pub content: Content,
    #[serde(default)]
    pub context: MessageContext,
    /// Click-to-chat ad referral, kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral: Option<Value>,
    /// Errors the provider attached to the message (e.g. "message type unknown").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProviderError>,
    /// The provider's message object, verbatim.
    pub raw: Value,
}

/// A delivery status for one of our outbound messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusUpdate {
    pub provider_message_id: String,
    pub status: DeliveryStatus,
    pub at: Timestamp,
    pub recipient: ChannelIdentity,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProviderError>,
    /// Only on one of `delivered` / `read` (and never on `failed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<Pricing>,
    pub raw: Value,
}

/// Meta's verdict on a message template (approved, rejected, paused…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateStatusUpdate {
    pub template_id: String,
    pub name: String,
    pub language: String,
    /// Meta's verdict (`APPROVED`, `REJECTED`, …). Serialised as `template_event`: inside
    /// [`InboundEvent`], whose tag is `event`, the plain name would be written twice.
    #[serde(rename = "template_event")]
    pub event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
    pub raw: Value,
}

// Messages are by far the most common event: boxing them would cost an allocation each
// for no gain.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum InboundEvent {
    Message(InboundMessage),
    Status(StatusUpdate),
    TemplateStatus(TemplateStatusUpdate),
    /// An account- or app-level error without a message (throttling, …).
    ChannelError {
        errors: Vec<ProviderError>,
        raw: Value,
    },
    /// A webhook field we do not handle (account updates, …): kept, not dropped.
    Other {
        field: String,
        raw: Value,
    },
}

/// An event with the address it was sent to: the number (`phone_number_id`) for
/// messages and statuses, the business account (`account_id`, WhatsApp's WABA id) always.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddressedEvent {
    pub account_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_phone_number: Option<String>,
    pub event: InboundEvent,
    /// The Meta apps whose secret signed the webhook this came in (set by the engine;
    /// kept with unrouted events so a replay applies the same check).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signed_by: Vec<String>,
}
