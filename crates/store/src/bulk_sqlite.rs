//! SQLite bulk loading (see [`crate::bulk`]): one connection of its own, no syncing,
//! multi-row inserts in one transaction per batch.

use std::str::FromStr;

use async_trait::async_trait;
use loket_domain::OrgId;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection};

use crate::StoreResult;
use crate::bulk::{self, BulkBatch, BulkLoader, Row};

/// SQLite binds at most 32766 values per statement; rows per insert stay well below.
const ROWS: usize = 500;

pub(crate) struct SqliteBulk {
    conn: SqliteConnection,
    /// `create index` statements of the indexes dropped by `begin`.
    dropped: Vec<String>,
}

impl SqliteBulk {
    pub(crate) async fn connect(url: &str) -> StoreResult<Self> {
        // The file stays in WAL mode (the store has it open too), but nothing is synced
        // until the end: a crash mid-load means generating again.
        let options = SqliteConnectOptions::from_str(url)?
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Off)
            .pragma("cache_size", "-1048576")
            .pragma("temp_store", "memory")
            .foreign_keys(false);
        let conn = SqliteConnection::connect_with(&options).await?;
        Ok(Self {
            conn,
            dropped: Vec::new(),
        })
    }

    async fn insert(&mut self, table: &str, columns: &str, rows: &[Row]) -> StoreResult<()> {
        for chunk in rows.chunks(ROWS) {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
                "insert into {table} ({columns}) "
            ));
            q.push_values(chunk, |mut b, row| {
                for value in row {
                    b.push_bind(value.clone());
                }
            });
            // Full chunks share one statement shape: prepared once, kept.
            q.build()
                .persistent(chunk.len() == ROWS)
                .execute(&mut self.conn)
                .await?;
        }
        Ok(())
    }
}

#[async_trait]
impl BulkLoader for SqliteBulk {
    async fn begin(&mut self) -> StoreResult<()> {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (",
        );
        let mut list = q.separated(", ");
        for table in bulk::TABLES {
            list.push_bind(table);
        }
        q.push(")");
        let indexes: Vec<(String, String)> = q.build_query_as().fetch_all(&mut self.conn).await?;
        for (name, sql) in indexes {
            sqlx::query(sqlx::AssertSqlSafe(format!("drop index \"{name}\"")))
                .execute(&mut self.conn)
                .await?;
            self.dropped.push(sql);
        }
        Ok(())
    }

    async fn write(&mut self, org: OrgId, batch: &BulkBatch) -> StoreResult<()> {
        let bulk::BatchRows {
            contacts,
            identities,
            conversations,
            labels,
            messages,
        } = bulk::batch_rows(org, batch)?;
        sqlx::query("begin").execute(&mut self.conn).await?;
        self.insert("contacts", bulk::CONTACT_COLUMNS, &contacts)
            .await?;
        self.insert("contact_identities", bulk::IDENTITY_COLUMNS, &identities)
            .await?;
        self.insert("conversations", bulk::CONVERSATION_COLUMNS, &conversations)
            .await?;
        self.insert("conversation_labels", bulk::LABEL_COLUMNS, &labels)
            .await?;
        self.insert("messages", bulk::MESSAGE_COLUMNS, &messages)
            .await?;
        sqlx::query("commit").execute(&mut self.conn).await?;
        Ok(())
    }

    async fn finish(&mut self) -> StoreResult<()> {
        for sql in std::mem::take(&mut self.dropped) {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut self.conn)
                .await?;
        }
        // No `analyze`: a deployment's database has no statistics either unless an operator
        // runs it, so the benchmark measures the plans SQLite picks without them.
        Ok(())
    }
}
