//! The floor: what the disk and the database themselves allow, for `loket load` to compare
//! ingestion against. The same number of messages with the same payload bytes, inserted as
//! multi-row `INSERT`s (one commit each) into a one-table schema with a unique index on
//! `(channel, provider_message_id)`, over one connection, with the same durability as the
//! store (SQLite WAL + `synchronous=FULL`; PostgreSQL `synchronous_commit=on`). Nothing
//! Loket does per message (contacts, conversations, events, savepoints) is in it, so
//! ingestion ÷ floor says how much of the database's own limit ingestion reaches.
//!
//! The table lives apart from Loket's data and is removed afterwards: on SQLite a database
//! file beside the store's (the same disk), on PostgreSQL a schema of its own, dropped.

use std::str::FromStr;
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{AssertSqlSafe, Connection, QueryBuilder};

use crate::StoreResult;

/// One message as the floor stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorRow {
    pub channel: String,
    pub provider_message_id: String,
    /// The bytes Loket stores for the message (its content, context and raw JSON).
    pub payload: String,
}

/// How long the inserts took (setting up and removing the table is not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FloorReport {
    pub rows: usize,
    pub rows_per_insert: usize,
    /// `INSERT` statements, each its own commit.
    pub commits: usize,
    pub elapsed: Duration,
}

impl FloorReport {
    pub fn throughput(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.rows as f64 / secs
        } else {
            0.0
        }
    }
}

/// Three parameters a row: SQLite's 32,766 bound parameters allow 10,000 rows a statement.
const MAX_ROWS_PER_INSERT: usize = 10_000;

const SCHEMA: [&str; 2] = [
    "create table floor_messages (channel text not null, provider_message_id text not null,
       payload text not null)",
    "create unique index floor_messages_provider_id on floor_messages (channel, provider_message_id)",
];

/// Insert `rows` in statements of `rows_per_insert` rows into a fresh one-table schema on
/// the database `database_url` names (see the module documentation), then remove it.
pub async fn floor(
    database_url: &str,
    rows: &[FloorRow],
    rows_per_insert: usize,
) -> StoreResult<FloorReport> {
    let rows_per_insert = rows_per_insert.clamp(1, MAX_ROWS_PER_INSERT);
    let run = uuid::Uuid::now_v7().simple().to_string();
    if database_url.starts_with("sqlite:") {
        floor_sqlite(database_url, &run, rows, rows_per_insert).await
    } else {
        floor_postgres(database_url, &run, rows, rows_per_insert).await
    }
}

async fn floor_sqlite(
    url: &str,
    run: &str,
    rows: &[FloorRow],
    rows_per_insert: usize,
) -> StoreResult<FloorReport> {
    let options = SqliteConnectOptions::from_str(url)?;
    let path = options
        .get_filename()
        .with_file_name(format!("loket-floor-{run}.db"));
    let options = options
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    let mut conn = sqlx::SqliteConnection::connect_with(&options).await?;
    let result = async {
        for statement in SCHEMA {
            sqlx::query(statement).execute(&mut conn).await?;
        }
        insert_all(&mut conn, rows, rows_per_insert).await
    }
    .await;
    conn.close().await?;
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.clone().into_os_string();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
    result
}

async fn floor_postgres(
    url: &str,
    run: &str,
    rows: &[FloorRow],
    rows_per_insert: usize,
) -> StoreResult<FloorReport> {
    let schema = format!("loket_floor_{run}");
    let options = PgConnectOptions::from_str(url)?
        .application_name("loket-floor")
        .options([
            ("synchronous_commit", "on"),
            ("search_path", schema.as_str()),
        ]);
    let mut conn = sqlx::PgConnection::connect_with(&options).await?;
    // The name is ours (a UUID's hex digits), not input.
    sqlx::raw_sql(AssertSqlSafe(format!("create schema {schema}")))
        .execute(&mut conn)
        .await?;
    let result = async {
        for statement in SCHEMA {
            sqlx::query(statement).execute(&mut conn).await?;
        }
        insert_all(&mut conn, rows, rows_per_insert).await
    }
    .await;
    let dropped = sqlx::raw_sql(AssertSqlSafe(format!("drop schema {schema} cascade")))
        .execute(&mut conn)
        .await;
    conn.close().await?;
    let report = result?;
    dropped?;
    Ok(report)
}

/// The timed part: one autocommitted multi-row `INSERT` per chunk.
async fn insert_all<C, DB>(
    conn: &mut C,
    rows: &[FloorRow],
    rows_per_insert: usize,
) -> StoreResult<FloorReport>
where
    DB: sqlx::Database,
    for<'c> &'c mut C: sqlx::Executor<'c, Database = DB>,
    for<'a> String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    for<'a> <DB as sqlx::Database>::Arguments: sqlx::IntoArguments<DB>,
{
    let mut report = FloorReport {
        rows: 0,
        rows_per_insert,
        commits: 0,
        elapsed: Duration::ZERO,
    };
    for chunk in rows.chunks(rows_per_insert) {
        let mut q = QueryBuilder::<DB>::new(
            "insert into floor_messages (channel, provider_message_id, payload) ",
        );
        q.push_values(chunk, |mut row, r| {
            row.push_bind(r.channel.clone())
                .push_bind(r.provider_message_id.clone())
                .push_bind(r.payload.clone());
        });
        let started = Instant::now();
        // No `on conflict`: a row the unique index refused would be an error, not a skip.
        q.build().execute(&mut *conn).await?;
        report.elapsed += started.elapsed();
        report.rows += chunk.len();
        report.commits += 1;
    }
    Ok(report)
}
