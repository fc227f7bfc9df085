//! Agents' changes to a conversation: status, assignee, team, priority, labels.

use loket_domain::input::{self, FieldProblem};
use loket_domain::{ConversationId, OrgId};
use loket_store::{ConversationPatch, ConversationRecord};

use crate::bus::Event;
use crate::{Engine, EngineError};

impl Engine {
    /// Apply `patch`. An assignee must be an active member of `org`, a team one of its
    /// enabled teams; anything else (unknown ids, another organisation's) is refused with
    /// the field named, before anything changes.
    pub async fn update_conversation(
        &self,
        org: OrgId,
        id: ConversationId,
        mut patch: ConversationPatch,
    ) -> Result<ConversationRecord, EngineError> {
        let mut problems = check_patch(&mut patch);
        problems.extend(self.check_people(org, &patch).await?);
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
        Ok(record)
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
