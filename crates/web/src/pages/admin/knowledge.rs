//! `/admin/knowledge`: the organisation's knowledge base (kennisbank); list and search,
//! create, edit and delete articles. A refused form is shown again with what was typed and
//! why, so nothing is lost; a change that succeeds answers 303 (PRG) with a `done` flag, as
//! the other admin pages. An imported article changed here is marked edited, so the next
//! import leaves it alone. The list counts agents' verdicts per article and an article's
//! page shows its recent feedback (`knowledge_feedback.rs`); the synonym list has its own
//! page (`knowledge_synonyms.rs`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use loket_domain::KbArticleId;
use loket_engine::EngineError;
use loket_engine::knowledge::{ArticleInput, MAX_QUERY_CHARS};
use loket_engine::records::KnowledgeArticle;
use serde::Deserialize;

use super::Admin;
use super::crud::{DoneKeys, Refusal, Written, deleted, not_found, path_id, respond, written};
use super::knowledge_feedback::{self, FeedbackRow};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::account::failure;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/knowledge", get(list).post(create))
        .route("/admin/knowledge/{id}", get(detail).post(update))
        .route("/admin/knowledge/{id}/delete", post(delete))
}

/// An article as the list shows it.
pub struct ArticleRow {
    pub id: String,
    pub title: String,
    pub imported: bool,
    pub department: String,
    /// A search hit's plain-text snippet; empty in the full list.
    pub snippet: String,
    /// How often agents said it answered the question, and that it did not.
    pub helped: u64,
    pub not_helped: u64,
}

/// The form's fields, as typed.
#[derive(Deserialize, Default)]
pub struct ArticleForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub short_answer_je: String,
    #[serde(default)]
    pub short_answer_u: String,
    /// Comma-separated.
    #[serde(default)]
    pub tags: String,
    #[serde(default)]
    pub department: String,
    /// `YYYY-MM-DD` or empty.
    #[serde(default)]
    pub review_date: String,
    #[serde(default)]
    pub source_url: String,
}

impl ArticleForm {
    fn of(a: KnowledgeArticle) -> Self {
        Self {
            title: a.title,
            body: a.body,
            short_answer_je: a.short_answer_je.unwrap_or_default(),
            short_answer_u: a.short_answer_u.unwrap_or_default(),
            tags: a.tags.join(", "),
            department: a.department.unwrap_or_default(),
            review_date: a.review_date.map(|d| d.to_string()).unwrap_or_default(),
            source_url: a.source_url.unwrap_or_default(),
        }
    }

