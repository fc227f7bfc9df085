//! PostgreSQL bulk loading (see [`crate::bulk`]): `COPY … FROM STDIN` in text format, one
//! transaction per batch.

use std::str::FromStr;

use async_trait::async_trait;
use loket_domain::OrgId;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{Connection, Executor};

use crate::StoreResult;
use crate::bulk::{self, BulkBatch, BulkLoader, Row};

pub(crate) struct PgBulk {
    conn: PgConnection,
    /// `create index` statements of the indexes dropped by `begin`.
    dropped: Vec<String>,
}

impl PgBulk {
    pub(crate) async fn connect(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let mut conn = PgConnection::connect_with(&options).await?;
        conn.execute("set synchronous_commit = off").await?;
        // Foreign-key triggers off (the generator's references are consistent by
        // construction); only a superuser may, so without that right they stay on.
        if conn
            .execute("set session_replication_role = replica")
            .await
            .is_err()
        {
            tracing::info!("bulk load keeps foreign-key checks (not a superuser)");
        }
        Ok(Self {
            conn,
            dropped: Vec::new(),
        })
    }

    async fn copy(&mut self, table: &str, columns: &str, rows: &[Row]) -> StoreResult<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut data = String::with_capacity(rows.len() * 256);
        for row in rows {
            for (i, value) in row.iter().enumerate() {
                if i > 0 {
                    data.push('\t');
                }
                match value {
                    None => data.push_str("\\N"),
                    Some(v) => escape_into(&mut data, v),
                }
            }
            data.push('\n');
        }
        let mut copy = self
            .conn
            .copy_in_raw(&format!("copy {table} ({columns}) from stdin"))
            .await?;
        copy.send(data.into_bytes()).await?;
        copy.finish().await?;
        Ok(())
    }
}

/// COPY's text format: backslash, tab, newline and carriage return are escaped.
fn escape_into(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

#[async_trait]
impl BulkLoader for PgBulk {
    async fn begin(&mut self) -> StoreResult<()> {
        // Not the indexes behind primary keys and unique constraints (those are
        // constraints; the generator's ids arrive nearly in order, so they stay cheap).
        let indexes: Vec<(String, String)> = sqlx::query_as(
            "select i.indexname, i.indexdef from pg_indexes i
             where i.schemaname = current_schema() and i.tablename = any($1)
               and not exists (select 1 from pg_constraint c where c.conname = i.indexname)",
        )
        .bind(bulk::TABLES.to_vec())
        .fetch_all(&mut self.conn)
        .await?;
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
        self.conn.execute("begin").await?;
        self.copy("contacts", bulk::CONTACT_COLUMNS, &contacts)
            .await?;
        self.copy("contact_identities", bulk::IDENTITY_COLUMNS, &identities)
            .await?;
        self.copy("conversations", bulk::CONVERSATION_COLUMNS, &conversations)
            .await?;
        self.copy("conversation_labels", bulk::LABEL_COLUMNS, &labels)
            .await?;
        self.copy("messages", bulk::MESSAGE_COLUMNS, &messages)
            .await?;
        self.conn.execute("commit").await?;
        Ok(())
    }

    async fn finish(&mut self) -> StoreResult<()> {
        self.conn
            .execute("set maintenance_work_mem = '512MB'")
            .await?;
        for sql in std::mem::take(&mut self.dropped) {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut self.conn)
                .await?;
        }
        // What autovacuum would do shortly after such a load anyway.
        for table in bulk::TABLES {
            sqlx::query(sqlx::AssertSqlSafe(format!("analyze {table}")))
                .execute(&mut self.conn)
                .await?;
        }
        Ok(())
    }
}
