//! A message as the API shows it: content, delivery, media, the agent's explanation of a
//! failure, and the reactions folded into it.

use loket_domain::delivery::{DeliveryStatus, Pricing};
use loket_domain::message::{Content, MessageContext};
use loket_domain::privacy::masking::StoredFinding;
use loket_domain::{ChannelId, ConversationId, MessageId, OrgId, Timestamp};
use loket_engine::query::{self, ErrorView, ReactionView};
use loket_engine::records::MediaState;
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize)]
pub(crate) struct MessageView {
    id: MessageId,
    org_id: OrgId,
    conversation_id: ConversationId,
    channel_id: ChannelId,
    direction: &'static str,
    sender: &'static str,
    provider_message_id: Option<String>,
    content: Content,
    context: ContextView,
    reply_to_message_id: Option<MessageId>,
    sent_at: Timestamp,
    created_at: Timestamp,
    /// Outbound only.
    status: Option<&'static str>,
    status_at: Option<Timestamp>,
    media: Option<MediaView>,
    /// Personal data in the text (issue 10): ranges in `content`'s text; no value once masked.
    findings: Vec<StoredFinding>,
    edited_content: Option<Content>,
    edited_at: Option<Timestamp>,
    revoked_at: Option<Timestamp>,
    error: Option<FailureView>,
    reactions: Vec<ReactionItem>,
    /// Outbound text: whether WhatsApp shows a preview of its first link.
    preview_url: bool,
    /// Outbound: what the status webhooks said about the price.
    pricing: Option<PricingView>,
    /// Outbound: the resident's business-scoped user id, as the status webhooks named it.
    recipient_user_id: Option<String>,
}

impl From<query::MessageView> for MessageView {
    fn from(view: query::MessageView) -> Self {
        let m = view.record;
        Self {
            id: m.id,
            org_id: m.org_id,
            conversation_id: m.conversation_id,
            channel_id: m.channel_id,
            direction: m.direction.as_str(),
            sender: m.sender.as_str(),
            provider_message_id: m.provider_message_id,
            content: m.content,
            context: m.context.into(),
            reply_to_message_id: m.reply_to_message_id,
            sent_at: m.sent_at,
            created_at: m.created_at,
            status: m.status.map(DeliveryStatus::as_str),
            status_at: m.status_at,
            media: m.media.map(MediaView::from),
            findings: m.findings,
            edited_content: m.edited_content,
            edited_at: m.edited_at,
            revoked_at: m.revoked_at,
            error: view.error.map(FailureView::from),
            reactions: view.reactions.into_iter().map(ReactionItem::from).collect(),
            preview_url: m.preview_url,
            pricing: m.pricing.map(PricingView::from),
            recipient_user_id: m.recipient_user_id,
        }
    }
}

/// How the message relates to others; absent facts are left out.
#[derive(Serialize)]
struct ContextView {
    #[serde(skip_serializing_if = "Option::is_none")]
    reply_to: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    forwarded: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    frequently_forwarded: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    referred_product: Option<Value>,
}

impl From<MessageContext> for ContextView {
    fn from(c: MessageContext) -> Self {
        Self {
            reply_to: c.reply_to,
            forwarded: c.forwarded,
            frequently_forwarded: c.frequently_forwarded,
            referred_product: c.referred_product,
        }
    }
}

/// The price facts of an outbound message (no amount: the cost reports apply a rate card).
#[derive(Serialize)]
struct PricingView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pricing_model: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    billable: Option<bool>,
}

impl From<Pricing> for PricingView {
    fn from(p: Pricing) -> Self {
        Self {
            pricing_model: p.pricing_model,
            kind: p.kind,
            category: p.category,
            billable: p.billable,
        }
    }
}

/// Where the message's file is. Where it is kept (the blob key) is Loket's business.
#[derive(Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
enum MediaView {
    Pending,
    Stored {
        size: u64,
        mime_type: Option<String>,
    },
    Failed {
        reason: String,
    },
    Quarantined {
        reason: String,
    },
}

impl From<MediaState> for MediaView {
    fn from(m: MediaState) -> Self {
        match m {
            MediaState::Pending => Self::Pending,
            MediaState::Stored {
                blob_key: _,
                size,
                mime_type,
            } => Self::Stored { size, mime_type },
            MediaState::Failed { reason } => Self::Failed { reason },
            MediaState::Quarantined { reason } => Self::Quarantined { reason },
        }
    }
}

/// Why a message failed or is uncertain, for the agent (Dutch) and for support.
#[derive(Serialize)]
struct FailureView {
    code: i64,
    message: String,
    provider_title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider_details: Option<String>,
}

impl From<ErrorView> for FailureView {
    fn from(e: ErrorView) -> Self {
        Self {
            code: e.code,
            message: e.message,
            provider_title: e.provider_title,
            provider_details: e.provider_details,
        }
    }
}

#[derive(Serialize)]
struct ReactionItem {
    emoji: String,
    at: Timestamp,
    message_id: MessageId,
    from: ActorView,
    /// Ours only: the reaction's delivery status (null for the resident's).
    status: Option<&'static str>,
}

/// Who did something: the resident, an agent, a bot. `user_id` names the agent once
/// users exist (null until then, and always for residents and bots).
#[derive(Serialize)]
struct ActorView {
    kind: &'static str,
    user_id: Option<String>,
}

impl From<ReactionView> for ReactionItem {
    fn from(r: ReactionView) -> Self {
        Self {
            emoji: r.emoji,
            at: r.at,
            message_id: r.message_id,
            from: ActorView {
                kind: r.from.as_str(),
                user_id: None,
            },
            status: r.status.map(DeliveryStatus::as_str),
        }
    }
}
