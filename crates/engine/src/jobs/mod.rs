//! The job worker: runs jobs from the database queue. `run_next_job` is public so tests
//! drive the queue step by step instead of sleeping.

pub mod media;

use std::future::Future;
use std::time::Duration;

use futures::FutureExt;
use loket_domain::time::{add, real_duration};
use loket_domain::{JobId, Timestamp};
use loket_store::Job;
use rand::RngExt;

use crate::outbound::templates::SYNC_TEMPLATES;
use crate::outbound::{MARK_READ, SEND};
use crate::{Engine, EngineError};

/// How long a claimed job stays locked; a worker that dies frees its job after this.
const LEASE: Duration = Duration::from_secs(120);
/// How often an idle worker looks for due jobs (it is also woken on new work).
const IDLE_POLL: Duration = Duration::from_millis(500);
/// How often the worker forgets statuses that never found their message (a cheap indexed
/// delete; Meta's horizon is 7 days, so hourly is plenty).
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// How often the worker opens snoozed conversations whose time has come (an indexed
/// read; a snooze ends at most this late).
const WAKE_EVERY: Duration = Duration::from_secs(15);

/// How often the worker indexes messages for search (a cheap indexed read when nothing is
/// pending; a message is findable at most about this long after it was stored).
const INDEX_EVERY: Duration = Duration::from_secs(1);

