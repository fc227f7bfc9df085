//! What can go wrong talking to the Graph API, classified for retrying, and explained in
//! Dutch for agents.

use loket_domain::delivery::ProviderError;

use super::wire::GraphErrorEnvelope;

mod explain;
pub use explain::explain_nl;

/// Meta error codes worth retrying after a back-off: throughput (130429), pair rate
/// (131056), app and WABA call limits (4, 80007), maintenance (131057) and the
/// unknown/temporary ones (131000, 131016, 1, 2).
pub const RETRYABLE_CODES: [i64; 9] = [130429, 131056, 4, 80007, 131057, 131000, 131016, 1, 2];

#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// No response arrived (connection refused or reset, DNS, TLS…). The request may or
    /// may not have reached Meta. Retryable. The URL is stripped from the inner error.
    #[error("transport failure talking to the Graph API: {0}")]
    Transport(#[source] reqwest::Error),
    /// The request or the body download timed out. Retryable; for sends, the outcome is
    /// unknown.
    #[error("the Graph API request timed out")]
    Timeout,
    /// Meta answered with an error body (`{"error":{…}}`). The deprecated `error_subcode`
    /// and the `type` are left out (see [`wire::GraphErrorBody`](super::wire::GraphErrorBody)).
    #[error("Graph API error {code} (HTTP {status}): {message}")]
    Api {
        status: u16,
        code: i64,
        /// The title: `error_user_title`, else `message` without its `(#code) ` prefix.
        title: String,
        /// `message` verbatim, e.g. `(#130429) Rate limit hit`.
        message: String,
        /// `error_data.details`.
        details: Option<String>,
        is_transient: bool,
        fbtrace_id: Option<String>,
    },
    /// A response we could not make sense of: a success body that is not the expected
    /// JSON, or an error status without Meta's error body (e.g. a proxy's HTML page).
    #[error("unexpected Graph API response (HTTP {status}): {detail}")]
    InvalidResponse { status: u16, detail: String },
    /// The download exceeded the caller's limit (announced or while streaming).
    #[error("the file exceeds the limit of {max_bytes} bytes")]
    TooLarge { max_bytes: u64 },
    /// The media URL is no longer valid (HTTP 404 or 410): fetch a new one with `media_info`.
    #[error("the media URL has expired")]
    Expired,
    /// We refused to send the request (a malformed media id or URL).
    #[error("invalid Graph API request: {0}")]
    InvalidRequest(String),
}

impl GraphError {
    /// Whether trying again later may succeed: transport failures, timeouts, HTTP 5xx and
    /// 429, errors Meta marks `is_transient`, and the [`RETRYABLE_CODES`]. An expired URL
    /// is not retryable as such: fetch a new URL.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(_) | Self::Timeout => true,
            Self::Api {
                status,
                code,
                is_transient,
                ..
            } => {
                *status >= 500 || *status == 429 || *is_transient || RETRYABLE_CODES.contains(code)
            }
            Self::InvalidResponse { status, .. } => *status >= 500 || *status == 429,
            Self::TooLarge { .. } | Self::Expired | Self::InvalidRequest(_) => false,
        }
    }

    /// Meta's error code, for [`GraphError::Api`].
    pub fn code(&self) -> Option<i64> {
        match self {
            Self::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// What to do about it (see [`ErrorClass`]): Meta's code decides when there is one;
    /// otherwise transport failures, timeouts, HTTP 5xx are transient and HTTP 429 is
    /// throttling.
    pub fn class(&self) -> ErrorClass {
        match self {
            Self::Api { status, code, .. } => match classify(*code) {
                ErrorClass::Permanent if *status >= 500 => ErrorClass::Transient,
                ErrorClass::Permanent if *status == 429 => ErrorClass::Throttled,
                class => class,
            },
            Self::Transport(_) | Self::Timeout => ErrorClass::Transient,
            Self::InvalidResponse { status, .. } if *status >= 500 => ErrorClass::Transient,
            Self::InvalidResponse { status: 429, .. } => ErrorClass::Throttled,
            Self::InvalidResponse { .. }
            | Self::TooLarge { .. }
            | Self::Expired
            | Self::InvalidRequest(_) => ErrorClass::Permanent,
        }
    }

    /// Meta's error as the domain keeps it (code, title, details), for [`GraphError::Api`].
    pub fn provider_error(&self) -> Option<ProviderError> {
        match self {
            Self::Api {
                code,
                title,
                details,
                ..
            } => Some(ProviderError {
                code: *code,
                title: title.clone(),
                details: details.clone(),
            }),
            _ => None,
        }
    }

    /// A reqwest error without a response (or while reading the body).
    pub(crate) fn from_reqwest(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            Self::Timeout
        } else if e.is_builder() {
            Self::InvalidRequest(e.without_url().to_string())
        } else {
            Self::Transport(e.without_url())
        }
    }

    /// An HTTP error status with its body: Meta's error envelope when it parses.
    pub(crate) fn from_error_body(status: u16, body: &[u8]) -> Self {
        match serde_json::from_slice::<GraphErrorEnvelope>(body) {
            Ok(GraphErrorEnvelope { error }) => Self::Api {
                status,
                code: error.code,
                title: error.title().to_owned(),
                details: error.error_data.and_then(|d| d.details),
                is_transient: error.is_transient.unwrap_or(false),
                fbtrace_id: error.fbtrace_id,
                message: error.message,
            },
            Err(_) => Self::InvalidResponse {
                status,
                detail: snippet(body),
            },
        }
    }
}

