// Saved replies (`crate::saved_replies`), shared by both backends.

use crate::saved_replies::{SavedReply, SavedReplyStore};
use loket_domain::SavedReplyId;

#[derive(sqlx::FromRow)]
struct SavedReplyRow {
    id: String,
    org_id: String,
    shortcut: String,
    title: String,
    body: String,
    team_id: Option<String>,
    created_at: i64,
    updated_at: i64,
}

impl SavedReplyRow {
    fn into_model(self) -> StoreResult<SavedReply> {
        Ok(SavedReply {
            id: parse::<SavedReplyId>("saved_replies.id", &self.id)?,
            org_id: parse("saved_replies.org_id", &self.org_id)?,
            shortcut: self.shortcut,
            title: self.title,
            body: self.body,
            team_id: self
                .team_id
                .map(|t| parse::<TeamId>("saved_replies.team_id", &t))
                .transpose()?,
            created_at: from_micros(self.created_at),
            updated_at: from_micros(self.updated_at),
        })
    }
}

macro_rules! saved_reply_columns {
    () => {
        "r.id, r.org_id, r.shortcut, r.title, r.body, r.team_id, r.created_at, r.updated_at"
    };
}

#[async_trait]
impl SavedReplyStore for StoreImpl {
    async fn insert_saved_reply(&self, reply: &SavedReply) -> StoreResult<()> {
        sqlx::query(
            "insert into saved_replies
                 (id, org_id, shortcut, title, body, team_id, created_at, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(reply.id.to_string())
        .bind(reply.org_id.to_string())
        .bind(&reply.shortcut)
        .bind(&reply.title)
        .bind(&reply.body)
        .bind(reply.team_id.map(|t| t.to_string()))
        .bind(micros(reply.created_at))
        .bind(micros(reply.updated_at))
        .execute(self.writer())
        .await?;
        Ok(())
    }

    async fn update_saved_reply(&self, reply: &SavedReply) -> StoreResult<()> {
        let done = sqlx::query(
            "update saved_replies
             set shortcut = $1, title = $2, body = $3, team_id = $4, updated_at = $5
             where id = $6 and org_id = $7",
        )
        .bind(&reply.shortcut)
        .bind(&reply.title)
        .bind(&reply.body)
        .bind(reply.team_id.map(|t| t.to_string()))
        .bind(micros(reply.updated_at))
        .bind(reply.id.to_string())
        .bind(reply.org_id.to_string())
        .execute(self.writer())
        .await?;
        found(done)
    }

    async fn delete_saved_reply(&self, org: OrgId, id: SavedReplyId) -> StoreResult<()> {
        let done = sqlx::query("delete from saved_replies where id = $1 and org_id = $2")
            .bind(id.to_string())
            .bind(org.to_string())
            .execute(self.writer())
            .await?;
        found(done)
    }

    async fn get_saved_reply(&self, org: OrgId, id: SavedReplyId) -> StoreResult<SavedReply> {
        let row: Option<SavedReplyRow> = sqlx::query_as(concat!(
            "select ",
            saved_reply_columns!(),
            " from saved_replies r where r.id = $1 and r.org_id = $2"
        ))
        .bind(id.to_string())
        .bind(org.to_string())
        .fetch_optional(self.reader())
        .await?;
        row.ok_or(StoreError::NotFound)?.into_model()
    }

    async fn list_saved_replies(
        &self,
        org: OrgId,
        for_user: Option<UserId>,
    ) -> StoreResult<Vec<SavedReply>> {
        // The user's teams' replies first: a reply has at most one team, so one `exists`.
        let rows: Vec<SavedReplyRow> = sqlx::query_as(concat!(
            "select ",
            saved_reply_columns!(),
            " from saved_replies r
             where r.org_id = $1
             order by case when exists (
                     select 1 from team_members m
                     where m.team_id = r.team_id and m.user_id = $2 and m.org_id = $1
                 ) then 0 else 1 end,
                 r.shortcut"
        ))
        .bind(org.to_string())
        .bind(for_user.map(|u| u.to_string()))
        .fetch_all(self.reader())
        .await?;
        rows.into_iter().map(SavedReplyRow::into_model).collect()
    }
}