    /// The engine's input; `Err` when the review date is no date.
    fn input(&self) -> Result<ArticleInput, ()> {
        let review_date = match self.review_date.trim() {
            "" => None,
            date => Some(date.parse::<jiff::civil::Date>().map_err(|_| ())?),
        };
        Ok(ArticleInput {
            title: self.title.clone(),
            body: self.body.clone(),
            short_answer_je: Some(self.short_answer_je.clone()),
            short_answer_u: Some(self.short_answer_u.clone()),
            tags: self.tags.split(',').map(str::to_owned).collect(),
            department: Some(self.department.clone()),
            review_date,
            source_url: Some(self.source_url.clone()),
        })
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    done: Option<String>,
    #[serde(default)]
    q: String,
}

const DONE: DoneKeys = DoneKeys {
    created: "admin-done-kb-created",
    saved: "admin-done-kb-saved",
    deleted: "admin-done-kb-deleted",
};

#[derive(Template, WebTemplate)]
#[template(path = "admin_knowledge.html")]
pub struct KnowledgePage {
    pub layout: Layout,
    pub section: &'static str,
    pub q: String,
    pub articles: Vec<ArticleRow>,
    pub form: ArticleForm,
    pub done: Option<&'static str>,
    pub problem: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_knowledge_article.html")]
pub struct ArticlePage {
    pub layout: Layout,
    pub section: &'static str,
    pub id: String,
    pub external_id: Option<String>,
    pub form: ArticleForm,
    pub feedback: Vec<FeedbackRow>,
    pub done: Option<&'static str>,
    pub problem: Option<&'static str>,
}

async fn list(
    State(state): State<AppState>,
    admin: Admin,
    Query(query): Query<ListQuery>,
) -> Response {
    let done = DONE.of(query.done.as_deref());
    let q: String = query.q.trim().chars().take(MAX_QUERY_CHARS).collect();
    list_page(
        &state,
        &admin,
        q,
        ArticleForm::default(),
        done,
        None,
        StatusCode::OK,
    )
    .await
}

async fn rows(state: &AppState, admin: &Admin, q: &str) -> Result<Vec<ArticleRow>, EngineError> {
    let all = state.engine.list_kb_articles(admin.org).await?;
    let counts = knowledge_feedback::counts(state, admin).await?;
    let row = |a: KnowledgeArticle, snippet: String| {
        let counted = counts.get(&a.id).copied().unwrap_or_default();
        ArticleRow {
            id: a.id.to_string(),
            title: a.title,
            imported: a.external_id.is_some(),
            department: a.department.unwrap_or_default(),
            snippet,
            helped: counted.helped,
            not_helped: counted.not_helped,
        }
    };
    if q.is_empty() {
        return Ok(all.into_iter().map(|a| row(a, String::new())).collect());
    }
    let hits = state.engine.search_knowledge(admin.org, q, 50).await?;
    let mut by_id: std::collections::HashMap<_, _> = all.into_iter().map(|a| (a.id, a)).collect();
    Ok(hits
        .into_iter()
        .filter_map(|h| Some(row(by_id.remove(&h.id)?, h.snippet)))
        .collect())
}

async fn list_page(
    state: &AppState,
    admin: &Admin,
    q: String,
    form: ArticleForm,
    done: Option<&'static str>,
    problem: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let articles = match rows(state, admin, &q).await {
        Ok(articles) => articles,
        Err(error) => return failure(error),
    };
    let layout = admin.layout(state, "admin-kb-title").await;
    let page = KnowledgePage {
        layout: layout.clone(),
        section: "knowledge",
        q,
        articles,
        form,
        done,
        problem,
    };
    respond(&layout, page, status)
}

/// The status and message of a refused form; `None`: not the form's fault.
fn refusal(error: &EngineError) -> Option<Refusal> {
    let EngineError::InvalidFields(problems) = error else {
        return None;
    };
    let key = match problems.first().map(|p| p.field.as_str()) {
        Some("title") => "admin-problem-kb-title",
        Some("body") => "admin-problem-kb-body",
        Some("short_answer_je" | "short_answer_u") => "admin-problem-kb-short-answer",
        Some("tags") => "admin-problem-kb-tags",
        Some("source_url") => "admin-problem-kb-url",
        _ => "admin-problem-invalid",
    };
    Some((StatusCode::BAD_REQUEST, key))
}

const BAD_DATE: Refusal = (StatusCode::BAD_REQUEST, "admin-problem-kb-date");

async fn create(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<ArticleForm>,
) -> Response {
    let result = match form.input() {
        Err(()) => Written::Refused(BAD_DATE),
        Ok(input) => written(
            state.engine.create_kb_article(admin.org, input).await,
            refusal,
        ),
    };
    match result {
        Written::Done(_) => Redirect::to("/admin/knowledge?done=created").into_response(),
        Written::Refused((status, key)) => {
            list_page(&state, &admin, String::new(), form, None, Some(key), status).await
        }
        Written::Answer(response) => response,
    }
}

async fn detail(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> Response {
    let Some(id) = path_id::<KbArticleId>(&id) else {
        return not_found();
    };
    match state.engine.get_kb_article(admin.org, id).await {
        Ok(article) => {
            let external_id = article.external_id.clone();
            let done = DONE.of(query.done.as_deref());
            let form = ArticleForm::of(article);
            article_page(
                &state,
                &admin,
                id,
                external_id,
                form,
                done,
                None,
                StatusCode::OK,
            )
            .await
        }
        Err(EngineError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => failure(error),
    }
}

#[allow(clippy::too_many_arguments)]
async fn article_page(
    state: &AppState,
    admin: &Admin,
    id: KbArticleId,
    external_id: Option<String>,
    form: ArticleForm,
    done: Option<&'static str>,
    problem: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let feedback = match knowledge_feedback::recent(state, admin, id).await {
        Ok(feedback) => feedback,
        Err(error) => return failure(error),
    };
    let layout = admin.layout(state, "admin-kb-article-title").await;
    let page = ArticlePage {
        layout: layout.clone(),
        section: "knowledge",
        id: id.to_string(),
        external_id,
        form,
        feedback,
        done,
        problem,
    };
    respond(&layout, page, status)
}

async fn update(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<ArticleForm>,
) -> Response {
    let Some(id) = path_id::<KbArticleId>(&id) else {
        return not_found();
    };
    // Read first: another organisation's id is a 404 before anything is checked.
    let external_id = match state.engine.get_kb_article(admin.org, id).await {
        Ok(article) => article.external_id,
        Err(EngineError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return failure(error),
    };
    let result = match form.input() {
        Err(()) => Written::Refused(BAD_DATE),
        Ok(input) => written(
            state.engine.update_kb_article(admin.org, id, input).await,
            refusal,
        ),
    };
    let (status, key) = match result {
        Written::Done(_) => {
            return Redirect::to(&format!("/admin/knowledge/{id}?done=saved")).into_response();
        }
        Written::Refused(refused) => refused,
        Written::Answer(response) => return response,
    };
    article_page(
        &state,
        &admin,
        id,
        external_id,
        form,
        None,
        Some(key),
        status,
    )
    .await
}

async fn delete(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Response {
    match path_id::<KbArticleId>(&id) {
        Some(id) => deleted(
            state.engine.delete_kb_article(admin.org, id).await,
            "/admin/knowledge",
        ),
        None => not_found(),
    }
}
