//! The SQLite backend: one file, WAL, for single-instance deployments and the demo.
//!
//! # How the two backends share code (`include!`)
//!
//! Most of the SQL is the same on SQLite and PostgreSQL: both accept `$1, $2…` placeholders
//! (sqlx-sqlite binds `$N` to argument N), `on conflict … do nothing / do update` and
//! `returning`. That backend-neutral code lives in `src/common/*.rs`, which are not modules:
//! each backend module defines the aliases `Db`, `Pool`, `Conn`, `Tx`, `StoreImpl`, the
//! constant `BACKEND` and the macro `labels_of_c!` (a dialect's SQL fragment), then
//! `include!`s the common files. The common code is therefore compiled twice, once per
//! backend, with concrete types — no `AnyPool`, no generic executor plumbing. What differs
//! lives here and in `postgres.rs`: connecting, migrating, claiming a job, and the backend's
//! inherent `reader()` / `writer()` / `begin_write()` that the shared `impl Store` calls.
//! (`cargo fmt` does not reach included files: run `rustfmt --edition 2024` on them.)
//!
//! # SQLite settings
//!
//! WAL journal with `synchronous=FULL`: a commit is fsync'd to the WAL before it returns, so
//! an acknowledged webhook survives power loss (a hard requirement; `NORMAL` would only
//! guarantee consistency). `busy_timeout` 5 s, `foreign_keys=ON`. Two pools: every write
//! goes through a writer pool of exactly one connection and begins with `BEGIN IMMEDIATE`,
//! so SQLite's single writer lock is taken up front and never upgraded (no deadlock between
//! two deferred transactions); reads use a pool of several connections, which WAL lets run
//! beside the writer.

use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

type Db = sqlx::Sqlite;
type Pool = sqlx::Pool<Db>;
type Conn = sqlx::SqliteConnection;
type Tx = sqlx::Transaction<'static, Db>;
type StoreImpl = SqliteStore;
const BACKEND: Backend = Backend::Sqlite;

/// A conversation's labels joined by the unit separator (`c` is the conversation).
macro_rules! labels_of_c {
    () => {
        "(select group_concat(l.label, char(31)) from conversation_labels l where l.conversation_id = c.id)"
    };
}

/// Retention: delete the jobs whose payload names one of the messages in the JSON array `$1`.
macro_rules! delete_jobs_of_messages {
    () => {
        "delete from jobs where json_valid(payload) and json_extract(payload, '$.message_id') in (select value from json_each($1))"
    };
}

include!("common/prelude.rs");
include!("common/store_impl.rs");
include!("common/provisioning.rs");
include!("common/provisioning_apply.rs");
include!("common/ingest.rs");
include!("common/ingest_batch.rs");
include!("common/ingest_batch_sql.rs");
include!("common/ingest_batch_write.rs");
include!("common/residents.rs");
include!("common/outbox.rs");
include!("common/statuses.rs");
include!("common/reading.rs");
include!("common/inbox_queries.rs");
include!("common/queue_neighbours.rs");
include!("common/paging.rs");
include!("common/conversations.rs");
include!("common/queue.rs");
include!("common/templates.rs");
include!("common/jobs.rs");
include!("common/people_users.rs");
include!("common/people_sessions.rs");
include!("common/people_impl.rs");
include!("common/live_events.rs");
include!("common/start.rs");
include!("common/notes.rs");
include!("common/mentions.rs");
include!("common/privacy.rs");
include!("common/contacts.rs");
include!("common/erasure.rs");
include!("common/retention_removal.rs");
include!("common/retention.rs");
include!("common/audit.rs");
include!("common/saved_replies.rs");
include!("common/search.rs");
include!("common/knowledge.rs");
include!("common/office_hours.rs");
include!("common/availability.rs");
include!("common/sla.rs");
include!("common/wrap_ups.rs");
include!("common/contact_requests.rs");
include!("common/automation.rs");

