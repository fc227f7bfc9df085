//! Agents' changes to a conversation: status, assignee, team, priority, labels.

use loket_domain::input::{self, FieldProblem};
use loket_domain::{ConversationId, OrgId};
use loket_store::{ConversationPatch, ConversationRecord};

use crate::bus::Event;
use crate::{Engine, EngineError};

impl Engine {
    pub async fn update_conversation(
        &self,
        org: OrgId,
        id: ConversationId,
        mut patch: ConversationPatch,
    ) -> Result<ConversationRecord, EngineError> {
        check_patch(&mut patch).map_err(EngineError::InvalidFields)?;
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

/// Bound the patch (label count and lengths, name lengths), trimming labels; every
/// problem at once.
fn check_patch(patch: &mut ConversationPatch) -> Result<(), Vec<FieldProblem>> {
    let mut problems = Vec::new();
    if let Some(labels) = &mut patch.labels {
        match input::check_labels(labels) {
            Ok(trimmed) => *labels = trimmed,
            Err(found) => problems.extend(found),
        }
    }
    for (field, value) in [("assignee", &patch.assignee), ("team", &patch.team)] {
        if let Some(Some(name)) = value {
            problems.extend(input::check_name(field, name));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
