//! Office hours and the automatic messages around them (issue 12): each organisation's
//! configured policy (with per-channel overrides), applied by provisioning at every start;
//! and what each conversation was already sent, so each message goes at most once.

use async_trait::async_trait;
use loket_domain::hours::AutoReplyPolicy;
use loket_domain::{ChannelId, ConversationId, OrgId, Timestamp};

use crate::StoreResult;

/// An organisation's policy (`channel: None`) or a channel's override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopedPolicy {
    pub channel: Option<ChannelId>,
    pub policy: AutoReplyPolicy,
}

/// A conversation whose resident wrote last in a stretch of time and got no answer since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unanswered {
    pub conversation: ConversationId,
    pub last_inbound_at: Timestamp,
}

#[async_trait]
pub trait OfficeHoursStore {
    /// Make `policies` exactly `org`'s (empty: none, always open). `NotFound` for an
    /// unknown organisation or a channel of another one.
    async fn set_auto_reply_policies(
        &self,
        org: OrgId,
        policies: &[ScopedPolicy],
    ) -> StoreResult<()>;

    /// The enabled organisations with office hours configured (deployment-wide, for the
    /// worker's sweeps, like the job queue).
    async fn organisations_with_office_hours(&self) -> StoreResult<Vec<OrgId>>;

    /// `org`'s policy and its channels' overrides, the organisation's first.
    async fn auto_reply_policies(&self, org: OrgId) -> StoreResult<Vec<ScopedPolicy>>;

    /// Record that `conversation` got the automatic message `kind` for `period`; `false`
    /// when it already had (another message, instance or worker was first). `NotFound`
    /// for another organisation's conversation.
    async fn claim_auto_reply(
        &self,
        org: OrgId,
        conversation: ConversationId,
        kind: &str,
        period: Timestamp,
        now: Timestamp,
    ) -> StoreResult<bool>;

    /// When a person last replied in the conversation (an agent's outbound message).
    async fn last_agent_reply_at(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Option<Timestamp>>;

    /// Unresolved conversations on `channel` whose resident last wrote in `[from, to)` and
    /// that no agent or bot answered since, without an automatic message `kind` yet;
    /// oldest first, at most `limit`.
    async fn list_unanswered(
        &self,
        org: OrgId,
        channel: ChannelId,
        from: Timestamp,
        to: Timestamp,
        without: &str,
        limit: u32,
    ) -> StoreResult<Vec<Unanswered>>;
}
