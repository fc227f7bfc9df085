//! Retention (issue 10): finding resolved conversations whose period has passed, removing or
//! anonymising them in bounded batches, the record of each run, and what keeps a conversation
//! from removal (a legal hold, a pending transfer to the case system). Org-scoped like
//! everything else: another organisation's conversation answers `NotFound`.

use async_trait::async_trait;
use loket_domain::{ChannelId, ConversationId, EventId, OrgId, Timestamp};

use crate::StoreResult;

/// The `kind` of the system notice an anonymised message's content becomes.
pub const RETENTION_REMOVED: &str = "removed_by_retention";

/// Which resolved conversations to look at: resolved at or before `resolved_before`, after
/// the keyset position `after` (resolution time, id), oldest first, at most `limit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateQuery {
    pub org: OrgId,
    pub resolved_before: Timestamp,
    pub after: Option<(Timestamp, ConversationId)>,
    /// Also conversations anonymised before (only a `delete` rule still has work on them).
    pub include_anonymised: bool,
    pub limit: u32,
}

/// A resolved conversation that nothing keeps: no legal hold, no transfer still to be made.
/// The engine decides with the organisation's policy whether it is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionCandidate {
    pub id: ConversationId,
    pub channel_id: ChannelId,
    pub resolved_at: Timestamp,
    pub labels: Vec<String>,
    pub anonymised: bool,
}

/// A conversation to remove, with the resolution time it was judged by: if it was reopened
/// (and perhaps resolved again) since, it is left alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionTarget {
    pub id: ConversationId,
    pub resolved_at: Timestamp,
}

/// What a run removed, as counts only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RemovalCounts {
    pub conversations_deleted: u64,
    pub conversations_anonymised: u64,
    pub messages_deleted: u64,
    pub messages_anonymised: u64,
    /// Media files (blobs) removed from the blob store.
    pub media_removed: u64,
    pub notes_deleted: u64,
    /// Queued and finished jobs about the removed messages.
    pub jobs_deleted: u64,
    /// Residents whose number and name were removed because nothing else of theirs is kept.
    pub contacts_removed: u64,
    /// Account-level notices with their raw payloads (`channel_events`).
    pub channel_events_deleted: u64,
}

impl RemovalCounts {
    pub fn add(&mut self, other: &RemovalCounts) {
        self.conversations_deleted += other.conversations_deleted;
        self.conversations_anonymised += other.conversations_anonymised;
        self.messages_deleted += other.messages_deleted;
        self.messages_anonymised += other.messages_anonymised;
        self.media_removed += other.media_removed;
        self.notes_deleted += other.notes_deleted;
        self.jobs_deleted += other.jobs_deleted;
        self.contacts_removed += other.contacts_removed;
        self.channel_events_deleted += other.channel_events_deleted;
    }
}

/// The record of one run for one organisation (`retention_runs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionRun {
    pub id: EventId,
    pub org_id: OrgId,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    /// Counted what is due, removed nothing.
    pub dry_run: bool,
    pub counts: RemovalCounts,
    /// Why the run stopped early (what it removed before that is counted).
    pub error: Option<String>,
}

/// A legal hold on a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalHold {
    pub at: Timestamp,
    /// Who set it: a user id, or `api` for an integration's token.
    pub by: String,
    pub reason: String,
}

/// What keeps (or kept) a conversation from removal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionState {
    pub legal_hold: Option<LegalHold>,
    pub transfer_required_at: Option<Timestamp>,
    pub transferred_at: Option<Timestamp>,
    pub anonymised_at: Option<Timestamp>,
}

#[async_trait]
pub trait RetentionStore {
    /// Resolved conversations nothing keeps (see [`RetentionCandidate`]).
    async fn retention_candidates(
        &self,
        query: &CandidateQuery,
    ) -> StoreResult<Vec<RetentionCandidate>>;

    /// The blob keys of the media kept for these conversations' messages.
    async fn retention_blob_keys(
        &self,
        org: OrgId,
        conversations: &[ConversationId],
    ) -> StoreResult<Vec<String>>;

    /// Delete the targets that are still resolved at the same time and kept by nothing, with
    /// everything of theirs (messages, events, labels, notes, jobs), in one transaction; a
    /// resident with no conversation left loses their number and name. Blobs are the
    /// caller's (read them first with [`Self::retention_blob_keys`]).
    async fn delete_conversations(
        &self,
        org: OrgId,
        targets: &[RetentionTarget],
    ) -> StoreResult<RemovalCounts>;

    /// Like [`Self::delete_conversations`], but keep the content-free facts: the conversation,
    /// its events and labels, and each message's direction, sender, times and statuses.
    /// Texts, media references, raw payloads and notes go; so do the resident's number and
    /// name once every conversation of theirs is anonymised.
    async fn anonymise_conversations(
        &self,
        org: OrgId,
        targets: &[RetentionTarget],
        now: Timestamp,
    ) -> StoreResult<RemovalCounts>;

    /// Delete up to `limit` account-level notices (`channel_events`) received before
    /// `before`; returns how many.
    async fn delete_channel_events_before(
        &self,
        org: OrgId,
        before: Timestamp,
        limit: u32,
    ) -> StoreResult<u64>;

    /// Delete up to `limit` unrouted events (no organisation's) received before `before`;
    /// returns how many.
    async fn delete_unrouted_events_before(
        &self,
        before: Timestamp,
        limit: u32,
    ) -> StoreResult<u64>;

    async fn record_retention_run(&self, run: &RetentionRun) -> StoreResult<()>;
    /// The organisation's latest runs, newest first.
    async fn list_retention_runs(&self, org: OrgId, limit: u32) -> StoreResult<Vec<RetentionRun>>;

    async fn retention_state(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<RetentionState>;
    /// Set (`Some`) or lift (`None`) the legal hold.
    async fn set_legal_hold(
        &self,
        org: OrgId,
        conversation: ConversationId,
        hold: Option<&LegalHold>,
    ) -> StoreResult<()>;
    /// Mark (`Some`) or unmark (`None`) the conversation for transfer to the case system;
    /// marking again forgets an earlier transfer.
    async fn set_transfer_required(
        &self,
        org: OrgId,
        conversation: ConversationId,
        at: Option<Timestamp>,
    ) -> StoreResult<()>;
    /// Record `kind` on the organisation's conversation (`NotFound` for another's).
    async fn add_conversation_event(
        &self,
        org: OrgId,
        conversation: ConversationId,
        kind: &loket_domain::conversation::ConversationEventKind,
        at: Timestamp,
    ) -> StoreResult<()>;
    /// Record the transfer; `Conflict` unless the conversation is marked for transfer.
    async fn mark_transferred(
        &self,
        org: OrgId,
        conversation: ConversationId,
        at: Timestamp,
    ) -> StoreResult<()>;
}
