//! `/api/v1/knowledge/synonyms`: the organisation's own synonym list for knowledge-base
//! search, as the admin page edits it — read it, and replace it (`PUT {"text": …}`). A
//! refused list is a problem naming every bad line (`invalidParams`, each named `text`).
//! Replacing is audited as the admin page's change (`knowledge/synonyms`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use loket_domain::Timestamp;
use loket_engine::records::KbSynonymList;
use serde::Serialize;
use serde_json::Value;

use super::auth::OrgAuth;
use super::routes::ApiRoutes;
use crate::error::InvalidParam;
use crate::{ApiError, AppState};

pub(super) fn routes(routes: ApiRoutes) -> ApiRoutes {
    routes
        .get("/knowledge/synonyms", read)
        .put("/knowledge/synonyms", replace)
}

#[derive(Serialize)]
struct SynonymsView {
    /// The list in the text format of the built-in list; empty when never saved.
    text: String,
    /// When it was last saved; null when never.
    updated_at: Option<Timestamp>,
}

impl From<Option<KbSynonymList>> for SynonymsView {
    fn from(list: Option<KbSynonymList>) -> Self {
        match list {
            Some(l) => Self {
                text: l.text,
                updated_at: Some(l.updated_at),
            },
            None => Self {
                text: String::new(),
                updated_at: None,
            },
        }
    }
}

async fn read(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
) -> Result<Json<SynonymsView>, ApiError> {
    let list = state.engine.kb_synonyms(org.id).await?;
    Ok(Json(list.into()))
}

async fn replace(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    body: Bytes,
) -> Result<Json<SynonymsView>, ApiError> {
    let text = parse(&body)?;
    let saved = state.engine.set_kb_synonyms(org.id, &text).await?;
    Ok(Json(Some(saved).into()))
}

/// `{"text": "…"}` and nothing else.
fn parse(body: &[u8]) -> Result<String, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("The body is not valid JSON: {e}")))?;
    let problem = |name: &str, reason: &str| {
        ApiError::InvalidParams(vec![InvalidParam {
            name: name.chars().take(100).collect(),
            reason: reason.into(),
        }])
    };
    let Some(object) = value.as_object() else {
        return Err(problem("body", "must be a JSON object"));
    };
    if let Some(other) = object.keys().find(|k| k.as_str() != "text") {
        return Err(problem(other, "unknown field"));
    }
    match object.get("text") {
        Some(Value::String(text)) => Ok(text.clone()),
        Some(_) => Err(problem("text", "must be a string")),
        None => Err(problem("text", "is required")),
    }
}
