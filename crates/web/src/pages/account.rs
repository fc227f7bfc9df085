//! Signing in and out, the second factor, choosing an organisation, changing the password:
//! each a form that POSTs and answers with a redirect (Post/Redirect/Get), so every step
//! works without JavaScript. The engine decides; these handlers only move the browser
//! along by the session's state ([`next_page`]). Passwords and codes are never logged.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use loket_engine::EngineError;
use loket_engine::people::{SecondFactorOutcome, SessionState, SignInOutcome};
use secrecy::SecretString;
use serde::Deserialize;

use super::Layout;
use super::i18n::Lang;
use super::session::{ClientAddress, MaybeSession, SignedIn, next_page, set_cookie, token_from};
use super::shells::*;
use crate::AppState;

/// Longer than any e-mail address, password or code we accept: refused unread.
const MAX_FIELD: usize = 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(sign_in).post(sign_in_submit))
        .route(
            "/sign-in/two-factor",
            get(two_factor).post(two_factor_submit),
        )
        .route("/sign-out", post(sign_out))
        .route(
            "/organisations",
            get(organisations).post(choose_organisation),
        )
        .route("/account/password", get(password).post(password_submit))
}

/// A redirect that also hands the browser a new session cookie.
pub(super) fn with_cookie(state: &AppState, token: &str, to: &str) -> Response {
    let cookie = set_cookie(token, state.web.is_https());
    ([(header::SET_COOKIE, cookie)], Redirect::to(to)).into_response()
}

