//! Counters and a bounded request log that tests and load runs read back.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use loket_domain::Timestamp;

/// How many requests the log keeps; older ones are dropped first.
const LOG_CAPACITY: usize = 10_000;

/// A snapshot of the simulator's counters ([`crate::GraphSim::stats`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SimStats {
    /// `GET /{media-id}` requests received, whatever their outcome.
    pub media_info_requests: u64,
    /// `GET /{media-id}` answered with 200.
    pub media_info_served: u64,
    /// Download-URL requests received, whatever their outcome.
    pub media_download_requests: u64,
    /// Downloads answered with 200 (corrupted ones included).
    pub media_downloads_served: u64,
    /// Requests refused for a missing or wrong access token.
    pub unauthorized: u64,
    /// Webhooks Loket answered with a 2xx status.
    pub webhooks_accepted: u64,
    /// Webhooks Loket answered with another status.
    pub webhooks_rejected: u64,
    /// Webhooks that got no HTTP answer (connection refused, timeout).
    pub webhooks_failed: u64,
}

/// One request the Graph API server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// When, by the simulator's clock.
    pub at: Timestamp,
    pub method: String,
    /// Path and query, e.g. `/v23.0/1003383421387256`.
    pub path: String,
    pub status: u16,
}

#[derive(Default)]
pub(crate) struct Counters {
    pub media_info_requests: AtomicU64,
    pub media_info_served: AtomicU64,
    pub media_download_requests: AtomicU64,
    pub media_downloads_served: AtomicU64,
    pub unauthorized: AtomicU64,
    pub webhooks_accepted: AtomicU64,
    pub webhooks_rejected: AtomicU64,
    pub webhooks_failed: AtomicU64,
}

pub(crate) fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

impl Counters {
    pub fn snapshot(&self) -> SimStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        SimStats {
            media_info_requests: get(&self.media_info_requests),
            media_info_served: get(&self.media_info_served),
            media_download_requests: get(&self.media_download_requests),
            media_downloads_served: get(&self.media_downloads_served),
            unauthorized: get(&self.unauthorized),
            webhooks_accepted: get(&self.webhooks_accepted),
            webhooks_rejected: get(&self.webhooks_rejected),
            webhooks_failed: get(&self.webhooks_failed),
        }
    }
}

#[derive(Default)]
pub(crate) struct RequestLog(Mutex<VecDeque<RequestRecord>>);

impl RequestLog {
    pub fn push(&self, record: RequestRecord) {
        let mut log = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if log.len() == LOG_CAPACITY {
            log.pop_front();
        }
        log.push_back(record);
    }

    pub fn records(&self) -> Vec<RequestRecord> {
        let log = self.0.lock().unwrap_or_else(|e| e.into_inner());
        log.iter().cloned().collect()
    }
}
