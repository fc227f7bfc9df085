//! Row models: what the store reads and writes, in domain types.

use std::time::Duration;

use loket_domain::channel::ChannelKind;
use loket_domain::conversation::{ConversationStatus, Priority};
use loket_domain::delivery::{DeliveryStatus, Pricing, ProviderError};
use loket_domain::inbound::{AddressedEvent, InboundMessage, StatusUpdate, TemplateStatusUpdate};
use loket_domain::message::{Content, Direction, MessageContext, SenderKind};
use loket_domain::pii::PiiKind;
use loket_domain::privacy::masking::StoredFinding;
use loket_domain::{
    ChannelId, ContactId, ConversationId, EventId, JobId, MessageId, OrgId, TeamId, Timestamp,
    UserId,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

// ---------- organisations, apps, channels, tokens ----------

#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    pub id: OrgId,
    pub slug: String,
    pub name: String,
    /// A resident's message reopens a conversation resolved less than this long ago.
    pub reopen_within: Duration,
    pub created_at: Timestamp,
    /// False once the configuration no longer declares it: its tokens are refused and its
    /// channels route nothing. Declaring it again enables it.
    pub enabled: bool,
    /// Members must pass a second factor to work for it (`require_2fa` in the TOML).
    pub require_2fa: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewOrganisation {
    pub slug: String,
    pub name: String,
    pub reopen_within: Duration,
}

/// A Meta app: the secret that signs webhooks and the token of the GET handshake.
#[derive(Clone, PartialEq)]
pub struct MetaApp {
    pub name: String,
    pub app_secret: String,
    pub verify_token: String,
    pub graph_base_url: String,
}

impl std::fmt::Debug for MetaApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetaApp")
            .field("name", &self.name)
            .field("app_secret", &"[redacted]")
            .field("verify_token", &"[redacted]")
            .field("graph_base_url", &self.graph_base_url)
            .finish()
    }
}

#[derive(Clone, PartialEq)]
pub struct Channel {
    pub id: ChannelId,
    pub org_id: OrgId,
    pub kind: ChannelKind,
    pub name: String,
    /// The Meta app whose secret signs this channel's webhooks (WhatsApp, Messenger).
    pub app_name: Option<String>,
    /// WhatsApp: the number's id, the address of webhooks and sends. Unique.
    pub phone_number_id: Option<String>,
    pub display_phone_number: Option<String>,
    /// WhatsApp Business Account id (templates live there).
    pub waba_id: Option<String>,
    pub access_token: Option<String>,
    pub enabled: bool,
    /// Why an admin must look at the channel (e.g. the access token expired).
    pub needs_attention: Option<String>,
    pub created_at: Timestamp,
}

impl std::fmt::Debug for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Channel")
            .field("id", &self.id)
            .field("org_id", &self.org_id)
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("phone_number_id", &self.phone_number_id)
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewWhatsappChannel {
    pub name: String,
    pub app_name: String,
    pub phone_number_id: String,
    pub display_phone_number: String,
    pub waba_id: String,
    pub access_token: String,
}

// ---------- conversations and messages ----------

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

// ---------- ingestion ----------

/// One webhook delivery's worth of work, committed atomically. Several requests may
/// share one transaction (group commit); each gets its own result.
#[derive(Debug, Clone)]
pub struct IngestRequest {
    pub received_at: Timestamp,
    pub items: Vec<IngestItem>,
}

