//! Automation rules (issue 12, point 7): the admin's rules (checked, bounded, referring
//! only to the organisation's own teams, colleagues and channels), the worker's passes
//! that evaluate them (`pass.rs`: new residents' messages every second, waiting
//! conversations every minute), the actions applied through the engine's own operations
//! (`apply.rs`), and the log of what fired and why.

mod apply;
mod pass;

pub use pass::{AUTOMATION_EVENTS_EVERY, AUTOMATION_TIMERS_EVERY};

use loket_domain::automation::{Action, Condition, MAX_RULES, Rule, check_rule};
use loket_domain::input::FieldProblem;
use loket_domain::{AutomationRuleId, OrgId};
use loket_store::{AutomationRuleRecord, AutomationRunRecord};

use crate::{Engine, EngineError};

/// Runs per page of the log.
pub const LOG_PAGE: u32 = 50;

impl Engine {
    /// `org`'s rules, oldest first (a damaged one has no definition).
    pub async fn automation_rules(
        &self,
        org: OrgId,
    ) -> Result<Vec<AutomationRuleRecord>, EngineError> {
        Ok(self.store().list_automation_rules(org).await?)
    }

    /// Create (`id: None`) or replace a rule; returns its id. Every problem at once:
    /// bounds (`check_rule`), at most [`MAX_RULES`], and teams, colleagues and channels
    /// that must be the organisation's own. `NotFound` for another organisation's rule.
    pub async fn put_automation_rule(
        &self,
        org: OrgId,
        id: Option<AutomationRuleId>,
        rule: Rule,
    ) -> Result<AutomationRuleId, EngineError> {
        let existing = self.store().list_automation_rules(org).await?;
        let mut problems = Vec::new();
        if id.is_none() && existing.len() >= MAX_RULES {
            problems.push(FieldProblem::new(
                "name",
                format!("at most {MAX_RULES} rules per organisation"),
            ));
        }
        let rule = match check_rule(rule) {
            Ok(rule) => Some(rule),
            Err(found) => {
                problems.extend(found);
                None
            }
        };
        if let Some(rule) = &rule {
            problems.extend(self.check_references(org, rule).await?);
        }
        let (Some(rule), true) = (rule, problems.is_empty()) else {
            return Err(EngineError::InvalidFields(problems));
        };
        let now = self.clock().now();
        let id = id.unwrap_or_else(|| AutomationRuleId::new_at(now));
        self.store()
            .put_automation_rule(org, id, &rule, now)
            .await?;
        self.start_automation_cursor(org).await?;
        Ok(id)
    }

    /// Switch a rule on or off; `NotFound` for another organisation's.
    pub async fn set_automation_rule_enabled(
        &self,
        org: OrgId,
        id: AutomationRuleId,
        enabled: bool,
    ) -> Result<(), EngineError> {
        let now = self.clock().now();
        (self.store())
            .set_automation_rule_enabled(org, id, enabled, now)
            .await?;
        self.start_automation_cursor(org).await
    }

    /// Delete a rule (what it did stays in the log); `NotFound` for another organisation's.
    pub async fn delete_automation_rule(
        &self,
        org: OrgId,
        id: AutomationRuleId,
    ) -> Result<(), EngineError> {
        Ok(self.store().delete_automation_rule(org, id).await?)
    }

    /// One page (from 0) of `org`'s log, newest first, and whether an older page exists.
    pub async fn automation_log(
        &self,
        org: OrgId,
        page: u32,
    ) -> Result<(Vec<AutomationRunRecord>, bool), EngineError> {
        let offset = page.saturating_mul(LOG_PAGE);
        let mut runs = (self.store())
            .list_automation_runs(org, offset, LOG_PAGE + 1)
            .await?;
        let more = runs.len() > LOG_PAGE as usize;
        runs.truncate(LOG_PAGE as usize);
        Ok((runs, more))
    }

    /// The event pass of an organisation's first rule starts at its newest message: rules
    /// never fire on the history (a later rule is kept from it by its `enabled_since`).
    async fn start_automation_cursor(&self, org: OrgId) -> Result<(), EngineError> {
        if self.store().automation_cursor(org).await?.is_none() {
            let latest = self.store().latest_message_seq(org).await?;
            self.store().set_automation_cursor(org, latest).await?;
        }
        Ok(())
    }

    /// Teams, colleagues and channels a rule names must be the organisation's (enabled,
    /// active) own.
    async fn check_references(
        &self,
        org: OrgId,
        rule: &Rule,
    ) -> Result<Vec<FieldProblem>, EngineError> {
        let mut problems = Vec::new();
        let channels = self.store().list_channels(org).await?;
        for condition in &rule.definition.conditions {
            let ok = match condition {
                Condition::TeamIs { team } => self.store().is_enabled_team(org, *team).await?,
                Condition::ChannelIs { channel } => channels.iter().any(|c| c.id == *channel),
                _ => true,
            };
            if !ok {
                problems.push(FieldProblem::new(
                    "conditions",
                    "names a team or channel of no organisation of yours",
                ));
            }
        }
        for action in &rule.definition.actions {
            let ok = match action {
                Action::SetTeam { team } => self.store().is_enabled_team(org, *team).await?,
                Action::AssignTo { user } => self.store().is_active_member(org, *user).await?,
                _ => true,
            };
            if !ok {
                problems.push(FieldProblem::new(
                    "actions",
                    "names a team or colleague not of this organisation",
                ));
            }
        }
        Ok(problems)
    }
}
