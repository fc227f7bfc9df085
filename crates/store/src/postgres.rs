//! The PostgreSQL backend: for several stateless instances behind a load balancer.
//!
//! Shares its backend-neutral code with SQLite through `include!` (see the `sqlite` module's
//! documentation for the scheme). Specific here: one pool for reads and writes,
//! `synchronous_commit=on` (PostgreSQL's default, set explicitly: a commit returns only once
//! its WAL is flushed), migrations under an advisory lock, and job claiming with
//! `FOR UPDATE SKIP LOCKED` so concurrent workers never wait for or take the same job.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

type Db = sqlx::Postgres;
type Pool = sqlx::Pool<Db>;
type Conn = sqlx::PgConnection;
type Tx = sqlx::Transaction<'static, Db>;
type StoreImpl = PgStore;
const BACKEND: Backend = Backend::Postgres;

/// A conversation's labels joined by the unit separator (`c` is the conversation).
macro_rules! labels_of_c {
    () => {
        "(select string_agg(l.label, chr(31)) from conversation_labels l where l.conversation_id = c.id)"
    };
}

/// Retention: delete the jobs whose payload names one of the messages in the JSON array `$1`.
macro_rules! delete_jobs_of_messages {
    () => {
        "delete from jobs where (case when payload like '{%' then payload::jsonb ->> 'message_id' end) in (select json_array_elements_text($1::json))"
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

/// Serialise appends to one audit chain until the transaction ends, across instances: a
/// transaction-scoped advisory lock on a hash of the chain key (a collision between two
/// chains only costs a short wait). The primary key `(org_id, seq)` backs it up.
async fn lock_audit_chain(conn: &mut Conn, chain: &str) -> StoreResult<()> {
    sqlx::query("select pg_advisory_xact_lock(hashtextextended('loket-audit:' || $1, 0))")
        .bind(chain)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Serialise work on one outbound message's provider id until the transaction ends, so a
/// status arriving while `record_provider_message_id` commits is either seen by it (kept as
/// pending first) or sees the recorded id — never neither. A transaction-scoped advisory
/// lock on a hash of (channel, provider id); a hash collision only costs a short wait.
async fn lock_provider_message(
    conn: &mut Conn,
    channel: ChannelId,
    provider_id: &str,
) -> StoreResult<()> {
    sqlx::query("select pg_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0))")
        .bind(channel.to_string())
        .bind(provider_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Lock the contacts' rows until the transaction ends, in id order, so two batches
/// sharing residents wait for each other instead of deadlocking.
async fn lock_contacts(conn: &mut Conn, ids: &[ContactId]) -> StoreResult<()> {
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    sqlx::query("select id from contacts where id = any($1) order by id for update")
        .bind(ids)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Our advisory lock key for binding new identities ("loket-id" in ASCII).
const IDENTITY_LOCK: i64 = 0x6c6f_6b65_742d_6964;

/// Take the turn to bind new identities, until the transaction ends: set-based batches that
/// create residents take turns instead of racing (and deadlocking) on the identity index.
async fn lock_identity_binding(conn: &mut Conn) -> StoreResult<()> {
    sqlx::query("select pg_advisory_xact_lock($1)")
        .bind(IDENTITY_LOCK)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Our advisory lock key for appending live events ("loket-le" in ASCII).
const LIVE_EVENTS_LOCK: i64 = 0x6c6f_6b65_742d_6c65;

/// Appends take turns until their transaction ends, so a BIGSERIAL id is never handed out
/// before a smaller one commits: a reader that saw id N has seen every committed id below
/// N, and "resume after N" skips nothing. Appends are batched (one per instance at a
/// time), so the turn is short.
///
/// The append also skips waiting for its WAL flush (`synchronous_commit = off`, this
/// transaction only): live events are a notification of data committed durably already, and
/// a crash that loses the last few of them costs clients a reload, not data. It keeps a
/// second fsync off the webhook-to-event path.
async fn lock_live_events(conn: &mut Conn) -> StoreResult<()> {
    sqlx::query("set local synchronous_commit = off")
        .execute(&mut *conn)
        .await?;
    sqlx::query("select pg_advisory_xact_lock($1)")
        .bind(LIVE_EVENTS_LOCK)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Tell every listening instance (on commit) that events up to `last_id` exist. Only the
/// id travels: far below NOTIFY's 8000-byte payload limit whatever the events hold, and
/// listeners read the events themselves from the table.
async fn notify_live_events(conn: &mut Conn, last_id: i64) -> StoreResult<()> {
    sqlx::query("select pg_notify($1, $2)")
        .bind(crate::live::LIVE_CHANNEL)
        .bind(last_id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Our own advisory lock key for migrating ("loket-mg" in ASCII).
const MIGRATION_LOCK: i64 = 0x6c6f_6b65_742d_6d67;

pub const DEFAULT_MAX_CONNECTIONS: u32 = 16;

pub struct PgStore {
    pool: Pool,
}

impl PgStore {
    /// Connect to `postgres://…` with [`DEFAULT_MAX_CONNECTIONS`]. Does not migrate.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        Self::connect_with_max(url, DEFAULT_MAX_CONNECTIONS).await
    }

    pub async fn connect_with_max(url: &str, max_connections: u32) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)?
            .application_name("loket")
            .options([("synchronous_commit", "on")]);
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .connect_with(options)
            .await?;
        Ok(Self { pool })
    }

    fn reader(&self) -> &Pool {
        &self.pool
    }

    fn writer(&self) -> &Pool {
        &self.pool
    }

    async fn begin_write(&self) -> StoreResult<Tx> {
        Ok(self.pool.begin().await?)
    }

    /// One instance migrates at a time: we hold our own session advisory lock on one
    /// connection for the whole run (sqlx's migrator also takes one, per database, but only
    /// after creating its bookkeeping table; ours covers that too).
    async fn run_migrations(&self) -> StoreResult<()> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query("select pg_advisory_lock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *conn)
            .await?;
        // `run_direct` is `run` on a connection we hold; `run(&mut *conn)` trips the compiler's
        // "`Acquire` is not general enough" limitation inside `async_trait` futures.
        let result = MIGRATOR.run_direct(None, &mut *conn, false).await;
        let unlocked = sqlx::query("select pg_advisory_unlock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *conn)
            .await;
        result.map_err(StoreError::other)?;
        unlocked?;
        Ok(())
    }

    /// A `LISTEN` on a pool connection of its own (reconnected by sqlx when lost).
    async fn listen(&self) -> StoreResult<Option<LiveListener>> {
        Ok(Some(LiveListener::start(&self.pool).await?))
    }

    /// `SKIP LOCKED`: a job another worker is claiming right now is passed over, not waited for.
    async fn backup_to(&self, _destination: &str) -> StoreResult<()> {
        Err(StoreError::corrupt(
            "PostgreSQL is backed up with its own tools (pg_dump or pg_basebackup); see docs/operations.md",
        ))
    }

    async fn claim_job(&self, now: Timestamp, lease: Duration) -> StoreResult<Option<Job>> {
        let mut tx = self.begin_write().await?;
        let row: Option<JobRow> = sqlx::query_as(concat!(
            "update jobs set locked_until = $1, attempts = attempts + 1, claim = claim + 1
             where id = (select id from jobs
                         where state = 'queued' and run_at <= $2
                           and (locked_until is null or locked_until < $2) and attempts < max_attempts
                         order by run_at, seq limit 1
                         for update skip locked)
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
