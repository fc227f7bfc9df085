//! The knowledge base (issue 11, part 2): articles the organisation imports or writes, and
//! agents' feedback on them. Org-scoped like everything else: another organisation's
//! article answers `NotFound`; an `external_id` already used in the organisation is a
//! `Conflict`. Besides the articles: the organisation's own synonym list, a cheap stamp of
//! what changed (so every instance can tell when its cached index is stale) and the
//! feedback counts the editor sees.

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

/// The organisation's own synonym list, as the admin saved it (the engine checked it).
#[derive(Debug, Clone, PartialEq)]
pub struct KbSynonymList {
    pub text: String,
    pub updated_at: Timestamp,
}

/// A cheap summary of an organisation's knowledge base: when two reads differ, something
/// was added, changed or deleted in between (by any instance), so an index built before
/// is stale. Every write sets `updated_at` to its time, so an edit raises the newest one
/// and a delete lowers the count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KbStamp {
    pub articles: i64,
    pub articles_changed: Option<Timestamp>,
    pub synonyms_changed: Option<Timestamp>,
}

/// How often agents marked one article as helpful and as not helpful.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KbFeedbackCounts {
    pub article_id: KbArticleId,
    pub helped: u64,
    pub not_helped: u64,
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

    /// The feedback given while answering the conversation, oldest first (for the resident's
    /// export: a comment may retell their question). Empty for another organisation's.
    async fn list_kb_feedback_of_conversation(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<KnowledgeFeedback>>;

    /// The newest `limit` of the article's feedback. `NotFound` for another organisation's
    /// article.
    async fn recent_kb_feedback(
        &self,
        org: OrgId,
        article: KbArticleId,
        limit: u32,
    ) -> StoreResult<Vec<KnowledgeFeedback>>;

    /// Per article with any feedback: how often it helped and how often it did not.
    async fn kb_feedback_counts(&self, org: OrgId) -> StoreResult<Vec<KbFeedbackCounts>>;

    /// The organisation's own synonym list; `None` when its admins never saved one.
    async fn get_kb_synonyms(&self, org: OrgId) -> StoreResult<Option<KbSynonymList>>;

    /// Replace the organisation's own synonym list.
    async fn set_kb_synonyms(&self, org: OrgId, list: &KbSynonymList) -> StoreResult<()>;

    /// The organisation's [`KbStamp`]: one indexed read, cheap enough for every few seconds.
    async fn kb_stamp(&self, org: OrgId) -> StoreResult<KbStamp>;
}
