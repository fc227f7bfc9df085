//! `GET /api/v1/conversations/{id}/retention` and `PATCH` of it: the legal hold and the
//! transfer to the case system, which keep a conversation from the retention job. An API
//! token acts for its organisation (recorded as `api`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use loket_domain::{ConversationId, Timestamp};
use loket_engine::records::RetentionState;
use serde::Serialize;
use serde_json::Value;

use super::auth::OrgAuth;
use super::routes::ApiRoutes;
use crate::error::InvalidParam;
use crate::{ApiError, AppState};

pub(super) fn routes(routes: ApiRoutes) -> ApiRoutes {
    routes
        .get("/conversations/{id}/retention", show)
        .patch("/conversations/{id}/retention", update)
}

#[derive(Serialize)]
struct LegalHoldView {
    at: Timestamp,
    by: String,
    reason: String,
}

#[derive(Serialize)]
struct RetentionView {
    legal_hold: Option<LegalHoldView>,
    transfer_required_at: Option<Timestamp>,
    transferred_at: Option<Timestamp>,
    anonymised_at: Option<Timestamp>,
}

impl From<RetentionState> for RetentionView {
    fn from(s: RetentionState) -> Self {
        Self {
            legal_hold: s.legal_hold.map(|h| LegalHoldView {
                at: h.at,
                by: h.by,
                reason: h.reason,
            }),
            transfer_required_at: s.transfer_required_at,
            transferred_at: s.transferred_at,
            anonymised_at: s.anonymised_at,
        }
    }
}

async fn show(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
) -> Result<Json<RetentionView>, ApiError> {
    let id: ConversationId = id.parse().map_err(|_| ApiError::NotFound)?;
    Ok(Json(state.engine.retention_state(org.id, id).await?.into()))
}

/// What a PATCH asks, applied in this order.
#[derive(Default)]
struct Change {
    /// `Some(Some(reason))` sets the hold, `Some(None)` lifts it.
    legal_hold: Option<Option<String>>,
    transfer_required: Option<bool>,
    transferred: bool,
}

async fn update(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<RetentionView>, ApiError> {
    let id: ConversationId = id.parse().map_err(|_| ApiError::NotFound)?;
    let change = parse_change(&body)?;
    let engine = &state.engine;
    let mut result = None;
    match change.legal_hold {
        Some(Some(reason)) => {
            result = Some(engine.set_legal_hold(org.id, id, "api", &reason).await?)
        }
        Some(None) => result = Some(engine.lift_legal_hold(org.id, id, "api").await?),
        None => {}
    }
    if let Some(required) = change.transfer_required {
        result = Some(
            engine
                .mark_for_transfer(org.id, id, required, "api")
                .await?,
        );
    }
    if change.transferred {
        result = Some(engine.mark_transferred(org.id, id, "api").await?);
    }
    let state = match result {
        Some(s) => s,
        None => engine.retention_state(org.id, id).await?,
    };
    Ok(Json(state.into()))
}

/// `legal_hold`: `{"reason": "…"}` or null; `transfer_required`: a boolean; `transferred`:
/// `true`. Every problem at once.
fn parse_change(body: &[u8]) -> Result<Change, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("The body is not valid JSON: {e}")))?;
    let Some(object) = value.as_object() else {
        return Err(ApiError::InvalidParams(vec![InvalidParam {
            name: "body".into(),
            reason: "must be a JSON object".into(),
        }]));
    };
    let mut change = Change::default();
    let mut problems = Vec::new();
    for (name, v) in object {
        let problem = match (name.as_str(), v) {
            ("legal_hold", Value::Null) => {
                change.legal_hold = Some(None);
                None
            }
            ("legal_hold", Value::Object(hold)) => match hold.get("reason") {
                Some(Value::String(reason)) if hold.len() == 1 => {
                    change.legal_hold = Some(Some(reason.clone()));
                    None
                }
                _ => Some("must be {\"reason\": \"…\"} or null"),
            },
            ("legal_hold", _) => Some("must be {\"reason\": \"…\"} or null"),
            ("transfer_required", Value::Bool(b)) => {
                change.transfer_required = Some(*b);
                None
            }
            ("transfer_required", _) => Some("must be true or false"),
            ("transferred", Value::Bool(true)) => {
                change.transferred = true;
                None
            }
            ("transferred", _) => Some("can only be true (a transfer is not undone)"),
            _ => Some("unknown field"),
        };
        if let Some(reason) = problem {
            problems.push(InvalidParam {
                name: name.clone(),
                reason: reason.into(),
            });
        }
    }
    if problems.is_empty() {
        Ok(change)
    } else {
        problems.sort_by(|a, b| a.name.cmp(&b.name));
        Err(ApiError::InvalidParams(problems))
    }
}
