//! One error type for every handler, answered as problem+json (RFC 9457). Status codes
//! are decided here and nowhere else. 5xx bodies are generic; the cause goes to the log.

use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use loket_domain::input::excerpt;
use loket_engine::EngineError;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvalidParam {
    pub name: String,
    pub reason: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("invalid parameters")]
    InvalidParams(Vec<InvalidParam>),
    #[error("unauthorised: {0}")]
    Unauthorised(&'static str),
    #[error("forbidden")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound,
    /// Not found, saying why (e.g. media not fetched yet).
    #[error("not found: {0}")]
    NotFoundBecause(&'static str),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("payload too large")]
    PayloadTooLarge(String),
    #[error("unprocessable: {0}")]
    Unprocessable(String),
    #[error("service unavailable")]
    Unavailable,
    /// A reply holding personal data (issue 10), answered with the findings.
    #[error("personal data")]
    PersonalData(loket_domain::privacy::outbound::OutboundRefusal),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

#[derive(Debug, Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    status: u16,
    detail: String,
    #[serde(rename = "invalidParams", skip_serializing_if = "Option::is_none")]
    invalid_params: Option<&'a [InvalidParam]>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::PersonalData(refusal) = &self {
            return crate::privacy_problem::response(refusal);
        }
        let (status, title, detail) = match &self {
            Self::BadRequest(d) => (StatusCode::BAD_REQUEST, "Bad Request", d.clone()),
            Self::InvalidParams(_) => (
                StatusCode::BAD_REQUEST,
                "Bad Request",
                "Some parameters are invalid.".into(),
            ),
            Self::Unauthorised(d) => (StatusCode::UNAUTHORIZED, "Unauthorized", (*d).into()),
            Self::Forbidden(d) => (StatusCode::FORBIDDEN, "Forbidden", (*d).into()),
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "Not Found",
                "The resource does not exist.".into(),
            ),
            Self::NotFoundBecause(d) => (StatusCode::NOT_FOUND, "Not Found", (*d).into()),
            Self::Conflict(d) => (StatusCode::CONFLICT, "Conflict", d.clone()),
            Self::PayloadTooLarge(d) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Payload Too Large",
                d.clone(),
            ),
            Self::Unprocessable(d) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Unprocessable Content",
                d.clone(),
            ),
            Self::PersonalData(_) => unreachable!("answered above"),
            Self::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Service Unavailable",
                "Try again later.".into(),
            ),
            Self::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal Server Error",
                    "Something went wrong on our side.".into(),
                )
            }
        };
        let invalid_params = match &self {
            Self::InvalidParams(p) => Some(p.as_slice()),
            _ => None,
        };
        problem_response(status, title, &detail, invalid_params)
    }
}

/// A problem+json answer. Details and reasons are cut so that an error never echoes more
/// than a short excerpt of what the client sent.
pub fn problem_response(
    status: StatusCode,
    title: &str,
    detail: &str,
    invalid_params: Option<&[InvalidParam]>,
) -> Response {
    let invalid_params: Option<Vec<InvalidParam>> = invalid_params.map(|params| {
        params
            .iter()
            .map(|p| InvalidParam {
                name: excerpt(&p.name, MAX_QUOTE),
                reason: safe_text(&p.reason),
            })
            .collect()
    });
    let body = Problem {
        kind: "about:blank",
        title,
        status: status.as_u16(),
        detail: safe_text(detail),
        invalid_params: invalid_params.as_deref(),
    };
    let json = serde_json::to_string(&body).unwrap_or_else(|_| "{}".into());
    let mut response = (status, [(header::CONTENT_TYPE, PROBLEM_JSON)], json).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
    }
    response
}

pub const PROBLEM_JSON: &str = "application/problem+json";

/// Longest quoted piece of input kept in an error text (serde quotes what it refused).
const MAX_QUOTE: usize = 40;
/// Longest error text.
const MAX_TEXT: usize = 200;

/// `text` with every quoted part ("…" or `…`) cut to [`MAX_QUOTE`] characters, and the
/// whole cut to [`MAX_TEXT`].
fn safe_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_TEXT * 4));
    let mut rest = text;
    while let Some(open) = rest.find(['"', '`']) {
        let quote = &rest[open..open + 1];
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            out.push_str(&excerpt(after, MAX_QUOTE));
            rest = "";
            break;
        };
        out.push_str(&excerpt(&after[..close], MAX_QUOTE));
        out.push_str(quote);
        rest = &after[close + 1..];
        if out.chars().count() > MAX_TEXT {
            break;
        }
    }
    out.push_str(rest);
    excerpt(&out, MAX_TEXT)
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::NotFound => Self::NotFound,
            EngineError::Invalid(problems) => Self::InvalidParams(
                problems
                    .into_iter()
                    .map(|reason| InvalidParam {
                        name: "body".into(),
                        reason,
                    })
                    .collect(),
            ),
            EngineError::InvalidFields(problems) => Self::InvalidParams(
                problems
                    .into_iter()
                    .map(|p| InvalidParam {
                        name: p.field,
                        reason: p.reason,
                    })
                    .collect(),
            ),
            EngineError::WindowClosed(why) => Self::Unprocessable(why),
            EngineError::Conflict(what) => Self::Conflict(what),
            EngineError::PersonalData(refusal) => Self::PersonalData(refusal),
            EngineError::Store(e) => Self::Internal(anyhow::Error::new(e)),
            EngineError::Other(e) => Self::Internal(e),
        }
    }
}

pub async fn not_found(uri: Uri) -> ApiError {
    let _ = uri;
    ApiError::NotFound
}

/// A route that exists, asked with a method it does not serve (axum adds `Allow`).
pub async fn method_not_allowed() -> Response {
    problem_response(
        StatusCode::METHOD_NOT_ALLOWED,
        "Method Not Allowed",
        "This method is not allowed here; the Allow header lists the ones that are.",
        None,
    )
}
