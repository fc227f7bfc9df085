//! Internal notes: agents' remarks on a conversation, for colleagues only (never sent to
//! the resident). Org-scoped like everything else: another organisation's conversation
//! answers `NotFound`, for writing and for reading.

use async_trait::async_trait;
use loket_domain::{ConversationId, NoteId, OrgId, Timestamp, UserId};

use crate::StoreResult;

/// A note to store; the engine has validated it (`domain::input::check_note`) and checked
/// that the author and the mentioned users are members of the organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNote {
    pub id: NoteId,
    pub org_id: OrgId,
    pub conversation_id: ConversationId,
    pub author_id: UserId,
    pub body: String,
    pub mentions: Vec<UserId>,
    pub created_at: Timestamp,
}

/// A stored note: what was given, as it was given.
pub type NoteRecord = NewNote;

#[async_trait]
pub trait NoteStore {
    /// Store a note on `note.conversation_id`, and an unread mention for each user it
    /// names (`crate::mentions`), in one transaction; `NotFound` when the conversation is
    /// not one of `note.org_id`'s.
    async fn insert_note(&self, note: &NewNote) -> StoreResult<()>;

    /// The conversation's notes, oldest first; `NotFound` when the conversation is not one
    /// of `org`'s.
    async fn list_notes(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<NoteRecord>>;
}