/// A failed send, split by what the outbox must do about it.
///
/// The split follows one question: *can Meta have accepted the message?* If certainly not,
/// sending again is safe ([`NotSent`](Self::NotSent)). If perhaps, sending again may
/// deliver it twice, so the message becomes "uncertain" and waits for a status webhook or
/// a person ([`Unknown`](Self::Unknown)).
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Meta did not accept the message: the connection failed before the request was
    /// written (refused, DNS, TLS), we refused to send it, or Meta answered with an HTTP
    /// error (its error body, or a 5xx). Safe to retry when [`GraphError::class`] says so.
    #[error("not sent: {0}")]
    NotSent(#[source] GraphError),
    /// The request may have reached Meta but no usable answer came back: a timeout or a
    /// reset after the connection was made, or a 2xx answer we could not read.
    #[error("outcome unknown: {0}")]
    Unknown(String),
}

impl SendError {
    /// The error when the message was certainly not sent.
    pub fn graph_error(&self) -> Option<&GraphError> {
        match self {
            Self::NotSent(e) => Some(e),
            Self::Unknown(_) => None,
        }
    }
}

/// What to do about a Meta error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// Too fast: back off (Meta suggests 4^n seconds) and retry. 130429, 131056, 4,
    /// 80007, 131057.
    Throttled,
    /// A temporary problem on Meta's side: retry. 1, 2, 131000, 131016 (and HTTP 5xx).
    Transient,
    /// 131047: the 24-hour window is closed; only a template can reach the resident.
    WindowClosed,
    /// 0, 190: the access token expired or was revoked; an administrator must reconnect.
    AuthExpired,
    /// Anything else: retrying the same request will fail again.
    Permanent,
}

impl ErrorClass {
    /// Whether sending the same request again later may succeed.
    pub fn is_retryable(self) -> bool {
        matches!(self, Self::Throttled | Self::Transient)
    }
}

/// The [`ErrorClass`] of a Meta error code.
pub fn classify(code: i64) -> ErrorClass {
    match code {
        130429 | 131056 | 4 | 80007 | 131057 => ErrorClass::Throttled,
        1 | 2 | 131000 | 131016 => ErrorClass::Transient,
        131047 => ErrorClass::WindowClosed,
        0 | 190 => ErrorClass::AuthExpired,
        _ => ErrorClass::Permanent,
    }
}

