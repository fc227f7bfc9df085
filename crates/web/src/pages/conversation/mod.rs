//! `/inbox/{id}`: one conversation, as an agent works in it all day. The page is made of
//! parts with one owner each (a newcomer finds each by its file):
//! - this file and `view.rs` (to come): the page, the messages and the timeline;
//! - [`composer`]: the reply/note form, attachments, the template picker;
//! - [`side`]: the resident panel and the actions (assign, status, labels, priority).
//!
//! Each part renders its own HTML (askama, escaped) through `render(&Context)`; the page
//! places it unescaped into its slot.

mod composer;
mod side;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use loket_domain::{ConversationId, OrgId};
use loket_engine::EngineError;
use loket_engine::query::ConversationDetail;

use super::Layout;
use super::account::failure;
use super::i18n::Lang;
use super::session::SignedIn;
use crate::AppState;

/// What every part of the page may read. Parts fetch anything else through the engine,
/// always scoped by `org`.
#[allow(dead_code)] // the parts read these; the stubs do not yet
pub struct Context<'a> {
    pub state: &'a AppState,
    pub layout: &'a Layout,
    pub signed_in: &'a SignedIn,
    pub org: OrgId,
    pub detail: &'a ConversationDetail,
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/inbox/{id}", get(page))
        .merge(composer::routes())
        .merge(side::routes())
}

#[derive(Template, WebTemplate)]
#[template(path = "conversation.html")]
pub struct ConversationPage {
    pub layout: Layout,
    pub id: String,
    /// The composer part's HTML (escaped by its own template).
    pub composer: String,
    /// The side panel part's HTML (escaped by its own template).
    pub side: String,
}

async fn page(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Response {
    let layout = Layout::for_session(&state, lang, &signed_in.session, "conversation-title").await;
    let (Some(org), Ok(id)) = (signed_in.org_id, id.parse::<ConversationId>()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let detail = match state.engine.conversation_detail(org, id).await {
        Ok(detail) => detail,
        Err(EngineError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return failure(error),
    };
    let cx = Context {
        state: &state,
        layout: &layout,
        signed_in: &signed_in,
        org,
        detail: &detail,
    };
    let (composer, side) = match tokio::try_join!(composer::render(&cx), side::render(&cx)) {
        Ok(parts) => parts,
        Err(error) => return failure(error),
    };
    layout.respond(ConversationPage {
        layout: layout.clone(),
        id: id.to_string(),
        composer,
        side,
    })
}
