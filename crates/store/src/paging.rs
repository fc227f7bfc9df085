//! Paging both ways: a conversation's messages a page at a time (the conversation page
//! reads the newest page, then earlier ones by keyset, never the whole history), and a
//! queue page read backwards from a cursor (the inbox's "Vorige" link).

use async_trait::async_trait;
use loket_domain::{ConversationId, MessageId, OrgId, Timestamp};

use crate::StoreResult;
use crate::models::{
    ConversationCursor, ConversationFilter, ConversationOrder, ConversationRecord,
};
use crate::models::{MessageRecord, Page};

/// One page of a conversation's messages and what it needs from outside itself, so that
/// reactions and quoted replies show the same on every page.
#[derive(Debug, Clone, PartialEq)]
pub struct MessagePage {
    /// The page's messages, oldest first; edits and revocations are left out (they changed
    /// an earlier message, which shows it).
    pub messages: Vec<MessageRecord>,
    /// Reactions stored after the page to one of its messages, oldest first: they show on
    /// their target here.
    pub later_reactions: Vec<MessageRecord>,
    /// Messages before the page that its replies quote or its reactions react to: a
    /// reaction to one of them shows there, not here.
    pub earlier_targets: Vec<MessageRecord>,
    /// The oldest message read, when earlier ones exist: `before` for the earlier page.
    pub earlier: Option<MessageId>,
    /// When this page begins (the `earlier` message's time); `None` on the first page.
    pub from: Option<Timestamp>,
    /// When the newer page begins (the `before` message's time); `None` on the newest.
    pub until: Option<Timestamp>,
}

/// A queue page read backwards from a cursor, in queue order.
#[derive(Debug, Clone, PartialEq)]
pub struct PageBefore<T> {
    pub items: Vec<T>,
    /// Pass as `before` for the page before this one; `None` when this is the first page.
    pub before: Option<ConversationCursor>,
    /// Pass as `after` for the page after this one.
    pub next: Option<ConversationCursor>,
}

impl<T> PageBefore<T> {
    /// The queue's first page, read forwards (fewer than a page came before the cursor).
    pub fn first(page: Page<T>) -> Self {
        Self {
            items: page.items,
            before: None,
            next: page.next,
        }
    }
}

impl ConversationCursor {
    /// Where `c` stands in `order`: the cursor for a page that starts or ends with it.
    pub fn of(order: ConversationOrder, c: &ConversationRecord) -> Self {
        match (order, c.waiting_since) {
            (ConversationOrder::Waiting, Some(at)) => Self {
                waiting: true,
                at,
                id: c.id,
            },
            _ => Self {
                waiting: false,
                at: c.last_message_at,
                id: c.id,
            },
        }
    }
}

#[async_trait]
pub trait PagingStore {
    /// The newest `limit` messages of `conversation` before message `before` (all of
    /// them: `None`), by the time they were sent and then arrival. `NotFound` for another
    /// organisation's conversation, or a `before` that is not one of its messages.
    async fn list_message_page(
        &self,
        org: OrgId,
        conversation: ConversationId,
        before: Option<MessageId>,
        limit: u32,
    ) -> StoreResult<MessagePage>;

    /// The `limit` conversations just before `before` in `filter`'s queue, in queue order.
    /// When fewer than `limit` come before it, the queue's first page instead (so a page
    /// back is always full).
    async fn list_conversations_before(
        &self,
        org: OrgId,
        filter: &ConversationFilter,
        before: ConversationCursor,
        limit: u32,
    ) -> StoreResult<PageBefore<ConversationRecord>>;
}
