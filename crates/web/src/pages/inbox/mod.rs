//! `/`: the current organisation's conversations in views (Mine, Unassigned, My teams,
//! All) with filters (status, channel, label, team), counts per view, longest waiting
//! first, paged by the store's keyset cursor. Every view and filter is in the query string,
//! so a GET form works without JavaScript; htmx swaps the list. Live: the table body
//! listens on `/events` (htmx's SSE extension) and fetches its rows again from
//! `/inbox/rows` with the same query. Bulk actions POST to `/inbox/bulk` (303 back).

mod bulk;
mod list;
mod rows;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use loket_domain::{OrgId, UserId};

use super::Layout;
use super::account::failure;
use super::i18n::Lang;
use super::session::SignedIn;
use super::shells::{ConversationRow, InboxPage};
use crate::AppState;
pub use list::InboxQuery;
pub(crate) use list::names;
pub(crate) use rows::{Names, local_time, row_of};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(inbox))
        .route("/inbox/rows", get(rows))
        .route("/inbox/bulk", post(bulk::apply))
}

/// Only the table's rows, for the live refresh.
#[derive(Template, WebTemplate)]
#[template(path = "inbox_rows.html")]
pub struct InboxRows {
    pub layout: Layout,
    pub rows: Vec<ConversationRow>,
}

/// The signed-in user and the organisation they work for; `None` for an operator of no
/// organisation (nothing to list).
pub(crate) fn current(signed_in: &SignedIn) -> Option<(OrgId, String, UserId)> {
    let view = &signed_in.session.view;
    view.memberships
        .iter()
        .find(|m| Some(m.org_id) == view.org_id)
        .map(|m| (m.org_id, m.org_slug.clone(), view.user_id))
}

async fn inbox(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Query(query): Query<InboxQuery>,
) -> Response {
    let layout = Layout::for_session(&state, lang, &signed_in.session, "inbox-title").await;
    let availability = match current(&signed_in) {
        Some((org, _, user)) => state.engine.availability(org, user).await,
        None => Ok(Default::default()),
    };
    let loaded = match availability {
        Ok(availability) => list::load(&state, &layout, &signed_in, &query)
            .await
            .map(|list| (list, availability)),
        Err(error) => Err(error),
    };
    match loaded {
        Ok((list, availability)) => layout.respond(InboxPage {
            layout: layout.clone(),
            list,
            availability: super::availability::choices(availability),
        }),
        Err(error) => failure(error),
    }
}

async fn rows(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Query(query): Query<InboxQuery>,
) -> Response {
    let layout = Layout::for_session(&state, lang, &signed_in.session, "inbox-title").await;
    match list::load_rows(&state, &layout, &signed_in, &query).await {
        Ok(page) => InboxRows {
            layout,
            rows: page.rows,
        }
        .into_response(),
        Err(error) => failure(error),
    }
}
