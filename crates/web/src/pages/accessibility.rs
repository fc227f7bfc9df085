//! `/toegankelijkheid`: the accessibility statement (toegankelijkheidsverklaring), as Dutch
//! government sites publish one: the standard (WCAG 2.1 AA, EN 301 549), its status, how
//! Loket is tested, what is known not to work yet, and where to send feedback. Public;
//! with a session it names the organisation and uses its theme and tone.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use super::Layout;
use super::i18n::Lang;
use super::session::MaybeSession;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/toegankelijkheid", get(page))
}

#[derive(Template, WebTemplate)]
#[template(path = "accessibility.html")]
pub struct AccessibilityPage {
    pub layout: Layout,
}

async fn page(
    State(state): State<AppState>,
    lang: Lang,
    MaybeSession(session): MaybeSession,
) -> Response {
    let layout = match &session {
        Some(session) => Layout::for_session(&state, lang, session, "a11y-title").await,
        None => Layout::public(lang, "a11y-title"),
    };
    layout.respond(AccessibilityPage {
        layout: layout.clone(),
    })
}
