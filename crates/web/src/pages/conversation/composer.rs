//! The composer: reply, internal note, attachments, the template picker when the window
//! has closed. Owned by the composer part.

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
