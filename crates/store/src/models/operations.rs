//! Agents' operations: contacts, conversation changes and message templates.

use loket_domain::conversation::{ConversationStatus, Priority};
use loket_domain::{ChannelId, ContactId, OrgId, TeamId, Timestamp, UserId};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct ContactRecord {
    pub id: ContactId,
    pub org_id: OrgId,
    pub display_name: Option<String>,
    /// Every identity key bound to the contact (`wa_id`, `user_id`, `username`).
    pub identity: loket_domain::contact::ChannelIdentity,
    pub created_at: Timestamp,
    /// What agents keep about the resident (free text, bounded by the engine).
    pub notes: Option<String>,
    /// When an agent set the name (from then on the channel's profile name no longer
    /// replaces it).
    pub name_set_at: Option<Timestamp>,
    /// Blocked: their messages are kept but open, reopen or wake no conversation.
    pub blocked_at: Option<Timestamp>,
    pub blocked_by: Option<UserId>,
}

/// A change to a conversation; `None` leaves a field as it is. Each actual change is
/// recorded as a conversation event; setting a field to its current value records nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConversationPatch {
    pub status: Option<ConversationStatus>,
    /// `Some(None)` unassigns.
    pub assignee: Option<Option<UserId>>,
    pub team: Option<Option<TeamId>>,
    pub priority: Option<Priority>,
    /// Replace the whole label set.
    pub labels: Option<Vec<String>>,
    /// With status `snoozed`: when it opens again (the engine checks it is in the future).
    pub snoozed_until: Option<Timestamp>,
    /// Change nothing (`Conflict`) when somebody holds the conversation by now: automatic
    /// assignment must never take a conversation from a colleague who was quicker.
    pub only_if_unassigned: bool,
}

/// A message template as the provider lists it, per channel.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateRecord {
    pub channel_id: ChannelId,
    /// The provider's template id.
    pub template_id: String,
    pub name: String,
    pub language: String,
    /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`…
    pub status: String,
    pub category: String,
    /// `NAMED` or `POSITIONAL`.
    pub parameter_format: Option<String>,
    pub components: Value,
    pub updated_at: Timestamp,
}
