//! Live events for `GET /events`: what the bus publishes is appended to an org-scoped log
//! with a monotonic id (the store's `live_events`), and every instance feeds its SSE
//! streams from that log — so a reconnecting client resumes after the last id it saw, and
//! on PostgreSQL an agent on instance B sees what instance A ingested.
//!
//! Three tasks per instance, started on first use of the bus (`relay.rs`):
//! - the **writer** drains the bus's bounded queue and appends in batches (publishing never
//!   waits for the database; a full queue drops and counts);
//! - the **listener** (PostgreSQL) wakes the fan-out on every `NOTIFY`, and after a lost
//!   connection, whose missed notifications the fan-out's catch-up covers;
//! - the **fan-out** reads everything after the last id it saw — on a wake-up, and every
//!   `poll` as a safety net — and broadcasts it to this instance's subscribers.
//!
//! Reading "after the last id" is gap-free because the store hands out ids in commit order.
//! A subscriber (`subscription.rs`) replays from the table, then goes live, by id.

mod relay;
mod subscription;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use loket_domain::OrgId;
use tokio::sync::{broadcast, mpsc};

use crate::bus::Event;

pub use subscription::{LiveItem, ReloadReason};

/// Tunables with production defaults.
#[derive(Debug, Clone)]
pub struct LiveOptions {
    /// How long events are kept for resuming; older ones are pruned.
    pub retention: Duration,
    /// Events a subscriber may fall behind before it loses the oldest and is told to reload
    /// (each subscriber's own position in this instance's broadcast ring).
    pub buffer: usize,
    /// How often the fan-out reads the log without being woken (missed notifications).
    pub poll: Duration,
    /// The most events one reconnect replays; beyond it the client is told to reload.
    pub replay_limit: u32,
    /// How often the writer prunes.
    pub prune_every: Duration,
}

impl Default for LiveOptions {
    fn default() -> Self {
        Self {
            retention: Duration::from_secs(24 * 3600),
            buffer: 1024,
            poll: Duration::from_secs(1),
            replay_limit: 1000,
            prune_every: Duration::from_secs(600),
        }
    }
}

/// Who is watching: the organisation, and (once people sign in) the user, whose rights
/// decide which events they may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub org_id: OrgId,
}

impl Viewer {
    /// Today every member of the organisation sees all of its events; another
    /// organisation's never.
    pub fn may_see(&self, event: &LiveEvent) -> bool {
        event.org_id == self.org_id
    }
}

/// An event as the log numbered it.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveEvent {
    pub id: i64,
    pub org_id: OrgId,
    pub event: Event,
}

/// The bus's way into the log: a bounded queue, whose receiving end the writer takes.
#[derive(Debug, Clone)]
pub(crate) struct LogQueue {
    sender: mpsc::Sender<Event>,
    receiver: Arc<Mutex<Option<mpsc::Receiver<Event>>>>,
}

/// Events waiting for the writer; beyond this, new ones are dropped (and counted) rather
/// than slowing ingestion down when the database stalls.
const QUEUE: usize = 65_536;

impl Default for LogQueue {
    fn default() -> Self {
        let (sender, receiver) = mpsc::channel(QUEUE);
        Self {
            sender,
            receiver: Arc::new(Mutex::new(Some(receiver))),
        }
    }
}

impl LogQueue {
    pub(crate) fn push(&self, event: &Event) {
        if self.sender.try_send(event.clone()).is_err() {
            metrics::counter!("loket_live_events_dropped_total").increment(1);
            tracing::warn!("the live event queue is full; an event was dropped");
        }
    }

    fn take_receiver(&self) -> Option<mpsc::Receiver<Event>> {
        self.receiver
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }
}

/// This instance's live feed: numbered events for its subscribers.
pub(crate) struct Feed {
    sender: Arc<broadcast::Sender<Arc<LiveEvent>>>,
    /// True once the fan-out knows where it starts.
    ready: tokio::sync::watch::Receiver<bool>,
    /// True once the instance is shutting down: every stream ends, so the server's
    /// graceful shutdown is not held up by clients that would listen forever.
    closing: tokio::sync::watch::Sender<bool>,
}

impl crate::Engine {
    /// This instance's feed, its tasks started on first use. `None` outside a Tokio
    /// runtime (a synchronous caller has nobody to stream to).
    pub(crate) fn live_feed(&self) -> Option<&Feed> {
        if let Some(feed) = self.inner.live.get() {
            return Some(feed);
        }
        tokio::runtime::Handle::try_current().ok()?;
        let inner = &self.inner;
        Some(inner.live.get_or_init(|| {
            relay::start(
                &inner.store,
                &inner.clock,
                inner.bus.log_queue(),
                &inner.options.live,
            )
        }))
    }

    /// End every live stream of this instance (at shutdown); clients reconnect elsewhere
    /// and resume with `Last-Event-ID`.
    pub fn end_live_streams(&self) {
        if let Some(feed) = self.inner.live.get() {
            let _ = feed.closing.send(true);
        }
    }

    /// Remove the live events older than the retention time (the writer also does so
    /// every `prune_every`); returns how many.
    pub async fn prune_live_events(&self) -> Result<u64, crate::EngineError> {
        let before = loket_domain::time::sub(self.clock().now(), self.inner.options.live.retention);
        Ok(self.store().prune_live_events(before).await?)
    }
}