/// Serialise appends to one audit chain. Nothing to do on SQLite: its single writer
/// already runs write transactions one at a time.
async fn lock_audit_chain(_conn: &mut Conn, _chain: &str) -> StoreResult<()> {
    Ok(())
}

/// Serialise work on one outbound message's provider id. Nothing to do on SQLite: its
/// single writer already runs write transactions one at a time.
async fn lock_provider_message(
    _conn: &mut Conn,
    _channel: ChannelId,
    _provider_id: &str,
) -> StoreResult<()> {
    Ok(())
}

/// Lock the contacts' rows until the transaction ends. Nothing to do on SQLite: its single
/// writer already runs write transactions one at a time.
async fn lock_contacts(_conn: &mut Conn, _ids: &[ContactId]) -> StoreResult<()> {
    Ok(())
}

/// Take the turn to bind new identities. Nothing to do on SQLite (one writer).
async fn lock_identity_binding(_conn: &mut Conn) -> StoreResult<()> {
    Ok(())
}

/// Live event ids in commit order: SQLite's single writer already appends one at a time.
async fn lock_live_events(_conn: &mut Conn) -> StoreResult<()> {
    Ok(())
}

/// Nobody else to tell: SQLite serves one instance, whose engine wakes its own readers.
async fn notify_live_events(_conn: &mut Conn, _last_id: i64) -> StoreResult<()> {
    Ok(())
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

const READERS: u32 = 8;

pub struct SqliteStore {
    writer: Pool,
    reader: Pool,
}

impl SqliteStore {
    /// Open (creating if missing) the database `sqlite://path` names. Does not migrate.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        if url.contains(":memory:") || url.contains("mode=memory") {
            // An in-memory database (tests, experiments) lives as long as a connection to it:
            // one connection, kept forever, serves reads and writes.
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
                .connect_with(options)
                .await?;
            return Ok(Self {
                writer: pool.clone(),
                reader: pool,
            });
        }
        // The writer first: it creates the file and switches it to WAL.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(READERS)
            .connect_with(options)
            .await?;
        Ok(Self { writer, reader })
    }

    fn reader(&self) -> &Pool {
        &self.reader
    }

    fn writer(&self) -> &Pool {
        &self.writer
    }

    async fn begin_write(&self) -> StoreResult<Tx> {
        Ok(self.writer.begin_with("begin immediate").await?)
    }

    /// `VACUUM INTO`: an online, transactionally consistent copy (readers and the writer
    /// carry on; the copy is what a transaction started now sees).
    async fn backup_to(&self, destination: &str) -> StoreResult<()> {
        if std::path::Path::new(destination).exists() {
            return Err(StoreError::Conflict(format!(
                "{destination} already exists"
            )));
        }
        sqlx::query("vacuum into $1")
            .bind(destination)
            .execute(&self.reader)
            .await?;
        Ok(())
    }

    /// No other instance appends live events (see `notify_live_events`).
    async fn listen(&self) -> StoreResult<Option<LiveListener>> {
        Ok(None)
    }

    /// SQLite needs no migration lock: the single writer connection serialises them.
    async fn run_migrations(&self) -> StoreResult<()> {
        MIGRATOR.run(&self.writer).await.map_err(StoreError::other)
    }

    /// One `update … where id = (select …) returning` on the single writer: no two workers
    /// can claim the same job.
    async fn claim_job(&self, now: Timestamp, lease: Duration) -> StoreResult<Option<Job>> {
        let mut tx = self.begin_write().await?;
        let row: Option<JobRow> = sqlx::query_as(concat!(
            "update jobs set locked_until = $1, attempts = attempts + 1, claim = claim + 1
             where id = (select id from jobs
                         where state = 'queued' and run_at <= $2
                           and (locked_until is null or locked_until < $2) and attempts < max_attempts
                         order by run_at, rowid limit 1)
             returning ",
            job_columns!()
        ))
        .bind(lease_until(now, lease))
        .bind(micros(now))
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        row.map(JobRow::into_model).transpose()
    }
}
