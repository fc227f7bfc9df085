//! Status webhooks back to Loket (§2.3 of the reference): `sent → delivered → read`
//! (→ `played` for voice notes), or a single `failed`, delivered signed in the background
//! after a send, following a configurable [`StatusPlan`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use loket_domain::Timestamp;
use loket_domain::time::real_duration;
use serde_json::{Value, json};
use tokio::sync::watch;

use crate::GraphSim;
use crate::sim::Shared;
use crate::webhook::Delivered;

/// How and when the sim reports what happened to an accepted message.
///
/// Delays are consecutive: the first status follows the send's answer by `sent_after`, the
/// second follows the first by `delivered_after`, the third the second by `read_after`
/// (and `played` the read by `read_after`). Each webhook is awaited before the next, so
/// Loket sees them in plan order. Failures (131047 outside the window, 131026) are one
/// `failed` webhook after `sent_after`, also under a manual plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusPlan {
    /// Before the first status (after the send's answer was built).
    pub sent_after: Duration,
    /// Between the first and the second status.
    pub delivered_after: Duration,
    /// Between the second and the third (and the third and `played`).
    pub read_after: Duration,
    /// No `delivered` (Meta skips it when the message is read at once).
    pub skip_delivered: bool,
    /// No `read` (the resident has read receipts off); no `played` either.
    pub skip_read: bool,
    /// `read` before `delivered` (webhooks have no ordering guarantee).
    pub read_before_delivered: bool,
    /// Every webhook twice in a row (delivery is at-least-once).
    pub duplicate: bool,
    /// `played` after `read` for audio sent with `"voice":true`.
    pub played: bool,
    /// No automatic progression: tests call [`GraphSim::send_status`].
    pub manual: bool,
    /// Attempts after a non-2xx answer or a failed delivery (Meta retries; 0 by default).
    pub retries: u32,
    /// Between attempts.
    pub retry_delay: Duration,
}

impl Default for StatusPlan {
    /// All of `sent`, `delivered`, `read` (and `played`), 50 ms / 200 ms / 1 s apart.
    fn default() -> Self {
        Self {
            sent_after: Duration::from_millis(50),
            delivered_after: Duration::from_millis(200),
            read_after: Duration::from_secs(1),
            skip_delivered: false,
            skip_read: false,
            read_before_delivered: false,
            duplicate: false,
            played: true,
            manual: false,
            retries: 0,
            retry_delay: Duration::from_millis(100),
        }
    }
}

impl StatusPlan {
    /// The default progression without any delay (for tests).
    pub fn immediate() -> Self {
        Self {
            sent_after: Duration::ZERO,
            delivered_after: Duration::ZERO,
            read_after: Duration::ZERO,
            retry_delay: Duration::ZERO,
            ..Self::default()
        }
    }

    /// No automatic status webhooks (failures excepted).
    pub fn manual() -> Self {
        Self {
            manual: true,
            ..Self::immediate()
        }
    }

    /// The statuses in order with the delay before each.
    fn steps(&self, job: &StatusJob) -> Vec<(Duration, &'static str)> {
        match &job.outcome {
            Outcome::Failed(_) => return vec![(self.sent_after, "failed")],
            _ if self.manual => return Vec::new(),
            Outcome::Reaction => return vec![(self.sent_after, "sent")],
            Outcome::Delivered { .. } => {}
        }
        let mut middle = Vec::new();
        if !self.skip_delivered {
            middle.push("delivered");
        }
        if !self.skip_read {
            middle.push("read");
        }
        if self.read_before_delivered {
            middle.reverse();
        }
        let mut order = vec!["sent"];
        order.extend(middle);
        if job.voice && self.played && !self.skip_read {
            order.push("played");
        }
        let delays = [
            self.sent_after,
            self.delivered_after,
            self.read_after,
            self.read_after,
        ];
        delays.into_iter().zip(order).collect()
    }
}

/// What the sim decided about an accepted message.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    /// Delivered, with the `pricing` object of its delivered (or read) webhook.
    Delivered { pricing: Value },
    /// A reaction: only `sent`.
    Reaction,
    /// One `failed` webhook with this `errors[]` entry.
    Failed(Value),
}

