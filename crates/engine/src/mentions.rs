//! Mentions: a colleague named in an internal note keeps an unread mention (stored with the
//! note, `Engine::add_note`) until they open the conversation. The navigation's badge counts
//! them, `/mentions` lists them; each user reads only their own.

use loket_domain::{ConversationId, OrgId, UserId};
use loket_store::{MentionCursor, MentionPage};

use crate::bus::Event;
use crate::{Engine, EngineError};

/// The badge counts this far ("99+" beyond): a colleague who never reads costs no more.
pub const MENTION_COUNT_CAP: u32 = 100;

impl Engine {
    /// How many of `user`'s mentions in `org` are unread, at most [`MENTION_COUNT_CAP`].
    pub async fn count_unread_mentions(
        &self,
        org: OrgId,
        user: UserId,
    ) -> Result<u32, EngineError> {
        Ok((self.store())
            .count_unread_mentions(org, user, MENTION_COUNT_CAP)
            .await?)
    }

    /// `user`'s mentions in `org`, newest first, `limit` a page after `after`.
    pub async fn list_mentions(
        &self,
        org: OrgId,
        user: UserId,
        after: Option<MentionCursor>,
        limit: u32,
    ) -> Result<MentionPage, EngineError> {
        Ok(self.store().list_mentions(org, user, after, limit).await?)
    }

    /// `user` opened `conversation`: its mentions of them are read. Publishes
    /// `mentions_read` when any were unread, so the badge in their other tabs follows;
    /// returns how many were.
    pub async fn mark_mentions_read(
        &self,
        org: OrgId,
        user: UserId,
        conversation: ConversationId,
    ) -> Result<u64, EngineError> {
        let now = self.clock().now();
        let marked = (self.store())
            .mark_mentions_read(org, user, conversation, now)
            .await?;
        if marked > 0 {
            self.bus().publish(Event::MentionsRead {
                org_id: org,
                user_id: user,
            });
        }
        Ok(marked)
    }
}
