//! The knowledge base (kennisbank, issue 11 part 2): articles the functional admins write
//! in the editor or import from the Rijksoverheid question/answer files, searched with the
//! Dutch analyser (`loket_domain::search`) through a per-organisation index (`index`) with
//! the built-in synonyms and the organisation's own (`synonyms`), and agents' feedback on
//! them (`feedback`).

mod feedback;
mod import;
mod index;
mod synonyms;

use loket_domain::input::FieldProblem;
use loket_domain::{KbArticleId, OrgId};
use loket_store::KnowledgeArticle;

use crate::{Engine, EngineError};

pub use feedback::{FeedbackCounts, MAX_RECENT_FEEDBACK};
pub use import::{ImportReport, ImportRow};
pub(crate) use index::KbCache;
pub use index::{KnowledgeHit, MAX_QUERY_CHARS, MAX_SEARCH_LIMIT, STAMP_CHECK_EVERY};
pub use synonyms::{
    MAX_SYNONYM_CHARS, MAX_SYNONYM_LINES, SynonymProblem, SynonymProblemKind, check_synonym_list,
};

pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_BODY_CHARS: usize = 100_000;
/// A WhatsApp text message's limit.
pub const MAX_SHORT_ANSWER_CHARS: usize = 4_096;
pub const MAX_TAGS: usize = 30;
pub const MAX_TAG_CHARS: usize = 80;
pub const MAX_DEPARTMENT_CHARS: usize = 200;
pub const MAX_URL_CHARS: usize = 2_000;
pub const MAX_COMMENT_CHARS: usize = 1_000;

/// An article's fields as the editor (or an import) gives them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleInput {
    pub title: String,
    pub body: String,
    pub short_answer_je: Option<String>,
    pub short_answer_u: Option<String>,
    pub tags: Vec<String>,
    pub department: Option<String>,
    pub review_date: Option<jiff::civil::Date>,
    pub source_url: Option<String>,
}

impl ArticleInput {
    /// Trimmed, empty optional texts as `None`, tags without blanks or repeats; every
    /// problem at once.
    pub fn checked(self) -> Result<ArticleInput, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            problems.push(FieldProblem::new("title", "is required"));
        }
        too_long(&mut problems, "title", &title, MAX_TITLE_CHARS);
        too_long(&mut problems, "body", &self.body, MAX_BODY_CHARS);
        let je = optional(self.short_answer_je);
        let u = optional(self.short_answer_u);
        for (field, text) in [("short_answer_je", &je), ("short_answer_u", &u)] {
            too_long(
                &mut problems,
                field,
                text.as_deref().unwrap_or(""),
                MAX_SHORT_ANSWER_CHARS,
            );
        }
        let mut tags: Vec<String> = Vec::new();
        for tag in self.tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            if !tags.iter().any(|t| t == tag) {
                tags.push(tag.to_owned());
            }
        }
        if tags.len() > MAX_TAGS {
            problems.push(FieldProblem::new(
                "tags",
                format!("at most {MAX_TAGS} tags"),
            ));
        }
        if tags.iter().any(|t| t.chars().count() > MAX_TAG_CHARS) {
            problems.push(FieldProblem::new(
                "tags",
                format!("a tag holds at most {MAX_TAG_CHARS} characters"),
            ));
        }
        let department = optional(self.department);
        too_long(
            &mut problems,
            "department",
            department.as_deref().unwrap_or(""),
            MAX_DEPARTMENT_CHARS,
        );
        let source_url = optional(self.source_url);
        if let Some(url) = &source_url {
            too_long(&mut problems, "source_url", url, MAX_URL_CHARS);
            if !(url.starts_with("https://") || url.starts_with("http://"))
                || url.contains(char::is_whitespace)
            {
                problems.push(FieldProblem::new(
                    "source_url",
                    "must be an http(s) address",
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(ArticleInput {
            title,
            body: self.body,
            short_answer_je: je,
            short_answer_u: u,
            tags,
            department,
            review_date: self.review_date,
            source_url,
        })
    }
}

fn optional(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

fn too_long(problems: &mut Vec<FieldProblem>, field: &str, text: &str, max: usize) {
    if text.chars().count() > max {
        problems.push(FieldProblem::new(
            field,
            format!("holds at most {max} characters"),
        ));
    }
}

fn fill(article: &mut KnowledgeArticle, input: ArticleInput) {
    article.title = input.title;
    article.body = input.body;
    article.short_answer_je = input.short_answer_je;
    article.short_answer_u = input.short_answer_u;
    article.tags = input.tags;
    article.department = input.department;
    article.review_date = input.review_date;
    article.source_url = input.source_url;
}

impl Engine {
    /// A new article written in the editor (no external id).
    pub async fn create_kb_article(
        &self,
        org: OrgId,
        input: ArticleInput,
    ) -> Result<KnowledgeArticle, EngineError> {
        let input = input.checked().map_err(EngineError::InvalidFields)?;
        let now = self.clock().now();
        let mut article = KnowledgeArticle {
            id: KbArticleId::new_at(now),
            org_id: org,
            external_id: None,
            title: String::new(),
            body: String::new(),
            short_answer_je: None,
            short_answer_u: None,
            tags: Vec::new(),
            department: None,
            review_date: None,
            source_url: None,
            created_at: now,
            updated_at: now,
            edited_at: Some(now),
            imported_at: None,
        };
        fill(&mut article, input);
        self.store().insert_kb_article(&article).await?;
        self.knowledge_changed(org);
        Ok(article)
    }

    /// Replace the article's fields from the editor; an imported article is marked edited
    /// so that the next import leaves it alone (and reports it).
    pub async fn update_kb_article(
        &self,
        org: OrgId,
        id: KbArticleId,
        input: ArticleInput,
    ) -> Result<KnowledgeArticle, EngineError> {
        let input = input.checked().map_err(EngineError::InvalidFields)?;
        let mut article = self.store().get_kb_article(org, id).await?;
        fill(&mut article, input);
        let now = self.clock().now();
        article.updated_at = now;
        article.edited_at = Some(now);
        self.store().update_kb_article(&article).await?;
        self.knowledge_changed(org);
        Ok(article)
    }

    pub async fn delete_kb_article(&self, org: OrgId, id: KbArticleId) -> Result<(), EngineError> {
        self.store().delete_kb_article(org, id).await?;
        self.knowledge_changed(org);
        Ok(())
    }

    pub async fn get_kb_article(
        &self,
        org: OrgId,
        id: KbArticleId,
    ) -> Result<KnowledgeArticle, EngineError> {
        Ok(self.store().get_kb_article(org, id).await?)
    }

    /// Every article of the organisation, by title.
    pub async fn list_kb_articles(&self, org: OrgId) -> Result<Vec<KnowledgeArticle>, EngineError> {
        Ok(self.store().list_kb_articles(org).await?)
    }
}
