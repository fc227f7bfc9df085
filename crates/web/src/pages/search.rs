//! `/search?q=`: conversations found by resident name, phone number (any formatting),
//! username or conversation id, in the current organisation only. The header's search box
//! is a GET form to this page (works without JavaScript); htmx fetches
//! `/search/suggest?q=` as the agent types and shows the same results under the box.
//! Below the conversations, the messages holding the words typed (`search_messages.rs`),
//! which the page's filters narrow and pages on; the conversations show on the first page.

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
use super::search_messages::{
    FilterChoices, MessageQuery, MessageRow, MessagesFound, filter_choices, message_rows,
};
use super::session::SignedIn;
use super::shells::ConversationRow;
use crate::AppState;

/// The form sends at most this much; anything longer is cut (the engine reads even less).
const MAX_QUERY: usize = 200;
/// Messages shown on the page, and in the suggestions under the header's box.
const PAGE_MESSAGES: u32 = 20;
const SUGGESTED_MESSAGES: u32 = 5;

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
    /// The message filters as given (the dates are shown as typed).
    pub asked: MessageQuery,
    /// `None` outside an organisation.
    pub choices: Option<FilterChoices>,
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
    pub messages: Vec<MessageRow>,
    /// The next (older) page of messages, and the first page when this is a later one.
    pub older_href: Option<String>,
    pub newest_href: Option<String>,
    /// On the page (the messages get a heading), not the suggestions under the box.
    pub page: bool,
}

async fn results(
    state: &AppState,
    layout: &Layout,
    signed_in: &SignedIn,
    (q, filters): (&str, &MessageQuery),
    message_limit: u32,
) -> Result<SearchResults, loket_engine::EngineError> {
    let asked = !q.trim().is_empty();
    let mut rows = Vec::new();
    let mut messages = MessagesFound::default();
    if let (true, Some((org, slug, _))) = (asked, current(signed_in)) {
        let names = names(state, org, &slug).await?;
        // Conversations are not paged: they show with the first page of messages.
        if filters.cursor.is_empty() {
            let found = state.engine.search_conversations(org, q).await?;
            let now = state.engine.clock().now();
            rows = found
                .iter()
                .map(|i| row_of(i, layout, &names, now, None))
                .collect();
        }
        let asked = (q, filters);
        messages = message_rows(state, layout, &names, org, asked, message_limit).await?;
    }
    Ok(SearchResults {
        layout: layout.clone(),
        asked,
        rows,
        messages: messages.rows,
        older_href: messages.older_href,
        newest_href: messages.newest_href,
        page: message_limit == PAGE_MESSAGES,
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
    Query(filters): Query<MessageQuery>,
) -> Response {
    let layout = Layout::for_session(&state, lang, &signed_in.session, "search-title").await;
    let q = bounded(&query.q);
    let choices = match current(&signed_in) {
        Some((org, _, _)) => match filter_choices(&state, &layout, org, &filters).await {
            Ok(choices) => Some(choices),
            Err(error) => return failure(error),
        },
        None => None,
    };
    match results(&state, &layout, &signed_in, (&q, &filters), PAGE_MESSAGES).await {
        Ok(results) => layout.respond(SearchPage {
            layout: layout.clone(),
            q,
            asked: filters,
            choices,
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
    let q = bounded(&query.q);
    let unfiltered = MessageQuery::default();
    match results(
        &state,
        &layout,
        &signed_in,
        (&q, &unfiltered),
        SUGGESTED_MESSAGES,
    )
    .await
    {
        Ok(results) => results.into_response(),
        Err(error) => failure(error),
    }
}