#[derive(Debug, Clone)]
pub(crate) struct StatusJob {
    pub wamid: String,
    pub recipient: String,
    /// Set for a send to a business-scoped user id: statuses then carry
    /// `recipient_user_id` (and no phone number, which the sim does not know).
    pub recipient_user_id: Option<String>,
    pub callback: Option<String>,
    pub voice: bool,
    pub outcome: Outcome,
}

/// One status webhook the sim tried to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRecord {
    /// The outbound message's wamid.
    pub wamid: String,
    /// `sent`, `delivered`, `read`, `played` or `failed`.
    pub status: String,
    /// The `errors[0].code` of a `failed` status.
    pub error_code: Option<u32>,
    /// When it was delivered, by the simulator's clock.
    pub at: Timestamp,
    /// Loket's HTTP status, `None` without an answer.
    pub answer: Option<u16>,
}

pub(crate) struct Statuses {
    plan: Mutex<StatusPlan>,
    jobs: Mutex<HashMap<String, StatusJob>>,
    log: Mutex<Vec<StatusRecord>>,
    pending: watch::Sender<usize>,
}

impl Default for Statuses {
    fn default() -> Self {
        Self {
            plan: Mutex::default(),
            jobs: Mutex::default(),
            log: Mutex::default(),
            pending: watch::Sender::new(0),
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Counts a scheduled delivery task down when it ends (even by panic).
struct Pending(Arc<Shared>);

impl Drop for Pending {
    fn drop(&mut self) {
        self.0
            .statuses
            .pending
            .send_modify(|n| *n = n.saturating_sub(1));
    }
}

/// From 2026-10-01 Meta charges service messages and utility templates inside the window
/// too (reference §4); before, they were free.
const CHARGED_INSIDE_WINDOW_FROM: i64 = 1_790_812_800;

/// Whether messages inside the window are still free at `now`.
pub(crate) fn free_inside_window(now: Timestamp) -> bool {
    now.as_second() < CHARGED_INSIDE_WINDOW_FROM
}

/// The pricing of a service (non-template) message inside the window at `now`.
pub(crate) fn service_pricing(now: Timestamp) -> Value {
    if free_inside_window(now) {
        json!({"billable": false, "pricing_model": "PMP", "category": "service", "type": "free_customer_service"})
    } else {
        json!({"billable": true, "pricing_model": "PMP", "category": "service", "type": "regular"})
    }
}

/// Remember `job` and deliver its webhooks in the background, as the plan says.
pub(crate) fn schedule(shared: &Arc<Shared>, job: StatusJob) {
    let plan = lock(&shared.statuses.plan).clone();
    lock(&shared.statuses.jobs).insert(job.wamid.clone(), job.clone());
    let steps = plan.steps(&job);
    if steps.is_empty() {
        return;
    }
    let pricing_on = steps
        .iter()
        .map(|(_, s)| *s)
        .find(|s| matches!(*s, "delivered" | "read"));
    shared.statuses.pending.send_modify(|n| *n += 1);
    let pending = Pending(shared.clone());
    tokio::spawn(async move {
        let shared = pending.0.clone();
        for (delay, status) in steps {
            if !delay.is_zero() {
                // The resident's phone and eyes keep the simulator's (maybe faster) time.
                tokio::time::sleep(real_duration(shared.clock.as_ref(), delay)).await;
            }
            let body = status_webhook(&shared, &job, status, pricing_on == Some(status));
            for _ in 0..if plan.duplicate { 2 } else { 1 } {
                deliver(&shared, &job, status, &body, &plan).await;
            }
        }
        drop(pending);
    });
}

/// Deliver one status webhook, retrying as the plan says.
async fn deliver(shared: &Shared, job: &StatusJob, status: &str, body: &Value, plan: &StatusPlan) {
    for attempt in 0..=plan.retries {
        if attempt > 0 && !plan.retry_delay.is_zero() {
            tokio::time::sleep(plan.retry_delay).await;
        }
        let answer = shared.deliver_json(body).await;
        if let Err(error) = &answer {
            tracing::debug!(
                error = format!("{error:#}"),
                "a status webhook got no answer"
            );
        }
        let ok = record(shared, job, status, answer.as_ref().ok());
        if ok {
            return;
        }
    }
}

fn record(shared: &Shared, job: &StatusJob, status: &str, answer: Option<&Delivered>) -> bool {
    let ok = answer.is_some_and(Delivered::is_success);
    let mut stats = shared.outbound.stats();
    if ok {
        stats.statuses_delivered += 1;
    } else {
        stats.statuses_undelivered += 1;
    }
    drop(stats);
    let error_code = match &job.outcome {
        Outcome::Failed(error) if status == "failed" => {
            error["code"].as_u64().and_then(|c| u32::try_from(c).ok())
        }
        _ => None,
    };
    lock(&shared.statuses.log).push(StatusRecord {
        wamid: job.wamid.clone(),
        status: status.to_owned(),
        error_code,
        at: shared.clock.now(),
        answer: answer.map(|a| a.status),
    });
    ok
}

/// The webhook body for `status` of `job`.
fn status_webhook(shared: &Shared, job: &StatusJob, status: &str, with_pricing: bool) -> Value {
    let mut object = json!({
        "id": job.wamid,
        "status": status,
        "timestamp": shared.clock.now().as_second().to_string(),
    });
    match &job.recipient_user_id {
        Some(user_id) => object["recipient_user_id"] = user_id.as_str().into(),
        None => object["recipient_id"] = job.recipient.as_str().into(),
    }
    if let Some(callback) = &job.callback {
        object["biz_opaque_callback_data"] = callback.as_str().into();
    }
    match &job.outcome {
        Outcome::Failed(error) if status == "failed" => object["errors"] = json!([error]),
        Outcome::Delivered { pricing } if with_pricing => object["pricing"] = pricing.clone(),
        _ => {}
    }
    let config = &shared.config;
    json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": config.waba_id, "changes": [{"value": {
            "messaging_product": "whatsapp",
            "metadata": {
                "display_phone_number": config.display_phone_number,
                "phone_number_id": config.phone_number_id,
            },
            "statuses": [object],
        }, "field": "messages"}]}],
    })
}

