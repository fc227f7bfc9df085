//! `/`: the current organisation's conversations, the longest waiting first. Live: the
//! table body listens on `/events` (htmx's SSE extension) and fetches its rows again
//! from `/inbox/rows` when a conversation or message event arrives; without JavaScript a
//! reload shows the same.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use loket_domain::conversation::ConversationStatus as Status;
use loket_domain::{Timestamp, UserId};
use loket_engine::EngineError;
use loket_engine::records::{ConversationFilter, ConversationRecord, PageRequest};

use super::Layout;
use super::account::failure;
use super::i18n::Lang;
use super::session::SignedIn;
use super::shells::{ConversationRow, ConversationStatus, InboxPage};
use crate::AppState;

/// One screen of conversations; the inbox screens (part 2) page and filter.
const LIMIT: u32 = 100;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(inbox))
        .route("/inbox/rows", get(rows))
}

/// Only the table's rows, for the live refresh.
#[derive(Template, WebTemplate)]
#[template(path = "inbox_rows.html")]
pub struct InboxRows {
    pub layout: Layout,
    pub rows: Vec<ConversationRow>,
}

async fn inbox(State(state): State<AppState>, lang: Lang, signed_in: SignedIn) -> Response {
    let layout = Layout::for_session(&state, lang, &signed_in.session, "inbox-title").await;
    match load_rows(&state, &layout, &signed_in).await {
        Ok(rows) => layout.respond(InboxPage {
            layout: layout.clone(),
            rows,
        }),
        Err(error) => failure(error),
    }
}

async fn rows(State(state): State<AppState>, lang: Lang, signed_in: SignedIn) -> Response {
    let layout = Layout::for_session(&state, lang, &signed_in.session, "inbox-title").await;
    match load_rows(&state, &layout, &signed_in).await {
        Ok(rows) => InboxRows { layout, rows }.into_response(),
        Err(error) => failure(error),
    }
}

async fn load_rows(
    state: &AppState,
    layout: &Layout,
    signed_in: &SignedIn,
) -> Result<Vec<ConversationRow>, EngineError> {
    let view = &signed_in.session.view;
    // An operator of no organisation has no conversations to list.
    let Some(membership) = view
        .memberships
        .iter()
        .find(|m| Some(m.org_id) == view.org_id)
    else {
        return Ok(Vec::new());
    };
    let org = membership.org_id;
    let page = state
        .engine
        .list_conversations(
            org,
            &ConversationFilter::default(),
            PageRequest {
                after: None,
                limit: LIMIT,
            },
        )
        .await?;
    let names = member_names(state, &membership.org_slug).await?;
    let mut records = page.items;
    records.sort_by_key(waiting_since);
    Ok(records.iter().map(|r| row_of(r, layout, &names)).collect())
}

/// The organisation's members by id, for the assignee column.
async fn member_names(
    state: &AppState,
    slug: &str,
) -> Result<HashMap<UserId, String>, EngineError> {
    let users = state.engine.list_users(Some(slug)).await?;
    Ok(users
        .into_iter()
        .map(|u| (u.user.id, u.user.name))
        .collect())
}

/// Since when the resident waits: their last message, else the conversation's start.
fn waiting_since(record: &ConversationRecord) -> Timestamp {
    record.last_inbound_at.unwrap_or(record.created_at)
}

fn row_of(
    record: &ConversationRecord,
    layout: &Layout,
    names: &HashMap<UserId, String>,
) -> ConversationRow {
    let since = waiting_since(record);
    ConversationRow {
        id: record.id.to_string(),
        resident: record
            .contact_name
            .clone()
            .unwrap_or_else(|| layout.tr.t("resident-unknown")),
        // The message preview comes with the queue's API (part `queue`).
        preview: String::new(),
        waiting_since: local_time(since),
        waiting_since_iso: since.to_string(),
        status: match record.status {
            Status::Open => ConversationStatus::Open,
            Status::Pending => ConversationStatus::Pending,
            Status::Snoozed => ConversationStatus::Snoozed,
            Status::Resolved => ConversationStatus::Resolved,
        },
        assignee: record.assignee.and_then(|id| names.get(&id).cloned()),
        unread: false,
    }
}

/// Dutch municipalities: their agents read Amsterdam time (UTC where the zone database
/// is missing).
fn local_time(at: Timestamp) -> String {
    match at.in_tz("Europe/Amsterdam") {
        Ok(zoned) => zoned.strftime("%d-%m %H:%M").to_string(),
        Err(_) => at.strftime("%d-%m %H:%M UTC").to_string(),
    }
}
