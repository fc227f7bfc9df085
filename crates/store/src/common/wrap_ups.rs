// Wrap-up policies and recorded wrap-ups (`crate::wrap_ups`), shared by both backends.

use crate::wrap_ups::{WrapUpCount, WrapUpRecord, WrapUpStore};
use loket_domain::WrapUpId;
use loket_domain::wrap_up::WrapUpPolicy;

#[derive(sqlx::FromRow)]
struct WrapUpRow {
    id: String,
    org_id: String,
    conversation_id: Option<String>,
    result: String,
    question: Option<String>,
    articles: String,
    user_id: Option<String>,
    at: i64,
}

impl WrapUpRow {
    fn into_model(self) -> StoreResult<WrapUpRecord> {
        let articles: Vec<String> = json(&self.articles)?;
        Ok(WrapUpRecord {
            id: parse::<WrapUpId>("conversation_wrap_ups.id", &self.id)?,
            org_id: parse("conversation_wrap_ups.org_id", &self.org_id)?,
            conversation_id: parse_opt(
                "conversation_wrap_ups.conversation_id",
                self.conversation_id.as_deref(),
            )?,
            result: self.result,
            question: self.question,
            articles: (articles.iter())
                .map(|a| parse("conversation_wrap_ups.articles", a))
                .collect::<StoreResult<_>>()?,
            user_id: parse_opt("conversation_wrap_ups.user_id", self.user_id.as_deref())?,
            at: from_micros(self.at),
        })
    }
}

#[async_trait]
impl WrapUpStore for StoreImpl {
    async fn wrap_up_policy(&self, org: OrgId) -> StoreResult<Option<WrapUpPolicy>> {
        let policy: Option<String> =
            sqlx::query_scalar("select policy from wrap_up_policies where org_id = $1")
                .bind(org.to_string())
                .fetch_optional(self.reader())
                .await?;
        policy.map(|p| json(&p)).transpose()
    }

    async fn set_wrap_up_policy(&self, org: OrgId, policy: &WrapUpPolicy) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        require_organisation(&mut tx, org).await?;
        sqlx::query(
            "insert into wrap_up_policies (org_id, policy) values ($1, $2)
             on conflict (org_id) do update set policy = excluded.policy",
        )
        .bind(org.to_string())
        .bind(to_json(policy)?)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn insert_wrap_up(&self, w: &WrapUpRecord) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let org = w.org_id.to_string();
        if let Some(conversation) = w.conversation_id {
            let ours: Option<String> =
                sqlx::query_scalar("select id from conversations where id = $1 and org_id = $2")
                    .bind(conversation.to_string())
                    .bind(&org)
                    .fetch_optional(&mut *tx)
                    .await?;
            ours.ok_or(StoreError::NotFound)?;
        }
        for article in &w.articles {
            let ours: Option<String> =
                sqlx::query_scalar("select id from kb_articles where id = $1 and org_id = $2")
                    .bind(article.to_string())
                    .bind(&org)
                    .fetch_optional(&mut *tx)
                    .await?;
            ours.ok_or(StoreError::NotFound)?;
        }
        let articles: Vec<String> = w.articles.iter().map(|a| a.to_string()).collect();
        sqlx::query(
            "insert into conversation_wrap_ups
                 (id, org_id, conversation_id, result, question, articles, article_count, user_id, at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(w.id.to_string())
        .bind(&org)
        .bind(w.conversation_id.map(|c| c.to_string()))
        .bind(&w.result)
        .bind(&w.question)
        .bind(to_json(&articles)?)
        .bind(articles.len() as i64)
        .bind(w.user_id.map(|u| u.to_string()))
        .bind(micros(w.at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn conversation_wrap_ups(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<WrapUpRecord>> {
        let mut conn = self.reader().acquire().await?;
        let ours: Option<String> =
            sqlx::query_scalar("select id from conversations where id = $1 and org_id = $2")
                .bind(conversation.to_string())
                .bind(org.to_string())
                .fetch_optional(&mut *conn)
                .await?;
        ours.ok_or(StoreError::NotFound)?;
        let rows: Vec<WrapUpRow> = sqlx::query_as(
            "select id, org_id, conversation_id, result, question, articles, user_id, at
             from conversation_wrap_ups where org_id = $1 and conversation_id = $2
             order by at, id",
        )
        .bind(org.to_string())
        .bind(conversation.to_string())
        .fetch_all(&mut *conn)
        .await?;
        rows.into_iter().map(WrapUpRow::into_model).collect()
    }

    async fn wrap_up_counts(
        &self,
        org: OrgId,
        from: Timestamp,
        until: Timestamp,
    ) -> StoreResult<Vec<WrapUpCount>> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "select result, count(*),
                    sum(case when article_count > 0 then 1 else 0 end)
             from conversation_wrap_ups where org_id = $1 and at >= $2 and at < $3
             group by result order by result",
        )
        .bind(org.to_string())
        .bind(micros(from))
        .bind(micros(until))
        .fetch_all(self.reader())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(result, total, with_articles)| WrapUpCount {
                result,
                total: total as u64,
                with_articles: with_articles as u64,
            })
            .collect())
    }
}