impl GraphSim {
    /// How status webhooks follow sends from now on.
    pub fn set_status_plan(&self, plan: StatusPlan) {
        *lock(&self.shared.statuses.plan) = plan;
    }

    /// The current plan.
    pub fn status_plan(&self) -> StatusPlan {
        lock(&self.shared.statuses.plan).clone()
    }

    /// Deliver one status webhook for the accepted message `wamid` now and return Loket's
    /// answer. `delivered` carries the pricing; `failed` carries the failure the sim decided
    /// for the message (131026 undeliverable if it had none). Errors for an unknown wamid.
    pub async fn send_status(&self, wamid: &str, status: &str) -> anyhow::Result<Delivered> {
        let mut job = lock(&self.shared.statuses.jobs)
            .get(wamid)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("no message {wamid} was sent"))?;
        if status == "failed" && !matches!(job.outcome, Outcome::Failed(_)) {
            job.outcome = Outcome::Failed(crate::graph::messages::undeliverable());
        }
        let body = status_webhook(&self.shared, &job, status, status == "delivered");
        let answer = self.shared.deliver_json(&body).await;
        record(&self.shared, &job, status, answer.as_ref().ok());
        answer
    }

    /// Wait until every scheduled status webhook has been delivered (or given up on).
    pub async fn flush_statuses(&self) {
        let mut pending = self.shared.statuses.pending.subscribe();
        let _ = pending.wait_for(|n| *n == 0).await;
    }

    /// Every status webhook delivery attempt, in order.
    pub fn status_webhooks(&self) -> Vec<StatusRecord> {
        lock(&self.shared.statuses.log).clone()
    }
}

#[cfg(test)]
#[path = "statuses_tests.rs"]
mod tests;
