//! Colleagues' availability (online / away / offline) per organisation and what
//! auto-assignment needs to choose among them (issue 12, point 5).

use async_trait::async_trait;
use loket_domain::assignment::{Availability, Candidate};
use loket_domain::{ChannelId, ConversationId, OrgId, TeamId, Timestamp, UserId};

use crate::StoreResult;

#[async_trait]
pub trait AvailabilityStore {
    /// `NotFound` when `user` is no active member of `org`.
    async fn set_availability(
        &self,
        org: OrgId,
        user: UserId,
        availability: Availability,
        now: Timestamp,
    ) -> StoreResult<()>;

    /// Offline when they never said otherwise.
    async fn availability(&self, org: OrgId, user: UserId) -> StoreResult<Availability>;

    /// The active agents and team leads of `org` (of `team` only, when given) who are
    /// online, with how many open or pending conversations they hold.
    async fn assignment_candidates(
        &self,
        org: OrgId,
        team: Option<TeamId>,
    ) -> StoreResult<Vec<Candidate>>;

    /// Remember that auto-assignment gave `user` a conversation at `now`.
    async fn mark_auto_assigned(&self, org: OrgId, user: UserId, now: Timestamp)
    -> StoreResult<()>;

    /// The open, pending and snoozed conversations assigned to `user`, oldest first.
    async fn assigned_unresolved(
        &self,
        org: OrgId,
        user: UserId,
    ) -> StoreResult<Vec<ConversationId>>;

    /// At most `limit` open conversations nobody holds whose resident waits for an answer,
    /// with their channel, the longest waiting first.
    async fn unassigned_open(
        &self,
        org: OrgId,
        limit: u32,
    ) -> StoreResult<Vec<(ConversationId, ChannelId)>>;
}
