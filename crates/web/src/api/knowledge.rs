//! `/api/v1/knowledge`: the organisation's knowledge base for integrators — search with
//! the Dutch analyser (`?q=…&limit=…`, best first) and one article. Another
//! organisation's id answers 404; a bad parameter 400 with every problem.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use loket_domain::{KbArticleId, Timestamp};
use loket_engine::knowledge::{KnowledgeHit, MAX_QUERY_CHARS, MAX_SEARCH_LIMIT};
use loket_engine::records::KnowledgeArticle;
use serde::Serialize;

use super::auth::OrgAuth;
use super::routes::ApiRoutes;
use super::views::Items;
use crate::error::InvalidParam;
use crate::{ApiError, AppState};

/// Hits when `limit` is not given.
const DEFAULT_LIMIT: usize = 10;

pub(super) fn routes(routes: ApiRoutes) -> ApiRoutes {
    routes
        .get("/knowledge/search", search)
        .get("/knowledge/{id}", article)
}

#[derive(Serialize)]
struct HitView {
    id: KbArticleId,
    /// The source's id; null for articles written in the editor.
    external_id: Option<String>,
    title: String,
    /// Plain text.
    snippet: String,
    /// Higher is better; comparable within one answer only.
    score: f32,
}

impl From<KnowledgeHit> for HitView {
    fn from(h: KnowledgeHit) -> Self {
        Self {
            id: h.id,
            external_id: h.external_id,
            title: h.title,
            snippet: h.snippet,
            score: h.score,
        }
    }
}

#[derive(Serialize)]
struct ArticleView {
    id: KbArticleId,
    external_id: Option<String>,
    title: String,
    /// Markdown.
    body: String,
    short_answer_je: Option<String>,
    short_answer_u: Option<String>,
    tags: Vec<String>,
    department: Option<String>,
    review_date: Option<String>,
    source_url: Option<String>,
    created_at: Timestamp,
    updated_at: Timestamp,
    edited_at: Option<Timestamp>,
    imported_at: Option<Timestamp>,
}

impl From<KnowledgeArticle> for ArticleView {
    fn from(a: KnowledgeArticle) -> Self {
        Self {
            id: a.id,
            external_id: a.external_id,
            title: a.title,
            body: a.body,
            short_answer_je: a.short_answer_je,
            short_answer_u: a.short_answer_u,
            tags: a.tags,
            department: a.department,
            review_date: a.review_date.map(|d| d.to_string()),
            source_url: a.source_url,
            created_at: a.created_at,
            updated_at: a.updated_at,
            edited_at: a.edited_at,
            imported_at: a.imported_at,
        }
    }
}

async fn search(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Items<HitView>>, ApiError> {
    let (q, limit) = search_params(&params)?;
    let hits = state.engine.search_knowledge(org.id, &q, limit).await?;
    Ok(Json(Items::of(hits)))
}

async fn article(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
) -> Result<Json<ArticleView>, ApiError> {
    let id: KbArticleId = id.parse().map_err(|_| ApiError::NotFound)?;
    let article = state.engine.get_kb_article(org.id, id).await?;
    Ok(Json(article.into()))
}

/// `q` (1 to 500 characters, not only spaces) and `limit` (1 to 50, default 10); every
/// problem at once.
fn search_params(params: &HashMap<String, String>) -> Result<(String, usize), ApiError> {
    let mut problems = Vec::new();
    let mut q = None;
    let mut limit = DEFAULT_LIMIT;
    for (name, value) in params {
        match name.as_str() {
            "q" => q = Some(value.clone()),
            "limit" => match value.trim().parse::<usize>() {
                Ok(n) if (1..=MAX_SEARCH_LIMIT).contains(&n) => limit = n,
                _ => problems.push(param(
                    "limit",
                    format!("must be a whole number from 1 to {MAX_SEARCH_LIMIT}"),
                )),
            },
            other => problems.push(param(other, "unknown parameter".into())),
        }
    }
    let length = q.as_deref().map(|q| q.trim().chars().count()).unwrap_or(0);
    if length == 0
        || q.as_deref()
            .is_some_and(|q| q.chars().count() > MAX_QUERY_CHARS)
    {
        problems.push(param(
            "q",
            format!("is required: 1 to {MAX_QUERY_CHARS} characters"),
        ));
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| a.name.cmp(&b.name));
        return Err(ApiError::InvalidParams(problems));
    }
    Ok((q.unwrap_or_default(), limit))
}

fn param(name: &str, reason: String) -> InvalidParam {
    InvalidParam {
        name: name.chars().take(100).collect(),
        reason,
    }
}
