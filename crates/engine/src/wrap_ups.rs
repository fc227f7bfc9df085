//! Wrap-up (issue 12 point 8): resolving a conversation with how it ended, the question in
//! a few words and the knowledge-base articles used; the organisation's result list; and
//! the facts the reports count (first-line resolution, answer found in the knowledge base).

use loket_domain::conversation::ConversationStatus;
use loket_domain::input::FieldProblem;
use loket_domain::wrap_up::{WrapUp, WrapUpPolicy, WrapUpResult, check_label};
use loket_domain::{ConversationId, OrgId, Timestamp, UserId, WrapUpId};
use loket_store::{ConversationPatch, StoreError, WrapUpRecord};

use crate::query::ConversationItem;
use crate::{Engine, EngineError};

/// One result's line in the report: its counts over the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrapUpReportRow {
    pub key: String,
    /// The current label; a key no longer in the list shows as itself.
    pub label: String,
    pub first_line: bool,
    pub total: u64,
    /// Wrap-ups that named at least one article: "answer found in the knowledge base".
    pub with_articles: u64,
}

/// Wrap-up facts over a period, for the reports.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WrapUpReport {
    pub rows: Vec<WrapUpReportRow>,
    pub total: u64,
    pub first_line: u64,
    pub with_articles: u64,
}

impl Engine {
    /// `org`'s result list and setting (the default until an admin changes it).
    pub async fn wrap_up_policy(&self, org: OrgId) -> Result<WrapUpPolicy, EngineError> {
        Ok(self.store().wrap_up_policy(org).await?.unwrap_or_default())
    }

    /// Whether resolving needs a wrap-up (in the API too).
    pub async fn set_wrap_up_required(
        &self,
        org: OrgId,
        required: bool,
    ) -> Result<(), EngineError> {
        let mut policy = self.wrap_up_policy(org).await?;
        policy.required = required;
        Ok(self.store().set_wrap_up_policy(org, &policy).await?)
    }

    /// Add a result to `org`'s list; its key is made from the label and never changes.
    pub async fn add_wrap_up_result(
        &self,
        org: OrgId,
        label: &str,
        first_line: bool,
    ) -> Result<WrapUpResult, EngineError> {
        let mut policy = self.wrap_up_policy(org).await?;
        let added = (policy.add_result(label, first_line))
            .map_err(|reason| EngineError::InvalidFields(vec![FieldProblem::new("label", reason)]))?
            .clone();
        self.store().set_wrap_up_policy(org, &policy).await?;
        Ok(added)
    }

    /// Rename a result, say whether it counts as first-line resolution, (de)activate it.
    /// `NotFound` for a key not in `org`'s list.
    pub async fn update_wrap_up_result(
        &self,
        org: OrgId,
        key: &str,
        label: &str,
        first_line: bool,
        active: bool,
    ) -> Result<(), EngineError> {
        let mut policy = self.wrap_up_policy(org).await?;
        let label = check_label(label).map_err(|reason| {
            EngineError::InvalidFields(vec![FieldProblem::new("label", reason)])
        })?;
        let result = (policy.results.iter_mut())
            .find(|r| r.key == key)
            .ok_or(EngineError::NotFound)?;
        *result = WrapUpResult {
            key: result.key.clone(),
            label,
            first_line,
            active,
        };
        Ok(self.store().set_wrap_up_policy(org, &policy).await?)
    }

