//! The in-process event bus: every committed change is published here, after its commit.
//! SSE streams to agents, outgoing webhooks and the audit log subscribe.

use loket_domain::delivery::DeliveryStatus;
use loket_domain::{ConversationId, MessageId, OrgId};
use serde::Serialize;
use tokio::sync::broadcast;

/// A change, as subscribers see it. Carries ids only: subscribers read what they may see.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    ConversationUpdated {
        org_id: OrgId,
        conversation_id: ConversationId,
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
}

impl Event {
    pub fn org_id(&self) -> OrgId {
        match self {
            Self::ConversationCreated { org_id, .. }
            | Self::ConversationReopened { org_id, .. }
            | Self::ConversationUpdated { org_id, .. }
            | Self::MessageCreated { org_id, .. }
            | Self::MessageStatusChanged { org_id, .. }
            | Self::MessageUpdated { org_id, .. } => *org_id,
        }
    }
}

/// A broadcast bus. Slow subscribers lose the oldest events (they are told how many)
/// rather than slowing ingestion down.
#[derive(Debug, Clone)]
pub struct Bus {
    sender: broadcast::Sender<Event>,
}

impl Bus {
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity);
        Self { sender }
    }

    pub fn publish(&self, event: Event) {
        // No subscribers is fine: nobody is watching.
        let _ = self.sender.send(event);
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
