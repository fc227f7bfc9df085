//! SLA events (issue 12, point 6): what the worker announced about a conversation's
//! targets — a warning, a breach, its escalation — each claimed once, so several workers
//! never both announce it; and who a breach is escalated to.

use async_trait::async_trait;
use loket_domain::{ConversationId, OrgId, TeamId, Timestamp, UserId};

use crate::StoreResult;

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

    /// The active team leads a breach goes to: those of `team` when it has any, else the
    /// organisation's.
    async fn sla_team_leads(&self, org: OrgId, team: Option<TeamId>) -> StoreResult<Vec<UserId>>;

    /// The enabled organisations (deployment-wide, for the worker's sweep).
    async fn enabled_organisations(&self) -> StoreResult<Vec<OrgId>>;
}
