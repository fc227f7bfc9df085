//! Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the store answers).

use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::{ApiError, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
}

async fn ready(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    state.engine.ping().await.map_err(|e| {
        tracing::warn!(error = %e, "store not ready");
        ApiError::Unavailable
    })?;
    Ok("ready")
}
