//! Retention (issue 10): remove or anonymise resolved conversations whose period has passed,
//! per organisation, in bounded batches, and record each run (counts only). The policies come
//! from the configuration ([`RetentionConfig`]); the worker runs them every
//! [`RETENTION_EVERY`], `loket retention run` on demand. Legal holds and transfers: `hold.rs`.

mod hold;

use std::time::Duration;

use loket_domain::retention::{RetentionAction, RetentionPolicy, RetentionRule};
use loket_domain::time::sub;
use loket_domain::{ConversationId, EventId, OrgId, Timestamp};
use loket_store::retention::{
    CandidateQuery, RemovalCounts, RetentionCandidate, RetentionRun, RetentionTarget,
};
use object_store::ObjectStoreExt;
use object_store::path::Path;

use crate::{Engine, EngineError};

/// How often the worker runs the retention policies.
pub const RETENTION_EVERY: Duration = Duration::from_secs(3600);
/// How long an unrouted event (a webhook for no organisation's number) is kept: long enough
/// for an operator to notice a missing channel and replay it, no longer — it may name a
/// resident's number. Not configurable: it belongs to no organisation's policy.
pub const UNROUTED_KEPT: Duration = Duration::from_secs(30 * 24 * 3600);
/// Conversations removed per transaction: a run never holds the writer long, whatever is due.
pub const BATCH: usize = 100;
/// Candidates read per page (due or not: other rules may keep some).
const PAGE: u32 = 500;

/// Every organisation's declared policy (config is truth). Empty: retention does not run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionConfig {
    pub organisations: Vec<OrgRetention>,
}

/// One organisation's policy as declared: channels by their `phone_number_id`, labels by
/// their slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRetention {
    pub slug: String,
    pub default: RetentionRule,
    pub channels: Vec<(String, RetentionRule)>,
    pub labels: Vec<(String, RetentionRule)>,
}

/// What one run did for one organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionReport {
    pub slug: String,
    pub dry_run: bool,
    pub counts: RemovalCounts,
    pub error: Option<String>,
}

/// The due conversations of one page, split by what happens to them.
#[derive(Default)]
struct Due {
    delete: Vec<RetentionTarget>,
    anonymise: Vec<RetentionTarget>,
}

impl Engine {
    /// Run every configured organisation's policy once. `dry_run` counts the conversations
    /// that are due and removes nothing. Each organisation's run is recorded, also when it
    /// stopped on an error (with what it removed until then).
    pub async fn run_retention(
        &self,
        config: &RetentionConfig,
        dry_run: bool,
    ) -> Result<Vec<RetentionReport>, EngineError> {
        let mut reports = Vec::new();
        for declared in &config.organisations {
            let Some(org) = self
                .store()
                .find_organisation_by_slug(&declared.slug)
                .await?
            else {
                continue;
            };
            reports.push(self.run_org_retention(org.id, declared, dry_run).await?);
        }
        Ok(reports)
    }

    async fn run_org_retention(
        &self,
        org: OrgId,
        declared: &OrgRetention,
        dry_run: bool,
    ) -> Result<RetentionReport, EngineError> {
        let started_at = self.clock().now();
        let mut counts = RemovalCounts::default();
        let outcome = match self.policy_of(org, declared).await {
            Ok(policy) => self.apply(org, &policy, dry_run, &mut counts).await,
            Err(e) => Err(e),
        };
        let error = outcome.err().map(|e| e.to_string());
        let run = RetentionRun {
            id: EventId::new_at(started_at),
            org_id: org,
            started_at,
            finished_at: self.clock().now(),
            dry_run,
            counts,
            error: error.clone(),
        };
        self.store().record_retention_run(&run).await?;
        match &error {
            None => tracing::info!(org = %declared.slug, dry_run, ?counts, "retention run"),
            Some(e) => {
                tracing::warn!(org = %declared.slug, dry_run, ?counts, error = %e, "retention run stopped")
            }
        }
        Ok(RetentionReport {
            slug: declared.slug.clone(),
            dry_run,
            counts,
            error,
        })
    }

    /// The declared policy with channels resolved to this organisation's ids. A channel no
    /// longer declared has no conversations to match, so an unknown number is skipped.
    async fn policy_of(
        &self,
        org: OrgId,
        declared: &OrgRetention,
    ) -> Result<RetentionPolicy, EngineError> {
        let channels = self.store().list_channels(org).await?;
        let by_number = |number: &str| {
            (channels.iter())
                .find(|c| c.phone_number_id.as_deref() == Some(number))
                .map(|c| c.id)
        };
        Ok(RetentionPolicy {
            default: declared.default,
            channels: (declared.channels.iter())
                .filter_map(|(number, rule)| Some((by_number(number)?, *rule)))
                .collect(),
            labels: declared.labels.clone(),
        })
    }

