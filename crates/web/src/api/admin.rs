//! Deployment administration: webhooks no channel could take (unrouted events).

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use loket_domain::{EventId, Timestamp};
use serde::Serialize;

use super::auth::AdminAuth;
use super::routes::ApiRoutes;
use crate::error::InvalidParam;
use crate::{ApiError, AppState};

pub(super) fn routes(routes: ApiRoutes) -> ApiRoutes {
    routes.get("/admin/unrouted-events", unrouted)
}

#[derive(Serialize)]
struct UnroutedView {
    id: EventId,
    phone_number_id: String,
    received_at: Timestamp,
    replayed_at: Option<Timestamp>,
    event: loket_domain::inbound::AddressedEvent,
    /// The stored event could not be decoded; `event` is a stand-in.
    unreadable: bool,
}

#[derive(Serialize)]
struct UnroutedBody {
    items: Vec<UnroutedView>,
}

async fn unrouted(
    State(state): State<AppState>,
    _admin: AdminAuth,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<UnroutedBody>, ApiError> {
    let include_replayed = match params.get("include_replayed").map(String::as_str) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            return Err(ApiError::InvalidParams(vec![InvalidParam {
                name: "include_replayed".into(),
                reason: "must be true or false".into(),
            }]));
        }
    };
    let events = state
        .engine
        .list_unrouted_events(include_replayed, 200)
        .await?;
    let items = events
        .into_iter()
        .map(|e| UnroutedView {
            id: e.id,
            phone_number_id: e.phone_number_id,
            received_at: e.received_at,
            replayed_at: e.replayed_at,
            event: e.event,
            unreadable: e.unreadable,
        })
        .collect();
    Ok(Json(UnroutedBody { items }))
}
