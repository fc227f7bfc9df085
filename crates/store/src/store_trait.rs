//! The [`Store`] trait: everything Loket persists, as both backends implement it.

use std::time::Duration;

use async_trait::async_trait;
use loket_domain::delivery::{DeliveryStatus, ProviderError};
use loket_domain::{
    ChannelId, ContactId, ConversationId, EventId, JobId, MessageId, OrgId, Timestamp, UserId,
};

use crate::{
    AppliedProvisioning, AuditStore, AutomationStore, AvailabilityStore, Backend, Channel,
    ChannelEventRecord, ContactConversation, ContactPatch, ContactRecord, ContactRequestStore,
    ConversationEvent, ConversationFilter, ConversationPatch, ConversationRecord,
    ConversationSearch, IngestOutcome, IngestRequest, Job, JobLease, KnowledgeStore, Label,
    LiveEventLog, MediaState, MentionStore, MessageRecord, MessageSearchStore, MetaApp, NewJob,
    NewOrganisation, NewOutboundMessage, NewWhatsappChannel, NoteStore, OfficeHoursStore,
    Organisation, Page, PageRequest, PagingStore, PeopleStore, PrivacyStore, ProvisioningSpec,
    QueueStats, ResidentDataStore, RetentionStore, SavedReplyStore, SlaStore, StoreError,
    StoreResult, StoredSecret, TemplateRecord, TemplateStatusRecord, UnroutedEvent, WrapUpStore,
};

