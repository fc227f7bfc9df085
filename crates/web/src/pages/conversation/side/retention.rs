//! The side panel's legal hold and transfer forms (issue 10, retention): a team lead or an
//! admin sets a legal hold with a reason or lifts it, marks the conversation for transfer to
//! the case system, and records the transfer. Others do not see the forms and are refused.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use loket_domain::ConversationId;
use loket_domain::people::Role;
use loket_engine::EngineError;

use super::super::Context;
use super::forms::{Fields, Outcome, Problem, Target, field, run};
use crate::AppState;
use crate::pages::i18n::Lang;
use crate::pages::session::SignedIn;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/inbox/{id}/legal-hold", post(legal_hold))
        .route("/inbox/{id}/transfer", post(transfer))
}

/// What the panel shows of the conversation's retention state.
pub struct RetentionBox {
    /// The reason, when on hold.
    pub hold: Option<String>,
    pub transfer_required: bool,
    pub transferred: bool,
}

fn may_hold(role: Option<Role>) -> bool {
    matches!(role, Some(Role::TeamLead | Role::Admin))
}

/// The box for a team lead or admin; `None` for everyone else.
pub async fn retention_box(
    cx: &Context<'_>,
    id: ConversationId,
) -> Result<Option<RetentionBox>, EngineError> {
    if !may_hold(cx.signed_in.role) {
        return Ok(None);
    }
    let state = cx.state.engine.retention_state(cx.org, id).await?;
    Ok(Some(RetentionBox {
        hold: state.legal_hold.map(|h| h.reason),
        transfer_required: state.transfer_required_at.is_some(),
        transferred: state.transferred_at.is_some(),
    }))
}

/// `action=set` with `reason`, or `action=lift`.
async fn legal_hold(
    state: State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    axum::Form(fields): Fields,
) -> Response {
    for_leads(state, lang, signed_in, &headers, &id, async |s, t| {
        let (e, me) = (&s.engine, t.me.to_string());
        match field(&fields, "action") {
            Some("lift") => e.lift_legal_hold(t.org, t.id, &me).await?,
            _ => {
                let reason = field(&fields, "reason").unwrap_or_default();
                e.set_legal_hold(t.org, t.id, &me, reason).await?
            }
        };
        Ok(())
    })
    .await
}

/// `action=mark`, `unmark` or `done` (transferred).
async fn transfer(
    state: State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    axum::Form(fields): Fields,
) -> Response {
    for_leads(state, lang, signed_in, &headers, &id, async |s, t| {
        let (e, me) = (&s.engine, t.me.to_string());
        match field(&fields, "action") {
            Some("mark") => e.mark_for_transfer(t.org, t.id, true, &me).await?,
            Some("unmark") => e.mark_for_transfer(t.org, t.id, false, &me).await?,
            Some("done") => match e.mark_transferred(t.org, t.id, &me).await {
                Err(EngineError::Conflict(_)) => {
                    return Err(Problem::Shown("side-problem-transfer"));
                }
                other => other?,
            },
            _ => return Err(Problem::Shown("side-problem-other")),
        };
        Ok(())
    })
    .await
}

/// The side panel's form run for a team lead or admin; anyone else is told why not, once
/// the conversation is found (another organisation's id answers 404 to everyone).
async fn for_leads(
    state: State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    headers: &HeaderMap,
    id: &str,
    change: impl AsyncFnOnce(&AppState, &Target) -> Outcome,
) -> Response {
    let allowed = may_hold(signed_in.role);
    run(state, lang, signed_in, headers, id, async |s, t| {
        if !allowed {
            // Another organisation's conversation is not found, whoever asks.
            s.engine.retention_state(t.org, t.id).await?;
            return Err(Problem::Shown("side-problem-role"));
        }
        change(s, t).await
    })
    .await
}
