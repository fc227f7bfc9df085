//! The HTTP side: Graph API routes under `/v23.0`, the lookaside download URL, Meta's error
//! envelope and access-token checks; the outbound endpoints (messages, media upload,
//! template listing) in their modules.

pub(crate) mod error;
mod interactive;
pub(crate) mod media;
pub(crate) mod messages;
mod template_send;
pub(crate) mod templates;
mod upload;
mod validate;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use loket_channels::whatsapp::escape::to_meta_json;
use serde_json::{Value, json};

use crate::GRAPH_VERSION;
use crate::sim::Shared;
use crate::stats::{RequestRecord, bump};

/// The path of the download URL, as on `lookaside.fbsbx.com`.
pub(crate) const ATTACHMENTS_PATH: &str = "/whatsapp_business/attachments/";

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let graph = Router::new()
        .route(
            "/{object_id}",
            get(media::media_info).delete(upload::delete),
        )
        .route("/{object_id}/messages", post(messages::send))
        .route(
            "/{object_id}/media",
            post(upload::upload).layer(DefaultBodyLimit::max(upload::UPLOAD_BODY_LIMIT)),
        )
        .route("/{object_id}/message_templates", get(templates::list));
    Router::new()
        .nest(&format!("/{GRAPH_VERSION}"), graph)
        .route(ATTACHMENTS_PATH, get(media::download))
        .route(ATTACHMENTS_PATH.trim_end_matches('/'), get(media::download))
        .fallback(unknown_path)
        .layer(middleware::from_fn_with_state(shared.clone(), log_request))
        .with_state(shared)
}

/// Records every request in the log, with the clock's time.
async fn log_request(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let path = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().path().to_owned(), |pq| pq.to_string());
    let response = next.run(request).await;
    tracing::debug!(%method, %path, status = response.status().as_u16(), "graph sim request");
    shared.log.push(RequestRecord {
        at: shared.clock.now(),
        method,
        path,
        status: response.status().as_u16(),
    });
    response
}

async fn unknown_path() -> Response {
    graph_error(
        StatusCode::BAD_REQUEST,
        json!({"message": "Unknown path components", "type": "OAuthException", "code": 2500}),
    )
}

/// A JSON response encoded like Meta's (compact, `\/`, `\uXXXX`).
pub(crate) fn meta_json(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, to_meta_json(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=UTF-8"),
    );
    response
}

/// Meta's error envelope `{"error":{…,"fbtrace_id":"…"}}` around `error`.
pub(crate) fn graph_error(status: StatusCode, mut error: Value) -> Response {
    error["fbtrace_id"] = Value::String(crate::ids::fbtrace_id());
    meta_json(status, &json!({ "error": error }))
}

/// Graph code 2: a transient server-side failure (the 500 of the fault switches).
pub(crate) fn transient_error() -> Response {
    graph_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        json!({
            "message": "An unexpected error has occurred. Please retry your request later.",
            "type": "OAuthException",
            "is_transient": true,
            "code": 2,
        }),
    )
}

/// Graph code 100, subcode 33: the object does not exist (or has expired).
pub(crate) fn unknown_object(id: &str) -> Response {
    let message = format!(
        "Unsupported get request. Object with ID '{id}' does not exist, cannot be loaded due to \
         missing permissions, or does not support this operation. Please read the Graph API \
         documentation at https://developers.facebook.com/docs/graph-api"
    );
    graph_error(
        StatusCode::BAD_REQUEST,
        json!({"message": message, "type": "GraphMethodException", "code": 100, "error_subcode": 33}),
    )
}

/// Checks `Authorization: Bearer <access token>` (or, for Graph calls, `?access_token=`).
/// `Some` is the refusal to send: 401 with Graph code 190 for a missing or wrong token.
pub(crate) fn refuse_unauthorized(
    shared: &Shared,
    headers: &HeaderMap,
    query_token: Option<&str>,
) -> Option<Response> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    let message = match bearer.or(query_token) {
        Some(token) if token == shared.config.access_token => return None,
        Some(_) => "(#190) Invalid OAuth access token - Cannot parse access token",
        None => "(#190) An active access token must be used to query this resource.",
    };
    bump(&shared.counters.unauthorized);
    let mut response = graph_error(
        StatusCode::UNAUTHORIZED,
        json!({"message": message, "type": "OAuthException", "code": 190}),
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(
            r#"OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token""#,
        ),
    );
    Some(response)
}
