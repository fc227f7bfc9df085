//! The `back_office` role's fence: a back-office colleague works contactverzoeken and never
//! sees the inbox, conversations, search or mentions. Deny by default: only the paths
//! below are theirs; the start page sends them to their list, anything else is a 403.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use loket_domain::people::Role;
use loket_engine::people::SessionState;

use crate::AppState;
use crate::pages::session::{Lookup, lookup};

/// What a back-office colleague may open (prefixes).
const ALLOWED: [&str; 9] = [
    "/contactverzoeken",
    "/account/",
    "/organisations",
    "/sign-in",
    "/sign-out",
    "/assets/",
    "/theme/",
    "/toegankelijkheid",
    "/preview/",
];

pub async fn fence(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let found = match request.extensions().get::<Lookup>() {
        Some(found) => found.clone(),
        None => lookup(&state, request.headers()).await,
    };
    let back_office = found.0.as_ref().is_some_and(|s| {
        s.view.state == SessionState::Complete && s.view.role == Some(Role::BackOffice)
    });
    if !back_office {
        return next.run(request).await;
    }
    let path = request.uri().path();
    if path == "/" {
        return Redirect::to("/contactverzoeken").into_response();
    }
    if ALLOWED.iter().any(|p| path.starts_with(p)) {
        return next.run(request).await;
    }
    tracing::info!(%path, "refused a back-office colleague outside the contactverzoeken");
    StatusCode::FORBIDDEN.into_response()
}
