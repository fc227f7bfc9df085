//! A conversation as the API shows it, alone or with its messages and reply window.

use loket_domain::window::WindowState;
use loket_domain::{ChannelId, ContactId, ConversationId, OrgId, Timestamp};
use loket_engine::query::ConversationDetail;
use loket_engine::records::ConversationRecord;
use serde::Serialize;

use super::MessageView;

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
}

impl From<ConversationRecord> for ConversationView {
    fn from(c: ConversationRecord) -> Self {
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

impl From<ConversationDetail> for ConversationDetailView {
    fn from(d: ConversationDetail) -> Self {
        Self {
            conversation: d.conversation.into(),
            window: d.window.into(),
            messages: d.messages.into_iter().map(MessageView::from).collect(),
        }
    }
}
