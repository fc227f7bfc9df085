//! REST API v1: JSON, problem+json errors, an `API-Version` header, bearer tokens per
//! organisation, OpenAPI at `/api/v1/openapi.json`. No trailing slashes.

mod admin;
pub mod auth;
mod conversations;
mod messages;
mod templates;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

/// The version of this API's contract (semantic versioning, NL API Design Rules).
pub const API_VERSION: &str = "1.0.0";

const OPENAPI: &str = include_str!("openapi.json");

pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .merge(conversations::routes())
        .merge(messages::routes())
        .merge(templates::routes())
        .merge(admin::routes())
        .fallback(crate::error::not_found)
        .layer(axum::middleware::from_fn(api_version))
        .with_state(state)
}

async fn api_version(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert("api-version", HeaderValue::from_static(API_VERSION));
    response
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}
