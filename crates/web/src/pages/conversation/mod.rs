//! `/inbox/{id}`: one conversation, as an agent works in it all day. The page is made of
//! parts with one owner each (a newcomer finds each by its file):
//! - this file, `page.rs`, `view.rs`, `content.rs`, `format.rs`, `media.rs`: the page, the
//!   timeline (messages, internal notes, events), its live refresh, media and retries;
//! - [`composer`]: the reply/note form, attachments, the template picker;
//! - [`side`]: the resident panel and the actions (assign, status, labels, priority).
//!
//! Each part renders its own HTML (askama, escaped) through `render(&Context)`; the page
//! places it unescaped into its slot.

mod composer;
mod content;
mod findings;
pub(crate) mod format;
pub(crate) mod links;
mod media;
mod page;
pub(crate) mod side;
mod view;
mod wrap_up;

use axum::Router;
use axum::routing::{get, post};
use loket_domain::OrgId;
use loket_engine::query::ConversationDetail;

use super::Layout;
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
        .route("/inbox/{id}", get(page::page))
        .route("/inbox/{id}/messages", get(page::messages))
        .route("/inbox/{id}/messages/{message_id}/retry", post(page::retry))
        .route("/inbox/{id}/media/{message_id}", get(media::media))
        .merge(composer::routes())
        .merge(side::routes())
        .merge(wrap_up::routes())
}
