//! One entry of a conversation's history, as the API shows it: `id`, `kind`, the fields
//! of that kind, `at`.

use loket_domain::conversation::ConversationEventKind;
use loket_domain::{MessageId, Timestamp};
use loket_engine::records::ConversationEvent;
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct EventView {
    id: String,
    #[serde(flatten)]
    kind: EventKindView,
    at: Timestamp,
}

/// The API's own copy of the event kinds, so the stored form can change on its own.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum EventKindView {
    Created,
    Reopened,
    StatusChanged {
        from: &'static str,
        to: &'static str,
    },
    Assigned {
        assignee: Option<String>,
    },
    TeamChanged {
        team: Option<String>,
    },
    LabelAdded {
        label: String,
    },
    LabelRemoved {
        label: String,
    },
    PriorityChanged {
        priority: &'static str,
    },
    FirstResponse,
    InboundMessage,
    OutboundMessage,
    AssignmentCleared {
        assignee: Option<String>,
        team: Option<String>,
    },
    Snoozed {
        until: Timestamp,
    },
    MessageEdited {
        message_id: MessageId,
    },
    ResidentBlocked {
        by: Option<String>,
    },
    ResidentUnblocked {
        by: Option<String>,
    },
    LegalHoldSet {
        by: Option<String>,
    },
    LegalHoldLifted {
        by: Option<String>,
    },
    TransferRequired {
        by: Option<String>,
    },
    TransferCancelled {
        by: Option<String>,
    },
    Transferred {
        by: Option<String>,
    },
}

impl From<ConversationEventKind> for EventKindView {
    fn from(kind: ConversationEventKind) -> Self {
        use ConversationEventKind as K;
        match kind {
            K::Created => Self::Created,
            K::Reopened => Self::Reopened,
            K::StatusChanged { from, to } => Self::StatusChanged {
                from: from.as_str(),
                to: to.as_str(),
            },
            K::Assigned { assignee } => Self::Assigned { assignee },
            K::TeamChanged { team } => Self::TeamChanged { team },
            K::LabelAdded { label } => Self::LabelAdded { label },
            K::LabelRemoved { label } => Self::LabelRemoved { label },
            K::PriorityChanged { priority } => Self::PriorityChanged {
                priority: priority.as_str(),
            },
            K::FirstResponse => Self::FirstResponse,
            K::InboundMessage => Self::InboundMessage,
            K::OutboundMessage => Self::OutboundMessage,
            K::AssignmentCleared { assignee, team } => Self::AssignmentCleared { assignee, team },
            K::Snoozed { until } => Self::Snoozed { until },
            K::MessageEdited { message_id } => Self::MessageEdited { message_id },
            K::ResidentBlocked { by } => Self::ResidentBlocked { by },
            K::ResidentUnblocked { by } => Self::ResidentUnblocked { by },
            K::LegalHoldSet { by } => Self::LegalHoldSet { by },
            K::LegalHoldLifted { by } => Self::LegalHoldLifted { by },
            K::TransferRequired { by } => Self::TransferRequired { by },
            K::TransferCancelled { by } => Self::TransferCancelled { by },
            K::Transferred { by } => Self::Transferred { by },
        }
    }
}

impl From<ConversationEvent> for EventView {
    fn from(event: ConversationEvent) -> Self {
        Self {
            id: event.id.to_string(),
            kind: event.kind.into(),
            at: event.at,
        }
    }
}
