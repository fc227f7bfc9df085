//! `/operator/…`: the deployment operators' pages (users with the `operator` flag; no
//! organisation needed): the Meta apps (never their secrets) and the webhook events no
//! channel could take, with a replay button per address. Before, only the admin API token
//! reached these (`/api/v1/admin/*`); the pages use the session instead. Anyone else
//! signed in gets the 403 page.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use loket_domain::inbound::InboundEvent;
use loket_engine::operator::MetaAppSummary;
use serde::Deserialize;

use super::Layout;
use super::account::failure;
use super::admin::forbidden;
use super::i18n::Lang;
use super::session::SignedIn;
use crate::AppState;

/// Unrouted events a page shows.
const PAGE_SIZE: usize = 50;
/// How far back the pages reach (the engine lists the oldest first, bounded).
const MAX_LISTED: u32 = 1000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/operator",
            get(|| async { Redirect::to("/operator/apps") }),
        )
        .route("/operator/apps", get(apps))
        .route("/operator/unrouted", get(unrouted))
        .route("/operator/unrouted/replay", post(replay))
}

/// A signed-in deployment operator.
pub struct Operator {
    pub signed_in: SignedIn,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for Operator {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|never| match never {});
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        if !signed_in.session.view.operator {
            return Err(forbidden(state, lang, &signed_in).await);
        }
        Ok(Self { signed_in, lang })
    }
}

impl Operator {
    async fn layout(&self, state: &AppState, title_key: &str) -> Layout {
        Layout::for_session(state, self.lang, &self.signed_in.session, title_key).await
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "operator_apps.html")]
pub struct AppsPage {
    pub layout: Layout,
    pub section: &'static str,
    pub apps: Vec<MetaAppSummary>,
}

async fn apps(State(state): State<AppState>, operator: Operator) -> Response {
    let layout = operator.layout(&state, "operator-apps-title").await;
    match state.engine.meta_app_summaries().await {
        Ok(apps) => layout.respond(AppsPage {
            layout: layout.clone(),
            section: "apps",
            apps,
        }),
        Err(error) => failure(error),
    }
}

pub struct UnroutedRow {
    pub id: String,
    pub phone_number_id: String,
    pub received_at: String,
    /// The event's kind (message, status, …) as a message key; never its content.
    pub kind_key: &'static str,
    pub unreadable: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "operator_unrouted.html")]
pub struct UnroutedPage {
    pub layout: Layout,
    pub section: &'static str,
    pub events: Vec<UnroutedRow>,
    /// The neighbouring pages (1-based) when they exist.
    pub previous: Option<usize>,
    pub next: Option<usize>,
    pub replayed: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct UnroutedQuery {
    page: Option<usize>,
    replayed: Option<usize>,
}

async fn unrouted(
    State(state): State<AppState>,
    operator: Operator,
    Query(query): Query<UnroutedQuery>,
) -> Response {
    let layout = operator.layout(&state, "operator-unrouted-title").await;
    let listed = match state.engine.list_unrouted_events(false, MAX_LISTED).await {
        Ok(listed) => listed,
        Err(error) => return failure(error),
    };
    let page = query.page.unwrap_or(1).max(1);
    let start = (page - 1).saturating_mul(PAGE_SIZE);
    let events = listed
        .iter()
        .skip(start)
        .take(PAGE_SIZE)
        .map(|e| UnroutedRow {
            id: e.id.to_string(),
            phone_number_id: e.phone_number_id.clone(),
            received_at: e.received_at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
            kind_key: kind_key(&e.event.event),
            unreadable: e.unreadable,
        })
        .collect();
    layout.respond(UnroutedPage {
        layout: layout.clone(),
        section: "unrouted",
        events,
        previous: (page > 1).then(|| page - 1),
        next: (listed.len() > start + PAGE_SIZE).then_some(page + 1),
        replayed: query.replayed.map(|n| n.to_string()),
    })
}

fn kind_key(event: &InboundEvent) -> &'static str {
    match event {
        InboundEvent::Message(_) => "operator-kind-message",
        InboundEvent::Status(_) => "operator-kind-status",
        InboundEvent::TemplateStatus(_) => "operator-kind-template",
        InboundEvent::ChannelError { .. } => "operator-kind-error",
        InboundEvent::Other { .. } => "operator-kind-other",
    }
}

#[derive(Deserialize)]
pub struct ReplayForm {
    phone_number_id: String,
}

/// Replay what was kept for one address (a number's id or a business account's), now that
/// a channel may have it.
async fn replay(
    State(state): State<AppState>,
    _operator: Operator,
    Form(form): Form<ReplayForm>,
) -> Response {
    match state
        .engine
        .replay_unrouted(form.phone_number_id.trim())
        .await
    {
        Ok(n) => Redirect::to(&format!("/operator/unrouted?replayed={n}")).into_response(),
        Err(error) => failure(error),
    }
}
