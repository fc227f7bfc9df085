//! Agents' changes to a conversation: status, assignee, team, priority, labels.

use loket_domain::conversation::ConversationStatus;
use loket_domain::input::{self, FieldProblem};
use loket_domain::{ConversationId, OrgId, Timestamp};
use loket_store::ConversationPatch;

use crate::bus::Event;
use crate::query::{ConversationItem, window_of};
use crate::{Engine, EngineError};

impl Engine {
    pub async fn update_conversation(
        &self,
        org: OrgId,
        id: ConversationId,
        mut patch: ConversationPatch,
    ) -> Result<ConversationItem, EngineError> {
        check_patch(&mut patch).map_err(EngineError::InvalidFields)?;
        check_snooze(&patch, self.clock().now()).map_err(EngineError::InvalidFields)?;
        let record = self
            .store()
            .update_conversation(org, id, &patch, self.clock().now())
            .await?;
        self.bus().publish(Event::ConversationUpdated {
            org_id: org,
            conversation_id: id,
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
            });
        }
        Ok(woken.len())
    }
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
