//! Group commit: concurrent webhooks share one durable commit.
//!
//! Every request routes its own events (in its own task), then hands the prepared store
//! request to one committer task and waits. The committer takes the first waiting request
//! plus whatever else is already queued (up to `max_batch`; optionally waiting up to
//! `max_wait` for more), commits them in ONE transaction — each in its own savepoint, so
//! a failing request is rolled back alone — and answers each with its own result only
//! after the commit returned. Under light load a request commits alone at once (no added
//! latency); under heavy load requests pile up during a commit and the next commit takes
//! them all, so fsyncs per message fall as load rises.
//!
//! Correctness: a request is answered only from the result of the commit that holds its
//! rows; if that commit fails, every request in it gets the error (nothing is
//! acknowledged that is not on disk). Requests that failed because the database was busy
//! (`StoreError::Busy`: SQLite busy, a PostgreSQL deadlock or serialization failure) are
//! committed once more, together; any other failure is answered as it is.
//!
//! Several committers may pull from the one queue (PostgreSQL: transactions on different
//! residents do not wait for each other, and the store locks a resident's contact so two
//! batches of one resident agree on the conversation). SQLite has one writer: one committer.

use std::sync::{Arc, Weak};
use std::time::Duration;

use loket_store::IngestRequest;
use tokio::sync::{mpsc, oneshot};

use crate::ingest::Receipt;
use crate::{Engine, EngineError, Inner};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupCommitConfig {
    /// Most requests (webhooks) in one commit.
    pub max_batch: usize,
    /// How long the committer waits for more requests before committing a partial batch.
    /// Zero: commit what is queued at once (batches still form while a commit runs).
    pub max_wait: Duration,
    /// Requests waiting for the committer before new ones wait for room.
    pub queue: usize,
    /// Committer tasks pulling from the queue; `None`: the backend's default
    /// ([`default_committers`]).
    pub committers: Option<usize>,
}

/// Committers by backend: SQLite has one writer; PostgreSQL commits batches in parallel.
pub fn default_committers(backend: loket_store::Backend) -> usize {
    match backend {
        loket_store::Backend::Sqlite => 1,
        loket_store::Backend::Postgres => 2,
    }
}

impl Default for GroupCommitConfig {
    fn default() -> Self {
        Self {
            max_batch: 256,
            max_wait: Duration::ZERO,
            queue: 4096,
            committers: None,
        }
    }
}

type Reply = oneshot::Sender<Result<Receipt, EngineError>>;

pub(crate) struct Committer {
    sender: mpsc::Sender<(IngestRequest, Reply)>,
    stats: Arc<Stats>,
}

/// How many commits carried how many requests, for metrics and tests.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub commits: std::sync::atomic::AtomicU64,
    pub requests: std::sync::atomic::AtomicU64,
}

/// Commits made and requests they carried since start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitStats {
    pub commits: u64,
    pub requests: u64,
}

type Queue = Arc<tokio::sync::Mutex<mpsc::Receiver<(IngestRequest, Reply)>>>;

impl Committer {
    /// Start `committers` tasks on one queue; they end when the engine is dropped.
    pub(crate) fn start(inner: Weak<Inner>, config: GroupCommitConfig, committers: usize) -> Self {
        let (sender, receiver) = mpsc::channel(config.queue.max(1));
        let stats = Arc::new(Stats::default());
        let queue: Queue = Arc::new(tokio::sync::Mutex::new(receiver));
        for _ in 0..committers.max(1) {
            tokio::spawn(run(inner.clone(), queue.clone(), config, stats.clone()));
        }
        Self { sender, stats }
    }

    pub(crate) fn stats(&self) -> CommitStats {
        use std::sync::atomic::Ordering::Relaxed;
        CommitStats {
            commits: self.stats.commits.load(Relaxed),
            requests: self.stats.requests.load(Relaxed),
        }
    }

    pub(crate) async fn commit(&self, request: IngestRequest) -> Result<Receipt, EngineError> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send((request, reply))
            .await
            .map_err(|_| EngineError::Other(anyhow::anyhow!("the committer has stopped")))?;
        answer
            .await
            .map_err(|_| EngineError::Other(anyhow::anyhow!("the committer dropped a request")))?
    }
}

/// One committer: take a batch (holding the queue only while gathering, so another
/// committer gathers the next batch while this one commits), commit it, answer it.
async fn run(inner: Weak<Inner>, queue: Queue, config: GroupCommitConfig, stats: Arc<Stats>) {
    use std::sync::atomic::Ordering::Relaxed;
    loop {
        let batch = {
            let mut receiver = queue.lock().await;
            let Some(first) = receiver.recv().await else {
                return;
            };
            let mut batch = vec![first];
            gather(&mut receiver, &mut batch, config).await;
            batch
        };
        let Some(inner) = inner.upgrade() else { return };
        let engine = Engine { inner };
        let (requests, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
        metrics::histogram!("loket_ingest_batch_requests").record(requests.len() as f64);
        stats.commits.fetch_add(1, Relaxed);
        stats.requests.fetch_add(requests.len() as u64, Relaxed);
        let started = std::time::Instant::now();
        let mut results = engine.commit_requests(&requests).await;
        metrics::histogram!("loket_ingest_commit_seconds").record(started.elapsed().as_secs_f64());
        retry_busy(&engine, &requests, &mut results).await;
        for (reply, result) in replies.into_iter().zip(results) {
            let _ = reply.send(result); // the caller may have gone (client hung up): fine
        }
    }
}

/// Commit the requests that failed only because the database was busy once more, together.
async fn retry_busy(
    engine: &Engine,
    requests: &[IngestRequest],
    results: &mut [Result<Receipt, EngineError>],
) {
    let busy: Vec<usize> = (0..results.len())
        .filter(|&i| matches!(&results[i], Err(EngineError::Store(e)) if e.is_busy()))
        .collect();
    if busy.is_empty() {
        return;
    }
    tracing::debug!(
        requests = busy.len(),
        "the database was busy; committing once more"
    );
    let again: Vec<IngestRequest> = busy.iter().map(|&i| requests[i].clone()).collect();
    for (i, result) in busy.into_iter().zip(engine.commit_requests(&again).await) {
        results[i] = result;
    }
}

/// Take what is already queued, then (if configured) wait a little for more.
async fn gather(
    receiver: &mut mpsc::Receiver<(IngestRequest, Reply)>,
    batch: &mut Vec<(IngestRequest, Reply)>,
    config: GroupCommitConfig,
) {
    while batch.len() < config.max_batch {
        match receiver.try_recv() {
            Ok(next) => batch.push(next),
            Err(_) => break,
        }
    }
    if config.max_wait.is_zero() || batch.len() >= config.max_batch {
        return;
    }
    let deadline = tokio::time::Instant::now() + config.max_wait;
    while batch.len() < config.max_batch {
        match tokio::time::timeout_at(deadline, receiver.recv()).await {
            Ok(Some(next)) => batch.push(next),
            _ => return,
        }
    }
}

pub(crate) fn start_for(inner: &Arc<Inner>, config: GroupCommitConfig) -> Committer {
    let committers = config
        .committers
        .unwrap_or_else(|| default_committers(inner.store.backend()));
    Committer::start(Arc::downgrade(inner), config, committers)
}
