// The knowledge base (`crate::knowledge`), shared by both backends.

use crate::knowledge::{
    KbFeedbackCounts, KbStamp, KbSynonymList, KnowledgeArticle, KnowledgeFeedback, KnowledgeStore,
};
use loket_domain::{KbArticleId, KbFeedbackId};

#[derive(sqlx::FromRow)]
struct KbArticleRow {
    id: String,
    org_id: String,
    external_id: Option<String>,
    title: String,
    body: String,
    short_answer_je: Option<String>,
    short_answer_u: Option<String>,
    tags: String,
    department: Option<String>,
    review_date: Option<String>,
    source_url: Option<String>,
    created_at: i64,
    updated_at: i64,
    edited_at: Option<i64>,
    imported_at: Option<i64>,
}

impl KbArticleRow {
    fn into_model(self) -> StoreResult<KnowledgeArticle> {
        Ok(KnowledgeArticle {
            id: parse::<KbArticleId>("kb_articles.id", &self.id)?,
            org_id: parse("kb_articles.org_id", &self.org_id)?,
            external_id: self.external_id,
            title: self.title,
            body: self.body,
            short_answer_je: self.short_answer_je,
            short_answer_u: self.short_answer_u,
            tags: json(&self.tags)?,
            department: self.department,
            review_date: parse_opt("kb_articles.review_date", self.review_date.as_deref())?,
            source_url: self.source_url,
            created_at: from_micros(self.created_at),
            updated_at: from_micros(self.updated_at),
            edited_at: opt_time(self.edited_at),
            imported_at: opt_time(self.imported_at),
        })
    }
}

#[derive(sqlx::FromRow)]
struct KbFeedbackRow {
    id: String,
    org_id: String,
    article_id: String,
    conversation_id: Option<String>,
    user_id: String,
    helpful: bool,
    comment: Option<String>,
    at: i64,
}

impl KbFeedbackRow {
    fn into_model(self) -> StoreResult<KnowledgeFeedback> {
        Ok(KnowledgeFeedback {
            id: parse::<KbFeedbackId>("kb_feedback.id", &self.id)?,
            org_id: parse("kb_feedback.org_id", &self.org_id)?,
            article_id: parse("kb_feedback.article_id", &self.article_id)?,
            conversation_id: parse_opt(
                "kb_feedback.conversation_id",
                self.conversation_id.as_deref(),
            )?,
            user_id: parse("kb_feedback.user_id", &self.user_id)?,
            helpful: self.helpful,
            comment: self.comment,
            at: from_micros(self.at),
        })
    }
}

macro_rules! kb_article_columns {
    () => {
        "id, org_id, external_id, title, body, short_answer_je, short_answer_u, tags,
         department, review_date, source_url, created_at, updated_at, edited_at, imported_at"
    };
}

#[async_trait]
impl KnowledgeStore for StoreImpl {
    async fn insert_kb_article(&self, a: &KnowledgeArticle) -> StoreResult<()> {
        sqlx::query(concat!(
            "insert into kb_articles (",
            kb_article_columns!(),
            ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
        ))
        .bind(a.id.to_string())
        .bind(a.org_id.to_string())
        .bind(&a.external_id)
        .bind(&a.title)
        .bind(&a.body)
        .bind(&a.short_answer_je)
        .bind(&a.short_answer_u)
        .bind(to_json(&a.tags)?)
        .bind(&a.department)
        .bind(a.review_date.map(|d| d.to_string()))
        .bind(&a.source_url)
        .bind(micros(a.created_at))
        .bind(micros(a.updated_at))
        .bind(a.edited_at.map(micros))
        .bind(a.imported_at.map(micros))
        .execute(self.writer())
        .await?;
        Ok(())
    }

    async fn update_kb_article(&self, a: &KnowledgeArticle) -> StoreResult<()> {
        let done = sqlx::query(
            "update kb_articles
             set external_id = $1, title = $2, body = $3, short_answer_je = $4,
                 short_answer_u = $5, tags = $6, department = $7, review_date = $8,
                 source_url = $9, updated_at = $10, edited_at = $11, imported_at = $12
             where id = $13 and org_id = $14",
        )
        .bind(&a.external_id)
        .bind(&a.title)
        .bind(&a.body)
        .bind(&a.short_answer_je)
        .bind(&a.short_answer_u)
        .bind(to_json(&a.tags)?)
        .bind(&a.department)
        .bind(a.review_date.map(|d| d.to_string()))
        .bind(&a.source_url)
        .bind(micros(a.updated_at))
        .bind(a.edited_at.map(micros))
        .bind(a.imported_at.map(micros))
        .bind(a.id.to_string())
        .bind(a.org_id.to_string())
        .execute(self.writer())
        .await?;
        found(done)
    }

    async fn delete_kb_article(&self, org: OrgId, id: KbArticleId) -> StoreResult<()> {
        let done = sqlx::query("delete from kb_articles where id = $1 and org_id = $2")
            .bind(id.to_string())
            .bind(org.to_string())
            .execute(self.writer())
            .await?;
        found(done)
    }

    async fn get_kb_article(&self, org: OrgId, id: KbArticleId) -> StoreResult<KnowledgeArticle> {
        let row: Option<KbArticleRow> = sqlx::query_as(concat!(
            "select ",
            kb_article_columns!(),
            " from kb_articles where id = $1 and org_id = $2"
        ))
        .bind(id.to_string())
        .bind(org.to_string())
        .fetch_optional(self.reader())
        .await?;
        row.ok_or(StoreError::NotFound)?.into_model()
    }

