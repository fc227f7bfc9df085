//! The resident panel's and the labels taxonomy's records (issue 9, part "actions").

use loket_domain::conversation::ConversationStatus;
use loket_domain::{ChannelId, ConversationId, Timestamp};

/// A change to a contact; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactPatch {
    /// The name agents call the resident by (`Some(None)` goes back to the profile name).
    pub name: Option<Option<String>>,
    /// `Some(None)` clears the notes.
    pub notes: Option<Option<String>>,
}

/// One of a contact's conversations, as the resident panel links it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactConversation {
    pub id: ConversationId,
    pub channel_id: ChannelId,
    pub channel_name: String,
    pub status: ConversationStatus,
    pub last_message_at: Timestamp,
}

/// A label of the organisation's shared taxonomy. `slug` is what conversations carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub slug: String,
    pub name: String,
    /// Groups labels on screen (e.g. "Signalen", "Producten").
    pub group: String,
    /// Inactive labels stay on conversations but can no longer be added.
    pub active: bool,
}
