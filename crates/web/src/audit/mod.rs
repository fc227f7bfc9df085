//! Auditing at the edge: one layer for the pages and one for the API record who opened or
//! changed what ([`rules`] says which requests), with the outcome the answer shows, through
//! [`loket_engine::Engine::audit`]. A handler refines the entry through [`AuditSlot`]
//! where the path alone cannot tell (a note or a reply; a bulk action's conversations).
//!
//! Failing to audit fails the request: the answer becomes a 500 and the content is not
//! shown (for a change that already happened, the error tells the person it may have to be
//! checked; the engine logged it by id). See `docs/privacy.md`, "Who did what".

pub mod rules;

use std::sync::{Arc, Mutex};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use loket_domain::OrgId;
use loket_domain::audit::{
    Action, Actor, AuditChain, AuditEntry, Outcome, Target, token_fingerprint,
};
use loket_engine::people::SessionState;
use loket_engine::provision::hash_api_token;

use crate::AppState;
use crate::pages::session::Lookup;

/// What a handler says it did, replacing the path's guess: entries and, when the status
/// cannot tell (a form re-shown with its error), the outcome.
#[derive(Default)]
struct Hint {
    entries: rules::Planned,
    outcome: Option<Outcome>,
}

/// The request's audit hint; extracting it never fails (outside the audit layers it is a
/// slot nobody reads).
#[derive(Clone, Default)]
pub struct AuditSlot(Arc<Mutex<Option<Hint>>>);

impl AuditSlot {
    /// Record `entries` instead of the path's guess, with `outcome` if given.
    pub fn set(&self, entries: Vec<(Action, Target)>, outcome: Option<Outcome>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(Hint { entries, outcome });
    }

    fn take(&self) -> Option<Hint> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AuditSlot {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Self>().cloned().unwrap_or_default())
    }
}

/// The pages' layer: the actor is the signed-in person, the chain their current
/// organisation. Without a complete session nothing is audited (the handler sends the
/// browser to sign in; sign-in itself is audited by its handler).
pub async fn pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let planned = rules::page(request.method(), request.uri().path());
    let who = request
        .extensions()
        .get::<Lookup>()
        .and_then(|Lookup(found)| found.as_ref())
        .filter(|s| s.view.state == SessionState::Complete)
        .and_then(|s| Some((s.view.org_id?, Actor::User(s.view.user_id))));
    match who {
        Some((org, actor)) if !planned.is_empty() => {
            audited(&state, org, actor, planned, request, next).await
        }
        _ => next.run(request).await,
    }
}

/// The API's layer: the actor is the token (by fingerprint), the chain its organisation.
/// An invalid token touches no organisation's data and is not audited (it answers 401).
pub async fn api(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let planned = rules::api(request.method(), request.uri().path());
    if planned.is_empty() {
        return next.run(request).await;
    }
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    let Some(bearer) = bearer else {
        return next.run(request).await;
    };
    match state.engine.authenticate_token(&bearer).await {
        Ok(Some(org)) => {
            let actor = Actor::Token(token_fingerprint(&hash_api_token(&bearer)));
            audited(&state, org.id, actor, planned, request, next).await
        }
        _ => next.run(request).await,
    }
}

async fn audited(
    state: &AppState,
    org: OrgId,
    actor: Actor,
    planned: rules::Planned,
    mut request: Request,
    next: Next,
) -> Response {
    let client_ip = request
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip().to_string());
    let slot = AuditSlot::default();
    request.extensions_mut().insert(slot.clone());
    let response = next.run(request).await;
    let hint = slot.take();
    let outcome = hint
        .as_ref()
        .and_then(|h| h.outcome)
        .unwrap_or_else(|| outcome_of(&response));
    let entries = match hint {
        Some(hint) if !hint.entries.is_empty() => hint.entries,
        _ => planned,
    };
    for (action, target) in entries {
        let entry = AuditEntry {
            chain: AuditChain::Org(org),
            actor: actor.clone(),
            action,
            target,
            client_ip: client_ip.clone(),
            outcome,
        };
        if state.engine.audit(entry).await.is_err() {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    response
}

/// What the answer says about the outcome: success (a redirect without a problem flag)
/// is ok; 401, 403 and 404 (another organisation's id) are denied; the rest failed.
fn outcome_of(response: &Response) -> Outcome {
    let status = response.status();
    if status.is_redirection() {
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if location.contains("problem=") || location.contains("failed") {
            return Outcome::Failed;
        }
        return Outcome::Ok;
    }
    match status {
        s if s.is_success() => Outcome::Ok,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND => Outcome::Denied,
        _ => Outcome::Failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::Redirect;

    #[test]
    fn the_answer_tells_the_outcome() {
        assert_eq!(outcome_of(&StatusCode::OK.into_response()), Outcome::Ok);
        let back = Redirect::to("/inbox/x").into_response();
        assert_eq!(outcome_of(&back), Outcome::Ok);
        let refused = Redirect::to("/admin/users?problem=shared").into_response();
        assert_eq!(outcome_of(&refused), Outcome::Failed);
        let forbidden = StatusCode::FORBIDDEN.into_response();
        assert_eq!(outcome_of(&forbidden), Outcome::Denied);
        let not_found = StatusCode::NOT_FOUND.into_response();
        assert_eq!(outcome_of(&not_found), Outcome::Denied);
        let invalid = StatusCode::UNPROCESSABLE_ENTITY.into_response();
        assert_eq!(outcome_of(&invalid), Outcome::Failed);
    }
}