/// The start of a body for an error message: at most 200 characters, lossy UTF-8.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(800)]);
    let mut out: String = text.chars().take(200).collect();
    if out.len() < text.len() || body.len() > 800 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, code: i64) -> GraphError {
        GraphError::Api {
            status,
            code,
            title: String::new(),
            message: String::new(),
            details: None,
            is_transient: false,
            fbtrace_id: None,
        }
    }

    #[test]
    fn throttling_and_temporary_codes_are_retryable_and_request_errors_are_not() {
        for code in RETRYABLE_CODES {
            assert!(api(400, code).is_retryable(), "{code}");
        }
        for code in [100, 131047, 131026, 190, 132001] {
            assert!(!api(400, code).is_retryable(), "{code}");
        }
        assert!(api(503, 100).is_retryable());
        assert!(GraphError::Timeout.is_retryable());
        assert!(!GraphError::Expired.is_retryable());
        assert!(!GraphError::TooLarge { max_bytes: 1 }.is_retryable());
    }

    #[test]
    fn each_documented_code_falls_in_its_class() {
        for code in [130429, 131056, 4, 80007, 131057] {
            assert_eq!(classify(code), ErrorClass::Throttled, "{code}");
        }
        for code in [1, 2, 131000, 131016] {
            assert_eq!(classify(code), ErrorClass::Transient, "{code}");
        }
        assert_eq!(classify(131047), ErrorClass::WindowClosed);
        assert_eq!(classify(0), ErrorClass::AuthExpired);
        assert_eq!(classify(190), ErrorClass::AuthExpired);
        for code in [
            131026, 131051, 132000, 132001, 132012, 133010, 100, 368, 10, 999_999,
        ] {
            assert_eq!(classify(code), ErrorClass::Permanent, "{code}");
        }
    }

    #[test]
    fn the_retryable_codes_and_the_retryable_classes_agree() {
        for code in RETRYABLE_CODES {
            assert!(classify(code).is_retryable(), "{code}");
        }
        assert!(!ErrorClass::WindowClosed.is_retryable());
        assert!(!ErrorClass::AuthExpired.is_retryable());
    }

    #[test]
    fn an_error_without_a_known_code_is_classed_by_its_http_status() {
        assert_eq!(api(503, 100).class(), ErrorClass::Transient);
        assert_eq!(api(429, 100).class(), ErrorClass::Throttled);
        assert_eq!(api(400, 100).class(), ErrorClass::Permanent);
        assert_eq!(api(500, 131047).class(), ErrorClass::WindowClosed);
        assert_eq!(GraphError::Timeout.class(), ErrorClass::Transient);
        let gateway = GraphError::InvalidResponse {
            status: 502,
            detail: String::new(),
        };
        assert_eq!(gateway.class(), ErrorClass::Transient);
        assert_eq!(GraphError::Expired.class(), ErrorClass::Permanent);
    }

    #[test]
    fn an_api_error_converts_to_the_domain_provider_error() {
        let e = GraphError::Api {
            status: 400,
            code: 131047,
            title: "Re-engagement message".into(),
            message: "(#131047) Re-engagement message".into(),
            details: Some("More than 24 hours".into()),
            is_transient: false,
            fbtrace_id: None,
        };
        let p = e.provider_error().unwrap();
        assert_eq!(
            (p.code, p.title.as_str()),
            (131047, "Re-engagement message")
        );
        assert_eq!(p.details.as_deref(), Some("More than 24 hours"));
        assert!(GraphError::Timeout.provider_error().is_none());
    }

    #[test]
    fn the_error_stays_small_enough_to_return_by_value() {
        assert!(std::mem::size_of::<GraphError>() < 128);
    }

    #[test]
    fn a_non_meta_error_body_is_an_invalid_response_with_a_short_snippet() {
        let body = "<html>".repeat(1000);
        let e = GraphError::from_error_body(502, body.as_bytes());
        let GraphError::InvalidResponse { status, detail } = &e else {
            panic!("{e:?}");
        };
        assert_eq!(*status, 502);
        assert!(detail.chars().count() <= 201);
        assert!(e.is_retryable());
    }
}
