//! Two-factor enrolment: a QR code (and its key) to scan, a code to confirm, then the
//! recovery codes, shown once in the answer to the confirming POST (never stored in a
//! form of ours, never in a URL). Forced when the organisation requires it (the session
//! is `NeedsEnrolment` until done); anyone signed in may enrol on their own.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use loket_engine::EngineError;
use loket_engine::people::SessionState;
use secrecy::ExposeSecret;
use serde::Deserialize;

use super::Layout;
use super::account::{Flags, failure};
use super::i18n::Lang;
use super::session::{CurrentSession, MaybeSession, next_page};
use super::shells::{RecoveryCodesPage, TwoFactorEnrolPage};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/account/two-factor", get(enrol).post(confirm))
}

/// The session, if it may enrol (signed in, past any second factor it already has);
/// else where to go instead.
fn enrolling(session: Option<CurrentSession>) -> Result<CurrentSession, &'static str> {
    let Some(session) = session else {
        return Err("/sign-in");
    };
    if session.view.state == SessionState::NeedsSecondFactor {
        return Err(next_page(session.view.state));
    }
    Ok(session)
}

async fn enrol(
    State(state): State<AppState>,
    lang: Lang,
    MaybeSession(session): MaybeSession,
    Query(flags): Query<Flags>,
) -> Response {
    let session = match enrolling(session) {
        Ok(s) => s,
        Err(to) => return Redirect::to(to).into_response(),
    };
    let enrolment = match state.engine.begin_totp_enrolment(&session.token).await {
        Ok(e) => e,
        // Already on: say so (it is turned off by an admin's `loket user reset-2fa`).
        Err(EngineError::Conflict(_)) => return codes_page(&state, lang, &session, vec![]).await,
        Err(error) => return failure(error),
    };
    let layout = Layout::for_session(&state, lang, &session, "enrol-title").await;
    layout.respond(TwoFactorEnrolPage {
        layout: layout.clone(),
        // The CSP allows `data:` images for this.
        qr_data_url: format!(
            "data:image/svg+xml;base64,{}",
            STANDARD.encode(enrolment.qr_svg.as_bytes())
        ),
        secret: grouped(&enrolment.secret_base32),
        failed: flags.failed.is_some(),
    })
}

/// The key in groups of four, easier to type over.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Deserialize)]
struct CodeForm {
    code: String,
}

async fn confirm(
    State(state): State<AppState>,
    lang: Lang,
    MaybeSession(session): MaybeSession,
    Form(form): Form<CodeForm>,
) -> Response {
    let session = match enrolling(session) {
        Ok(s) => s,
        Err(to) => return Redirect::to(to).into_response(),
    };
    let code: String = form.code.chars().take(32).collect();
    match state
        .engine
        .confirm_totp_enrolment(&session.token, &code)
        .await
    {
        Ok(codes) => {
            let codes = codes.iter().map(|c| c.expose_secret().to_owned()).collect();
            codes_page(&state, lang, &session, codes).await
        }
        Err(EngineError::InvalidFields(_)) => {
            Redirect::to("/account/two-factor?failed").into_response()
        }
        Err(EngineError::Conflict(_)) => codes_page(&state, lang, &session, vec![]).await,
        Err(error) => failure(error),
    }
}

/// The recovery codes (once), or with none: two-factor is on.
async fn codes_page(
    state: &AppState,
    lang: Lang,
    session: &CurrentSession,
    recovery_codes: Vec<String>,
) -> Response {
    // Enrolment may have completed the session: look again for the navigation.
    let fresh = match state.engine.session(&session.token).await {
        Ok(Some(view)) => CurrentSession {
            token: session.token.clone(),
            view,
        },
        _ => session.clone(),
    };
    let layout = Layout::for_session(state, lang, &fresh, "enrol-recovery-title").await;
    layout.respond(RecoveryCodesPage {
        layout: layout.clone(),
        recovery_codes,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_key_is_shown_in_groups_of_four() {
        assert_eq!(super::grouped("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
        assert_eq!(super::grouped("ABCDEF"), "ABCD EF");
    }
}
