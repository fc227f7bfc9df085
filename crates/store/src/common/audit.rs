// The audit log (`crate::audit`), shared by both backends; each backend brings its own
// `lock_audit_chain` (PostgreSQL: an advisory lock; SQLite: nothing, one writer).

use crate::audit::{AuditFilter, AuditRecord, AuditStore};
use loket_domain::audit::{AuditChain, AuditEntry, AuditFields, GENESIS_HASH, entry_hash};

macro_rules! audit_columns {
    () => {
        "org_id, seq, at, actor, action, conversation_id, contact_id, message_id, setting,
         client_ip, result, prev_hash, hash"
    };
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    org_id: String,
    seq: i64,
    at: i64,
    actor: String,
    action: String,
    conversation_id: Option<String>,
    contact_id: Option<String>,
    message_id: Option<String>,
    setting: Option<String>,
    client_ip: Option<String>,
    result: String,
    prev_hash: String,
    hash: String,
}

impl AuditRow {
    fn into_model(self) -> AuditRecord {
        AuditRecord {
            fields: AuditFields {
                chain: self.org_id,
                seq: self.seq,
                at: self.at,
                actor: self.actor,
                action: self.action,
                conversation_id: self.conversation_id,
                contact_id: self.contact_id,
                message_id: self.message_id,
                setting: self.setting,
                client_ip: self.client_ip,
                result: self.result,
            },
            prev_hash: self.prev_hash,
            hash: self.hash,
        }
    }
}

async fn insert_audit_row(conn: &mut Conn, record: &AuditRecord) -> StoreResult<()> {
    let f = &record.fields;
    sqlx::query(concat!(
        "insert into audit_log (",
        audit_columns!(),
        ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    ))
    .bind(&f.chain)
    .bind(f.seq)
    .bind(f.at)
    .bind(&f.actor)
    .bind(&f.action)
    .bind(&f.conversation_id)
    .bind(&f.contact_id)
    .bind(&f.message_id)
    .bind(&f.setting)
    .bind(&f.client_ip)
    .bind(&f.result)
    .bind(&record.prev_hash)
    .bind(&record.hash)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[async_trait]
impl AuditStore for StoreImpl {
    async fn append_audit(&self, entry: &AuditEntry, at: Timestamp) -> StoreResult<AuditRecord> {
        let key = entry.chain.key();
        let mut tx = self.begin_write().await?;
        lock_audit_chain(&mut tx, &key).await?;
        let head: Option<(i64, String)> = sqlx::query_as(
            "select seq, hash from audit_log where org_id = $1 order by seq desc limit 1",
        )
        .bind(&key)
        .fetch_optional(&mut *tx)
        .await?;
        let (seq, prev_hash) = head.unwrap_or((0, GENESIS_HASH.to_owned()));
        let fields = entry.fields(seq + 1, micros(at));
        let hash = entry_hash(&fields, &prev_hash);
        let record = AuditRecord {
            fields,
            prev_hash,
            hash,
        };
        insert_audit_row(&mut tx, &record).await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn list_audit(
        &self,
        chain: AuditChain,
        filter: &AuditFilter,
        before_seq: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<AuditRecord>> {
        // One statement; an absent filter is a NULL parameter that matches every row.
        let rows: Vec<AuditRow> = sqlx::query_as(concat!(
            "select ",
            audit_columns!(),
            " from audit_log where org_id = $1
              and ($2 is null or actor = $2)
              and ($3 is null or action = $3)
              and ($4 is null or conversation_id = $4)
              and ($5 is null or at >= $5)
              and ($6 is null or at < $6)
              and ($7 is null or seq < $7)
              order by seq desc limit $8"
        ))
        .bind(chain.key())
        .bind(&filter.actor)
        .bind(&filter.action)
        .bind(&filter.conversation_id)
        .bind(filter.from.map(micros))
        .bind(filter.until.map(micros))
        .bind(before_seq)
        .bind(i64::from(limit))
        .fetch_all(self.reader())
        .await?;
        Ok(rows.into_iter().map(AuditRow::into_model).collect())
    }

    async fn audit_chain_keys(&self) -> StoreResult<Vec<String>> {
        Ok(
            sqlx::query_scalar("select distinct org_id from audit_log order by org_id")
                .fetch_all(self.reader())
                .await?,
        )
    }

    async fn audit_chain_page(
        &self,
        chain_key: &str,
        after_seq: i64,
        limit: u32,
    ) -> StoreResult<Vec<AuditRecord>> {
        let rows: Vec<AuditRow> = sqlx::query_as(concat!(
            "select ",
            audit_columns!(),
            " from audit_log where org_id = $1 and seq > $2 order by seq limit $3"
        ))
        .bind(chain_key)
        .bind(after_seq)
        .bind(i64::from(limit))
        .fetch_all(self.reader())
        .await?;
        Ok(rows.into_iter().map(AuditRow::into_model).collect())
    }
}
