//! `GET /api/v1/conversations` and `GET /api/v1/conversations/{id}`.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use loket_domain::conversation::ConversationStatus;
use loket_domain::{ChannelId, ConversationId};
use loket_engine::query::ConversationDetail;
use loket_store::{ConversationFilter, ConversationRecord, PageRequest};
use serde::Serialize;

use super::auth::OrgAuth;
use crate::error::InvalidParam;
use crate::{ApiError, AppState};

const DEFAULT_LIMIT: u32 = 25;
const MAX_LIMIT: u32 = 100;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/conversations", get(list))
        .route("/conversations/{id}", get(show))
}

#[derive(Serialize)]
struct ListBody {
    items: Vec<ConversationRecord>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<ListBody>, ApiError> {
    let (filter, page) = parse_list_params(&params)?;
    let found = state.engine.list_conversations(org.id, &filter, page).await?;
    Ok(Json(ListBody { items: found.items, next_cursor: found.next.map(|id| id.to_string()) }))
}

async fn show(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
) -> Result<Json<ConversationDetail>, ApiError> {
    // An id that is not even a UUID cannot exist: same answer as another org's id.
    let id: ConversationId = id.parse().map_err(|_| ApiError::NotFound)?;
    Ok(Json(state.engine.conversation_detail(org.id, id).await?))
}

/// Every problem at once, as `invalidParams`.
fn parse_list_params(params: &HashMap<String, String>) -> Result<(ConversationFilter, PageRequest), ApiError> {
    let mut problems = Vec::new();
    let mut filter = ConversationFilter::default();
    let mut page = PageRequest { after: None, limit: DEFAULT_LIMIT };
    let mut bad = |name: &str, reason: String| problems.push(InvalidParam { name: name.into(), reason });
    for (name, value) in params {
        match name.as_str() {
            "status" => match value.parse::<ConversationStatus>() {
                Ok(s) => filter.status = Some(s),
                Err(e) => bad(name, e.to_string()),
            },
            "channel" => match value.parse::<ChannelId>() {
                Ok(c) => filter.channel = Some(c),
                Err(_) => bad(name, "must be a channel id (UUID)".into()),
            },
            "assignee" => filter.assignee = Some(value.clone()),
            "label" => filter.label = Some(value.clone()),
            "cursor" => match value.parse::<ConversationId>() {
                Ok(c) => page.after = Some(c),
                Err(_) => bad(name, "must be the next_cursor of a previous page".into()),
            },
            "limit" => match value.parse::<u32>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => page.limit = n,
                _ => bad(name, format!("must be a whole number from 1 to {MAX_LIMIT}")),
            },
            _ => bad(name, "unknown parameter".into()),
        }
    }
    if problems.is_empty() {
        Ok((filter, page))
    } else {
        problems.sort_by(|a, b| a.name.cmp(&b.name));
        Err(ApiError::InvalidParams(problems))
    }
}
