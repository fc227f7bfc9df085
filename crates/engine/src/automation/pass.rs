//! The worker's automation passes. Each run is claimed in the log before its actions are
//! applied, keyed by rule, conversation and message (event rules) or waiting stretch (time
//! rules), so several workers never act twice and a rule fires once per message or wait.
//!
//! The event pass reads each organisation's residents' messages after its cursor (message
//! `seq`). PostgreSQL may commit a lower `seq` after a higher one was seen, so the cursor
//! only moves past messages older than [`SETTLE`]; younger ones are read again next time and
//! their runs are already claimed.

use std::time::Duration;

use loket_domain::automation::{Event, Facts, RuleDefinition, evaluate};
use loket_domain::conversation::ConversationStatus;
use loket_domain::time::{add, to_micros};
use loket_domain::{AutomationRuleId, OrgId, Timestamp};
use loket_store::{
    AutomationMessage, ConversationFilter, ConversationRecord, NewAutomationRun, PageRequest,
};

use crate::{Engine, EngineError};

/// How often the worker reads new messages for the event rules (it is also woken by them).
pub const AUTOMATION_EVENTS_EVERY: Duration = Duration::from_secs(1);
/// How often the worker looks at waiting conversations: a minute is the unit of the rules.
pub const AUTOMATION_TIMERS_EVERY: Duration = Duration::from_secs(60);

/// Messages read per organisation and pass.
const MESSAGE_BATCH: u32 = 100;
/// Waiting conversations evaluated per organisation and pass (the longest waiting first).
const WAITING_BATCH: u32 = 200;
/// How old a message must be before the cursor moves past it (see the module's comment).
const SETTLE: Duration = Duration::from_secs(10);

/// An enabled rule, readable, as the passes use it.
struct Active {
    id: AutomationRuleId,
    name: String,
    definition: RuleDefinition,
    enabled_since: Timestamp,
}

impl Engine {
    /// Evaluate the event rules on new residents' messages; returns how many runs fired.
    pub async fn run_automation_events(&self) -> Result<usize, EngineError> {
        let mut fired = 0;
        for org in self.store().organisations_with_automation().await? {
            fired += self.automation_events_of(org).await?;
        }
        Ok(fired)
    }

    /// Evaluate the time rules on waiting conversations; returns how many runs fired.
    pub async fn run_automation_timers(&self) -> Result<usize, EngineError> {
        let mut fired = 0;
        for org in self.store().organisations_with_automation().await? {
            fired += self.automation_timers_of(org).await?;
        }
        Ok(fired)
    }

    async fn active_rules(&self, org: OrgId, message: bool) -> Result<Vec<Active>, EngineError> {
        let rules = self.store().list_automation_rules(org).await?;
        Ok(rules
            .into_iter()
            .filter(|r| r.enabled)
            .filter_map(|r| {
                let definition = r.definition?;
                (definition.trigger.has_message() == message).then_some(Active {
                    id: r.id,
                    name: r.name,
                    definition,
                    enabled_since: r.enabled_since,
                })
            })
            .collect())
    }

    async fn automation_events_of(&self, org: OrgId) -> Result<usize, EngineError> {
        let rules = self.active_rules(org, true).await?;
        let Some(cursor) = self.store().automation_cursor(org).await? else {
            // The first pass starts now: rules never fire on the history.
            let latest = self.store().latest_message_seq(org).await?;
            self.store().set_automation_cursor(org, latest).await?;
            return Ok(0);
        };
        if rules.is_empty() {
            return Ok(0);
        }
        let now = self.clock().now();
        let messages = (self.store())
            .automation_messages(org, cursor, MESSAGE_BATCH)
            .await?;
        let mut fired = 0;
        let mut settled = None;
        let mut unsettled = false;
        for message in &messages {
            fired += self.on_message(org, &rules, message).await?;
            unsettled |= add(message.created_at, SETTLE) > now;
            if !unsettled {
                settled = Some(message.seq);
            }
        }
        if let Some(seq) = settled {
            self.store().set_automation_cursor(org, seq).await?;
        }
        Ok(fired)
    }

    async fn on_message(
        &self,
        org: OrgId,
        rules: &[Active],
        message: &AutomationMessage,
    ) -> Result<usize, EngineError> {
        let mut fired = 0;
        let text = message.text.as_deref().unwrap_or("");
        let event = Event::Message {
            text,
            first: message.first,
        };
        for rule in rules
            .iter()
            .filter(|r| message.created_at >= r.enabled_since)
        {
            // Read again per rule: an earlier rule's label or team is what the next one sees.
            let row = self
                .store()
                .get_conversation(org, message.conversation_id)
                .await?;
            let key = message.id.to_string();
            fired += self
                .fire(org, rule, &row, event, key, message.created_at)
                .await?;
        }
        Ok(fired)
    }

    async fn automation_timers_of(&self, org: OrgId) -> Result<usize, EngineError> {
        let rules = self.active_rules(org, false).await?;
        if rules.is_empty() {
            return Ok(0);
        }
        let filter = ConversationFilter {
            status: Some(ConversationStatus::Open),
            ..ConversationFilter::default()
        };
        let page = PageRequest {
            after: None,
            limit: WAITING_BATCH,
        };
        let rows = self.store().list_conversations(org, &filter, page).await?;
        let now = self.clock().now();
        let mut fired = 0;
        for row in &rows.items {
            let Some(since) = row.waiting_since else {
                continue;
            };
            let hours = self.office_hours(org, Some(row.channel_id)).await?;
            let event = Event::Waiting {
                working: hours.working_between(since, now),
            };
            // One run per waiting stretch: a new question after an answer waits anew.
            let key = format!("wait:{}", to_micros(since));
            for rule in &rules {
                // Read again per rule: an earlier rule's label or team is what the next one
                // sees, and its label patch must not drop what the earlier one added.
                let row = self.store().get_conversation(org, row.id).await?;
                fired += self
                    .fire(org, rule, &row, event, key.clone(), since)
                    .await?;
            }
        }
        Ok(fired)
    }

    /// Evaluate `rule`; when it fires, claim the run and apply its actions. 1 when it
    /// fired here, 0 when it did not hold or another worker claimed it first.
    async fn fire(
        &self,
        org: OrgId,
        rule: &Active,
        row: &ConversationRecord,
        event: Event<'_>,
        run_key: String,
        since: Timestamp,
    ) -> Result<usize, EngineError> {
        let facts = Facts {
            event,
            channel: row.channel_id,
            team: row.team,
            labels: &row.labels,
            status: row.status,
            priority: row.priority,
        };
        let Some(why) = evaluate(&rule.definition, &facts) else {
            return Ok(0);
        };
        let run = NewAutomationRun {
            rule_id: rule.id,
            rule_name: rule.name.clone(),
            conversation_id: row.id,
            run_key,
            trigger: rule.definition.trigger.as_str().to_owned(),
            why: why.describe_nl(),
            actions: self.describe_actions(org, &rule.definition.actions).await?,
            at: self.clock().now(),
        };
        if !self.store().claim_automation_run(org, &run).await? {
            return Ok(0);
        }
        let outcome = self
            .apply_actions(org, row, &rule.definition.actions, since)
            .await;
        tracing::info!(%org, conversation = %row.id, rule = %rule.id, "automation rule fired");
        self.store()
            .finish_automation_run(org, &run, &outcome)
            .await?;
        Ok(1)
    }
}