#[derive(Debug, Clone)]
pub enum IngestItem {
    Message {
        org_id: OrgId,
        channel_id: ChannelId,
        /// Pre-assigned; used only if the message is new.
        message_id: MessageId,
        reopen_within: Duration,
        message: InboundMessage,
        pii: Vec<PiiKind>,
        /// What detection found in the (already masked) text, stored with the message.
        findings: Vec<StoredFinding>,
        /// Enqueued in the same transaction, only if the message is new.
        jobs_if_new: Vec<NewJob>,
    },
    Status {
        org_id: OrgId,
        channel_id: ChannelId,
        update: StatusUpdate,
    },
    TemplateStatus {
        org_id: Option<OrgId>,
        channel_id: Option<ChannelId>,
        account_id: String,
        update: TemplateStatusUpdate,
    },
    /// An account-level notice (value-level errors, other webhook fields), kept for admins.
    ChannelEvent {
        org_id: OrgId,
        channel_id: ChannelId,
        /// `error` for value-level errors, else the webhook `field`.
        kind: String,
        errors: Vec<ProviderError>,
        raw: Value,
    },
    /// No channel knows the address: kept for admins and replayed when one does.
    /// `phone_number_id` is the number's id, or the account id for account-level events.
    Unrouted {
        phone_number_id: String,
        event: AddressedEvent,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversationChange {
    Created,
    Reopened,
    Continued,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ItemOutcome {
    MessageCreated {
        org_id: OrgId,
        message_id: MessageId,
        conversation_id: ConversationId,
        change: ConversationChange,
    },
    /// Seen before (same channel and provider id): nothing was written.
    DuplicateMessage {
        existing: MessageId,
    },
    StatusApplied {
        org_id: OrgId,
        message_id: MessageId,
        conversation_id: ConversationId,
        status: DeliveryStatus,
        /// The provider's error code when the status is `failed`.
        error_code: Option<i64>,
    },
    /// Older than (or equal to) what the message already has, or a repeat: ignored.
    StatusIgnored,
    /// The message id is not (yet) known: kept and applied when it is recorded.
    StatusPending,
    TemplateStatusRecorded,
    ChannelEventRecorded,
    Unrouted {
        event_id: EventId,
    },
}

/// One outcome per item, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct IngestOutcome {
    pub items: Vec<ItemOutcome>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnroutedEvent {
    pub id: EventId,
    pub phone_number_id: String,
    pub received_at: Timestamp,
    /// When `unreadable`, a stand-in (`Other` with field `unreadable`) for what the row held.
    pub event: AddressedEvent,
    pub replayed_at: Option<Timestamp>,
    /// The stored event could not be decoded (a damaged row): listed for an admin, never
    /// replayed.
    pub unreadable: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChannelEventRecord {
    pub id: EventId,
    pub channel_id: ChannelId,
    pub kind: String,
    pub errors: Vec<ProviderError>,
    pub raw: Value,
    pub received_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TemplateStatusRecord {
    pub account_id: String,
    pub update: TemplateStatusUpdate,
    pub received_at: Timestamp,
}

// ---------- outbound (the outbox) ----------

#[derive(Debug, Clone)]
pub struct NewOutboundMessage {
    pub message_id: MessageId,
    pub org_id: OrgId,
    pub conversation_id: ConversationId,
    pub sender: SenderKind,
    pub content: Content,
    pub context: MessageContext,
    pub created_at: Timestamp,
    /// Text only: let WhatsApp render a link preview (kept for an agent's retry).
    pub preview_url: bool,
    /// An attachment already kept in the blob store.
    pub media: Option<MediaState>,
    /// The send job, committed with the message.
    pub jobs: Vec<NewJob>,
    /// The signed-in user who wrote it (none for the API and bots).
    pub sender_user_id: Option<UserId>,
    /// A conversation an agent started: the stated opt-in.
    pub opt_in: Option<OptIn>,
}

// ---------- jobs ----------

#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    pub kind: String,
    pub payload: Value,
    pub run_at: Timestamp,
    pub max_attempts: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: JobId,
    pub kind: String,
    pub payload: Value,
    /// Including the current one.
    pub attempts: u32,
    pub max_attempts: u32,
    pub run_at: Timestamp,
    pub created_at: Timestamp,
    pub last_error: Option<String>,
    /// This claim's fencing token (see [`JobLease`]).
    pub claim: i64,
}

impl Job {
    /// What the worker holding this claim passes back to finish it.
    pub fn lease(&self) -> JobLease {
        JobLease {
            id: self.id,
            claim: self.claim,
        }
    }
}

/// A claimed job as its worker holds it. Every claim takes a new `claim` number, so a
/// worker whose lease expired while it was still busy (a long media fetch) can be told
/// apart from the one that claimed the job after it: only the latest claim may complete,
/// retry, postpone or fail the job; the stale one's word is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobLease {
    pub id: JobId,
    pub claim: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueStats {
    /// Jobs waiting or running.
    pub depth: u64,
    /// The `run_at` of the oldest job that is due and waiting.
    pub oldest_due: Option<Timestamp>,
}

// ---------- contacts, conversation changes, templates (agents' operations) ----------

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
