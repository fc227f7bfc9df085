//! `GET /events`: the viewer's live events as Server-Sent Events. Outside `/api/v1` (a
//! stream for the inbox pages and integrations alike, not a REST resource), so it is
//! documented in `docs/ARCHITECTURE.md` rather than in `openapi.json`.
//!
//! The stream itself (replay after `Last-Event-ID`, then live, each event once) is the
//! engine's; this module authenticates, parses the header and shapes each event.

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::routing::get;
use futures::{Stream, StreamExt};
use loket_engine::live::Viewer;

use crate::api::auth::OrgAuth;
use crate::api::live_item_view;
use crate::pages::session::{Lookup, lookup};
use crate::{ApiError, AppState};
use loket_engine::people::SessionState;

/// How often an idle stream sends a comment, so proxies and the server's idle watchdog
/// keep the connection open and a client notices a dead one.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/events", get(events))
}

/// Who is asking, as the live stream needs it: a signed-in person's session cookie (the
/// inbox page), or the organisation's API token (integrations).
pub struct LiveViewer(pub Viewer);

impl FromRequestParts<AppState> for LiveViewer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // A signed-in person (the inbox pages) by the session cookie; an integration by
        // its organisation's API token.
        if !parts
            .headers
            .contains_key(axum::http::header::AUTHORIZATION)
            && let Some(org_id) = session_org(parts, state).await
        {
            return Ok(Self(Viewer { org_id }));
        }
        let OrgAuth(org) = OrgAuth::from_request_parts(parts, state).await?;
        Ok(Self(Viewer { org_id: org.id }))
    }
}

/// The organisation of a complete session (second factor passed, organisation chosen).
async fn session_org(parts: &Parts, state: &AppState) -> Option<loket_domain::OrgId> {
    let Lookup(found) = lookup(state, &parts.headers).await;
    let view = found?.view;
    (view.state == SessionState::Complete)
        .then_some(view.org_id)
        .flatten()
}

async fn events(
    State(state): State<AppState>,
    LiveViewer(viewer): LiveViewer,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, ApiError> {
    let after = last_event_id(&headers)?;
    let stream = state.engine.live_events(viewer, after).await?;
    let stream = stream.map(|item| {
        let (id, view) = live_item_view(&item);
        let event = SseEvent::default().event(view.name());
        let event = match id {
            Some(id) => event.id(id.to_string()),
            None => event,
        };
        Ok(event
            .json_data(&view)
            .unwrap_or_else(|_| SseEvent::default().comment("unencodable event")))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

/// The id of the last event the client received (its `EventSource` sends it on
/// reconnecting). Only ids this server gave are numbers; anything else is refused rather
/// than silently streamed from "now".
fn last_event_id(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(value) = headers.get("last-event-id") else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or_default().trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>()
        .ok()
        .filter(|id| *id >= 0)
        .map(Some)
        .ok_or_else(|| {
            ApiError::BadRequest(
                "Last-Event-ID must be the id of an event this server sent.".into(),
            )
        })
}
