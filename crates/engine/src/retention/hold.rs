//! What keeps a conversation from retention: a legal hold (with a reason) and a transfer to
//! the case system that has not happened yet. Who may do this (a team lead or admin, or an
//! integration's token) is the caller's check; the engine records who did.

use loket_domain::conversation::ConversationEventKind as K;
use loket_domain::input::FieldProblem;
use loket_domain::{ConversationId, OrgId};
use loket_store::retention::{LegalHold, RetentionState};

use crate::bus::Event;
use crate::{Engine, EngineError};

/// The longest reason a legal hold may carry, in characters.
pub const MAX_HOLD_REASON: usize = 500;

impl Engine {
    /// The conversation's hold, transfer and anonymisation state.
    pub async fn retention_state(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> Result<RetentionState, EngineError> {
        Ok(self.store().retention_state(org, conversation).await?)
    }

    /// Put the conversation on legal hold: retention never removes it (and erasure of its
    /// resident is refused) until the hold is lifted. `by` is a user id or `api`. Setting
    /// it again replaces the reason.
    pub async fn set_legal_hold(
        &self,
        org: OrgId,
        conversation: ConversationId,
        by: &str,
        reason: &str,
    ) -> Result<RetentionState, EngineError> {
        let reason = check_reason(reason)?;
        let hold = LegalHold {
            at: self.clock().now(),
            by: by.to_owned(),
            reason,
        };
        (self.store())
            .set_legal_hold(org, conversation, Some(&hold))
            .await?;
        let by = Some(by.to_owned());
        self.retention_changed(org, conversation, K::LegalHoldSet { by })
            .await
    }

    /// Lift the hold; `by` is a user id or `api`.
    pub async fn lift_legal_hold(
        &self,
        org: OrgId,
        conversation: ConversationId,
        by: &str,
    ) -> Result<RetentionState, EngineError> {
        self.store().set_legal_hold(org, conversation, None).await?;
        let by = Some(by.to_owned());
        self.retention_changed(org, conversation, K::LegalHoldLifted { by })
            .await
    }

    /// Mark the conversation for transfer to the case system (`true`; it is then kept until
    /// it is marked transferred) or take the mark off (`false`).
    pub async fn mark_for_transfer(
        &self,
        org: OrgId,
        conversation: ConversationId,
        required: bool,
        by: &str,
    ) -> Result<RetentionState, EngineError> {
        let at = required.then(|| self.clock().now());
        (self.store())
            .set_transfer_required(org, conversation, at)
            .await?;
        let by = Some(by.to_owned());
        let kind = match required {
            true => K::TransferRequired { by },
            false => K::TransferCancelled { by },
        };
        self.retention_changed(org, conversation, kind).await
    }

    /// Record that the conversation was transferred (by hand, until an archive connector
    /// exists). `Conflict` unless it is marked for transfer.
    pub async fn mark_transferred(
        &self,
        org: OrgId,
        conversation: ConversationId,
        by: &str,
    ) -> Result<RetentionState, EngineError> {
        let now = self.clock().now();
        (self.store())
            .mark_transferred(org, conversation, now)
            .await?;
        let by = Some(by.to_owned());
        self.retention_changed(org, conversation, K::Transferred { by })
            .await
    }

    /// The change's event in the timeline, then the news to agents' screens.
    async fn retention_changed(
        &self,
        org: OrgId,
        conversation: ConversationId,
        kind: K,
    ) -> Result<RetentionState, EngineError> {
        let now = self.clock().now();
        (self.store())
            .add_conversation_event(org, conversation, &kind, now)
            .await?;
        self.bus().publish(Event::ConversationUpdated {
            org_id: org,
            conversation_id: conversation,
            changed: vec!["retention".to_owned()],
        });
        self.retention_state(org, conversation).await
    }
}

/// Trimmed, not empty, at most [`MAX_HOLD_REASON`] characters.
fn check_reason(reason: &str) -> Result<String, EngineError> {
    let reason = reason.trim();
    let problem = if reason.is_empty() {
        "a legal hold needs a reason"
    } else if reason.chars().count() > MAX_HOLD_REASON {
        "is longer than 500 characters"
    } else if reason.chars().any(|c| c.is_control() && c != '\n') {
        "contains control characters"
    } else {
        return Ok(reason.to_owned());
    };
    Err(EngineError::InvalidFields(vec![FieldProblem::new(
        "reason", problem,
    )]))
}
