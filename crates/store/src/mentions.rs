//! Mentions: a colleague named in an internal note, kept until they have seen it. Written
//! with the note (`NoteStore::insert_note`, one transaction), counted for the navigation's
//! badge, listed on `/mentions`, marked read when the colleague opens the conversation.
//! Org-scoped like everything else, and per user: nobody reads another's mentions.

use async_trait::async_trait;
use loket_domain::{ConversationId, NoteId, OrgId, Timestamp, UserId};

use crate::StoreResult;

/// One mention, with what the list shows of its note and conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionRecord {
    pub org_id: OrgId,
    /// Who was mentioned.
    pub user_id: UserId,
    pub conversation_id: ConversationId,
    pub note_id: NoteId,
    /// When the note was written.
    pub at: Timestamp,
    pub read_at: Option<Timestamp>,
    /// The note's author and text (colleagues' words, never sent to the resident).
    pub author_id: UserId,
    pub body: String,
    /// The resident's name, when known.
    pub resident: Option<String>,
}

/// Where a page of mentions ends: newest first, so the next page is older than this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionCursor {
    pub at: Timestamp,
    pub note_id: NoteId,
}

impl std::fmt::Display for MentionCursor {
    /// The time in microseconds, `_`, the note id: opaque to clients.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = loket_domain::time::to_micros(self.at);
        write!(f, "{at}_{}", self.note_id)
    }
}

impl std::str::FromStr for MentionCursor {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let (at, id) = s.split_once('_').ok_or(())?;
        let at = Timestamp::from_microsecond(at.parse().map_err(|_| ())?).map_err(|_| ())?;
        Ok(Self {
            at,
            note_id: id.parse().map_err(|_| ())?,
        })
    }
}

/// A page of one user's mentions, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionPage {
    pub items: Vec<MentionRecord>,
    /// Pass as `after` for the older ones; `None` on the last page.
    pub next: Option<MentionCursor>,
}

#[async_trait]
pub trait MentionStore {
    /// How many of `user`'s mentions in `org` are unread, counting at most `cap`.
    async fn count_unread_mentions(&self, org: OrgId, user: UserId, cap: u32) -> StoreResult<u32>;

    /// `user`'s mentions in `org`, newest first, `limit` a page, after `after`.
    async fn list_mentions(
        &self,
        org: OrgId,
        user: UserId,
        after: Option<MentionCursor>,
        limit: u32,
    ) -> StoreResult<MentionPage>;

    /// Mark `user`'s unread mentions on `conversation` read at `now`; how many were unread.
    /// Writes nothing when none are (a read first, so an ordinary page view takes no
    /// write lock).
    async fn mark_mentions_read(
        &self,
        org: OrgId,
        user: UserId,
        conversation: ConversationId,
        now: Timestamp,
    ) -> StoreResult<u64>;
}
