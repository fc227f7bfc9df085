//! REST API v1: JSON, problem+json errors, an `API-Version` header, bearer tokens per
//! organisation, OpenAPI at `/api/v1/openapi.json`. No trailing slashes.

mod admin;
pub mod auth;
mod checks;
mod contact_requests;
mod conversations;
mod knowledge;
mod knowledge_synonyms;
pub(crate) mod media;
mod messages;
mod residents;
mod retention;
mod routes;
mod saved_replies;
mod search;
mod templates;
mod views;
mod wrap_up;

pub(crate) use residents::zip_download;
pub(crate) use views::live_item_view;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use routes::ApiRoutes;

/// The version of this API's contract (semantic versioning, NL API Design Rules).
pub const API_VERSION: &str = "1.0.0";

/// The contract (spec-first): served as is, and checked against the route table and real
/// answers by the contract tests.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Every API operation, in one table.
fn table() -> ApiRoutes {
    let routes = ApiRoutes::default().get("/openapi.json", openapi);
    let routes = conversations::routes(routes);
    let routes = search::routes(routes);
    let routes = messages::routes(routes);
    let routes = media::routes(routes);
    let routes = templates::routes(routes);
    let routes = saved_replies::routes(routes);
    let routes = contact_requests::routes(routes);
    let routes = knowledge_synonyms::routes(routes);
    let routes = knowledge::routes(routes);
    let routes = residents::routes(routes);
    let routes = retention::routes(routes);
    let routes = checks::routes(routes);
    admin::routes(routes)
}

/// `(method, path)` of every operation the API serves, paths relative to `/api/v1`.
pub fn served_operations() -> Vec<(axum::http::Method, &'static str)> {
    table().operations().to_vec()
}

pub fn routes(state: AppState) -> Router<AppState> {
    table()
        .into_router()
        .fallback(crate::error::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::audit::api,
        ))
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
