//! The conversation page's reading: the conversation with one page of its messages (never
//! the whole history), and a queue page read backwards (the inbox's "Vorige").

use std::collections::HashSet;

use loket_domain::message::Content;
use loket_domain::{ConversationId, MessageId, OrgId, Timestamp};
use loket_store::{ConversationCursor, ConversationFilter, MessagePage, MessageRecord, PageBefore};

use crate::query::{ConversationDetail, ConversationItem, attach_reactions, window_of};
use crate::{Engine, EngineError};

/// One page of a conversation's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelinePage {
    /// The conversation; `messages` are the page's, oldest first, each with its reactions
    /// (also those stored on a newer page).
    pub detail: ConversationDetail,
    /// Messages before the page that its replies quote.
    pub quoted: Vec<MessageRecord>,
    /// The oldest message read, when earlier ones exist: `before` for the earlier page.
    pub earlier: Option<MessageId>,
    /// When this page begins; `None` on the first page (it shows everything before).
    pub from: Option<Timestamp>,
    /// When the newer page begins; `None` on the newest page.
    pub until: Option<Timestamp>,
}

impl Engine {
    /// Conversation `id` of `org` with the newest `limit` messages before `before` (the
    /// newest page: `None`). `NotFound` for another organisation's conversation or a
    /// `before` that is not one of its messages.
    pub async fn conversation_page(
        &self,
        org: OrgId,
        id: ConversationId,
        before: Option<MessageId>,
        limit: u32,
    ) -> Result<TimelinePage, EngineError> {
        let conversation = self.store().get_conversation(org, id).await?;
        let page = (self.store())
            .list_message_page(org, id, before, limit)
            .await?;
        let (earlier, from, until) = (page.earlier, page.from, page.until);
        let quoted = page.earlier_targets.clone();
        Ok(TimelinePage {
            detail: ConversationDetail {
                window: window_of(&conversation, self.clock().now()),
                conversation,
                messages: page_views(page),
            },
            quoted,
            earlier,
            from,
            until,
        })
    }

    /// Conversation `id` of `org` and its reply window, without its messages (`messages`
    /// is empty): for the parts of the page that need no timeline.
    pub async fn conversation_summary(
        &self,
        org: OrgId,
        id: ConversationId,
    ) -> Result<ConversationDetail, EngineError> {
        let conversation = self.store().get_conversation(org, id).await?;
        Ok(ConversationDetail {
            window: window_of(&conversation, self.clock().now()),
            conversation,
            messages: Vec::new(),
        })
    }

    /// The `limit` conversations just before `before` in `filter`'s queue (the first page
    /// when fewer come before it), with their reply windows.
    pub async fn list_conversations_before(
        &self,
        org: OrgId,
        filter: &ConversationFilter,
        before: ConversationCursor,
        limit: u32,
    ) -> Result<PageBefore<ConversationItem>, EngineError> {
        let found = (self.store())
            .list_conversations_before(org, filter, before, limit)
            .await?;
        let now = self.clock().now();
        Ok(PageBefore {
            items: (found.items.into_iter())
                .map(|conversation| ConversationItem {
                    window: window_of(&conversation, now),
                    conversation,
                })
                .collect(),
            before: found.before,
            next: found.next,
        })
    }
}

/// The page's messages with their reactions: those on the page and those stored later
/// fold into their targets here; a reaction to a message of an earlier page shows there.
fn page_views(page: MessagePage) -> Vec<crate::query::MessageView> {
    let elsewhere: HashSet<&str> = (page.earlier_targets.iter())
        .filter_map(|m| m.provider_message_id.as_deref())
        .collect();
    let later: HashSet<MessageId> = page.later_reactions.iter().map(|m| m.id).collect();
    let mut messages: Vec<MessageRecord> = (page.messages.into_iter())
        .filter(|m| !matches!(&m.content, Content::Reaction { target, .. } if elsewhere.contains(target.as_str())))
        .collect();
    messages.extend(page.later_reactions);
    let mut views = attach_reactions(messages);
    views.retain(|v| !later.contains(&v.record.id));
    views
}
