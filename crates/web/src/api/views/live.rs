//! A live event as `GET /events` sends it: the SSE `event` name is the `type`, the `id`
//! the log's id (for `Last-Event-ID`), and `data` ids plus small fields — never message
//! text or phone numbers: clients fetch what they may see through the API.

use loket_domain::delivery::DeliveryStatus;
use loket_domain::{ConversationId, MessageId, NoteId, UserId};
use loket_engine::Event;
use loket_engine::live::{LiveItem, ReloadReason};
use serde::Serialize;

/// The API's own copy of the bus's events, so the bus can change on its own.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum LiveEventView {
    ConversationCreated {
        conversation_id: ConversationId,
    },
    ConversationReopened {
        conversation_id: ConversationId,
    },
    ConversationUpdated {
        conversation_id: ConversationId,
        changed: Vec<String>,
    },
    MessageCreated {
        conversation_id: ConversationId,
        message_id: MessageId,
    },
    MessageStatusChanged {
        conversation_id: ConversationId,
        message_id: MessageId,
        status: DeliveryStatus,
    },
    MessageUpdated {
        conversation_id: ConversationId,
        message_id: MessageId,
    },
    /// An internal note; `mentions` are the colleagues it names.
    NoteAdded {
        conversation_id: ConversationId,
        note_id: NoteId,
        mentions: Vec<UserId>,
    },
    /// `user_id` read their mentions on a conversation (their badge follows).
    MentionsRead {
        user_id: UserId,
    },
    /// Events were lost to this client: fetch what is shown anew.
    Reload {
        reason: &'static str,
    },
}

impl LiveEventView {
    pub fn name(&self) -> &'static str {
        match self {
            Self::ConversationCreated { .. } => "conversation_created",
            Self::ConversationReopened { .. } => "conversation_reopened",
            Self::ConversationUpdated { .. } => "conversation_updated",
            Self::MessageCreated { .. } => "message_created",
            Self::MessageStatusChanged { .. } => "message_status_changed",
            Self::MessageUpdated { .. } => "message_updated",
            Self::NoteAdded { .. } => "note_added",
            Self::MentionsRead { .. } => "mentions_read",
            Self::Reload { .. } => "reload",
        }
    }
}

/// The SSE id (none for `reload`, so the client's `Last-Event-ID` stays at the last event
/// it received) and the view.
pub(crate) fn live_item_view(item: &LiveItem) -> (Option<i64>, LiveEventView) {
    match item {
        LiveItem::Event(live) => (Some(live.id), event_view(&live.event)),
        LiveItem::Reload(reason) => (
            None,
            LiveEventView::Reload {
                reason: match reason {
                    ReloadReason::FellBehind => "fell_behind",
                    ReloadReason::CannotResume => "cannot_resume",
                },
            },
        ),
    }
}

fn event_view(event: &Event) -> LiveEventView {
    match event.clone() {
        Event::ConversationCreated {
            conversation_id, ..
        } => LiveEventView::ConversationCreated { conversation_id },
        Event::ConversationReopened {
            conversation_id, ..
        } => LiveEventView::ConversationReopened { conversation_id },
        Event::ConversationUpdated {
            conversation_id,
            changed,
            ..
        } => LiveEventView::ConversationUpdated {
            conversation_id,
            changed,
        },
        Event::MessageCreated {
            conversation_id,
            message_id,
            ..
        } => LiveEventView::MessageCreated {
            conversation_id,
            message_id,
        },
        Event::MessageStatusChanged {
            conversation_id,
            message_id,
            status,
            ..
        } => LiveEventView::MessageStatusChanged {
            conversation_id,
            message_id,
            status,
        },
        Event::MessageUpdated {
            conversation_id,
            message_id,
            ..
        } => LiveEventView::MessageUpdated {
            conversation_id,
            message_id,
        },
        Event::NoteAdded {
            conversation_id,
            note_id,
            mentions,
            ..
        } => LiveEventView::NoteAdded {
            conversation_id,
            note_id,
            mentions,
        },
        Event::MentionsRead { user_id, .. } => LiveEventView::MentionsRead { user_id },
    }
}
