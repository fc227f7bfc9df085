//! `/api/v1/saved-replies`: the organisation's saved replies for integrators — list
//! (`?q=` as the composer's picker matches), create, change, delete. Another
//! organisation's id answers 404; a taken shortcut 409; every bad field 400 at once.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use loket_domain::{SavedReplyId, TeamId};
use loket_engine::replies::SavedReplyPatch;
use serde_json::Value;

use super::auth::OrgAuth;
use super::routes::ApiRoutes;
use super::views::{Items, SavedReplyView};
use crate::error::InvalidParam;
use crate::{ApiError, AppState};

pub(super) fn routes(routes: ApiRoutes) -> ApiRoutes {
    routes
        .get("/saved-replies", list)
        .post("/saved-replies", create)
        .patch("/saved-replies/{id}", update)
        .delete("/saved-replies/{id}", delete)
}

async fn list(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Items<SavedReplyView>>, ApiError> {
    let mut query = "";
    for (name, value) in &params {
        match name.as_str() {
            "q" => query = value,
            other => return Err(invalid(vec![(other, "unknown parameter".into())])),
        }
    }
    let replies = state.engine.list_saved_replies(org.id, None, query).await?;
    Ok(Json(Items::of(replies)))
}

async fn create(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    body: Bytes,
) -> Result<(StatusCode, Json<SavedReplyView>), ApiError> {
    let patch = parse(&body)?;
    let mut missing = Vec::new();
    for (name, given) in [
        ("shortcut", &patch.shortcut),
        ("title", &patch.title),
        ("text", &patch.text),
    ] {
        if given.is_none() {
            missing.push((name, "is required".to_owned()));
        }
    }
    if !missing.is_empty() {
        return Err(invalid(missing));
    }
    let field = |f: &Option<String>| f.clone().unwrap_or_default();
    let created = (state.engine)
        .create_saved_reply(
            org.id,
            &field(&patch.shortcut),
            &field(&patch.title),
            &field(&patch.text),
            patch.team.flatten(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

async fn update(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<SavedReplyView>, ApiError> {
    let id: SavedReplyId = id.parse().map_err(|_| ApiError::NotFound)?;
    let patch = parse(&body)?;
    let updated = state.engine.update_saved_reply(org.id, id, &patch).await?;
    Ok(Json(updated.into()))
}

async fn delete(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id: SavedReplyId = id.parse().map_err(|_| ApiError::NotFound)?;
    state.engine.delete_saved_reply(org.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `shortcut`, `title`, `text` (strings) and `team` (a team id, or null for everyone);
/// whether they are acceptable is the engine's rule. Every problem at once.
fn parse(body: &[u8]) -> Result<SavedReplyPatch, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("The body is not valid JSON: {e}")))?;
    let Some(object) = value.as_object() else {
        return Err(invalid(vec![("body", "must be a JSON object".into())]));
    };
    let mut patch = SavedReplyPatch::default();
    let mut problems = Vec::new();
    for (name, v) in object {
        let text = || v.as_str().map(str::to_owned);
        match (name.as_str(), v) {
            ("shortcut", Value::String(_)) => patch.shortcut = text(),
            ("title", Value::String(_)) => patch.title = text(),
            ("text", Value::String(_)) => patch.text = text(),
            ("shortcut" | "title" | "text", _) => {
                problems.push((name.as_str(), "must be a string".into()))
            }
            ("team", Value::Null) => patch.team = Some(None),
            ("team", Value::String(s)) if s.trim().parse::<TeamId>().is_ok() => {
                patch.team = Some(s.trim().parse().ok());
            }
            ("team", _) => problems.push((
                "team",
                "is no team of this organisation (a team id or null)".into(),
            )),
            (other, _) => problems.push((other, "unknown field".into())),
        }
    }
    if problems.is_empty() {
        Ok(patch)
    } else {
        Err(invalid(problems))
    }
}

fn invalid(problems: Vec<(&str, String)>) -> ApiError {
    let mut params: Vec<InvalidParam> = problems
        .into_iter()
        .map(|(name, reason)| InvalidParam {
            name: name.chars().take(100).collect(),
            reason,
        })
        .collect();
    params.sort_by(|a, b| a.name.cmp(&b.name));
    ApiError::InvalidParams(params)
}
