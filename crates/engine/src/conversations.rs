//! Agents' changes to a conversation: status, assignee, team, priority, labels.

use loket_domain::conversation::ConversationStatus;
use loket_domain::input::{self, FieldProblem};
use loket_domain::{ConversationId, OrgId, Timestamp};
use loket_store::ConversationPatch;

use crate::bus::Event;
use crate::query::{ConversationItem, window_of};
use crate::{Engine, EngineError};

impl Engine {
    /// Apply `patch`. An assignee must be an active member of `org`, a team one of its
    /// enabled teams; anything else (unknown ids, another organisation's) is refused with
    /// the field named, before anything changes.
    /// Resolving checks the organisation's wrap-up setting: when it requires a wrap-up,
    /// use [`Engine::update_conversation_wrapped`].
    pub async fn update_conversation(
        &self,
        org: OrgId,
        id: ConversationId,
        patch: ConversationPatch,
    ) -> Result<ConversationItem, EngineError> {
        self.update_conversation_wrapped(org, id, patch, None, None)
            .await
    }

    /// [`Engine::update_conversation`] once the wrap-up was checked.
    pub(crate) async fn apply_conversation_patch(
        &self,
        org: OrgId,
        id: ConversationId,
        mut patch: ConversationPatch,
    ) -> Result<ConversationItem, EngineError> {
        let mut problems = check_patch(&mut patch);
        problems.extend(
            check_snooze(&patch, self.clock().now())
                .err()
                .unwrap_or_default(),
        );
        problems.extend(self.check_people(org, &patch).await?);
        if let Some(labels) = patch.labels.as_deref().filter(|_| problems.is_empty()) {
            problems.extend(self.check_taxonomy(org, id, labels).await?);
        }
        if !problems.is_empty() {
            return Err(EngineError::InvalidFields(problems));
        }
        let record = self
            .store()
            .update_conversation(org, id, &patch, self.clock().now())
            .await?;
        self.bus().publish(Event::ConversationUpdated {
            org_id: org,
            conversation_id: id,
            changed: changed_fields(&patch),
        });
        Ok(ConversationItem {
            window: window_of(&record, self.clock().now()),
            conversation: record,
        })
    }
}

/// Snoozing needs a time to wake up, in the future; a time alone snoozes nothing.
fn check_snooze(patch: &ConversationPatch, now: Timestamp) -> Result<(), Vec<FieldProblem>> {
    let snoozing = patch.status == Some(ConversationStatus::Snoozed);
    let problem = match patch.snoozed_until {
        None if snoozing => "status snoozed needs snoozed_until: when it opens again",
        Some(until) if snoozing && until <= now => "must be in the future",
        Some(_) if !snoozing => "is only given together with status snoozed",
        _ => return Ok(()),
    };
    Err(vec![FieldProblem::new("snoozed_until", problem)])
}

impl Engine {
    /// Open every snoozed conversation whose time has come, each with a `status_changed`
    /// event (the worker calls it every few seconds); returns how many.
    pub async fn wake_snoozed_conversations(&self) -> Result<usize, EngineError> {
        let woken = (self.store())
            .wake_snoozed_conversations(self.clock().now())
            .await?;
        for (org_id, conversation_id) in &woken {
            self.bus().publish(Event::ConversationUpdated {
                org_id: *org_id,
                conversation_id: *conversation_id,
                changed: vec!["status".to_owned()],
            });
        }
        Ok(woken.len())
    }

    async fn check_people(
        &self,
        org: OrgId,
        patch: &ConversationPatch,
    ) -> Result<Vec<FieldProblem>, EngineError> {
        let mut problems = Vec::new();
        if let Some(Some(user)) = patch.assignee
            && !self.store().is_active_member(org, user).await?
        {
            problems.push(FieldProblem::new(
                "assignee",
                "is no active member of this organisation",
            ));
        }
        if let Some(Some(team)) = patch.team
            && !self.store().is_enabled_team(org, team).await?
        {
            problems.push(FieldProblem::new("team", "is no team of this organisation"));
        }
        Ok(problems)
    }
}

/// The fields a patch sets, as the API names them (for live clients to decide what to
/// fetch again).
fn changed_fields(patch: &ConversationPatch) -> Vec<String> {
    [
        ("status", patch.status.is_some()),
        ("assignee", patch.assignee.is_some()),
        ("team", patch.team.is_some()),
        ("priority", patch.priority.is_some()),
        ("labels", patch.labels.is_some()),
    ]
    .into_iter()
    .filter(|(_, set)| *set)
    .map(|(name, _)| name.to_owned())
    .collect()
}

/// Bound the patch (label count and lengths), trimming labels; every problem at once.
fn check_patch(patch: &mut ConversationPatch) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if let Some(labels) = &mut patch.labels {
        match input::check_labels(labels) {
            Ok(trimmed) => *labels = trimmed,
            Err(found) => problems.extend(found),
        }
    }
    problems
}
