//! `/admin/…`: the functional admin of the organisation (role `admin`): channels, users and
//! memberships, teams, templates, saved replies, the knowledge base and its synonyms.
//! (Labels, `/admin/labels`, is another part's file; the admin navigation links it.)
//!
//! One guard, [`Admin`]: a complete session whose role in its current organisation is
//! admin; anyone else signed in gets the 403 page. Every engine call passes that
//! organisation, so another organisation's ids read as not found (404). Forms carry the
//! CSRF token (the layer checks it) and answer 303 (PRG) with a flag in the query that
//! picks a fixed message; a generated password is the one exception: the POST's answer
//! shows it once (never in a URL).

mod automation;
mod automation_form;
mod channel_hours;
mod channels;
mod crud;
mod knowledge;
mod knowledge_feedback;
mod knowledge_synonyms;
mod presence;
mod replies;
mod residents;
mod teams;
mod templates;
mod users;
mod wrap_up;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use loket_domain::OrgId;
use loket_domain::people::Role;
use loket_engine::EngineError;

use super::Layout;
use super::account::failure;
use super::i18n::Lang;
use super::session::SignedIn;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(|| async { Redirect::to("/admin/channels") }))
        .merge(channels::routes())
        .merge(users::routes())
        .merge(teams::routes())
        .merge(templates::routes())
        .merge(residents::routes())
        .merge(replies::routes())
        .merge(knowledge::routes())
        .merge(knowledge_synonyms::routes())
        .merge(wrap_up::routes())
        .merge(automation::routes())
        .merge(presence::routes())
}

/// A signed-in admin of `org` (their current organisation).
pub struct Admin {
    pub signed_in: SignedIn,
    pub org: OrgId,
    pub lang: Lang,
}

impl Admin {
    pub async fn layout(&self, state: &AppState, title_key: &str) -> Layout {
        Layout::for_session(state, self.lang, &self.signed_in.session, title_key).await
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|never| match never {});
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        match (signed_in.org_id, signed_in.role) {
            (Some(org), Some(Role::Admin)) => Ok(Self {
                signed_in,
                org,
                lang,
            }),
            _ => Err(forbidden(state, lang, &signed_in).await),
        }
    }
}

/// 403 for a signed-in person without the right (an agent on an admin page).
#[derive(Template, WebTemplate)]
#[template(path = "admin_forbidden.html")]
pub struct ForbiddenPage {
    pub layout: Layout,
}

pub async fn forbidden(state: &AppState, lang: Lang, signed_in: &SignedIn) -> Response {
    let layout = Layout::for_session(state, lang, &signed_in.session, "forbidden-title").await;
    let page = layout.respond(ForbiddenPage {
        layout: layout.clone(),
    });
    (StatusCode::FORBIDDEN, page).into_response()
}

/// The admin pages' answer to an engine error: not found is 404 (another organisation's
/// id), a refusal goes back to `back` with a problem flag, anything else is a 500.
pub fn answer_error(error: EngineError, back: &str) -> Response {
    match error {
        EngineError::NotFound => StatusCode::NOT_FOUND.into_response(),
        EngineError::Conflict(why) => {
            Redirect::to(&format!("{back}?problem={}", problem_of(&why))).into_response()
        }
        EngineError::Invalid(_) | EngineError::InvalidFields(_) => {
            Redirect::to(&format!("{back}?problem=invalid")).into_response()
        }
        other => failure(other),
    }
}

/// A refusal's fixed flag (the page maps it to a message; no text travels in the URL).
fn problem_of(why: &str) -> &'static str {
    use loket_engine::people::{DECLARED_TEAM, NOT_YOURSELF, SHARED_USER};
    match why {
        w if w == SHARED_USER => "shared",
        w if w == NOT_YOURSELF => "yourself",
        w if w == DECLARED_TEAM => "declared",
        _ => "conflict",
    }
}

/// The message key of a problem flag from the query (unknown flags show nothing).
pub fn problem_key(flag: Option<&str>) -> Option<&'static str> {
    Some(match flag? {
        "shared" => "admin-problem-shared",
        "yourself" => "admin-problem-yourself",
        "declared" => "admin-problem-declared",
        "conflict" => "admin-problem-conflict",
        "invalid" => "admin-problem-invalid",
        "sync" => "admin-problem-sync",
        _ => return None,
    })
}
