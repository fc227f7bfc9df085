//! A conversation as the API shows it, alone or with its messages and reply window.

use loket_domain::delivery::DeliveryStatus;
use loket_domain::queue;
use loket_domain::window::WindowState;
use loket_domain::{ChannelId, ContactId, ConversationId, MessageId, OrgId, Timestamp};
use loket_engine::query::{ConversationDetail, ConversationItem};
use loket_engine::records::LastMessage;
use serde::Serialize;

use super::{MessageView, SlaView};

#[derive(Serialize)]
pub(crate) struct ConversationView {
    id: ConversationId,
    org_id: OrgId,
    channel_id: ChannelId,
    contact_id: ContactId,
    contact_name: Option<String>,
    status: &'static str,
    assignee: Option<String>,
    team: Option<String>,
    priority: &'static str,
    labels: Vec<String>,
    last_inbound_at: Option<Timestamp>,
    last_message_at: Timestamp,
    created_at: Timestamp,
    resolved_at: Option<Timestamp>,
    window_closed_at: Option<Timestamp>,
    /// The newest message, as a queue previews it.
    last_message: Option<LastMessageView>,
    /// The first message asking for an answer since the last reply; null when answered.
    waiting_since: Option<Timestamp>,
    unread_count: u32,
    snoozed_until: Option<Timestamp>,
    /// When free-form replies stop (future) or stopped (past); null if the resident
    /// never wrote.
    window_closes_at: Option<Timestamp>,
    /// The SLA timers (from the engine, in business time).
    sla: SlaView,
}

impl ConversationView {
    pub(crate) fn new(item: ConversationItem, sla: SlaView) -> Self {
        let c = item.conversation;
        Self {
            id: c.id,
            org_id: c.org_id,
            channel_id: c.channel_id,
            contact_id: c.contact_id,
            contact_name: c.contact_name,
            status: c.status.as_str(),
            assignee: c.assignee.map(|a| a.to_string()),
            team: c.team.map(|t| t.to_string()),
            priority: c.priority.as_str(),
            labels: c.labels,
            last_inbound_at: c.last_inbound_at,
            last_message_at: c.last_message_at,
            created_at: c.created_at,
            resolved_at: c.resolved_at,
            window_closed_at: c.window_closed_at,
            last_message: c.last_message.map(LastMessageView::from),
            waiting_since: c.waiting_since,
            unread_count: c.unread_count,
            snoozed_until: c.snoozed_until,
            window_closes_at: match item.window {
                WindowState::Open { closes_at } => Some(closes_at),
                WindowState::Closed { closed_at } => Some(closed_at),
                WindowState::NeverOpened => None,
            },
            sla,
        }
    }
}

/// A message's preview: its kind and one short line of text.
#[derive(Serialize)]
struct LastMessageView {
    id: MessageId,
    direction: &'static str,
    sender: &'static str,
    /// The content's kind (`text`, `image`, `voice`, `reaction`, `template`…).
    kind: &'static str,
    /// At most 140 characters: the text or caption, else a Dutch label of the kind.
    text: String,
    sent_at: Timestamp,
    revoked: bool,
    /// Outbound only.
    status: Option<&'static str>,
}

impl From<LastMessage> for LastMessageView {
    fn from(m: LastMessage) -> Self {
        Self {
            id: m.id,
            direction: m.direction.as_str(),
            sender: m.sender.as_str(),
            kind: m.content.kind_name(),
            text: match m.revoked {
                true => "Bericht verwijderd".into(),
                false => queue::preview(&m.content),
            },
            sent_at: m.sent_at,
            revoked: m.revoked,
            status: m.status.map(DeliveryStatus::as_str),
        }
    }
}

/// WhatsApp's 24-hour window, tagged by `state`.
#[derive(Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
enum WindowView {
    Open { closes_at: Timestamp },
    Closed { closed_at: Timestamp },
    NeverOpened,
}

impl From<WindowState> for WindowView {
    fn from(w: WindowState) -> Self {
        match w {
            WindowState::Open { closes_at } => Self::Open { closes_at },
            WindowState::Closed { closed_at } => Self::Closed { closed_at },
            WindowState::NeverOpened => Self::NeverOpened,
        }
    }
}

#[derive(Serialize)]
pub(crate) struct ConversationDetailView {
    conversation: ConversationView,
    window: WindowView,
    messages: Vec<MessageView>,
}

impl ConversationDetailView {
    pub(crate) fn new(d: ConversationDetail, sla: SlaView) -> Self {
        Self {
            conversation: ConversationView::new(
                ConversationItem {
                    conversation: d.conversation,
                    window: d.window,
                },
                sla,
            ),
            window: d.window.into(),
            messages: d.messages.into_iter().map(MessageView::from).collect(),
        }
    }
}
