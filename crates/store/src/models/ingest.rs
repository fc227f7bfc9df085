//! Ingestion: webhook deliveries to commit, their outcomes and what is kept for admins.

use std::time::Duration;

use loket_domain::delivery::{DeliveryStatus, ProviderError};
use loket_domain::inbound::{AddressedEvent, InboundMessage, StatusUpdate, TemplateStatusUpdate};
use loket_domain::pii::PiiKind;
use loket_domain::privacy::masking::StoredFinding;
use loket_domain::{ChannelId, ConversationId, EventId, MessageId, OrgId, Timestamp};
use serde_json::Value;

use super::NewJob;

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
