//! Conversations, their messages and events, and the queue's filters, search and paging.

use loket_domain::conversation::{ConversationStatus, Priority};
use loket_domain::delivery::{DeliveryStatus, Pricing, ProviderError};
use loket_domain::message::{Content, Direction, MessageContext, SenderKind};
use loket_domain::pii::PiiKind;
use loket_domain::privacy::masking::StoredFinding;
use loket_domain::{
    ChannelId, ContactId, ConversationId, EventId, MessageId, OrgId, TeamId, Timestamp, UserId,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq)]
pub struct ConversationRecord {
    pub id: ConversationId,
    pub org_id: OrgId,
    pub channel_id: ChannelId,
    pub contact_id: ContactId,
    /// The resident's name as their channel profile gives it.
    pub contact_name: Option<String>,
    pub status: ConversationStatus,
    /// A member of the organisation.
    pub assignee: Option<UserId>,
    /// One of the organisation's teams.
    pub team: Option<TeamId>,
    pub priority: Priority,
    /// Sorted by name.
    pub labels: Vec<String>,
    pub last_inbound_at: Option<Timestamp>,
    pub last_message_at: Timestamp,
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    /// When the provider reported the reply window closed (WhatsApp 131047), which can be
    /// earlier than our own clock says.
    pub window_closed_at: Option<Timestamp>,
    /// The newest message that stands on its own (the queue's preview).
    pub last_message: Option<LastMessage>,
    /// The first message asking for an answer since the last reply of an agent or bot;
    /// `None` when answered (or resolved).
    pub waiting_since: Option<Timestamp>,
    /// The resident's messages since an agent marked the conversation read or replied.
    pub unread_count: u32,
    /// A snoozed conversation opens again at this time.
    pub snoozed_until: Option<Timestamp>,
}

/// A conversation's newest message, as its preview needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct LastMessage {
    pub id: MessageId,
    pub direction: Direction,
    pub sender: SenderKind,
    /// As it reads now: the newest edit, if the resident edited it.
    pub content: Content,
    pub sent_at: Timestamp,
    pub revoked: bool,
    /// Outbound only.
    pub status: Option<DeliveryStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum MediaState {
    /// A job will fetch the bytes.
    Pending,
    Stored {
        blob_key: String,
        size: u64,
        mime_type: Option<String>,
    },
    /// Fetching failed for good; the reason is shown on the message.
    Failed { reason: String },
    /// Refused by the attachment checks (a type off the allow-list, a virus, a broken
    /// photo): the bytes are not kept and never served; the reason is shown.
    Quarantined { reason: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct MessageRecord {
    pub id: MessageId,
    pub org_id: OrgId,
    pub conversation_id: ConversationId,
    pub channel_id: ChannelId,
    pub direction: Direction,
    pub sender: SenderKind,
    pub provider_message_id: Option<String>,
    pub content: Content,
    pub context: MessageContext,
    /// `context.reply_to` resolved to our own message, when we have it.
    pub reply_to_message_id: Option<MessageId>,
    /// When it was sent (inbound: the provider's timestamp; outbound: when queued).
    pub sent_at: Timestamp,
    pub created_at: Timestamp,
    /// Outbound only.
    pub status: Option<DeliveryStatus>,
    pub status_at: Option<Timestamp>,
    pub error: Option<ProviderError>,
    pub media: Option<MediaState>,
    pub pii: Vec<PiiKind>,
    /// Personal data found in the text, ranges in the stored text (masked: no value).
    pub findings: Vec<StoredFinding>,
    /// The newest content after the resident edited the message.
    pub edited_content: Option<Content>,
    pub edited_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
    /// Outbound text only: WhatsApp renders a preview of its first link.
    pub preview_url: bool,
    /// Outbound only: what the provider's status webhooks said about its price.
    pub pricing: Option<Pricing>,
    /// Outbound only: the resident's business-scoped user id, as the statuses named it.
    pub recipient_user_id: Option<String>,
    /// Outbound only: the signed-in user who wrote it (none for the API, bots, older ones).
    pub sender_user_id: Option<UserId>,
    /// A conversation an agent started: who stated the resident's permission, and when.
    pub opt_in: Option<OptIn>,
}

/// An agent's statement that the resident gave permission to be contacted first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OptIn {
    pub by: UserId,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConversationEvent {
    pub id: EventId,
    pub conversation_id: ConversationId,
    pub kind: loket_domain::conversation::ConversationEventKind,
    pub at: Timestamp,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConversationFilter {
    pub status: Option<ConversationStatus>,
    pub channel: Option<ChannelId>,
    pub assignee: Option<UserId>,
    pub label: Option<String>,
    pub order: ConversationOrder,
    /// Only conversations nobody is assigned to (the "Unassigned" view).
    pub unassigned: bool,
    /// Only conversations of this team.
    pub team: Option<TeamId>,
    /// Only conversations of a team this user is a member of (the "My teams" view).
    pub teams_of: Option<UserId>,
    /// Only open and pending conversations (the inbox's default; ignored with `status`).
    pub active: bool,
}

/// At most this many conversations are counted per view: a count stays one short index
/// read at a million conversations ("999+" above it).
pub const COUNT_CAP: u32 = 1000;

/// What an agent typed into the search box, already told apart by the engine; each kind
/// reads one index range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConversationSearch {
    /// The resident's name starts with this (compared in lower case).
    NamePrefix(String),
    /// The phone number (`wa_id`, digits only, country code first) starts with this.
    PhonePrefix(String),
    /// The WhatsApp username starts with this (lower case).
    UsernamePrefix(String),
    /// Exactly this conversation.
    Id(ConversationId),
}

/// How a queue is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ConversationOrder {
    /// Waiting for an answer first, longest waiting first; then the rest by last
    /// activity, newest first.
    #[default]
    Waiting,
    /// By last activity, newest first.
    Recent,
}

/// Where a page ended: the last conversation's place in the order (keyset paging, so a
/// page never repeats or skips a conversation that did not move meanwhile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationCursor {
    /// In the waiting part of the `Waiting` order (`at` is then `waiting_since`, else
    /// `last_message_at`).
    pub waiting: bool,
    pub at: Timestamp,
    pub id: ConversationId,
}

impl std::fmt::Display for ConversationCursor {
    /// `w` or `r`, the time in microseconds, `_`, the id: opaque to clients.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let part = if self.waiting { 'w' } else { 'r' };
        let at = loket_domain::time::to_micros(self.at);
        write!(f, "{part}{at}_{}", self.id)
    }
}

impl std::str::FromStr for ConversationCursor {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let waiting = match s.get(..1) {
            Some("w") => true,
            Some("r") => false,
            _ => return Err(()),
        };
        let (at, id) = s[1..].split_once('_').ok_or(())?;
        let at: i64 = at.parse().map_err(|_| ())?;
        let at = Timestamp::from_microsecond(at).map_err(|_| ())?;
        Ok(Self {
            waiting,
            at,
            id: id.parse().map_err(|_| ())?,
        })
    }
}

/// `after` is the cursor of the previous page's last conversation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageRequest {
    pub after: Option<ConversationCursor>,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `after` to get the next page; `None` on the last page.
    pub next: Option<ConversationCursor>,
}
