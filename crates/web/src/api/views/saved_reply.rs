//! A saved reply (snel antwoord) of the organisation, its text with `{{variables}}` unfilled.

use loket_domain::{SavedReplyId, Timestamp};
use loket_engine::records::SavedReply;
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct SavedReplyView {
    id: SavedReplyId,
    /// Without the slash.
    shortcut: String,
    title: String,
    text: String,
    team: Option<String>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl From<SavedReply> for SavedReplyView {
    fn from(r: SavedReply) -> Self {
        Self {
            id: r.id,
            shortcut: r.shortcut,
            title: r.title,
            text: r.body,
            team: r.team_id.map(|t| t.to_string()),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}
