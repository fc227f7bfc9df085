// Internal notes (`crate::notes`), shared by both backends.

use crate::notes::{NewNote, NoteRecord, NoteStore};
use loket_domain::NoteId;

#[derive(sqlx::FromRow)]
struct NoteRow {
    id: String,
    org_id: String,
    conversation_id: String,
    author_id: String,
    body: String,
    mentions: String,
    created_at: i64,
}

impl NoteRow {
    fn into_model(self) -> StoreResult<NoteRecord> {
        let mentions: Vec<String> = json(&self.mentions)?;
        Ok(NoteRecord {
            id: parse::<NoteId>("notes.id", &self.id)?,
            org_id: parse("notes.org_id", &self.org_id)?,
            conversation_id: parse("notes.conversation_id", &self.conversation_id)?,
            author_id: parse::<UserId>("notes.author_id", &self.author_id)?,
            body: self.body,
            mentions: mentions
                .iter()
                .map(|m| parse::<UserId>("notes.mentions", m))
                .collect::<StoreResult<_>>()?,
            created_at: from_micros(self.created_at),
        })
    }
}

/// `NotFound` unless the conversation is one of `org`'s.
async fn require_conversation(conn: &mut Conn, org: OrgId, id: ConversationId) -> StoreResult<()> {
    let found: Option<String> =
        sqlx::query_scalar("select id from conversations where id = $1 and org_id = $2")
            .bind(id.to_string())
            .bind(org.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}

#[async_trait]
impl NoteStore for StoreImpl {
    async fn insert_note(&self, note: &NewNote) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        require_conversation(&mut tx, note.org_id, note.conversation_id).await?;
        let mentions: Vec<String> = note.mentions.iter().map(|m| m.to_string()).collect();
        sqlx::query(
            "insert into notes (id, org_id, conversation_id, author_id, body, mentions, created_at)
             values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(note.id.to_string())
        .bind(note.org_id.to_string())
        .bind(note.conversation_id.to_string())
        .bind(note.author_id.to_string())
        .bind(&note.body)
        .bind(to_json(&mentions)?)
        .bind(micros(note.created_at))
        .execute(&mut *tx)
        .await?;
        insert_mentions(&mut tx, note).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_notes(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<NoteRecord>> {
        let mut conn = self.reader().acquire().await?;
        require_conversation(&mut conn, org, conversation).await?;
        let rows: Vec<NoteRow> = sqlx::query_as(
            "select id, org_id, conversation_id, author_id, body, mentions, created_at
             from notes where org_id = $1 and conversation_id = $2
             order by created_at, id",
        )
        .bind(org.to_string())
        .bind(conversation.to_string())
        .fetch_all(&mut *conn)
        .await?;
        rows.into_iter().map(NoteRow::into_model).collect()
    }
}
