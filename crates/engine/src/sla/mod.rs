//! SLA clocks (issue 12, point 6): each conversation's first-response and answer targets
//! in business time (`loket_domain::sla`), for the inbox list and the conversation page,
//! and the worker's check that records warnings and breaches once and escalates a breach
//! (`check.rs`).
//!
//! The policy comes from configuration (`[organisation.sla]`) through [`EngineOptions`]:
//! every instance reads the same file at start, so nothing is stored. The facts are
//! derived from what is already kept: `waiting_since` and `resolved_at` on the row, the
//! start of the current stretch (created or reopened) and the pauses (status changes to
//! and from pending or snoozed) from the conversation's events.
//!
//! [`EngineOptions`]: crate::EngineOptions

mod check;

pub use check::{SLA_CHECK_EVERY, SlaEventKind};

use std::collections::{HashMap, HashSet};

use loket_domain::conversation::{ConversationEventKind, ConversationStatus};
use loket_domain::sla::{SlaFacts, SlaPolicy, SlaStatus, TargetState, evaluate};
use loket_domain::{ConversationId, OrgId, Timestamp};
use loket_store::{ConversationEvent, ConversationRecord};

use crate::query::{ConversationItem, window_of};
use crate::{Engine, EngineError};

/// Most candidates the "SLA-risico" view evaluates per request.
const RISK_CANDIDATES: u32 = 400;

/// The SLA policy per organisation slug (`[organisation.sla]`); others get the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlaPolicies(pub Vec<(String, SlaPolicy)>);

impl Engine {
    /// The policy that holds for `org`.
    pub async fn sla_policy(&self, org: OrgId) -> Result<SlaPolicy, EngineError> {
        let configured = &self.inner.options.sla.0;
        if configured.is_empty() {
            return Ok(SlaPolicy::default());
        }
        let slug = self.store().get_organisation(org).await?.slug;
        Ok(configured
            .iter()
            .find(|(s, _)| *s == slug)
            .map_or_else(SlaPolicy::default, |(_, p)| *p))
    }

    /// Where `conversation` stands against its targets now.
    pub async fn conversation_sla(
        &self,
        conversation: &ConversationRecord,
    ) -> Result<SlaStatus, EngineError> {
        let policy = self.sla_policy(conversation.org_id).await?;
        self.sla_with(&policy, conversation, self.clock().now())
            .await
    }

    /// The SLA of each unresolved conversation of `org` among `rows` (a page of the inbox,
    /// the worker's batch): their events in one batched read, the office hours once per
    /// channel.
    pub async fn inbox_sla(
        &self,
        org: OrgId,
        rows: &[ConversationRecord],
    ) -> Result<HashMap<ConversationId, SlaStatus>, EngineError> {
        let rows: Vec<&ConversationRecord> = (rows.iter())
            .filter(|r| r.status != ConversationStatus::Resolved)
            .collect();
        self.sla_of_rows(org, &rows).await
    }

    /// The SLA of each of `org`'s conversations among `rows`, resolved ones included
    /// (their answer target met or breached): what the API shows.
    pub async fn conversations_sla(
        &self,
        org: OrgId,
        rows: &[ConversationRecord],
    ) -> Result<HashMap<ConversationId, SlaStatus>, EngineError> {
        self.sla_of_rows(org, &rows.iter().collect::<Vec<_>>())
            .await
    }

    async fn sla_of_rows(
        &self,
        org: OrgId,
        rows: &[&ConversationRecord],
    ) -> Result<HashMap<ConversationId, SlaStatus>, EngineError> {
        let rows: Vec<&ConversationRecord> =
            rows.iter().copied().filter(|r| r.org_id == org).collect();
        let mut out = HashMap::new();
        if rows.is_empty() {
            return Ok(out);
        }
        let policy = self.sla_policy(org).await?;
        let now = self.clock().now();
        let ids: Vec<ConversationId> = rows.iter().map(|r| r.id).collect();
        let mut events: HashMap<ConversationId, Vec<ConversationEvent>> = HashMap::new();
        for event in (self.store())
            .list_events_of_conversations(org, &ids)
            .await?
        {
            events.entry(event.conversation_id).or_default().push(event);
        }
        let mut hours = HashMap::new();
        for row in rows {
            let office = match hours.get(&row.channel_id) {
                Some(office) => office,
                None => {
                    let office = self.office_hours(org, Some(row.channel_id)).await?;
                    hours.entry(row.channel_id).or_insert(office)
                }
            };
            let facts = facts_of(row, events.get(&row.id).map_or(&[], Vec::as_slice));
            out.insert(row.id, evaluate(&policy, office, &facts, now));
        }
        Ok(out)
    }