/// Everything Loket persists. Every call that touches tenant data takes the caller's
/// [`OrgId`]; another organisation's ids answer [`StoreError::NotFound`].
#[async_trait]
pub trait Store:
    PeopleStore
    + LiveEventLog
    + NoteStore
    + MentionStore
    + PagingStore
    + ResidentDataStore
    + RetentionStore
    + AuditStore
    + PrivacyStore
    + SavedReplyStore
    + MessageSearchStore
    + KnowledgeStore
    + OfficeHoursStore
    + AvailabilityStore
    + SlaStore
    + WrapUpStore
    + ContactRequestStore
    + AutomationStore
    + Send
    + Sync
    + 'static
{
    fn backend(&self) -> Backend;

    /// Apply pending migrations (one instance at a time).
    async fn migrate(&self) -> StoreResult<()>;

    /// A cheap round trip, for readiness checks.
    async fn ping(&self) -> StoreResult<()>;

    /// Write a consistent copy of the whole database to `destination` (a file path) while
    /// the store stays in use. SQLite only; PostgreSQL is backed up with its own tools
    /// (`pg_dump`, base backups), so it answers `StoreError::Other` saying so.
    async fn backup(&self, destination: &str) -> StoreResult<()>;

    // ----- provisioning (idempotent: applied from configuration at every start) -----

    /// Make the store exactly what a configuration declares, in ONE transaction (all or
    /// nothing): declared apps, organisations, channels and tokens are created, updated and
    /// enabled; apps, organisations and WhatsApp channels no longer declared are disabled
    /// (never deleted). Secrets are stored as given (the engine seals them).
    async fn apply_provisioning(
        &self,
        spec: &ProvisioningSpec,
        now: Timestamp,
    ) -> StoreResult<AppliedProvisioning>;

    /// Create or update by name, enabled.
    async fn upsert_meta_app(&self, app: &MetaApp) -> StoreResult<()>;
    /// The enabled apps (a disabled app's secret must verify nothing).
    async fn list_meta_apps(&self) -> StoreResult<Vec<MetaApp>>;

    /// Keep `sealed` (a known value sealed with the secret key) unless a check is stored
    /// already; returns the stored one, for the engine to open with its key.
    async fn init_secret_key_check(&self, sealed: &str) -> StoreResult<String>;
    /// Every stored secret value (apps, enabled or not, and channels), opaque.
    async fn list_stored_secrets(&self) -> StoreResult<Vec<StoredSecret>>;
    /// Replace each secret whose stored value is still the old one, in one transaction;
    /// returns how many were replaced.
    async fn replace_stored_secrets(
        &self,
        changes: &[(StoredSecret, String)],
    ) -> StoreResult<usize>;

    /// Create or update by slug, enabled.
    async fn upsert_organisation(
        &self,
        org: &NewOrganisation,
        now: Timestamp,
    ) -> StoreResult<Organisation>;
    async fn get_organisation(&self, id: OrgId) -> StoreResult<Organisation>;
    async fn find_organisation_by_slug(&self, slug: &str) -> StoreResult<Option<Organisation>>;

    /// Make `token_hashes` exactly the configuration-managed API tokens of `org`.
    async fn replace_config_api_tokens(
        &self,
        org: OrgId,
        token_hashes: &[String],
        now: Timestamp,
    ) -> StoreResult<()>;
    /// The enabled organisation an enabled API token hash belongs to.
    async fn find_org_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<Organisation>>;

    /// Create or update by `phone_number_id`, enabled, in one statement (safe when instances
    /// start together); a number of another organisation is a `Conflict`.
    async fn upsert_whatsapp_channel(
        &self,
        org: OrgId,
        channel: &NewWhatsappChannel,
        now: Timestamp,
    ) -> StoreResult<Channel>;
    async fn find_channel_by_phone_number_id(
        &self,
        phone_number_id: &str,
    ) -> StoreResult<Option<Channel>>;
    /// Channels with this WhatsApp Business Account id (templates are per account).
    async fn find_channels_by_waba_id(&self, waba_id: &str) -> StoreResult<Vec<Channel>>;
    async fn get_channel(&self, org: OrgId, id: ChannelId) -> StoreResult<Channel>;
    async fn list_channels(&self, org: OrgId) -> StoreResult<Vec<Channel>>;
    async fn set_channel_attention(
        &self,
        org: OrgId,
        id: ChannelId,
        reason: Option<&str>,
    ) -> StoreResult<()>;

    // ----- ingestion -----

    /// Commit every request's items; one result per request, in order. Requests share the
    /// transaction but not their fate: a failing request is rolled back alone (savepoint)
    /// and gets its error, the others commit. Returns only after the commit is durable.
    /// Borrowed, so a caller can retry the same requests (after `StoreError::Busy`).
    async fn ingest(&self, requests: &[IngestRequest]) -> Vec<StoreResult<IngestOutcome>>;

    async fn list_unrouted(
        &self,
        include_replayed: bool,
        limit: u32,
    ) -> StoreResult<Vec<UnroutedEvent>>;
    /// Not yet replayed unrouted events for this number, oldest first.
    async fn unrouted_for(&self, phone_number_id: &str) -> StoreResult<Vec<UnroutedEvent>>;
    async fn mark_unrouted_replayed(&self, ids: &[EventId], now: Timestamp) -> StoreResult<()>;

    async fn list_channel_events(
        &self,
        org: OrgId,
        channel: ChannelId,
        limit: u32,
    ) -> StoreResult<Vec<ChannelEventRecord>>;

    async fn list_template_statuses(
        &self,
        account_id: &str,
    ) -> StoreResult<Vec<TemplateStatusRecord>>;

    // ----- reading -----

    async fn list_conversations(
        &self,
        org: OrgId,
        filter: &ConversationFilter,
        page: PageRequest,
    ) -> StoreResult<Page<ConversationRecord>>;
    /// The conversations just before and just after `conversation` in `filter`'s queue
    /// (the conversation page's previous / next), one indexed row each way.
    async fn queue_neighbours(
        &self,
        org: OrgId,
        filter: &ConversationFilter,
        conversation: &ConversationRecord,
    ) -> StoreResult<(Option<ConversationId>, Option<ConversationId>)>;
    /// How many conversations `filter` lists, counting at most [`COUNT_CAP`](crate::COUNT_CAP).
    async fn count_conversations(
        &self,
        org: OrgId,
        filter: &ConversationFilter,
    ) -> StoreResult<u32>;
    /// Conversations of `org` found by `search`, most recent activity first, at most `limit`.
    async fn search_conversations(
        &self,
        org: OrgId,
        search: &ConversationSearch,
        limit: u32,
    ) -> StoreResult<Vec<ConversationRecord>>;
    async fn get_conversation(
        &self,
        org: OrgId,
        id: ConversationId,
    ) -> StoreResult<ConversationRecord>;
    /// Oldest first.
    async fn list_messages(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<MessageRecord>>;
    async fn get_message(&self, org: OrgId, id: MessageId) -> StoreResult<MessageRecord>;
    /// Oldest first.
    async fn list_conversation_events(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<ConversationEvent>>;

    // ----- media -----

    async fn set_media_state(
        &self,
        org: OrgId,
        message: MessageId,
        state: &MediaState,
    ) -> StoreResult<()>;

    // ----- outbound (the outbox) -----

    /// The message (status `queued`) and its jobs in one transaction.
    async fn insert_outbound_message(
        &self,
        message: &NewOutboundMessage,
    ) -> StoreResult<MessageRecord> {
        let mut records = self
            .insert_outbound_messages(std::slice::from_ref(message))
            .await?;
        records.pop().ok_or(StoreError::NotFound)
    }
    /// All messages of one reply (one per attachment) and their jobs in one transaction:
    /// all are queued, or (on any error) none.
    async fn insert_outbound_messages(
        &self,
        messages: &[NewOutboundMessage],
    ) -> StoreResult<Vec<MessageRecord>>;
    /// The provider accepted the message: record its id, move to `sent` unless a later status
    /// is already known, and apply any statuses that arrived before the id was known.
    async fn record_provider_message_id(
        &self,
        org: OrgId,
        message: MessageId,
        provider_message_id: &str,
        now: Timestamp,
    ) -> StoreResult<MessageRecord>;
    /// Set a status directly (queued → uncertain, → failed with the provider's error…),
    /// subject to the forward-only rule. Returns whether it changed.
    async fn set_message_status(
        &self,
        org: OrgId,
        message: MessageId,
        status: DeliveryStatus,
        error: Option<&ProviderError>,
        now: Timestamp,
    ) -> StoreResult<bool>;

    /// Forget statuses kept for provider ids that never became known, once they are older
    /// than Meta's 7-day redelivery horizon before `now`. Returns how many were removed.
    async fn prune_pending_statuses(&self, now: Timestamp) -> StoreResult<u64>;

    /// Agent retry of a message whose send failed or whose outcome is uncertain: back to
    /// `queued` (error cleared) with a new send job, in one transaction. Any other status →
    /// `Conflict`.
    async fn requeue_message(
        &self,
        org: OrgId,
        message: MessageId,
        job: &NewJob,
        now: Timestamp,
    ) -> StoreResult<MessageRecord>;

    // ----- contacts and conversation changes -----

    async fn get_contact(&self, org: OrgId, id: ContactId) -> StoreResult<ContactRecord>;
    /// Apply `patch`; each real change is recorded as a conversation event at `now`
    /// (`status_changed`, `assigned`, `team_changed`, `priority_changed`, `label_added`,
    /// `label_removed`). Resolving sets `resolved_at`; leaving `resolved` clears it.
    async fn update_conversation(
        &self,
        org: OrgId,
        id: ConversationId,
        patch: &ConversationPatch,
        now: Timestamp,
    ) -> StoreResult<ConversationRecord>;
    /// The provider said the reply window is closed (e.g. WhatsApp 131047).
    async fn mark_window_closed(
        &self,
        org: OrgId,
        id: ConversationId,
        at: Timestamp,
    ) -> StoreResult<()>;
    /// An agent read the conversation: its `unread_count` is 0.
    async fn mark_conversation_read(&self, org: OrgId, id: ConversationId) -> StoreResult<()>;
    /// Open every organisation's snoozed conversations whose `snoozed_until` is not after
    /// `now` (at most 500 a call), each with a `status_changed` event; returns them.
    async fn wake_snoozed_conversations(
        &self,
        now: Timestamp,
    ) -> StoreResult<Vec<(OrgId, ConversationId)>>;
    /// Composer: an agent starts a conversation with `resident` on `channel` (a call-back):
    /// their contact, created when unknown, and their unresolved conversation there, or a
    /// new one (window closed: no inbound message yet). Another org's channel: not found.
    async fn open_conversation_for(
        &self,
        org: OrgId,
        channel: ChannelId,
        resident: &loket_domain::contact::ContactProfile,
        now: Timestamp,
    ) -> StoreResult<ConversationId>;

    // ----- templates -----

    /// Make `templates` exactly the channel's templates (a sync from the provider).
    async fn replace_templates(
        &self,
        org: OrgId,
        channel: ChannelId,
        templates: &[TemplateRecord],
    ) -> StoreResult<()>;
    /// Sorted by name, then language.
    async fn list_templates(
        &self,
        org: OrgId,
        channel: Option<ChannelId>,
    ) -> StoreResult<Vec<TemplateRecord>>;
    async fn find_template(
        &self,
        org: OrgId,
        channel: ChannelId,
        name: &str,
        language: &str,
    ) -> StoreResult<Option<TemplateRecord>>;

    // ----- jobs -----

    /// Unlock and run again at `run_at` without counting this attempt (e.g. a rate limit
    /// said "not yet": nothing was tried).
    ///
    /// This and `complete_job`, `retry_job`, `fail_job` take the lease of the claim
    /// (`Job::lease`) and answer whether they took effect: `false` when a later claim took
    /// the job over (this worker's lease expired meanwhile), so its word is ignored.
    async fn postpone_job(&self, lease: JobLease, run_at: Timestamp) -> StoreResult<bool>;

    async fn enqueue_job(&self, job: &NewJob, now: Timestamp) -> StoreResult<JobId>;
    /// Take the next due job (run_at ≤ now, not locked), lock it for `lease` and count the
    /// attempt. A job whose lease expired (its worker died) is due again.
    async fn claim_next_job(&self, now: Timestamp, lease: Duration) -> StoreResult<Option<Job>>;
    /// Fail the jobs whose last allowed attempt's lease expired (their worker died) and
    /// return them: the caller shows the failure on their messages or media.
    async fn fail_exhausted_jobs(&self, now: Timestamp) -> StoreResult<Vec<Job>>;
    /// Keep a claimed job locked until at least `until`, before work that may outlast the
    /// claim's lease (a large download). `false` when another claim took the job over.
    async fn extend_lease(&self, lease: JobLease, until: Timestamp) -> StoreResult<bool>;
    async fn complete_job(&self, lease: JobLease) -> StoreResult<bool>;
    /// Unlock and run again at `run_at`, keeping the error.
    async fn retry_job(&self, lease: JobLease, run_at: Timestamp, error: &str)
    -> StoreResult<bool>;
    /// Give up: kept with its error for inspection, never run again.
    async fn fail_job(&self, lease: JobLease, error: &str) -> StoreResult<bool>;
    async fn queue_stats(&self, now: Timestamp) -> StoreResult<QueueStats>;

    // ----- the resident panel and the labels taxonomy (issue 9, part "actions") -----

    /// Set the contact's name (from then on kept over the channel's profile name) and/or
    /// notes; `NotFound` for another organisation's contact.
    async fn update_contact(
        &self,
        org: OrgId,
        id: ContactId,
        patch: &ContactPatch,
        now: Timestamp,
    ) -> StoreResult<ContactRecord>;
    /// Block (`blocked`) or unblock the contact of `conversation`, recording
    /// `resident_blocked` / `resident_unblocked` (with `by`) on that conversation; a block
    /// already in that state records nothing.
    async fn set_contact_blocked(
        &self,
        org: OrgId,
        conversation: ConversationId,
        blocked: bool,
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<ContactRecord>;
    /// The contact's conversations on every channel, newest activity first, at most `limit`.
    async fn list_contact_conversations(
        &self,
        org: OrgId,
        contact: ContactId,
        limit: u32,
    ) -> StoreResult<Vec<ContactConversation>>;
    /// The organisation's labels, by group and name.
    async fn list_labels(&self, org: OrgId) -> StoreResult<Vec<Label>>;
    /// Add the label, or rename/regroup/(de)activate the one with its slug.
    async fn put_label(&self, org: OrgId, label: &Label, now: Timestamp) -> StoreResult<()>;
}
