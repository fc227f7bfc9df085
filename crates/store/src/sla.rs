//! SLA events (issue 12, point 6): what the worker announced about a conversation's
//! targets — a warning, a breach, its escalation — each claimed once, so several workers
//! never both announce it; and who a breach is escalated to.

use async_trait::async_trait;
use loket_domain::{ConversationId, OrgId, TeamId, Timestamp, UserId};

use crate::{ConversationEvent, ConversationRecord, StoreResult};

/// Most ids one statement of a batched read binds (an inbox page is 50); more are read in
/// several statements, so no statement outgrows a backend's limit on parameters.
pub const SLA_BATCH_MAX: usize = 500;

/// One announced event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaEventRecord {
    pub conversation_id: ConversationId,
    /// `first_response` or `resolution`.
    pub target: String,
    /// `warning`, `breach` or `escalated`.
    pub kind: String,
    /// The deadline it was about.
    pub due_at: Timestamp,
    pub at: Timestamp,
}

#[async_trait]
pub trait SlaStore {
    /// Record `event` for `org`'s conversation; `false` when it was recorded before (by
    /// this or another worker). `NotFound` for another organisation's conversation.
    async fn claim_sla_event(&self, org: OrgId, event: &SlaEventRecord) -> StoreResult<bool>;

    /// The conversation's SLA events, oldest first.
    async fn list_sla_events(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<SlaEventRecord>>;

    /// The events of `org`'s conversations among `conversations`, per conversation oldest
    /// first (the SLA facts of an inbox page in one read). Another organisation's ids
    /// give nothing.
    async fn list_events_of_conversations(
        &self,
        org: OrgId,
        conversations: &[ConversationId],
    ) -> StoreResult<Vec<ConversationEvent>>;

    /// The SLA events of `org`'s conversations among `conversations`, oldest first (as
    /// [`SlaStore::list_events_of_conversations`]).
    async fn list_sla_events_of(
        &self,
        org: OrgId,
        conversations: &[ConversationId],
    ) -> StoreResult<Vec<SlaEventRecord>>;

    /// The unresolved conversations the worker announced a warning or breach for whose
    /// deadline may still hold (a first-response deadline only while a question waits and
    /// for that question), the earliest deadline first, at most `limit`: the candidates of
    /// the "SLA-risico" view, which the engine evaluates to keep the ones still at risk.
    async fn sla_risk_candidates(
        &self,
        org: OrgId,
        limit: u32,
    ) -> StoreResult<Vec<ConversationRecord>>;

    /// The active team leads a breach goes to: those of `team` when it has any, else the
    /// organisation's.
    async fn sla_team_leads(&self, org: OrgId, team: Option<TeamId>) -> StoreResult<Vec<UserId>>;

    /// The enabled organisations (deployment-wide, for the worker's sweep).
    async fn enabled_organisations(&self) -> StoreResult<Vec<OrgId>>;
}
