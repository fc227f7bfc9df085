//! Reading: conversations and their messages as the API and the inbox show them.

use std::collections::HashMap;

use loket_channels::whatsapp::explain_nl;
use loket_domain::delivery::DeliveryStatus;
use loket_domain::delivery::ProviderError;
use loket_domain::message::{Content, Direction, SenderKind};
use loket_domain::window::WindowState;
use loket_domain::{ConversationId, MessageId, OrgId, Timestamp};
use loket_store::{
    ConversationEvent, ConversationFilter, ConversationRecord, MessageRecord, Page, PageRequest,
};

use crate::outbound::LOCAL_ERROR;
use crate::{Engine, EngineError};

/// A reaction shown on the message it reacts to.
#[derive(Debug, Clone, PartialEq)]
pub struct ReactionView {
    pub emoji: String,
    pub at: Timestamp,
    pub message_id: MessageId,
    /// Who reacted: the resident, or an agent (or bot) of ours.
    pub from: SenderKind,
    /// Ours only: whether it was delivered.
    pub status: Option<DeliveryStatus>,
}

/// A conversation as a queue lists it: with its reply window.
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationItem {
    pub conversation: ConversationRecord,
    pub window: WindowState,
}

/// Why a message failed or is uncertain, as an agent reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorView {
    /// Meta's error code (`-1`: Loket's own).
    pub code: i64,
    /// A Dutch explanation for the agent.
    pub message: String,
    /// Meta's own title and details, for support.
    pub provider_title: String,
    pub provider_details: Option<String>,
}

impl ErrorView {
    fn from_provider(e: ProviderError) -> Self {
        let message = if e.code == LOCAL_ERROR {
            e.title.clone()
        } else {
            explain_nl(e.code).to_owned()
        };
        Self {
            code: e.code,
            message,
            provider_title: e.title,
            provider_details: e.details,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MessageView {
    pub record: MessageRecord,
    pub error: Option<ErrorView>,
    pub reactions: Vec<ReactionView>,
}

impl MessageView {
    pub fn new(mut record: MessageRecord, reactions: Vec<ReactionView>) -> Self {
        let error = record.error.take().map(ErrorView::from_provider);
        Self {
            record,
            error,
            reactions,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConversationDetail {
    pub conversation: ConversationRecord,
    pub window: WindowState,
    /// Oldest first; reactions whose target is here are attached to it instead.
    pub messages: Vec<MessageView>,
}

impl Engine {
    pub async fn list_conversations(
        &self,
        org: OrgId,
        filter: &ConversationFilter,
        page: PageRequest,
    ) -> Result<Page<ConversationItem>, EngineError> {
        let found = self.store().list_conversations(org, filter, page).await?;
        let now = self.clock().now();
        Ok(Page {
            items: (found.items.into_iter())
                .map(|conversation| ConversationItem {
                    window: window_of(&conversation, now),
                    conversation,
                })
                .collect(),
            next: found.next,
        })
    }

    pub async fn conversation_detail(
        &self,
        org: OrgId,
        id: ConversationId,
    ) -> Result<ConversationDetail, EngineError> {
        let conversation = self.store().get_conversation(org, id).await?;
        let messages = self.store().list_messages(org, id).await?;
        let window = window_of(&conversation, self.clock().now());
        Ok(ConversationDetail {
            conversation,
            window,
            messages: attach_reactions(messages),
        })
    }

    /// The conversations just before and just after `conversation` in `filter`'s queue.
    pub async fn queue_neighbours(
        &self,
        org: OrgId,
        filter: &ConversationFilter,
        conversation: &ConversationRecord,
    ) -> Result<(Option<ConversationId>, Option<ConversationId>), EngineError> {
        Ok((self.store())
            .queue_neighbours(org, filter, conversation)
            .await?)
    }

    /// Whether message `message` of `org` belongs to conversation `conversation` (`NotFound`
    /// when the message is not `org`'s): a page under one conversation's URL serves only
    /// that conversation's messages.
    pub async fn message_in_conversation(
        &self,
        org: OrgId,
        conversation: ConversationId,
        message: MessageId,
    ) -> Result<bool, EngineError> {
        let record = self.store().get_message(org, message).await?;
        Ok(record.conversation_id == conversation)
    }

    /// What happened to a conversation of `org`, oldest first; `NotFound` for one `org`
    /// does not have.
    pub async fn conversation_events(
        &self,
        org: OrgId,
        id: ConversationId,
    ) -> Result<Vec<ConversationEvent>, EngineError> {
        Ok(self.store().list_conversation_events(org, id).await?)
    }
}

/// The 24-hour window, closed early when Meta said so (131047).
pub fn window_of(conversation: &ConversationRecord, now: Timestamp) -> WindowState {
    match (
        WindowState::at(conversation.last_inbound_at, now),
        conversation.window_closed_at,
    ) {
        (WindowState::Open { .. }, Some(closed_at)) => WindowState::Closed { closed_at },
        (state, _) => state,
    }
}

/// Fold reactions into their targets: per target, the resident's latest reaction and ours
/// (an agent's or bot's), as each side's app shows them; an empty one removes it.
pub(crate) fn attach_reactions(messages: Vec<MessageRecord>) -> Vec<MessageView> {
    let index: HashMap<&str, usize> = messages
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.provider_message_id.as_deref().map(|p| (p, i)))
        .collect();
    // (target, ours) → the latest reaction of that side.
    let mut latest: HashMap<(usize, bool), Option<ReactionView>> = HashMap::new();
    let mut folded = vec![false; messages.len()];
    for (i, m) in messages.iter().enumerate() {
        if let Content::Reaction { target, emoji } = &m.content
            && let Some(&t) = index.get(target.as_str())
        {
            folded[i] = true;
            let ours = m.direction == Direction::Outbound;
            let reaction = emoji.clone().map(|emoji| ReactionView {
                emoji,
                at: m.sent_at,
                message_id: m.id,
                from: m.sender,
                status: m.status,
            });
            latest.insert((t, ours), reaction);
        }
    }
    messages
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !folded[*i])
        .map(|(i, record)| {
            let reactions = [false, true]
                .into_iter()
                .filter_map(|ours| latest.get_mut(&(i, ours)).and_then(Option::take))
                .collect();
            MessageView::new(record, reactions)
        })
        .collect()
}
