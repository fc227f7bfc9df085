//! AVG rights per resident (issue 10 §5): what the engine needs to export a resident's data
//! and to erase it, plus the registry of every table and the personal data it holds.
//!
//! Erasure goes in bounded steps, each its own transaction, so that a resident with a long
//! history never holds a lock for long and an interrupted erasure simply continues when it
//! is asked again: conversation by conversation (messages in batches, then the
//! conversation's notes, events, labels and the conversation itself), and the contact last.
//! While the contact row exists, its conversations can be found again; once it is gone,
//! nothing of the resident is left.

use async_trait::async_trait;
use loket_domain::{ContactId, ConversationId, OrgId, Timestamp};

use crate::StoreResult;

/// A conversation of the resident under a legal hold (blocks erasure, AVG art. 17(3)).
#[derive(Debug, Clone, PartialEq)]
pub struct HeldConversation {
    pub conversation_id: ConversationId,
    pub since: Timestamp,
    pub reason: Option<String>,
}

/// What one erasure step removed (counts only: the audit record never holds content).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ErasedCounts {
    pub conversations: u64,
    pub messages: u64,
    pub notes: u64,
    pub events: u64,
    pub jobs: u64,
    /// Pending statuses, channel events and unrouted events that named the resident.
    pub raw_payloads: u64,
    pub contacts: u64,
}

impl ErasedCounts {
    pub fn add(&mut self, other: ErasedCounts) {
        self.conversations += other.conversations;
        self.messages += other.messages;
        self.notes += other.notes;
        self.events += other.events;
        self.jobs += other.jobs;
        self.raw_payloads += other.raw_payloads;
        self.contacts += other.contacts;
    }
}

/// One step of erasing a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationErasure {
    pub counts: ErasedCounts,
    /// The conversation itself is gone (no more steps needed).
    pub finished: bool,
}

#[async_trait]
pub trait ResidentDataStore {
    /// The contact's conversations, oldest first (ids only: the caller reads them one at a
    /// time). `NotFound` when the contact is not one of `org`'s.
    async fn resident_conversation_ids(
        &self,
        org: OrgId,
        contact: ContactId,
    ) -> StoreResult<Vec<ConversationId>>;

    /// The contact's conversations under a legal hold. `NotFound` for another org's contact.
    async fn resident_legal_holds(
        &self,
        org: OrgId,
        contact: ContactId,
    ) -> StoreResult<Vec<HeldConversation>>;

