//! `POST /api/v1/checks/personal-data`: personal data in a text, for the composer and
//! integrations, before anything is sent or stored. Nothing is stored or logged.

use axum::Json;
use axum::extract::Request;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use loket_domain::pii;
use serde::Serialize;
use serde_json::Value;

use super::auth::OrgAuth;
use super::routes::ApiRoutes;
use crate::ApiError;
use crate::error::InvalidParam;

/// The largest text checked, in bytes of UTF-8 (64 KB).
pub const MAX_TEXT: usize = 64 * 1024;
/// The largest body: the text written entirely as `\uXXXX` escapes, plus room.
const MAX_BODY: usize = 6 * MAX_TEXT + 1024;

pub(super) fn routes(routes: ApiRoutes) -> ApiRoutes {
    routes.post("/checks/personal-data", personal_data)
}

#[derive(Serialize)]
struct FindingView {
    kind: &'static str,
    value: String,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Findings {
    findings: Vec<FindingView>,
}

async fn personal_data(_: OrgAuth, request: Request) -> Result<Json<Findings>, ApiError> {
    let body = read_body(request).await?;
    let text = text_of(&body)?;
    if text.len() > MAX_TEXT {
        return Err(too_large());
    }
    let findings = pii::find(&text)
        .into_iter()
        .map(|f| FindingView {
            kind: f.kind.as_str(),
            value: f.value,
            start: f.start,
            end: f.end,
        })
        .collect();
    Ok(Json(Findings { findings }))
}

fn too_large() -> ApiError {
    ApiError::PayloadTooLarge(format!("The text may hold at most {MAX_TEXT} bytes."))
}

async fn read_body(request: Request) -> Result<axum::body::Bytes, ApiError> {
    match Limited::new(request.into_body(), MAX_BODY).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Err(_) => Err(ApiError::BadRequest(
            "The request body could not be read.".into(),
        )),
    }
}

/// The `text` of a JSON object body. The error never quotes the body: it may be the very
/// personal data being checked.
fn text_of(body: &[u8]) -> Result<String, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| ApiError::BadRequest("The body is not valid JSON.".into()))?;
    match value.get("text") {
        Some(Value::String(text)) => Ok(text.clone()),
        Some(_) => Err(invalid("must be a string")),
        None => Err(invalid("is required")),
    }
}

fn invalid(reason: &str) -> ApiError {
    ApiError::InvalidParams(vec![InvalidParam {
        name: "text".into(),
        reason: reason.into(),
    }])
}