    async fn apply(
        &self,
        org: OrgId,
        policy: &RetentionPolicy,
        dry_run: bool,
        counts: &mut RemovalCounts,
    ) -> Result<(), EngineError> {
        let Some(shortest) = policy.shortest_period() else {
            return Ok(());
        };
        let now = self.clock().now();
        let mut query = CandidateQuery {
            org,
            resolved_before: sub(now, shortest),
            after: None,
            include_anonymised: policy.deletes_anything(),
            limit: PAGE,
        };
        loop {
            let page = self.store().retention_candidates(&query).await?;
            let Some(last) = page.last() else { break };
            query.after = Some((last.resolved_at, last.id));
            let due = sort_due(policy, &page, now);
            if dry_run {
                counts.conversations_deleted += due.delete.len() as u64;
                counts.conversations_anonymised += due.anonymise.len() as u64;
                continue;
            }
            for batch in due.delete.chunks(BATCH) {
                self.remove_batch(org, batch, None, counts).await?;
            }
            for batch in due.anonymise.chunks(BATCH) {
                self.remove_batch(org, batch, Some(now), counts).await?;
            }
        }
        if !dry_run && policy.default.action != RetentionAction::Keep {
            // Account-level notices (with their raw payloads) follow the default period.
            let before = sub(now, policy.default.after);
            self.delete_old_channel_events(org, before, counts).await?;
        }
        Ok(())
    }

    /// Blobs first, then the rows in one transaction: if the transaction fails, the next
    /// run finds the rows again (a blob already gone is fine); the other order could leave
    /// blobs that no row points to any more.
    async fn remove_batch(
        &self,
        org: OrgId,
        batch: &[RetentionTarget],
        anonymise_at: Option<Timestamp>,
        counts: &mut RemovalCounts,
    ) -> Result<(), EngineError> {
        let ids: Vec<ConversationId> = batch.iter().map(|t| t.id).collect();
        for key in self.store().retention_blob_keys(org, &ids).await? {
            match self.blobs().delete(&Path::from(key.as_str())).await {
                Ok(()) => counts.media_removed += 1,
                Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(anyhow::anyhow!("blob store: {e}").into()),
            }
        }
        let removed = match anonymise_at {
            None => self.store().delete_conversations(org, batch).await?,
            Some(now) => (self.store().anonymise_conversations(org, batch, now)).await?,
        };
        counts.add(&removed);
        Ok(())
    }

    async fn delete_old_channel_events(
        &self,
        org: OrgId,
        before: Timestamp,
        counts: &mut RemovalCounts,
    ) -> Result<(), EngineError> {
        loop {
            let n = (self.store())
                .delete_channel_events_before(org, before, 1000)
                .await?;
            counts.channel_events_deleted += n;
            if n == 0 {
                return Ok(());
            }
        }
    }

    /// The organisation's latest retention runs, newest first.
    pub async fn retention_runs(
        &self,
        org: OrgId,
        limit: u32,
    ) -> Result<Vec<RetentionRun>, EngineError> {
        Ok(self.store().list_retention_runs(org, limit).await?)
    }

    /// Remove unrouted events older than [`UNROUTED_KEPT`], in batches; how many.
    pub async fn prune_unrouted_events(&self) -> Result<u64, EngineError> {
        let before = sub(self.clock().now(), UNROUTED_KEPT);
        let mut removed = 0;
        loop {
            let n = (self.store())
                .delete_unrouted_events_before(before, 1000)
                .await?;
            removed += n;
            if n == 0 {
                return Ok(removed);
            }
        }
    }

    /// The worker's periodic run, with the configured policies.
    pub(crate) async fn run_configured_retention(&self) {
        match self.prune_unrouted_events().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "unrouted events past their time removed"),
            Err(e) => tracing::warn!(error = %e, "could not remove old unrouted events"),
        }
        let config = &self.inner.options.retention;
        if config.organisations.is_empty() {
            return;
        }
        if let Err(e) = self.run_retention(config, false).await {
            tracing::warn!(error = %e, "could not run retention");
        }
    }
}

/// Which candidates are due, and for what.
fn sort_due(policy: &RetentionPolicy, page: &[RetentionCandidate], now: Timestamp) -> Due {
    let mut due = Due::default();
    for c in page {
        let rule = policy.rule_for(c.channel_id, &c.labels);
        if !rule.is_due(c.resolved_at, now) {
            continue;
        }
        let target = RetentionTarget {
            id: c.id,
            resolved_at: c.resolved_at,
        };
        match rule.action {
            RetentionAction::Delete => due.delete.push(target),
            RetentionAction::Anonymise if !c.anonymised => due.anonymise.push(target),
            RetentionAction::Anonymise | RetentionAction::Keep => {}
        }
    }
    due
}
