//! The knowledge base (issue 11, part 2): articles the organisation imports or writes, and
//! agents' feedback on them. Org-scoped like everything else: another organisation's
//! article answers `NotFound`; an `external_id` already used in the organisation is a
//! `Conflict`.

use async_trait::async_trait;
use loket_domain::{ConversationId, KbArticleId, KbFeedbackId, OrgId, Timestamp, UserId};

use crate::StoreResult;

/// An article as stored; the engine has checked its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct KnowledgeArticle {
    pub id: KbArticleId,
    pub org_id: OrgId,
    /// The source's id for imported articles; `None` for articles written in the editor.
    pub external_id: Option<String>,
    pub title: String,
    /// Markdown.
    pub body: String,
    /// The channel-ready answer in the je-form.
    pub short_answer_je: Option<String>,
    /// The channel-ready answer in the u-form.
    pub short_answer_u: Option<String>,
    pub tags: Vec<String>,
    pub department: Option<String>,
    pub review_date: Option<jiff::civil::Date>,
    pub source_url: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// When the editor last changed it; `None` after an import wrote it.
    pub edited_at: Option<Timestamp>,
    pub imported_at: Option<Timestamp>,
}

/// An agent's verdict on an article, optionally while answering a conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct KnowledgeFeedback {
    pub id: KbFeedbackId,
    pub org_id: OrgId,
    pub article_id: KbArticleId,
    /// Set null when the conversation is erased or pruned.
    pub conversation_id: Option<ConversationId>,
    pub user_id: UserId,
    pub helpful: bool,
    pub comment: Option<String>,
    pub at: Timestamp,
}

#[async_trait]
pub trait KnowledgeStore {
    /// `Conflict` when its `external_id` is taken in its organisation.
    async fn insert_kb_article(&self, article: &KnowledgeArticle) -> StoreResult<()>;

    /// Replace every field but `id`, `org_id` and `created_at` of the article with
    /// `article.id` in `article.org_id`; `NotFound` for another organisation's article.
    async fn update_kb_article(&self, article: &KnowledgeArticle) -> StoreResult<()>;

    /// The article and its feedback. `NotFound` for another organisation's article.
    async fn delete_kb_article(&self, org: OrgId, id: KbArticleId) -> StoreResult<()>;

    async fn get_kb_article(&self, org: OrgId, id: KbArticleId) -> StoreResult<KnowledgeArticle>;

    /// Every article of the organisation, by title (the search index is built from these).
    async fn list_kb_articles(&self, org: OrgId) -> StoreResult<Vec<KnowledgeArticle>>;

    /// `NotFound` when the article or the conversation is not the organisation's.
    async fn insert_kb_feedback(&self, feedback: &KnowledgeFeedback) -> StoreResult<()>;

    /// The article's feedback, newest first. `NotFound` for another organisation's article.
    async fn list_kb_feedback(
        &self,
        org: OrgId,
        article: KbArticleId,
    ) -> StoreResult<Vec<KnowledgeFeedback>>;
}