/// Why a job did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Worth another attempt later (network trouble, provider overloaded…).
    #[error("{0}")]
    Retryable(String),
    /// Another attempt would fail the same way.
    #[error("{0}")]
    Permanent(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    Done,
    RetryAt(Timestamp),
    Failed(String),
    /// This worker's lease expired while it ran and another claim took the job over: what
    /// it concluded was ignored (the other worker's verdict counts).
    Superseded,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobReport {
    pub id: JobId,
    pub kind: String,
    pub outcome: JobOutcome,
}

impl Engine {
    /// Claim and run the next due job, if there is one.
    pub async fn run_next_job(&self) -> Result<Option<JobReport>, EngineError> {
        let now = self.clock().now();
        self.fail_exhausted_jobs(now).await?;
        let Some(job) = self.store().claim_next_job(now, LEASE).await? else {
            return Ok(None);
        };
        let result = match job.kind.as_str() {
            media::MEDIA_FETCH => self.fetch_media(&job).await,
            SEND => return self.finish_send(job).await.map(Some),
            MARK_READ => self.run_mark_read(&job).await,
            SYNC_TEMPLATES => self.run_template_sync(&job).await,
            other => Err(JobError::Permanent(format!("unknown job kind {other:?}"))),
        };
        let lease = job.lease();
        let (held, outcome) = match result {
            Ok(()) => (self.store().complete_job(lease).await?, JobOutcome::Done),
            Err(JobError::Retryable(error)) if job.attempts < job.max_attempts => {
                let at = add(self.clock().now(), backoff(job.attempts));
                tracing::warn!(job_id = %job.id, kind = %job.kind, attempt = job.attempts, "job failed, will retry");
                let held = self.store().retry_job(lease, at, &error).await?;
                (held, JobOutcome::RetryAt(at))
            }
            Err(e) => {
                let error = e.to_string();
                tracing::warn!(job_id = %job.id, kind = %job.kind, attempt = job.attempts, "job failed for good");
                let held = self.fail_for_good(&job, &error).await?;
                (held, JobOutcome::Failed(error))
            }
        };
        let outcome = superseded_unless(held, &job, outcome);
        Ok(Some(JobReport {
            id: job.id,
            kind: job.kind,
            outcome,
        }))
    }

    /// One attempt of an outbox send, and its bookkeeping.
    async fn finish_send(&self, job: Job) -> Result<JobReport, EngineError> {
        use crate::outbound::SendStep;
        let step = self.run_send(&job).await;
        let lease = job.lease();
        let (held, outcome) = match step {
            Ok(SendStep::Done) => (self.store().complete_job(lease).await?, JobOutcome::Done),
            Ok(SendStep::Postpone(wait)) => {
                let at = add(self.clock().now(), wait);
                let held = self.store().postpone_job(lease, at).await?;
                (held, JobOutcome::RetryAt(at))
            }
            Ok(SendStep::GiveUp(error)) => {
                let held = self.fail_for_good(&job, &error).await?;
                (held, JobOutcome::Failed(error))
            }
            Err(e) if job.attempts < job.max_attempts => {
                let at = add(self.clock().now(), backoff(job.attempts));
                let held = self.store().retry_job(lease, at, &e.to_string()).await?;
                (held, JobOutcome::RetryAt(at))
            }
            Err(e) => {
                let held = self.fail_for_good(&job, &e.to_string()).await?;
                (held, JobOutcome::Failed(e.to_string()))
            }
        };
        let outcome = superseded_unless(held, &job, outcome);
        Ok(JobReport {
            id: job.id,
            kind: job.kind,
            outcome,
        })
    }

    /// Forget pending statuses past Meta's 7-day redelivery horizon; returns how many.
    pub async fn prune_pending_statuses(&self) -> Result<u64, EngineError> {
        let now = self.clock().now();
        Ok(self.store().prune_pending_statuses(now).await?)
    }

    /// Run jobs until `shutdown` completes; a running job is finished first.
    pub async fn run_worker(&self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut next_prune = self.clock().now();
        let mut next_wake = self.clock().now();
        let mut next_retention = self.clock().now();
        let mut next_index = self.clock().now();
        let mut next_follow_up = self.clock().now();
        let mut next_sla = self.clock().now();
        let mut next_assign = self.clock().now();
        let mut next_automation = self.clock().now();
        let mut next_automation_timers = self.clock().now();
        loop {
            if self.clock().now() >= next_prune {
                next_prune = add(self.clock().now(), PRUNE_EVERY);
                match self.prune_pending_statuses().await {
                    Ok(0) => {}
                    Ok(n) => {
                        tracing::info!(pruned = n, "forgot statuses that never found their message")
                    }
                    Err(e) => tracing::warn!(error = %e, "could not prune pending statuses"),
                }
            }
            if self.clock().now() >= next_wake {
                next_wake = add(self.clock().now(), WAKE_EVERY);
                if let Err(e) = self.wake_snoozed_conversations().await {
                    tracing::warn!(error = %e, "could not wake snoozed conversations");
                }
            }
            if self.clock().now() >= next_follow_up {
                next_follow_up = add(self.clock().now(), crate::hours::FOLLOW_UP_EVERY);
                if let Err(e) = self.send_follow_ups().await {
                    tracing::warn!(error = %e, "could not send the follow-up templates");
                }
            }
            if self.clock().now() >= next_sla {
                next_sla = add(self.clock().now(), crate::sla::SLA_CHECK_EVERY);
                if let Err(e) = self.check_sla().await {
                    tracing::warn!(error = %e, "could not check the SLA targets");
                }
            }
            if self.clock().now() >= next_assign {
                next_assign = add(self.clock().now(), crate::assignment::ASSIGN_WAITING_EVERY);
                self.assign_waiting_everywhere().await;
            }
            self.run_automation_passes(&mut next_automation, &mut next_automation_timers)
                .await;
            if self.clock().now() >= next_retention {
                next_retention = add(self.clock().now(), crate::retention::RETENTION_EVERY);
                self.run_configured_retention().await;
            }
            // A full batch means more is waiting: index again after the next job, unslept.
            let mut behind = false;
            if self.clock().now() >= next_index {
                behind = self.index_message_batch().await;
                if !behind {
                    next_index = add(self.clock().now(), INDEX_EVERY);
                }
            }
            // Another instance may have provisioned: keep the apps and routes fresh.
            if let Err(e) = self.refresh_config_if_stale().await {
                tracing::warn!(error = %e, "could not reload the Meta apps");
            }
            // A running job is never raced against shutdown: dropping a send between Meta's
            // answer and its recording would send it again after the restart.
            if shutdown.as_mut().now_or_never().is_some() {
                return;
            }
            let ran = self.run_next_job().await;
            match ran {
                Ok(Some(_)) => continue,
                Ok(None) if behind => continue,
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "job queue unavailable"),
            }
            tokio::select! {
                _ = &mut shutdown => return,
                _ = self.inner.jobs_ready.notified() => {}
                // Simulated cadence: the follow-up and retention checks above read the clock.
                _ = tokio::time::sleep(real_duration(self.clock().as_ref(), IDLE_POLL)) => {}
            }
        }
    }

    /// The automation rules' passes, each when due (`crate::automation`).
    async fn run_automation_passes(
        &self,
        next_events: &mut Timestamp,
        next_timers: &mut Timestamp,
    ) {
        use crate::automation::{AUTOMATION_EVENTS_EVERY, AUTOMATION_TIMERS_EVERY};
        if self.clock().now() >= *next_events {
            *next_events = add(self.clock().now(), AUTOMATION_EVENTS_EVERY);
            if let Err(e) = self.run_automation_events().await {
                tracing::warn!(error = %e, "could not evaluate the automation rules on new messages");
            }
        }
        if self.clock().now() >= *next_timers {
            *next_timers = add(self.clock().now(), AUTOMATION_TIMERS_EVERY);
            if let Err(e) = self.run_automation_timers().await {
                tracing::warn!(error = %e, "could not evaluate the automation rules on waiting conversations");
            }
        }
    }

    /// Index one batch of pending messages for search (jobs wait no longer than one batch);
    /// `true` when the batch was full, so more is probably waiting.
    async fn index_message_batch(&self) -> bool {
        match self.index_pending_messages().await {
            Ok(n) => n == u64::from(crate::search::INDEX_BATCH),
            Err(e) => {
                tracing::warn!(error = %e, "could not index messages for search");
                false
            }
        }
    }

    pub(crate) fn notify_jobs(&self) {
        // One worker: `notify_one` keeps a permit if it is busy, so no wake-up is lost.
        self.inner.jobs_ready.notify_one();
    }

    /// Give a job up for good. Only the worker holding the job may mark it failed where
    /// people look, and that comes first: if marking the message or media fails, the job
    /// is not failed either (it stays in the queue and is failed again later), so a job is
    /// never failed while its message stays `queued` or its media `Pending`.
    async fn fail_for_good(&self, job: &Job, error: &str) -> Result<bool, EngineError> {
        let lease = job.lease();
        if !self.store().extend_lease(lease, self.clock().now()).await? {
            return Ok(false);
        }
        self.on_job_failed(job, error).await?;
        Ok(self.store().fail_job(lease, error).await?)
    }

    /// Jobs whose worker died during their last attempt: failed by the store, shown here.
    async fn fail_exhausted_jobs(&self, now: loket_domain::Timestamp) -> Result<(), EngineError> {
        for job in self.store().fail_exhausted_jobs(now).await? {
            let error = job.last_error.clone().unwrap_or_default();
            tracing::warn!(job_id = %job.id, kind = %job.kind, "job's last attempt never finished; failed");
            if let Err(e) = self.on_job_failed(&job, &error).await {
                tracing::error!(job_id = %job.id, error = %e, "could not show a job's failure");
            }
        }
        Ok(())
    }

    /// Make a final failure visible where people look.
    async fn on_job_failed(&self, job: &Job, error: &str) -> Result<(), EngineError> {
        match job.kind.as_str() {
            media::MEDIA_FETCH => self.mark_media_failed(job, error).await,
            SEND => self.fail_send_job(job, error).await,
            _ => Ok(()),
        }
    }
}

/// The outcome to report, or `Superseded` when the store ignored it (the lease was lost).
fn superseded_unless(held: bool, job: &Job, outcome: JobOutcome) -> JobOutcome {
    if held {
        return outcome;
    }
    tracing::warn!(job_id = %job.id, kind = %job.kind, attempt = job.attempts,
        "the job's lease expired while it ran and another worker took it over; this outcome is ignored");
    JobOutcome::Superseded
}

/// Exponential backoff with jitter: 2 s, 4 s, 8 s… capped at 10 minutes.
pub fn backoff(attempt: u32) -> Duration {
    let base = Duration::from_secs(2).saturating_mul(1 << attempt.saturating_sub(1).min(16));
    let capped = base.min(Duration::from_secs(600));
    let jitter_ms = rand::rng().random_range(0..=capped.as_millis() as u64 / 4);
    capped + Duration::from_millis(jitter_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_exponentially_and_is_capped() {
        assert!(backoff(1) >= Duration::from_secs(2) && backoff(1) <= Duration::from_millis(2500));
        assert!(backoff(3) >= Duration::from_secs(8));
        assert!(backoff(30) <= Duration::from_secs(750));
    }
}
