//! Saved replies (issue 11, part 3): the organisation's own texts, found by a shortcut in
//! the composer. Org-scoped like everything else: another organisation's reply answers
//! `NotFound`; a shortcut already used in the organisation is a `Conflict`.

use async_trait::async_trait;
use loket_domain::{OrgId, SavedReplyId, TeamId, Timestamp, UserId};

use crate::StoreResult;

/// A saved reply as stored; the engine has checked it (`domain::replies::check_reply`)
/// and that its team is one of the organisation's.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedReply {
    pub id: SavedReplyId,
    pub org_id: OrgId,
    /// Without the slash.
    pub shortcut: String,
    pub title: String,
    /// The text with its `{{variables}}` unfilled.
    pub body: String,
    /// Shown first to this team's members; everyone may use it.
    pub team_id: Option<TeamId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[async_trait]
pub trait SavedReplyStore {
    /// Store a new reply; `Conflict` when its shortcut is taken in its organisation.
    async fn insert_saved_reply(&self, reply: &SavedReply) -> StoreResult<()>;

    /// Replace the shortcut, title, text, team and `updated_at` of the reply with
    /// `reply.id` in `reply.org_id`; `NotFound` for another organisation's reply,
    /// `Conflict` when the new shortcut is taken.
    async fn update_saved_reply(&self, reply: &SavedReply) -> StoreResult<()>;

    /// `NotFound` for another organisation's reply.
    async fn delete_saved_reply(&self, org: OrgId, id: SavedReplyId) -> StoreResult<()>;

    async fn get_saved_reply(&self, org: OrgId, id: SavedReplyId) -> StoreResult<SavedReply>;

    /// The organisation's replies by shortcut; with `for_user`, those of the user's teams
    /// first (each group by shortcut).
    async fn list_saved_replies(
        &self,
        org: OrgId,
        for_user: Option<UserId>,
    ) -> StoreResult<Vec<SavedReply>>;
}