    /// Apply `patch` with a wrap-up: given only together with status `resolved`, its result
    /// one of `org`'s active ones, its articles `org`'s; required when the organisation
    /// says so. Every problem at once, before anything changes; the wrap-up is recorded
    /// after the status changed (one per resolution).
    pub async fn update_conversation_wrapped(
        &self,
        org: OrgId,
        id: ConversationId,
        patch: ConversationPatch,
        wrap_up: Option<WrapUp>,
        by: Option<UserId>,
    ) -> Result<ConversationItem, EngineError> {
        let resolving = patch.status == Some(ConversationStatus::Resolved);
        let wrap_up = match (wrap_up, resolving) {
            (Some(_), false) => {
                return Err(invalid(
                    "wrap_up",
                    "is only given together with status resolved",
                ));
            }
            (Some(w), true) => Some(self.check_wrap_up(org, w).await?),
            (None, true) if self.wrap_up_policy(org).await?.required => {
                return Err(invalid("wrap_up", "is required to resolve a conversation"));
            }
            (None, _) => None,
        };
        let item = self.apply_conversation_patch(org, id, patch).await?;
        if let Some(w) = wrap_up {
            self.record_wrap_up(org, id, w, by).await?;
        }
        Ok(item)
    }

    async fn check_wrap_up(&self, org: OrgId, wrap_up: WrapUp) -> Result<WrapUp, EngineError> {
        let wrap_up = wrap_up.checked().map_err(EngineError::InvalidFields)?;
        let mut problems = Vec::new();
        if (self.wrap_up_policy(org).await?)
            .active_result(&wrap_up.result)
            .is_none()
        {
            problems.push(FieldProblem::new(
                "wrap_up.result",
                "is no active wrap-up result of this organisation",
            ));
        }
        for article in &wrap_up.articles {
            match self.store().get_kb_article(org, *article).await {
                Ok(_) => {}
                Err(StoreError::NotFound) => {
                    problems.push(FieldProblem::new(
                        "wrap_up.articles",
                        format!("{article} is no article of this organisation"),
                    ));
                }
                Err(error) => return Err(error.into()),
            }
        }
        if problems.is_empty() {
            Ok(wrap_up)
        } else {
            Err(EngineError::InvalidFields(problems))
        }
    }

    async fn record_wrap_up(
        &self,
        org: OrgId,
        id: ConversationId,
        wrap_up: WrapUp,
        by: Option<UserId>,
    ) -> Result<(), EngineError> {
        let now = self.clock().now();
        let record = WrapUpRecord {
            id: WrapUpId::new_at(now),
            org_id: org,
            conversation_id: Some(id),
            result: wrap_up.result,
            question: wrap_up.question,
            articles: wrap_up.articles,
            user_id: by,
            at: now,
        };
        Ok(self.store().insert_wrap_up(&record).await?)
    }

    /// The conversation's wrap-ups, oldest first. `NotFound` for another org's.
    pub async fn conversation_wrap_ups(
        &self,
        org: OrgId,
        id: ConversationId,
    ) -> Result<Vec<WrapUpRecord>, EngineError> {
        Ok(self.store().conversation_wrap_ups(org, id).await?)
    }

    /// Counts per result over `[from, until)`, in the list's order (keys no longer listed
    /// last), with the first-line and knowledge-base totals.
    pub async fn wrap_up_report(
        &self,
        org: OrgId,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<WrapUpReport, EngineError> {
        let policy = self.wrap_up_policy(org).await?;
        let counts = self.store().wrap_up_counts(org, from, until).await?;
        let position = |key: &str| {
            (policy.results.iter())
                .position(|r| r.key == key)
                .unwrap_or(usize::MAX)
        };
        let mut report = WrapUpReport::default();
        for count in counts {
            let listed = policy.results.iter().find(|r| r.key == count.result);
            let first_line = listed.is_some_and(|r| r.first_line);
            report.total += count.total;
            report.with_articles += count.with_articles;
            if first_line {
                report.first_line += count.total;
            }
            report.rows.push(WrapUpReportRow {
                label: listed.map_or(count.result.clone(), |r| r.label.clone()),
                key: count.result,
                first_line,
                total: count.total,
                with_articles: count.with_articles,
            });
        }
        report.rows.sort_by_key(|r| position(&r.key));
        Ok(report)
    }
}

fn invalid(field: &str, reason: &str) -> EngineError {
    EngineError::InvalidFields(vec![FieldProblem::new(field, reason)])
}
