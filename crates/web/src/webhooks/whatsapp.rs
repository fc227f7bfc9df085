//! `/webhooks/whatsapp`: Meta's verification handshake (GET) and notifications (POST).
//!
//! POST order matters: size limit, then the signature over the raw bytes, then parsing,
//! then one commit; 200 only after the commit. A bad signature stores nothing.

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use loket_channels::whatsapp::parse::{ParseError, parse_webhook};

use crate::{ApiError, AppState};

/// Meta's documented maximum webhook payload.
pub const MAX_BODY: usize = 3 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/whatsapp", get(handshake).post(notify))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

/// Echo the challenge when the verify token is one of ours.
async fn handshake(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mode_ok = q.get("hub.mode").is_some_and(|m| m == "subscribe");
    let token_ok = q
        .get("hub.verify_token")
        .is_some_and(|t| state.engine.verify_token_matches(t));
    match (mode_ok && token_ok, q.get("hub.challenge")) {
        (true, Some(challenge)) => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            challenge.clone(),
        )
            .into_response(),
        _ => ApiError::Forbidden("The verify token does not match.").into_response(),
    }
}

async fn notify(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::PayloadTooLarge(format!("Webhook bodies are limited to {MAX_BODY} bytes."))
        }
        _ => ApiError::BadRequest(rejection.body_text()),
    })?;
    let signature = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::Unauthorised(
            "The X-Hub-Signature-256 header is missing.",
        ))?;
    let signed_by = state.engine.meta_apps_signing(&body, signature);
    if signed_by.is_empty() {
        return Err(ApiError::Unauthorised(
            "The X-Hub-Signature-256 signature does not match.",
        ));
    }
    let events = parse_webhook(&body).map_err(|e| match e {
        ParseError::NotJson(d) => ApiError::BadRequest(format!("The body is not valid JSON: {d}")),
        ParseError::NotAnEnvelope(d) => {
            ApiError::BadRequest(format!("The body is not a WhatsApp webhook: {d}"))
        }
    })?;
    let started = std::time::Instant::now();
    let receipt = state
        .engine
        .submit_from_meta(events, &signed_by)
        .await
        .map_err(|e| {
            // Meta will retry: nothing is lost by answering 500 here.
            ApiError::Internal(anyhow::Error::new(e).context("ingesting a WhatsApp webhook"))
        })?;
    metrics::histogram!("loket_webhook_ack_seconds").record(started.elapsed().as_secs_f64());
    metrics::counter!("loket_inbound_messages_total").increment(receipt.messages_created as u64);
    metrics::counter!("loket_inbound_duplicates_total").increment(receipt.duplicates as u64);
    tracing::debug!(
        created = receipt.messages_created,
        duplicates = receipt.duplicates,
        "webhook ingested"
    );
    Ok((StatusCode::OK, "EVENT_RECEIVED").into_response())
}
