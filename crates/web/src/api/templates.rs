//! `GET /api/v1/templates` and `POST /api/v1/templates/sync`.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use loket_domain::ChannelId;

use super::auth::OrgAuth;
use super::routes::ApiRoutes;
use super::views::{Items, TemplateView};
use crate::error::InvalidParam;
use crate::{ApiError, AppState};

pub(super) fn routes(routes: ApiRoutes) -> ApiRoutes {
    routes.get("/templates", list).post("/templates/sync", sync)
}

async fn list(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Items<TemplateView>>, ApiError> {
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
    let templates = state.engine.list_templates(org.id, channel).await?;
    Ok(Json(Items::of(templates)))
}

/// Fetch every channel's templates from Meta now, then list them.
async fn sync(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
) -> Result<Json<Items<TemplateView>>, ApiError> {
    let templates = state.engine.sync_all_templates(org.id).await?;
    Ok(Json(Items::of(templates)))
}

fn invalid(name: &str, reason: &str) -> ApiError {
    ApiError::InvalidParams(vec![InvalidParam {
        name: name.into(),
        reason: reason.into(),
    }])
}
