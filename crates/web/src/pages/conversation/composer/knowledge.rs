//! The composer's knowledge-base search: `GET /inbox/{id}/knowledge?q=…` answers the
//! articles matching what the agent typed, best first, each with its short answer in the
//! organisation's form of address (the je-variant for a je-organisation where the article
//! has one, else the other); `POST /inbox/{id}/knowledge/{article}/feedback` records "this
//! answered it" or not, with an optional comment (≤ 1,000 characters, stored masked). The
//! script's fetch gets 204; a plain form post (a browser asking for HTML) is sent back to the
//! conversation (303). Another organisation's conversation or article answers 404.

use axum::Json;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use loket_domain::{ConversationId, KbArticleId};
use loket_engine::EngineError;
use loket_engine::knowledge::MAX_QUERY_CHARS;
use serde::{Deserialize, Serialize};

use super::super::super::account::failure;
use super::super::super::i18n::Tone;
use super::super::super::session::SignedIn;
use crate::AppState;

/// Hits the composer lists.
const COMPOSER_LIMIT: usize = 8;

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Serialize)]
pub struct Hits {
    items: Vec<Hit>,
}

#[derive(Serialize)]
pub struct Hit {
    id: String,
    title: String,
    snippet: String,
    /// What "insert" puts in the reply box; null when the article has no short answer.
    text: Option<String>,
}

fn informal(state: &AppState, signed_in: &SignedIn) -> bool {
    let view = &signed_in.session.view;
    let slug = view
        .memberships
        .iter()
        .find(|m| Some(m.org_id) == view.org_id)
        .map(|m| m.org_slug.as_str());
    let tone = slug
        .and_then(|s| state.web.themes.get(s).map(|t| t.tone))
        .unwrap_or_default();
    tone == Tone::Je
}

pub async fn search(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<SearchQuery>,
) -> Response {
    let (Some(org), Ok(conversation)) = (signed_in.org_id, id.parse::<ConversationId>()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let typed: String = query.q.chars().take(MAX_QUERY_CHARS).collect();
    if typed.trim().is_empty() {
        return Json(Hits { items: Vec::new() }).into_response();
    }
    let informal = informal(&state, &signed_in);
    match (state.engine)
        .knowledge_for_conversation(org, conversation, &typed, COMPOSER_LIMIT)
        .await
    {
        Ok(hits) => Json(Hits {
            items: hits
                .into_iter()
                .map(|h| Hit {
                    text: h.short_answer(informal).map(str::to_owned),
                    id: h.id.to_string(),
                    title: h.title,
                    snippet: h.snippet,
                })
                .collect(),
        })
        .into_response(),
        Err(EngineError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => failure(error),
    }
}

#[derive(Deserialize)]
pub struct FeedbackForm {
    /// `yes` or `no`.
    helpful: String,
    #[serde(default)]
    comment: String,
}

pub async fn feedback(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((id, article)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<FeedbackForm>,
) -> Response {
    let (Some(org), Ok(conversation), Ok(article)) = (
        signed_in.org_id,
        id.parse::<ConversationId>(),
        article.parse::<KbArticleId>(),
    ) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let helpful = match form.helpful.as_str() {
        "yes" => true,
        "no" => false,
        _ => return StatusCode::BAD_REQUEST.into_response(),
    };
    let user = signed_in.session.view.user_id;
    let comment = Some(form.comment.as_str());
    match (state.engine)
        .give_kb_feedback(org, article, Some(conversation), user, helpful, comment)
        .await
    {
        Ok(_) if wants_html(&headers) => {
            Redirect::to(&format!("/inbox/{conversation}")).into_response()
        }
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(EngineError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(EngineError::InvalidFields(_)) => StatusCode::BAD_REQUEST.into_response(),
        Err(error) => failure(error),
    }
}

/// A browser's own form submission asks for HTML; the script's fetch does not.
fn wants_html(headers: &HeaderMap) -> bool {
    (headers.get(header::ACCEPT))
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}
