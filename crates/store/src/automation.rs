//! Automation rules (issue 12, point 7): an organisation's rules, the log of what fired
//! and why (each run claimed once, so several workers never both act), and the event
//! pass's cursor over the organisation's messages.

use async_trait::async_trait;
use loket_domain::automation::{Rule, RuleDefinition};
use loket_domain::{AutomationRuleId, ConversationId, MessageId, OrgId, Timestamp};

use crate::StoreResult;

/// A stored rule. `definition` is `None` when the stored JSON no longer reads (shown as
/// damaged, never evaluated; the rest of the list is unaffected).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutomationRuleRecord {
    pub id: AutomationRuleId,
    pub name: String,
    pub enabled: bool,
    pub definition: Option<RuleDefinition>,
    /// Messages older than this never fire the rule (it was off, or did not exist).
    pub enabled_since: Timestamp,
    pub created_at: Timestamp,
}

/// A run to claim: the rule fired on a conversation. `run_key` is the message id (event
/// rules) or the waiting stretch (time rules); `why` and `actions` name only the rule's
/// own words and settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAutomationRun {
    pub rule_id: AutomationRuleId,
    pub rule_name: String,
    pub conversation_id: ConversationId,
    pub run_key: String,
    pub trigger: String,
    pub why: String,
    pub actions: String,
    pub at: Timestamp,
}

/// A logged run; `outcome` is `None` until the actions were applied (or refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutomationRunRecord {
    pub run: NewAutomationRun,
    pub outcome: Option<String>,
}

/// A resident's message for the event pass. No `Debug`: it holds the resident's text.
#[derive(Clone)]
pub struct AutomationMessage {
    pub seq: i64,
    pub id: MessageId,
    pub conversation_id: ConversationId,
    /// The message's current text (an edit's), `None` for media without a caption etc.
    pub text: Option<String>,
    /// It opened its conversation (no message before it).
    pub first: bool,
    pub created_at: Timestamp,
}

#[async_trait]
pub trait AutomationStore {
    /// `org`'s rules, oldest first.
    async fn list_automation_rules(&self, org: OrgId) -> StoreResult<Vec<AutomationRuleRecord>>;

    /// Create the rule `id`, or replace its name, switch and definition. Switching it on
    /// (or creating it on) sets `enabled_since` to `now`. `NotFound` when `id` is another
    /// organisation's rule or `org` is unknown.
    async fn put_automation_rule(
        &self,
        org: OrgId,
        id: AutomationRuleId,
        rule: &Rule,
        now: Timestamp,
    ) -> StoreResult<()>;

    /// Switch a rule on or off. `NotFound` for another organisation's rule.
    async fn set_automation_rule_enabled(
        &self,
        org: OrgId,
        id: AutomationRuleId,
        enabled: bool,
        now: Timestamp,
    ) -> StoreResult<()>;

    /// Delete a rule (its log stays). `NotFound` for another organisation's rule.
    async fn delete_automation_rule(&self, org: OrgId, id: AutomationRuleId) -> StoreResult<()>;

    /// The enabled organisations with at least one enabled rule (for the worker's sweep).
    async fn organisations_with_automation(&self) -> StoreResult<Vec<OrgId>>;

    /// `org`'s residents' messages after `seq`, oldest first, at most `limit`.
    async fn automation_messages(
        &self,
        org: OrgId,
        after_seq: i64,
        limit: u32,
    ) -> StoreResult<Vec<AutomationMessage>>;

    /// Where the event pass stands for `org`; `None` before its first pass.
    async fn automation_cursor(&self, org: OrgId) -> StoreResult<Option<i64>>;

    /// Move the cursor forward to `seq` (never back, also when workers race).
    async fn set_automation_cursor(&self, org: OrgId, seq: i64) -> StoreResult<()>;

    /// The newest message's `seq` of `org` (0 without messages).
    async fn latest_message_seq(&self, org: OrgId) -> StoreResult<i64>;

    /// Log `run` for `org`; `false` when it was logged before (by this or another worker).
    /// `NotFound` for another organisation's conversation.
    async fn claim_automation_run(&self, org: OrgId, run: &NewAutomationRun) -> StoreResult<bool>;

    /// Record what became of a claimed run's actions.
    async fn finish_automation_run(
        &self,
        org: OrgId,
        run: &NewAutomationRun,
        outcome: &str,
    ) -> StoreResult<()>;

    /// `org`'s log, newest first: `limit` runs after skipping `offset`.
    async fn list_automation_runs(
        &self,
        org: OrgId,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<AutomationRunRecord>>;
}
