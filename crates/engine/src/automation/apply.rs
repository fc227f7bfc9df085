//! A fired rule's actions, applied through the engine's own operations: the label, team,
//! priority and assignee in one `update_conversation` (recorded as conversation events and
//! published like a colleague's change), the escalation as the SLA's `escalated` event.

use loket_domain::automation::Action;
use loket_domain::{OrgId, Timestamp};
use loket_store::{ConversationPatch, ConversationRecord, SlaEventRecord};

use crate::bus::Event;
use crate::{Engine, EngineError};

/// The `sla_events` target of an escalation by a rule (the SLA's own are `first_response`
/// and `resolution`); the conversation page reads any `escalated` event alike.
const ESCALATION_TARGET: &str = "automation";

impl Engine {
    /// Apply `actions` to `row`; the outcome for the log, in Dutch and content-free:
    /// "toegepast", or what was refused and why.
    pub(super) async fn apply_actions(
        &self,
        org: OrgId,
        row: &ConversationRecord,
        actions: &[Action],
        since: Timestamp,
    ) -> String {
        let mut problems = Vec::new();
        let patch = patch_of(row, actions);
        if patch != ConversationPatch::default()
            && let Err(e) = self.update_conversation(org, row.id, patch).await
        {
            problems.push(refusal(&e));
        }
        if actions.contains(&Action::Escalate) {
            match self.escalate(org, row, since).await {
                Ok(true) => {}
                Ok(false) => problems.push("geen teamleider om naar te escaleren".to_owned()),
                Err(e) => problems.push(refusal(&e)),
            }
        }
        if problems.is_empty() {
            "toegepast".to_owned()
        } else {
            format!("niet (geheel) toegepast: {}", problems.join("; "))
        }
    }

    /// Escalate to the team's leads (else the organisation's), as a breached SLA does;
    /// `false` when there is no lead. Claimed once per waiting stretch or message time.
    async fn escalate(
        &self,
        org: OrgId,
        row: &ConversationRecord,
        since: Timestamp,
    ) -> Result<bool, EngineError> {
        if self.store().sla_team_leads(org, row.team).await?.is_empty() {
            return Ok(false);
        }
        let event = SlaEventRecord {
            conversation_id: row.id,
            target: ESCALATION_TARGET.to_owned(),
            kind: "escalated".to_owned(),
            due_at: since,
            at: self.clock().now(),
        };
        if self.store().claim_sla_event(org, &event).await? {
            self.bus().publish(Event::ConversationUpdated {
                org_id: org,
                conversation_id: row.id,
                changed: vec!["sla_escalated".to_owned()],
            });
        }
        Ok(true)
    }

    /// The actions in Dutch for the log, teams and colleagues by name.
    pub async fn describe_actions(
        &self,
        org: OrgId,
        actions: &[Action],
    ) -> Result<String, EngineError> {
        let mut parts = Vec::new();
        for action in actions {
            parts.push(match action {
                Action::AddLabel { label } => format!("label '{label}'"),
                Action::SetTeam { team } => {
                    let teams = self.store().list_teams(org).await?;
                    let name = teams.iter().find(|t| t.id == *team).map(|t| t.name.clone());
                    format!("team {}", name.unwrap_or_else(|| "(verwijderd)".to_owned()))
                }
                Action::SetPriority { priority } => format!("prioriteit {}", priority.as_str()),
                Action::AssignTo { user } => {
                    let name = self.store().get_user(*user).await.map(|u| u.name).ok();
                    format!(
                        "toewijzen aan {}",
                        name.unwrap_or_else(|| "(onbekend)".to_owned())
                    )
                }
                Action::Escalate => "escaleren naar de teamleider".to_owned(),
            });
        }
        Ok(parts.join("; "))
    }
}

/// One patch for the conversation's fields; a label already there is not added twice.
fn patch_of(row: &ConversationRecord, actions: &[Action]) -> ConversationPatch {
    let mut patch = ConversationPatch::default();
    let mut labels = row.labels.clone();
    for action in actions {
        match action {
            Action::AddLabel { label } if !labels.iter().any(|l| l.eq_ignore_ascii_case(label)) => {
                labels.push(label.clone());
                patch.labels = Some(labels.clone());
            }
            Action::SetTeam { team } if row.team != Some(*team) => patch.team = Some(Some(*team)),
            Action::SetPriority { priority } if row.priority != *priority => {
                patch.priority = Some(*priority)
            }
            Action::AssignTo { user } if row.assignee != Some(*user) => {
                patch.assignee = Some(Some(*user))
            }
            _ => {}
        }
    }
    patch
}

/// What was refused, without the input (the engine's problems name fields and bounds).
fn refusal(e: &EngineError) -> String {
    match e {
        EngineError::InvalidFields(problems) => problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.reason))
            .collect::<Vec<_>>()
            .join(", "),
        EngineError::NotFound => "gesprek niet gevonden".to_owned(),
        _ => "technische fout".to_owned(),
    }
}
