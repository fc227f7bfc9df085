//! The event bus: every committed change is published here, after its commit.
//! In-process subscribers (the demo's scripted agent) hear it at once; it is also appended
//! to the live event log, from which every instance's SSE streams are fed (`crate::live`).

use loket_domain::delivery::DeliveryStatus;
use loket_domain::{ConversationId, MessageId, NoteId, OrgId, UserId};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

/// A change, as subscribers see it. Carries ids only: subscribers read what they may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    ConversationCreated {
        org_id: OrgId,
        conversation_id: ConversationId,
    },
    ConversationReopened {
        org_id: OrgId,
        conversation_id: ConversationId,
    },
    /// Status, assignment, team, priority or labels: `changed` names the fields set.
    ConversationUpdated {
        org_id: OrgId,
        conversation_id: ConversationId,
        #[serde(default)]
        changed: Vec<String>,
    },
    MessageCreated {
        org_id: OrgId,
        conversation_id: ConversationId,
        message_id: MessageId,
    },
    MessageStatusChanged {
        org_id: OrgId,
        conversation_id: ConversationId,
        message_id: MessageId,
        status: DeliveryStatus,
    },
    MessageUpdated {
        org_id: OrgId,
        conversation_id: ConversationId,
        message_id: MessageId,
    },
    /// An internal note: `mentions` are the colleagues it names (to notify them).
    NoteAdded {
        org_id: OrgId,
        conversation_id: ConversationId,
        note_id: NoteId,
        #[serde(default)]
        mentions: Vec<UserId>,
    },
    /// `user_id` read their mentions on a conversation: their other tabs' badges follow.
    MentionsRead { org_id: OrgId, user_id: UserId },
}

impl Event {
    pub fn org_id(&self) -> OrgId {
        match self {
            Self::ConversationCreated { org_id, .. }
            | Self::ConversationReopened { org_id, .. }
            | Self::ConversationUpdated { org_id, .. }
            | Self::MessageCreated { org_id, .. }
            | Self::MessageStatusChanged { org_id, .. }
            | Self::MessageUpdated { org_id, .. }
            | Self::NoteAdded { org_id, .. }
            | Self::MentionsRead { org_id, .. } => *org_id,
        }
    }
}

/// A broadcast bus. Slow subscribers lose the oldest events (they are told how many)
/// rather than slowing ingestion down.
#[derive(Debug, Clone)]
pub struct Bus {
    sender: broadcast::Sender<Event>,
    /// To the live event log's writer (`crate::live`); bounded, never waited for.
    log: crate::live::LogQueue,
}

impl Bus {
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity);
        Self {
            sender,
            log: crate::live::LogQueue::default(),
        }
    }

    pub fn publish(&self, event: Event) {
        self.log.push(&event);
        // No subscribers is fine: nobody is watching.
        let _ = self.sender.send(event);
    }

    pub(crate) fn log_queue(&self) -> &crate::live::LogQueue {
        &self.log
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.sender.subscribe()
    }
}

impl Default for Bus {
    fn default() -> Self {
        Self::new(4096)
    }
}
