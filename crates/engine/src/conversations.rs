//! Agents' changes to a conversation: status, assignee, team, priority, labels.

use loket_domain::{ConversationId, OrgId};
use loket_store::{ConversationPatch, ConversationRecord};

use crate::bus::Event;
use crate::{Engine, EngineError};

/// Longest label name; labels are short topic tags ("paspoort", "afval").
const MAX_LABEL: usize = 50;

impl Engine {
    pub async fn update_conversation(
        &self,
        org: OrgId,
        id: ConversationId,
        mut patch: ConversationPatch,
    ) -> Result<ConversationRecord, EngineError> {
        if let Some(labels) = &mut patch.labels {
            let mut problems = Vec::new();
            for label in labels.iter_mut() {
                *label = label.trim().to_owned();
                if label.is_empty() || label.chars().count() > MAX_LABEL {
                    problems.push(format!(
                        "labels: {label:?} must be 1 to {MAX_LABEL} characters"
                    ));
                }
            }
            if !problems.is_empty() {
                return Err(EngineError::Invalid(problems));
            }
        }
        let record = self
            .store()
            .update_conversation(org, id, &patch, self.clock().now())
            .await?;
        self.bus().publish(Event::ConversationUpdated {
            org_id: org,
            conversation_id: id,
        });
        Ok(record)
    }
}
