//! `GET /inbox/{id}/replies?q=…`: the composer's `/shortcut` picker asks for the saved
//! replies matching what the agent typed after the slash, each already filled for this
//! conversation (the resident's first name, the organisation, the agent…). JSON for
//! `composer.js`; another organisation's conversation answers 404.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use loket_domain::ConversationId;
use loket_engine::EngineError;
use serde::{Deserialize, Serialize};

use super::super::super::account::failure;
use super::super::super::session::SignedIn;
use crate::AppState;

/// Longest query looked at: a shortcut is at most 32 characters, a title 100.
const MAX_QUERY_CHARS: usize = 100;

#[derive(Deserialize)]
pub struct PickerQuery {
    #[serde(default)]
    q: String,
}

#[derive(Serialize)]
pub struct PickerItems {
    items: Vec<PickerItem>,
}

/// One saved reply as the picker shows and inserts it.
#[derive(Serialize)]
pub struct PickerItem {
    shortcut: String,
    title: String,
    /// Filled for this conversation; a variable without a value stays as `{{name}}`.
    text: String,
    /// The variables left to fill in by hand (names without braces).
    missing: Vec<String>,
}

pub async fn picker(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<PickerQuery>,
) -> Response {
    let (Some(org), Ok(conversation)) = (signed_in.org_id, id.parse::<ConversationId>()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let agent = signed_in.session.view.user_id;
    let typed: String = query.q.chars().take(MAX_QUERY_CHARS).collect();
    match (state.engine)
        .saved_replies_for(org, conversation, agent, &typed)
        .await
    {
        Ok(found) => Json(PickerItems {
            items: found
                .into_iter()
                .map(|f| PickerItem {
                    shortcut: f.reply.shortcut,
                    title: f.reply.title,
                    text: f.filled.text,
                    missing: f.filled.missing,
                })
                .collect(),
        })
        .into_response(),
        Err(EngineError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => failure(error),
    }
}
