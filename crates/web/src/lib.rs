//! Loket's HTTP surface: provider webhooks, the REST API v1, health checks.
//! Handlers are thin: they parse HTTP, call one engine operation and shape the answer.

pub mod api;
pub mod error;
mod health;
mod middleware;
pub mod webhooks;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use loket_engine::Engine;
use tokio::net::TcpListener;

pub use error::ApiError;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub engine: Engine,
    /// SHA-256 hashes of the deployment's admin tokens (see `docs/configuration.md`).
    pub admin_token_hashes: Arc<Vec<String>>,
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(health::routes())
        .nest("/webhooks", webhooks::routes())
        .nest("/api/v1", api::routes(state.clone()))
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(middleware::trace_layer())
        .with_state(state)
}

/// Serve on a bound listener until `shutdown` completes; in-flight requests are drained.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
