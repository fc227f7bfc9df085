//! The worker's SLA check: every minute, per organisation, the open conversations (the
//! longest waiting first, at most [`BATCH`]) are evaluated; a target in its warning time
//! gets a `warning`, one past due a `breach` and its escalation to the team leads — each
//! claimed once in `sla_events` (keyed by the deadline, so a new question is announced
//! again) and published as a conversation update, so open inboxes refresh their timers.
//!
//! Escalation (decision: the simplest visible one) is the `escalated` event naming the
//! conversation: the conversation page shows it ("Geëscaleerd naar de teamleider") and the
//! live update reaches every open page. Who is a lead: the conversation's team's active
//! team leads, else the organisation's (`SlaStore::sla_team_leads`); with none, nothing is
//! escalated and the breach alone stands.

use std::time::Duration;

use loket_domain::conversation::ConversationStatus;
use loket_domain::sla::{TargetState, TargetStatus};
use loket_domain::{ConversationId, OrgId, Timestamp};
use loket_store::{ConversationFilter, ConversationRecord, PageRequest, SlaEventRecord};

use crate::bus::Event;
use crate::{Engine, EngineError};

/// How often the worker looks: a minute is the resolution the timers show.
pub const SLA_CHECK_EVERY: Duration = Duration::from_secs(60);

/// Most conversations one check evaluates per organisation (the longest waiting first).
const BATCH: u32 = 200;

/// What an SLA event says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaEventKind {
    Warning,
    Breach,
    Escalated,
}

impl SlaEventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Breach => "breach",
            Self::Escalated => "escalated",
        }
    }
}

impl Engine {
    /// Record and announce the warnings, breaches and escalations due now; returns how
    /// many events were recorded.
    pub async fn check_sla(&self) -> Result<usize, EngineError> {
        let now = self.clock().now();
        let mut recorded = 0;
        for org in self.store().enabled_organisations().await? {
            let filter = ConversationFilter {
                status: Some(ConversationStatus::Open),
                ..ConversationFilter::default()
            };
            let page = PageRequest {
                after: None,
                limit: BATCH,
            };
            let rows = self.store().list_conversations(org, &filter, page).await?;
            if rows.items.is_empty() {
                continue;
            }
            let statuses = self.inbox_sla(org, &rows.items).await?;
            for row in &rows.items {
                let Some(status) = statuses.get(&row.id) else {
                    continue;
                };
                for target in [status.first_response, status.resolution]
                    .into_iter()
                    .flatten()
                {
                    recorded += self.announce(org, row, target, now).await?;
                }
            }
        }
        Ok(recorded)
    }

    async fn announce(
        &self,
        org: OrgId,
        row: &ConversationRecord,
        target: TargetStatus,
        now: Timestamp,
    ) -> Result<usize, EngineError> {
        let Some(due) = target.due_at else {
            return Ok(0);
        };
        let kinds: &[SlaEventKind] = match target.state {
            TargetState::Warning => &[SlaEventKind::Warning],
            TargetState::Breached => &[SlaEventKind::Breach],
            _ => return Ok(0),
        };
        let mut recorded = 0;
        for &kind in kinds {
            if self.claim(org, row.id, target, kind, due, now).await? {
                recorded += 1;
                if kind == SlaEventKind::Breach {
                    let leads = self.store().sla_team_leads(org, row.team).await?;
                    if !leads.is_empty()
                        && self
                            .claim(org, row.id, target, SlaEventKind::Escalated, due, now)
                            .await?
                    {
                        recorded += 1;
                        tracing::info!(%org, conversation = %row.id, leads = leads.len(),
                            target = target.target.as_str(), "SLA breach escalated");
                    }
                }
            }
        }
        Ok(recorded)
    }

    async fn claim(
        &self,
        org: OrgId,
        conversation: ConversationId,
        target: TargetStatus,
        kind: SlaEventKind,
        due: Timestamp,
        now: Timestamp,
    ) -> Result<bool, EngineError> {
        let event = SlaEventRecord {
            conversation_id: conversation,
            target: target.target.as_str().to_owned(),
            kind: kind.as_str().to_owned(),
            due_at: due,
            at: now,
        };
        let claimed = self.store().claim_sla_event(org, &event).await?;
        if claimed {
            self.bus().publish(Event::ConversationUpdated {
                org_id: org,
                conversation_id: conversation,
                changed: vec![format!("sla_{}", kind.as_str())],
            });
        }
        Ok(claimed)
    }

    /// Whether a breach of `conversation` was escalated (for its page).
    pub async fn sla_escalated(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> Result<bool, EngineError> {
        let events = self.store().list_sla_events(org, conversation).await?;
        Ok(events
            .iter()
            .any(|e| e.kind == SlaEventKind::Escalated.as_str()))
    }
}
