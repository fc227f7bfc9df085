//! The side panel: the resident (name, notes, other conversations, block) and the
//! actions (assign, status, labels, priority). Owned by the actions part.

use axum::Router;
use loket_engine::EngineError;

use super::Context;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}

pub async fn render(_cx: &Context<'_>) -> Result<String, EngineError> {
    Ok(String::new())
}
