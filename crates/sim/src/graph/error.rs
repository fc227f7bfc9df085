//! Meta's error object for the outbound endpoints: `"(#<code>) <title>"`, `type:
//! "OAuthException"`, `error_data.details`, and the `fbtrace_id` added on the way out.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::graph_error;

/// One refusal: the HTTP status and Meta's error object (without `fbtrace_id`).
#[derive(Debug, Clone)]
pub(crate) struct MetaError {
    pub status: StatusCode,
    pub code: u32,
    pub error: Value,
}

impl MetaError {
    /// HTTP 400, `message: "(#code) title"`, `error_data: {messaging_product, details}`.
    pub fn new(code: u32, title: &str, details: impl Into<String>) -> Self {
        let error = json!({
            "message": format!("(#{code}) {title}"),
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details.into()},
        });
        Self {
            status: StatusCode::BAD_REQUEST,
            code,
            error,
        }
    }

    /// 100: a parameter is malformed or out of range.
    pub fn invalid(details: impl Into<String>) -> Self {
        Self::new(100, "Invalid parameter", details)
    }

    /// 131008: a required parameter is missing.
    pub fn missing(path: &str) -> Self {
        Self::new(
            131008,
            "Required parameter is missing",
            format!("The parameter {path} is required."),
        )
    }

    /// 131009: a value is not valid (e.g. an unknown wamid on mark-as-read).
    pub fn invalid_value(details: impl Into<String>) -> Self {
        Self::new(131009, "Parameter value is not valid", details)
    }

    /// 131053: the upload (or an unsupported media type) failed.
    pub fn media_upload(details: impl Into<String>) -> Self {
        Self::new(131053, "Media upload error", details)
    }

    /// 132000: the number (or names) of template parameters does not match.
    pub fn template_params(details: impl Into<String>) -> Self {
        Self::new(
            132000,
            "Number of parameters does not match the expected number of params",
            details,
        )
    }

    /// 132001: no approved template with that name in that language.
    pub fn template_missing(details: impl Into<String>) -> Self {
        Self::new(
            132001,
            "Template name does not exist in the translation",
            details,
        )
    }

    /// 132012: parameters given in the wrong format (named vs positional, wrong type).
    pub fn template_format(details: impl Into<String>) -> Self {
        Self::new(
            132012,
            "Parameter format does not match format in the created template",
            details,
        )
    }

    /// 131047 as a synchronous refusal.
    pub fn re_engagement() -> Self {
        Self::new(
            131047,
            "Re-engagement message",
            crate::window::RE_ENGAGEMENT_DETAILS,
        )
    }

    /// An extra field on the error object (`error_subcode`, `is_transient`, …).
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.error[key] = value.into();
        self
    }

    pub fn into_response(self) -> Response {
        graph_error(self.status, self.error)
    }
}

/// The `errors[]` entry of a `failed` status webhook (§2.3).
pub(crate) fn status_error(code: u32, title: &str, details: &str) -> Value {
    json!({
        "code": code,
        "title": title,
        "message": title,
        "error_data": {"details": details},
        "href": "/documentation/business-messaging/whatsapp/support/error-codes",
    })
}
