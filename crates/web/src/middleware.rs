//! Cross-cutting HTTP concerns: security headers, no caching of API answers, every error
//! as problem+json, a bound on URI length, and request tracing without personal data.

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{MakeSpan, TraceLayer};
use tracing::Span;

/// The policy of every answer: nothing loads, nothing frames it.
pub const CSP: &str = "default-src 'none'; frame-ancestors 'none'";

pub async fn security_headers(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if is_api {
        // API answers carry residents' personal data: no browser or proxy may keep them.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // A handler may set a stricter policy of its own (served files add `sandbox`).
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CSP));
    response
}

/// Longest URI served (path and query), as most servers and proxies allow. Longer ones up
/// to hyper's own limit (64 KiB) get a 414 problem here; beyond that hyper answers itself.
const MAX_URI: usize = 8 * 1024;

pub async fn limit_uri(request: Request, next: Next) -> Response {
    let len = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if len > MAX_URI {
        return crate::error::problem_response(
            StatusCode::URI_TOO_LONG,
            "URI Too Long",
            &format!("The URI is {len} bytes long; at most {MAX_URI} are served."),
            None,
        );
    }
    next.run(request).await
}

/// Error answers made below the handlers (body limits, extractor rejections, unknown
/// methods) become problem+json too; their headers (`Allow`, …) are kept.
pub async fn problem_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| {
            t.as_bytes()
                .starts_with(crate::error::PROBLEM_JSON.as_bytes())
        });
    // A page's own error page (the CSRF refusal) is for a person: kept as it is.
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if is_problem || is_page || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Axum's rejections explain themselves in a short text; 5xx texts stay in the log.
    let text = match axum::body::to_bytes(body, 4096).await {
        Ok(bytes) if status.is_client_error() => String::from_utf8(bytes.to_vec()).ok(),
        _ => None,
    };
    let detail = text
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| default_detail(status).to_owned());
    let title = status.canonical_reason().unwrap_or("Error");
    let problem = crate::error::problem_response(status, title, &detail, None);
    parts.headers.remove(header::CONTENT_LENGTH);
    let (problem_parts, problem_body) = problem.into_parts();
    parts.headers.extend(problem_parts.headers);
    Response::from_parts(parts, problem_body).into_response()
}

fn default_detail(status: StatusCode) -> &'static str {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            "This method is not allowed here; the Allow header lists the ones that are."
        }
        StatusCode::PAYLOAD_TOO_LARGE => "The request body is too large.",
        StatusCode::NOT_FOUND => "The resource does not exist.",
        s if s.is_server_error() => "Something went wrong on our side.",
        _ => "The request cannot be served.",
    }
}

/// Spans carry the method and the route *pattern* only: never the query string (the
/// webhook handshake carries a secret there) and never ids of residents.
#[derive(Clone, Copy)]
pub struct RouteSpan;

impl<B> MakeSpan<B> for RouteSpan {
    fn make_span(&mut self, request: &axum::http::Request<B>) -> Span {
        let route = request
            .extensions()
            .get::<MatchedPath>()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "unmatched".to_owned());
        tracing::info_span!("http", method = %request.method(), route = %route)
    }
}

pub fn trace_layer() -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, RouteSpan> {
    TraceLayer::new_for_http().make_span_with(RouteSpan)
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::http::{Request, StatusCode, header};
    use axum::routing::post;
    use tower::ServiceExt;

    /// A route with axum's own `Json` extractor, whose rejections are plain text.
    fn app() -> Router {
        #[derive(serde::Deserialize)]
        struct Patch {
            #[allow(dead_code)]
            status: String,
        }
        Router::new()
            .route(
                "/api/v1/x",
                post(|axum::Json(_): axum::Json<Patch>| async { "ok" }),
            )
            .layer(axum::middleware::from_fn(super::problem_errors))
            .layer(axum::middleware::from_fn(super::security_headers))
    }

    async fn answer(content_type: Option<&str>, body: &str) -> (StatusCode, String, String) {
        let mut request = Request::post("/api/v1/x");
        if let Some(t) = content_type {
            request = request.header(header::CONTENT_TYPE, t);
        }
        let response = app()
            .oneshot(request.body(Body::from(body.to_owned())).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let kind = response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, kind, String::from_utf8(bytes.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn json_extractor_rejections_become_problems_that_quote_little() {
        let long = "x".repeat(5_000);
        for (content_type, body, status) in [
            (None, "{}".to_owned(), StatusCode::UNSUPPORTED_MEDIA_TYPE),
            (
                Some("application/json"),
                "{".to_owned(),
                StatusCode::BAD_REQUEST,
            ),
            (
                Some("application/json"),
                format!("{{\"status\": 1, \"{long}\": 2}}"),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        ] {
            let (got, kind, text) = answer(content_type, &body).await;
            assert_eq!(got, status, "{text}");
            assert_eq!(kind, "application/problem+json");
            let problem: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(problem["status"], status.as_u16());
            assert!(text.len() < 600, "{text}");
        }
    }
}
