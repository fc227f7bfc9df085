//! `/search?q=`: conversations found by resident name, phone number (any formatting),
//! username or conversation id, in the current organisation only. The header's search box
//! is a GET form to this page (works without JavaScript); htmx fetches
//! `/search/suggest?q=` as the agent types and shows the same results under the box.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::Layout;
use super::account::failure;
use super::i18n::Lang;
use super::inbox::{current, names, row_of};
use super::session::SignedIn;
use super::shells::ConversationRow;
use crate::AppState;

/// The form sends at most this much; anything longer is cut (the engine reads even less).
const MAX_QUERY: usize = 200;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/search", get(page))
        .route("/search/suggest", get(suggest))
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub layout: Layout,
    pub q: String,
    pub results: SearchResults,
}

/// The results: on the page and alone (the dropdown under the header's box).
#[derive(Template, WebTemplate)]
#[template(path = "search_results.html")]
pub struct SearchResults {
    pub layout: Layout,
    /// Whether anything was asked (an empty box shows no count).
    pub asked: bool,
    pub rows: Vec<ConversationRow>,
}

async fn results(
    state: &AppState,
    layout: &Layout,
    signed_in: &SignedIn,
    q: &str,
) -> Result<SearchResults, loket_engine::EngineError> {
    let asked = !q.trim().is_empty();
    let mut rows = Vec::new();
    if let (true, Some((org, slug, _))) = (asked, current(signed_in)) {
        let found = state.engine.search_conversations(org, q).await?;
        let names = names(state, org, &slug).await?;
        let now = state.engine.clock().now();
        rows = found
            .iter()
            .map(|i| row_of(i, layout, &names, now))
            .collect();
    }
    Ok(SearchResults {
        layout: layout.clone(),
        asked,
        rows,
    })
}

fn bounded(q: &str) -> String {
    q.chars().take(MAX_QUERY).collect()
}

async fn page(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Query(query): Query<SearchQuery>,
) -> Response {
    let layout = Layout::for_session(&state, lang, &signed_in.session, "search-title").await;
    let q = bounded(&query.q);
    match results(&state, &layout, &signed_in, &q).await {
        Ok(results) => layout.respond(SearchPage {
            layout: layout.clone(),
            q,
            results,
        }),
        Err(error) => failure(error),
    }
}

async fn suggest(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Query(query): Query<SearchQuery>,
) -> Response {
    let layout = Layout::for_session(&state, lang, &signed_in.session, "search-title").await;
    match results(&state, &layout, &signed_in, &bounded(&query.q)).await {
        Ok(results) => results.into_response(),
        Err(error) => failure(error),
    }
}