/// An engine failure on a page: logged (without personal data), a plain 500.
pub(super) fn failure(error: EngineError) -> Response {
    tracing::error!(%error, "a page's engine call failed");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// Which message a page shows after a redirect (`?failed`, `?locked`, …).
#[derive(Deserialize, Default)]
pub(super) struct Flags {
    pub(super) failed: Option<String>,
    locked: Option<String>,
    #[serde(rename = "signed-out")]
    signed_out: Option<String>,
    changed: Option<String>,
    problem: Option<String>,
}

async fn sign_in(
    lang: Lang,
    MaybeSession(session): MaybeSession,
    Query(flags): Query<Flags>,
) -> Response {
    if let Some(s) = session
        && s.view.state == SessionState::Complete
    {
        return Redirect::to("/").into_response();
    }
    let layout = Layout::public(lang, "sign-in-title");
    layout.respond(SignInPage {
        failed: flags.failed.is_some(),
        locked: flags.locked.is_some(),
        signed_out: flags.signed_out.is_some(),
        email: String::new(),
        layout: layout.clone(),
    })
}

#[derive(Deserialize)]
struct SignInForm {
    email: String,
    password: String,
}

async fn sign_in_submit(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    if form.email.len() > MAX_FIELD || form.password.len() > MAX_FIELD {
        return Redirect::to("/sign-in?failed").into_response();
    }
    // The token the browser still has is revoked: a new one at every sign-in.
    let previous = token_from(&headers, state.web.is_https());
    let outcome = state
        .engine
        .sign_in(
            &form.email,
            SecretString::from(form.password),
            &address,
            previous.as_deref(),
        )
        .await;
    let audited = match &outcome {
        Ok(SignInOutcome::SignedIn(_)) => Some(loket_domain::audit::Outcome::Ok),
        Ok(_) => Some(loket_domain::audit::Outcome::Denied),
        Err(_) => None,
    };
    if let Some(result) = audited {
        // A sign-in that leaves no trace does not happen (the new session ends at once).
        let recorded = state.engine.audit_sign_in(&form.email, &address, result);
        if let Err(error) = recorded.await {
            if let Ok(SignInOutcome::SignedIn(new)) = &outcome {
                let _ = state.engine.sign_out(new.token.expose()).await;
            }
            return failure(error);
        }
    }
    match outcome {
        Ok(SignInOutcome::SignedIn(new)) => {
            with_cookie(&state, new.token.expose(), next_page(new.session.state))
        }
        Ok(SignInOutcome::Refused) => Redirect::to("/sign-in?failed").into_response(),
        Ok(SignInOutcome::LockedOut { .. }) => Redirect::to("/sign-in?locked").into_response(),
        Err(error) => failure(error),
    }
}

async fn two_factor(
    State(state): State<AppState>,
    lang: Lang,
    MaybeSession(session): MaybeSession,
    Query(flags): Query<Flags>,
) -> Response {
    let Some(session) = session else {
        return Redirect::to("/sign-in").into_response();
    };
    if session.view.state != SessionState::NeedsSecondFactor {
        return Redirect::to(next_page(session.view.state)).into_response();
    }
    let layout = Layout::for_session(&state, lang, &session, "two-factor-title").await;
    layout.respond(TwoFactorPage {
        layout: layout.clone(),
        failed: flags.failed.is_some(),
        locked: flags.locked.is_some(),
    })
}

#[derive(Deserialize)]
struct CodeForm {
    code: String,
}

async fn two_factor_submit(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    MaybeSession(session): MaybeSession,
    Form(form): Form<CodeForm>,
) -> Response {
    let Some(session) = session else {
        return Redirect::to("/sign-in").into_response();
    };
    if form.code.len() > MAX_FIELD {
        return Redirect::to("/sign-in/two-factor?failed").into_response();
    }
    let outcome = state
        .engine
        .verify_second_factor(&session.token, &form.code, &address)
        .await;
    match outcome {
        Ok(SecondFactorOutcome::Passed(new)) => {
            with_cookie(&state, new.token.expose(), next_page(new.session.state))
        }
        Ok(SecondFactorOutcome::Refused) => {
            Redirect::to("/sign-in/two-factor?failed").into_response()
        }
        Ok(SecondFactorOutcome::LockedOut { .. }) => {
            Redirect::to("/sign-in/two-factor?locked").into_response()
        }
        Err(EngineError::NotFound) => Redirect::to("/sign-in").into_response(),
        Err(error) => failure(error),
    }
}

async fn sign_out(State(state): State<AppState>, MaybeSession(session): MaybeSession) -> Response {
    if let Some(session) = session
        && let Err(error) = state.engine.sign_out(&session.token).await
    {
        return failure(error);
    }
    let cookie = super::session::clear_cookie(state.web.is_https());
    (
        [(header::SET_COOKIE, cookie)],
        Redirect::to("/sign-in?signed-out"),
    )
        .into_response()
}

async fn organisations(
    State(state): State<AppState>,
    lang: Lang,
    MaybeSession(session): MaybeSession,
) -> Response {
    let Some(session) = session else {
        return Redirect::to("/sign-in").into_response();
    };
    if session.view.state == SessionState::NeedsSecondFactor {
        return Redirect::to(next_page(session.view.state)).into_response();
    }
    let mut choices = Vec::new();
    for membership in &session.view.memberships {
        let name = match state
            .engine
            .find_organisation_by_slug(&membership.org_slug)
            .await
        {
            Ok(Some(org)) => org.name,
            Ok(None) => continue,
            Err(error) => return failure(error),
        };
        choices.push(OrganisationChoice {
            slug: membership.org_slug.clone(),
            name,
            role: membership.role.into(),
        });
    }
    let layout = Layout::for_session(&state, lang, &session, "organisations-title").await;
    layout.respond(OrganisationsPage {
        layout: layout.clone(),
        organisations: choices,
    })
}

#[derive(Deserialize)]
struct ChooseForm {
    organisation: String,
}

/// Work for another organisation: only one of the user's own (anything else is a 404,
/// which does not say whether it exists).
async fn choose_organisation(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    Form(form): Form<ChooseForm>,
) -> Response {
    let Some(session) = session else {
        return Redirect::to("/sign-in").into_response();
    };
    let Some(membership) = session
        .view
        .memberships
        .iter()
        .find(|m| m.org_slug == form.organisation)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state
        .engine
        .switch_organisation(&session.token, membership.org_id)
        .await
    {
        Ok(view) => Redirect::to(next_page(view.state)).into_response(),
        Err(EngineError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => failure(error),
    }
}

async fn password(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Query(flags): Query<Flags>,
) -> Response {
    let problem = match flags.problem.as_deref() {
        Some("current") => Some("password-wrong-current"),
        Some("weak") => Some("password-weak"),
        Some("mismatch") => Some("password-mismatch"),
        _ => None,
    };
    let layout = Layout::for_session(&state, lang, &signed_in.session, "password-title").await;
    layout.respond(PasswordPage {
        layout: layout.clone(),
        problem,
        changed: flags.changed.is_some(),
    })
}

#[derive(Deserialize)]
struct PasswordForm {
    current: String,
    new: String,
    repeat: String,
}

/// Change the password: the engine ends every session and hands this browser a new one.
async fn password_submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<PasswordForm>,
) -> Response {
    if form.new != form.repeat {
        return Redirect::to("/account/password?problem=mismatch").into_response();
    }
    if form.new.len() > MAX_FIELD || form.current.len() > MAX_FIELD {
        return Redirect::to("/account/password?problem=weak").into_response();
    }
    let result = state
        .engine
        .change_password(
            &signed_in.session.token,
            SecretString::from(form.current),
            SecretString::from(form.new),
        )
        .await;
    match result {
        Ok(new) => with_cookie(&state, new.token.expose(), "/account/password?changed"),
        Err(EngineError::InvalidFields(problems)) => {
            let current = problems.iter().any(|p| p.field == "current_password");
            let problem = if current { "current" } else { "weak" };
            Redirect::to(&format!("/account/password?problem={problem}")).into_response()
        }
        Err(error) => failure(error),
    }
}