    /// Every blob key the conversation's messages refer to (media the resident sent,
    /// attachments agents sent). `NotFound` for another org's conversation.
    async fn conversation_blob_keys(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<String>>;

    /// One bounded step: delete at most `limit` of the conversation's messages (with the
    /// jobs that name them); when none are left, its notes, events and labels and the
    /// conversation itself. `Conflict` when it is under a legal hold; `NotFound` for
    /// another org's conversation (and for one already erased).
    async fn erase_conversation_step(
        &self,
        org: OrgId,
        conversation: ConversationId,
        limit: u32,
    ) -> StoreResult<ConversationErasure>;

    /// The last step: the raw payloads outside conversations that carry one of the
    /// contact's identities (pending statuses, channel events, unrouted events for the
    /// org's numbers), its identities and the contact itself. `Conflict` while any of its
    /// conversations is left; `NotFound` for another org's contact.
    async fn erase_contact(&self, org: OrgId, contact: ContactId) -> StoreResult<ErasedCounts>;
}

/// What a table holds, for the erasure test: a table with personal data names how
/// erasure reaches it; the others say why they hold none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableData {
    /// Holds residents' personal data; the text names the erasure step that removes it.
    Personal { erased_by: &'static str },
    /// Holds no residents' personal data; the text says why.
    NoPersonalData { why: &'static str },
}

/// Every table of the schema. The erasure conformance test fails when the schema has a
/// table this list does not name: whoever adds a table decides here what erasure does
/// with it (and extends the erasure steps when it holds personal data).
pub const TABLE_REGISTRY: &[(&str, TableData)] = &[
    ("contacts", personal("erase_contact")),
    ("contact_identities", personal("erase_contact")),
    ("conversations", personal("erase_conversation_step")),
    ("conversation_labels", personal("erase_conversation_step")),
    ("conversation_events", personal("erase_conversation_step")),
    (
        "messages",
        personal("erase_conversation_step (with the media blobs)"),
    ),
    ("notes", personal("erase_conversation_step")),
    (
        "mentions",
        personal("erase_conversation_step (with its note: cascade)"),
    ),
    (
        "message_search",
        personal("erase_conversation_step (with its message: trigger / cascade)"),
    ),
    (
        "jobs",
        personal("erase_conversation_step (jobs naming the messages)"),
    ),
    (
        "pending_statuses",
        personal("erase_contact (raw payload names the number)"),
    ),
    (
        "channel_events",
        personal("erase_contact (raw payload names the number)"),
    ),
    (
        "unrouted_events",
        personal("erase_contact (for the org's numbers)"),
    ),
    ("organisations", none("the municipality itself")),
    ("meta_apps", none("provider app credentials")),
    ("api_tokens", none("token hashes")),
    ("channels", none("the municipality's own numbers")),
    ("templates", none("message templates of the municipality")),
    (
        "template_status_events",
        none("template review events from the provider"),
    ),
    ("secret_key_check", none("a sealed known value")),
    ("users", none("staff accounts, not residents")),
    ("memberships", none("staff roles")),
    ("teams", none("staff teams")),
    ("team_members", none("staff teams")),
    ("sessions", none("staff sign-in sessions")),
    ("recovery_codes", none("staff second-factor codes")),
    ("sign_in_attempts", none("staff sign-in throttling")),
    (
        "live_events",
        none("ids and field names only, pruned after a bounded time"),
    ),
    ("labels", none("the organisation's label taxonomy")),
    (
        "audit_log",
        none("opaque ids, fixed words and hashes only; kept so the chain stays whole"),
    ),
    ("retention_runs", none("counts per kind, never content")),
    (
        "org_privacy",
        none("the organisation's masking policy and notice text"),
    ),
    ("saved_replies", none("the municipality's own texts")),
    (
        "kb_articles",
        none("the municipality's own knowledge-base articles"),
    ),
    (
        "kb_feedback",
        personal(
            "erase_conversation_step (a colleague's comment may retell the question: cleared, \
             and the conversation id set null; the verdict stays)",
        ),
    ),
    ("kb_synonyms", none("the municipality's own search words")),
    (
        "office_hours",
        none("the organisation's office hours and automatic texts"),
    ),
    (
        "auto_replies_sent",
        personal("erase_conversation_step (on delete cascade with its conversation)"),
    ),
    (
        "user_availability",
        none("colleagues' availability and round-robin order; no resident data"),
    ),
    (
        "sla_events",
        personal("erase_conversation_step (on delete cascade with its conversation)"),
    ),
    (
        "automation_rules",
        none("the organisation's own rules (its words, labels, teams)"),
    ),
    (
        "automation_runs",
        personal("erase_conversation_step (on delete cascade with its conversation)"),
    ),
    (
        "automation_cursors",
        none("a message sequence number per organisation"),
    ),
    (
        "wrap_up_policies",
        none("the organisation's wrap-up results"),
    ),
    (
        "conversation_wrap_ups",
        personal(
            "erase_conversation_step (the question is cleared and the link set null; the \
             result and article ids stay for the reports)",
        ),
    ),
    (
        "contact_requests",
        personal("erase_conversation_step (on delete cascade with its conversation)"),
    ),
    (
        "contact_request_steps",
        personal("erase_conversation_step (cascade with its request: outcomes retell the answer)"),
    ),
    ("_sqlx_migrations", none("schema history")),
];

const fn personal(erased_by: &'static str) -> TableData {
    TableData::Personal { erased_by }
}

const fn none(why: &'static str) -> TableData {
    TableData::NoPersonalData { why }
}
