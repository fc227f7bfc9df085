//! Loket's HTTP surface: provider webhooks, the REST API v1, health checks, web pages.
//! Handlers are thin: they parse HTTP, call one engine operation and shape the answer.

pub mod api;
pub mod audit;
pub mod error;
mod health;
pub mod live;
mod middleware;
pub mod pages;
mod privacy_problem;
mod server;
pub mod webhooks;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use loket_engine::Engine;
use tokio::net::TcpListener;

pub use error::ApiError;
pub use server::{ServerLimits, serve_with};

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub engine: Engine,
    /// SHA-256 hashes of the deployment's admin tokens (see `docs/configuration.md`).
    pub admin_token_hashes: Arc<Vec<String>>,
    /// What the web pages need from the configuration (public URL, themes).
    pub web: pages::settings::WebSettings,
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(health::routes())
        .nest("/webhooks", webhooks::routes())
        .nest("/api/v1", api::routes(state.clone()))
        .merge(pages::routes(state.clone()))
        .merge(live::routes().with_state(state.clone()))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::middleware::from_fn(middleware::limit_uri))
        .layer(axum::middleware::from_fn(middleware::problem_errors))
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            pages::headers::hsts,
        ))
        .layer(middleware::trace_layer())
        .with_state(state)
}

/// Serve on a bound listener with the default [`ServerLimits`] until `shutdown`
/// completes; in-flight requests are drained.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, app, shutdown, ServerLimits::default()).await
}
