// AVG export and erasure per resident (`crate::erasure`), shared by both backends.
// Included.

use crate::erasure::{ConversationErasure, ErasedCounts, HeldConversation, ResidentDataStore};

/// `NotFound` unless the contact is one of `org`'s.
async fn require_contact(conn: &mut Conn, org: OrgId, id: ContactId) -> StoreResult<()> {
    let found: Option<String> =
        sqlx::query_scalar("select id from contacts where id = $1 and org_id = $2")
            .bind(id.to_string())
            .bind(org.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}

/// A LIKE pattern matching `value` as a whole JSON string (`"value"`) anywhere in a
/// payload: quoted, so that a short identity never matches inside a longer one.
fn json_string_pattern(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len() + 4);
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    format!("%\"{escaped}\"%")
}

/// Delete every row `sql` selects with the org (`$1`) and a pattern (`$2`); how many.
async fn delete_matching(
    conn: &mut Conn,
    sql: &'static str,
    org: OrgId,
    pattern: &str,
) -> StoreResult<u64> {
    let done = sqlx::query(sql)
        .bind(org.to_string())
        .bind(pattern)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// The raw payloads outside conversations that carry one identity of the resident.
async fn erase_raw_payloads(conn: &mut Conn, org: OrgId, identity: &str) -> StoreResult<u64> {
    let pattern = json_string_pattern(identity);
    let mut removed = 0;
    removed += delete_matching(
        conn,
        "delete from pending_statuses
         where channel_id in (select id from channels where org_id = $1) and raw like $2 escape '\\'",
        org,
        &pattern,
    )
    .await?;
    removed += delete_matching(
        conn,
        "delete from channel_events where org_id = $1 and raw like $2 escape '\\'",
        org,
        &pattern,
    )
    .await?;
    // Unrouted events belong to no organisation; those addressed to one of this org's
    // numbers were meant for it.
    removed += delete_matching(
        conn,
        "delete from unrouted_events
         where phone_number_id in (select phone_number_id from channels where org_id = $1 and phone_number_id is not null)
           and event like $2 escape '\\'",
        org,
        &pattern,
    )
    .await?;
    Ok(removed)
}

/// Delete the messages `ids` and the jobs naming them (their payloads carry the id).
async fn erase_messages(conn: &mut Conn, ids: &[String]) -> StoreResult<ErasedCounts> {
    let mut counts = ErasedCounts::default();
    for id in ids {
        let jobs = sqlx::query("delete from jobs where payload like $1")
            .bind(format!("%\"{id}\"%"))
            .execute(&mut *conn)
            .await?;
        counts.jobs += jobs.rows_affected();
        let messages = sqlx::query("delete from messages where id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        counts.messages += messages.rows_affected();
    }
    Ok(counts)
}

/// The conversation itself, once its messages are gone, with what hangs on it.
async fn erase_conversation_row(conn: &mut Conn, id: ConversationId) -> StoreResult<ErasedCounts> {
    let id = id.to_string();
    let mut counts = ErasedCounts::default();
    let notes = sqlx::query("delete from notes where conversation_id = $1")
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    counts.notes = notes.rows_affected();
    let events = sqlx::query("delete from conversation_events where conversation_id = $1")
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    counts.events = events.rows_affected();
    sqlx::query("delete from conversation_labels where conversation_id = $1")
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    // A colleague's comment on an article may retell the resident's question: it goes with
    // the conversation; the verdict stays (its link is set null by the foreign key).
    sqlx::query("update kb_feedback set comment = null where conversation_id = $1")
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    // The wrap-up's question is the resident's; the result stays, unlinked, for the reports.
    sqlx::query("update conversation_wrap_ups set question = null where conversation_id = $1")
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    let conversations = sqlx::query("delete from conversations where id = $1")
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    counts.conversations = conversations.rows_affected();
    Ok(counts)
}

#[async_trait]
impl ResidentDataStore for StoreImpl {
    async fn resident_conversation_ids(
        &self,
        org: OrgId,
        contact: ContactId,
    ) -> StoreResult<Vec<ConversationId>> {
        let mut conn = self.reader().acquire().await?;
        require_contact(&mut conn, org, contact).await?;
        let ids: Vec<String> = sqlx::query_scalar(
            "select id from conversations where org_id = $1 and contact_id = $2 order by created_at, id",
        )
        .bind(org.to_string())
        .bind(contact.to_string())
        .fetch_all(&mut *conn)
        .await?;
        ids.iter()
            .map(|id| parse::<ConversationId>("conversations.id", id))
            .collect()
    }

    async fn resident_legal_holds(
        &self,
        org: OrgId,
        contact: ContactId,
    ) -> StoreResult<Vec<HeldConversation>> {
        let mut conn = self.reader().acquire().await?;
        require_contact(&mut conn, org, contact).await?;
        let rows: Vec<(String, i64, Option<String>)> = sqlx::query_as(
            "select id, legal_hold_at, legal_hold_reason from conversations
             where org_id = $1 and contact_id = $2 and legal_hold_at is not null
             order by created_at, id",
        )
        .bind(org.to_string())
        .bind(contact.to_string())
        .fetch_all(&mut *conn)
        .await?;
        rows.into_iter()
            .map(|(id, since, reason)| {
                Ok(HeldConversation {
                    conversation_id: parse("conversations.id", &id)?,
                    since: from_micros(since),
                    reason,
                })
            })
            .collect()
    }

    async fn conversation_blob_keys(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<String>> {
        let mut conn = self.reader().acquire().await?;
        require_conversation(&mut conn, org, conversation).await?;
        let media: Vec<String> = sqlx::query_scalar(
            "select media from messages where conversation_id = $1 and media is not null",
        )
        .bind(conversation.to_string())
        .fetch_all(&mut *conn)
        .await?;
        let mut keys = Vec::new();
        for m in media {
            // An unreadable state names no key we could find anyway; the row goes regardless.
            if let Ok(MediaState::Stored { blob_key, .. }) = serde_json::from_str(&m) {
                keys.push(blob_key);
            }
        }
        Ok(keys)
    }

    async fn erase_conversation_step(
        &self,
        org: OrgId,
        conversation: ConversationId,
        limit: u32,
    ) -> StoreResult<ConversationErasure> {
        let mut tx = self.begin_write().await?;
        let hold: Option<Option<i64>> = sqlx::query_scalar(
            "select legal_hold_at from conversations where id = $1 and org_id = $2",
        )
        .bind(conversation.to_string())
        .bind(org.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        match hold {
            None => return Err(StoreError::NotFound),
            Some(Some(_)) => {
                return Err(StoreError::Conflict(
                    "the conversation is under a legal hold".into(),
                ));
            }
            Some(None) => {}
        }
        let ids: Vec<String> = sqlx::query_scalar(
            "select id from messages where conversation_id = $1 order by seq limit $2",
        )
        .bind(conversation.to_string())
        .bind(i64::from(limit.max(1)))
        .fetch_all(&mut *tx)
        .await?;
        let (counts, finished) = if ids.is_empty() {
            (erase_conversation_row(&mut tx, conversation).await?, true)
        } else {
            (erase_messages(&mut tx, &ids).await?, false)
        };
        tx.commit().await?;
        Ok(ConversationErasure { counts, finished })
    }

    async fn erase_contact(&self, org: OrgId, contact: ContactId) -> StoreResult<ErasedCounts> {
        let mut tx = self.begin_write().await?;
        require_contact(&mut tx, org, contact).await?;
        // Ingestion locks the contact's row too: no conversation of theirs starts between
        // the count below and the delete.
        lock_contacts(&mut tx, &[contact]).await?;
        let left: i64 =
            sqlx::query_scalar("select count(*) from conversations where contact_id = $1")
                .bind(contact.to_string())
                .fetch_one(&mut *tx)
                .await?;
        if left > 0 {
            return Err(StoreError::Conflict(format!(
                "{left} conversation(s) of the resident are not erased yet"
            )));
        }
        let identities: Vec<String> =
            sqlx::query_scalar("select value from contact_identities where contact_id = $1")
                .bind(contact.to_string())
                .fetch_all(&mut *tx)
                .await?;
        let mut counts = ErasedCounts::default();
        for identity in &identities {
            counts.raw_payloads += erase_raw_payloads(&mut tx, org, identity).await?;
        }
        sqlx::query("delete from contact_identities where contact_id = $1")
            .bind(contact.to_string())
            .execute(&mut *tx)
            .await?;
        let removed = sqlx::query("delete from contacts where id = $1")
            .bind(contact.to_string())
            .execute(&mut *tx)
            .await?;
        counts.contacts = removed.rows_affected();
        tx.commit().await?;
        Ok(counts)
    }
}