    async fn list_kb_articles(&self, org: OrgId) -> StoreResult<Vec<KnowledgeArticle>> {
        let rows: Vec<KbArticleRow> = sqlx::query_as(concat!(
            "select ",
            kb_article_columns!(),
            " from kb_articles where org_id = $1 order by title, id"
        ))
        .bind(org.to_string())
        .fetch_all(self.reader())
        .await?;
        rows.into_iter().map(KbArticleRow::into_model).collect()
    }

    async fn insert_kb_feedback(&self, f: &KnowledgeFeedback) -> StoreResult<()> {
        // The org is checked on the article and the conversation here, not left to the
        // foreign keys, which would accept another organisation's ids.
        let done = sqlx::query(
            "insert into kb_feedback
                 (id, org_id, article_id, conversation_id, user_id, helpful, comment, at)
             select $1, $2, $3, $4, $5, $6, $7, $8
             where exists (select 1 from kb_articles where id = $3 and org_id = $2)
               and ($4 is null
                    or exists (select 1 from conversations where id = $4 and org_id = $2))",
        )
        .bind(f.id.to_string())
        .bind(f.org_id.to_string())
        .bind(f.article_id.to_string())
        .bind(f.conversation_id.map(|c| c.to_string()))
        .bind(f.user_id.to_string())
        .bind(f.helpful)
        .bind(&f.comment)
        .bind(micros(f.at))
        .execute(self.writer())
        .await?;
        found(done)
    }

    async fn list_kb_feedback(
        &self,
        org: OrgId,
        article: KbArticleId,
    ) -> StoreResult<Vec<KnowledgeFeedback>> {
        kb_feedback_of(self.reader(), org, article, None).await
    }

    async fn list_kb_feedback_of_conversation(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<KnowledgeFeedback>> {
        let rows: Vec<KbFeedbackRow> = sqlx::query_as(
            "select id, org_id, article_id, conversation_id, user_id, helpful, comment, at
             from kb_feedback where conversation_id = $1 and org_id = $2
             order by at, id",
        )
        .bind(conversation.to_string())
        .bind(org.to_string())
        .fetch_all(self.reader())
        .await?;
        rows.into_iter().map(KbFeedbackRow::into_model).collect()
    }

    async fn recent_kb_feedback(
        &self,
        org: OrgId,
        article: KbArticleId,
        limit: u32,
    ) -> StoreResult<Vec<KnowledgeFeedback>> {
        kb_feedback_of(self.reader(), org, article, Some(limit)).await
    }

    async fn kb_feedback_counts(&self, org: OrgId) -> StoreResult<Vec<KbFeedbackCounts>> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "select article_id,
                    sum(case when helpful then 1 else 0 end),
                    sum(case when helpful then 0 else 1 end)
             from kb_feedback where org_id = $1
             group by article_id",
        )
        .bind(org.to_string())
        .fetch_all(self.reader())
        .await?;
        rows.into_iter()
            .map(|(article, helped, not_helped)| {
                Ok(KbFeedbackCounts {
                    article_id: parse("kb_feedback.article_id", &article)?,
                    helped: u64::try_from(helped).unwrap_or(0),
                    not_helped: u64::try_from(not_helped).unwrap_or(0),
                })
            })
            .collect()
    }

    async fn get_kb_synonyms(&self, org: OrgId) -> StoreResult<Option<KbSynonymList>> {
        let row: Option<(String, i64)> =
            sqlx::query_as("select body, updated_at from kb_synonyms where org_id = $1")
                .bind(org.to_string())
                .fetch_optional(self.reader())
                .await?;
        Ok(row.map(|(text, at)| KbSynonymList {
            text,
            updated_at: from_micros(at),
        }))
    }

    async fn set_kb_synonyms(&self, org: OrgId, list: &KbSynonymList) -> StoreResult<()> {
        sqlx::query(
            "insert into kb_synonyms (org_id, body, updated_at) values ($1, $2, $3)
             on conflict (org_id) do update set body = excluded.body,
                 updated_at = excluded.updated_at",
        )
        .bind(org.to_string())
        .bind(&list.text)
        .bind(micros(list.updated_at))
        .execute(self.writer())
        .await?;
        Ok(())
    }

    async fn kb_stamp(&self, org: OrgId) -> StoreResult<KbStamp> {
        // One statement, so both parts are read from the same snapshot.
        let (articles, changed, synonyms): (i64, Option<i64>, Option<i64>) = sqlx::query_as(
            "select count(*), max(updated_at),
                    (select updated_at from kb_synonyms where org_id = $1)
             from kb_articles where org_id = $1",
        )
        .bind(org.to_string())
        .fetch_one(self.reader())
        .await?;
        Ok(KbStamp {
            articles,
            articles_changed: opt_time(changed),
            synonyms_changed: opt_time(synonyms),
        })
    }
}

/// The article's feedback, newest first (at most `limit`); `NotFound` for another
/// organisation's article.
async fn kb_feedback_of(
    pool: &Pool,
    org: OrgId,
    article: KbArticleId,
    limit: Option<u32>,
) -> StoreResult<Vec<KnowledgeFeedback>> {
    let mut conn = pool.acquire().await?;
    let exists: Option<String> =
        sqlx::query_scalar("select id from kb_articles where id = $1 and org_id = $2")
            .bind(article.to_string())
            .bind(org.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    if exists.is_none() {
        return Err(StoreError::NotFound);
    }
    let rows: Vec<KbFeedbackRow> = sqlx::query_as(
        "select id, org_id, article_id, conversation_id, user_id, helpful, comment, at
         from kb_feedback where article_id = $1 and org_id = $2
         order by at desc, id desc
         limit $3",
    )
    .bind(article.to_string())
    .bind(org.to_string())
    .bind(limit.map_or(i64::MAX, i64::from))
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(KbFeedbackRow::into_model).collect()
}