    /// The conversations among `conversations` whose breach was escalated (for a list).
    pub async fn sla_escalated_among(
        &self,
        org: OrgId,
        conversations: &[ConversationId],
    ) -> Result<HashSet<ConversationId>, EngineError> {
        let events = (self.store())
            .list_sla_events_of(org, conversations)
            .await?;
        Ok((events.into_iter())
            .filter(|e| e.kind == SlaEventKind::Escalated.as_str())
            .map(|e| e.conversation_id)
            .collect())
    }

    /// The "SLA-risico" view: the unresolved conversations whose most urgent timer is in
    /// its warning time or past due, the earliest deadline first, at most `limit`. Not
    /// every conversation is evaluated: only those the worker announced a warning or
    /// breach for (`SlaStore::sla_risk_candidates`), so one shows here from the check
    /// after its warning began (within [`SLA_CHECK_EVERY`]).
    pub async fn sla_at_risk(
        &self,
        org: OrgId,
        limit: u32,
    ) -> Result<Vec<(ConversationItem, SlaStatus)>, EngineError> {
        // Candidates whose deadline moved on (answered, paused) drop out below; read a
        // few more than asked so the page is full.
        let candidates = (self.store())
            .sla_risk_candidates(org, limit.saturating_mul(2).min(RISK_CANDIDATES))
            .await?;
        let statuses = self.inbox_sla(org, &candidates).await?;
        let now = self.clock().now();
        let mut out: Vec<(ConversationItem, SlaStatus)> = (candidates.into_iter())
            .filter_map(|conversation| {
                let status = *statuses.get(&conversation.id)?;
                let worst = status.worst()?;
                matches!(worst.state, TargetState::Warning | TargetState::Breached).then(|| {
                    let window = window_of(&conversation, now);
                    (
                        ConversationItem {
                            conversation,
                            window,
                        },
                        status,
                    )
                })
            })
            .collect();
        out.sort_by_key(|(item, status)| {
            (status.worst().and_then(|w| w.due_at), item.conversation.id)
        });
        out.truncate(limit as usize);
        Ok(out)
    }

    async fn sla_with(
        &self,
        policy: &SlaPolicy,
        conversation: &ConversationRecord,
        now: Timestamp,
    ) -> Result<SlaStatus, EngineError> {
        let events = self
            .store()
            .list_conversation_events(conversation.org_id, conversation.id)
            .await?;
        let hours = self
            .office_hours(conversation.org_id, Some(conversation.channel_id))
            .await?;
        let facts = facts_of(conversation, &events);
        Ok(evaluate(policy, &hours, &facts, now))
    }
}

fn pauses(status: ConversationStatus) -> bool {
    matches!(
        status,
        ConversationStatus::Pending | ConversationStatus::Snoozed
    )
}

/// The facts the clocks need, from the row and its events (oldest first).
pub(crate) fn facts_of(row: &ConversationRecord, events: &[ConversationEvent]) -> SlaFacts {
    let mut started_at = row.created_at;
    let mut stretch: Vec<(Timestamp, Option<Timestamp>)> = Vec::new();
    for event in events {
        let open_pause = stretch.last_mut().filter(|(_, end)| end.is_none());
        match &event.kind {
            ConversationEventKind::Reopened => {
                started_at = event.at;
                if let Some(pause) = open_pause {
                    pause.1 = Some(event.at);
                }
            }
            ConversationEventKind::StatusChanged { from, to } => {
                if pauses(*to) && open_pause.is_none() {
                    stretch.push((event.at, None));
                } else if !pauses(*to)
                    && pauses(*from)
                    && let Some(pause) = open_pause
                {
                    pause.1 = Some(event.at);
                }
            }
            _ => {}
        }
    }
    // The row is the truth about now: a pause still open in the events but not on the row
    // (a change without an event) ends at the last activity; a paused row without one
    // started with its stretch.
    let open = stretch.last().is_some_and(|l| l.1.is_none());
    if pauses(row.status) && !open {
        stretch.push((started_at, None));
    } else if !pauses(row.status)
        && open
        && let Some(last) = stretch.last_mut()
    {
        last.1 = Some(row.last_message_at.max(last.0));
    }
    SlaFacts {
        waiting_since: row
            .waiting_since
            .filter(|_| row.status != ConversationStatus::Resolved),
        started_at: Some(started_at),
        resolved_at: row
            .resolved_at
            .filter(|&at| row.status == ConversationStatus::Resolved && at >= started_at),
        pauses: stretch,
    }
}
