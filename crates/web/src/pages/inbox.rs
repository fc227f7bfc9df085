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
use loket_domain::{Timestamp, UserId, queue};
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
    // The engine's default order is the queue's: waiting longest first, then the rest.
    Ok(page
        .items
        .iter()
        .map(|item| row_of(&item.conversation, layout, &names))
        .collect())
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

/// Since when the resident waits for an answer; an answered conversation shows its last
/// activity instead.
fn waiting_since(record: &ConversationRecord) -> Timestamp {
    record.waiting_since.unwrap_or(record.last_message_at)
}

/// The newest message in one short line (a revoked one shows nothing of what it said).
fn preview(record: &ConversationRecord) -> String {
    match &record.last_message {
        Some(m) if !m.revoked => queue::preview(&m.content),
        _ => String::new(),
    }
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
        preview: preview(record),
        waiting_since: local_time(since),
        waiting_since_iso: since.to_string(),
        status: match record.status {
            Status::Open => ConversationStatus::Open,
            Status::Pending => ConversationStatus::Pending,
            Status::Snoozed => ConversationStatus::Snoozed,
            Status::Resolved => ConversationStatus::Resolved,
        },
        assignee: record.assignee.and_then(|id| names.get(&id).cloned()),
        unread: record.unread_count > 0,
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
