//! The live event log behind `GET /events`: an org-scoped, append-only table with a
//! monotonic id, pruned after a retention time, and (PostgreSQL) a notification per append
//! so every instance learns of events another one wrote.
//!
//! Ids are handed out in commit order on both backends (SQLite: one writer; PostgreSQL: an
//! advisory lock around each append), so "everything after id N" never skips an event
//! that commits later with a smaller id.

use async_trait::async_trait;
use loket_domain::{OrgId, Timestamp};

use crate::StoreResult;

/// An event to append; `data` is opaque to the store (the engine's JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct NewLiveEvent {
    pub org_id: OrgId,
    pub data: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LiveEventRecord {
    pub id: i64,
    pub org_id: OrgId,
    pub data: String,
    pub at: Timestamp,
}

/// The PostgreSQL channel every append notifies (payload: the highest id appended).
pub const LIVE_CHANNEL: &str = "loket_live_events";

#[async_trait]
pub trait LiveEventLog {
    /// Append in one transaction, in order; returns the ids given. On PostgreSQL the
    /// commit also notifies [`LIVE_CHANNEL`].
    async fn append_live_events(&self, events: &[NewLiveEvent]) -> StoreResult<Vec<i64>>;

    /// Events with an id above `after`, oldest first, at most `limit`; only `org`'s when
    /// given (a client's replay), every organisation's otherwise (an instance's fan-out).
    async fn live_events_after(
        &self,
        after: i64,
        org: Option<OrgId>,
        limit: u32,
    ) -> StoreResult<Vec<LiveEventRecord>>;

    /// The lowest and highest id still kept, `None` when the log is empty.
    async fn live_event_bounds(&self) -> StoreResult<Option<(i64, i64)>>;

    /// Remove the events appended before `before`; returns how many.
    async fn prune_live_events(&self, before: Timestamp) -> StoreResult<u64>;

    /// Listen for other instances' appends: `None` where there are none to hear of
    /// (SQLite serves one instance).
    async fn listen_live_events(&self) -> StoreResult<Option<LiveListener>>;
}

/// What woke a [`LiveListener`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveWake {
    /// Some instance appended events.
    Appended,
    /// The listening connection was lost and re-established: notifications sent meanwhile
    /// are gone, so the caller catches up from the table.
    Reconnected,
}

/// A PostgreSQL `LISTEN` on [`LIVE_CHANNEL`], on a connection of its own.
pub struct LiveListener {
    inner: sqlx::postgres::PgListener,
}

impl LiveListener {
    pub(crate) async fn start(pool: &sqlx::PgPool) -> StoreResult<Self> {
        let mut inner = sqlx::postgres::PgListener::connect_with(pool).await?;
        inner.listen(LIVE_CHANNEL).await?;
        Ok(Self { inner })
    }

    /// Wait for the next append anywhere, or a reconnect. Not cancel-safe: run it in a
    /// task of its own.
    pub async fn wait(&mut self) -> StoreResult<LiveWake> {
        Ok(match self.inner.try_recv().await? {
            Some(_) => LiveWake::Appended,
            None => LiveWake::Reconnected,
        })
    }
}
