// Mentions (`crate::mentions`), shared by both backends. Written by `insert_note` (in
// `notes.rs`, the note's own transaction); read here.

use crate::mentions::{MentionCursor, MentionPage, MentionRecord, MentionStore};

#[derive(sqlx::FromRow)]
struct MentionRow {
    org_id: String,
    user_id: String,
    conversation_id: String,
    note_id: String,
    at: i64,
    read_at: Option<i64>,
    author_id: String,
    body: String,
    resident: Option<String>,
}

impl MentionRow {
    fn into_model(self) -> StoreResult<MentionRecord> {
        Ok(MentionRecord {
            org_id: parse("mentions.org_id", &self.org_id)?,
            user_id: parse("mentions.user_id", &self.user_id)?,
            conversation_id: parse("mentions.conversation_id", &self.conversation_id)?,
            note_id: parse("mentions.note_id", &self.note_id)?,
            at: from_micros(self.at),
            read_at: self.read_at.map(from_micros),
            author_id: parse("notes.author_id", &self.author_id)?,
            body: self.body,
            resident: self.resident,
        })
    }
}

/// One row per mentioned user, in the note's transaction.
async fn insert_mentions(conn: &mut Conn, note: &crate::notes::NewNote) -> StoreResult<()> {
    for user in &note.mentions {
        sqlx::query(
            "insert into mentions (note_id, user_id, org_id, conversation_id, at, read_at)
             values ($1, $2, $3, $4, $5, null) on conflict do nothing",
        )
        .bind(note.id.to_string())
        .bind(user.to_string())
        .bind(note.org_id.to_string())
        .bind(note.conversation_id.to_string())
        .bind(micros(note.created_at))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl MentionStore for StoreImpl {
    async fn count_unread_mentions(
        &self,
        org: OrgId,
        user: loket_domain::UserId,
        cap: u32,
    ) -> StoreResult<u32> {
        // Capped, so a colleague who never reads costs no more than `cap` index entries.
        let count: i64 = sqlx::query_scalar(
            "select count(*) from (select 1 from mentions
               where org_id = $1 and user_id = $2 and read_at is null limit $3) unread",
        )
        .bind(org.to_string())
        .bind(user.to_string())
        .bind(i64::from(cap))
        .fetch_one(self.reader())
        .await?;
        Ok(u32::try_from(count).unwrap_or(cap))
    }

    async fn list_mentions(
        &self,
        org: OrgId,
        user: loket_domain::UserId,
        after: Option<MentionCursor>,
        limit: u32,
    ) -> StoreResult<MentionPage> {
        let limit = limit.max(1);
        // Two texts rather than `$n or …`, so a generic plan still starts at the cursor.
        let from = if after.is_some() {
            " and (at, note_id) < ($4, $5)"
        } else {
            ""
        };
        let sql = format!(
            "select m.org_id, m.user_id, m.conversation_id, m.note_id, m.at, m.read_at,
                    n.author_id, n.body, ct.display_name as resident
             from (select * from mentions where org_id = $1 and user_id = $2{from}
                   order by at desc, note_id desc limit $3) m
             join notes n on n.id = m.note_id
             join conversations c on c.id = m.conversation_id
             left join contacts ct on ct.id = c.contact_id
             order by m.at desc, m.note_id desc"
        );
        let mut query = sqlx::query_as::<_, MentionRow>(sqlx::AssertSqlSafe(sql))
            .bind(org.to_string())
            .bind(user.to_string())
            .bind(i64::from(limit) + 1);
        if let Some(c) = after {
            query = query.bind(micros(c.at)).bind(c.note_id.to_string());
        }
        let rows = query.fetch_all(self.reader()).await?;
        let mut items = rows
            .into_iter()
            .map(MentionRow::into_model)
            .collect::<StoreResult<Vec<_>>>()?;
        let more = items.len() > limit as usize;
        items.truncate(limit as usize);
        let next = more.then(|| items.last()).flatten().map(|m| MentionCursor {
            at: m.at,
            note_id: m.note_id,
        });
        Ok(MentionPage { items, next })
    }

    async fn mark_mentions_read(
        &self,
        org: OrgId,
        user: loket_domain::UserId,
        conversation: ConversationId,
        now: Timestamp,
    ) -> StoreResult<u64> {
        let unread: Option<String> = sqlx::query_scalar(
            "select note_id from mentions
             where org_id = $1 and user_id = $2 and conversation_id = $3 and read_at is null
             limit 1",
        )
        .bind(org.to_string())
        .bind(user.to_string())
        .bind(conversation.to_string())
        .fetch_optional(self.reader())
        .await?;
        if unread.is_none() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "update mentions set read_at = $4
             where org_id = $1 and user_id = $2 and conversation_id = $3 and read_at is null",
        )
        .bind(org.to_string())
        .bind(user.to_string())
        .bind(conversation.to_string())
        .bind(micros(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}
