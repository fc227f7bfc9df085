//! `GET /api/v1/templates` and `POST /api/v1/templates/sync`.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use loket_domain::ChannelId;
use loket_store::TemplateRecord;
use serde::Serialize;

use super::auth::OrgAuth;
use crate::error::InvalidParam;
use crate::{ApiError, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/templates", get(list))
        .route("/templates/sync", post(sync))
}

#[derive(Serialize)]
struct TemplatesBody {
    items: Vec<TemplateRecord>,
}

async fn list(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<TemplatesBody>, ApiError> {
    let mut channel = None;
    for (name, value) in &params {
        match name.as_str() {
            "channel" => {
                channel = Some(
                    value
                        .parse::<ChannelId>()
                        .map_err(|_| invalid("channel", "must be a channel id"))?,
                )
            }
            other => return Err(invalid(other, "unknown parameter")),
        }
    }
    let items = state
        .engine
        .store()
        .list_templates(org.id, channel)
        .await
        .map_err(loket_engine::EngineError::from)?;
    Ok(Json(TemplatesBody { items }))
}

/// Fetch every channel's templates from Meta now, then list them.
async fn sync(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
) -> Result<Json<TemplatesBody>, ApiError> {
    let items = state.engine.sync_all_templates(org.id).await?;
    Ok(Json(TemplatesBody { items }))
}

fn invalid(name: &str, reason: &str) -> ApiError {
    ApiError::InvalidParams(vec![InvalidParam {
        name: name.into(),
        reason: reason.into(),
    }])
}
