//! CSRF protection for every state-changing page request (anything but GET/HEAD/OPTIONS),
//! in two independent layers:
//!
//! 1. Where the request came from: `Sec-Fetch-Site` must be `same-origin` (or `none`, a
//!    person typing); a browser without it must send this server's `Origin` if any
//!    (`null` is refused). Clients without either (curl) fall through to the token.
//! 2. A synchroniser token tied to the session: forms carry it in the hidden field `csrf`,
//!    htmx sends it as `X-CSRF-Token` (the layout's `hx-headers`). Required whenever the
//!    browser has a session, except on `POST /sign-in`: that form has no session yet
//!    (or an old one it replaces); layer 1 and `SameSite=Lax` cover it, and sign-in
//!    rotates the session anyway.
//!
//! A refusal is a 403 page saying what happened, never a silent redirect.
//! This layer also looks the session up once and leaves it in the request's extensions
//! (with the user's language) for the extractors in [`super::session`].

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Layout;
use super::i18n::{LANG_COOKIE_PREFIX, Lang, query_lang};
use super::session::{Lookup, lang_of, lookup};
use super::shells::RefusedPage;
use crate::AppState;

/// Page forms are small; a larger body is not one of ours.
const MAX_FORM: usize = 64 * 1024;
/// Except the knowledge base's editor for a signed-in session: an article and the synonym
/// list hold up to 100,000 characters each, URL-encoded.
const MAX_LONG_TEXT_FORM: usize = 1024 * 1024;
const LONG_TEXT_FORMS: &str = "/admin/knowledge";
/// Except the composer's attachments (multipart, from a signed-in session): as the API.
const MAX_UPLOAD: usize = 101 * 1024 * 1024;
pub const FIELD: &str = "csrf";
pub const HEADER: &str = "x-csrf-token";

pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let found = lookup(&state, &parts.headers).await;
    // A language chosen in this browser (`?lang=`, its cookie) wins over the account's.
    let chosen = query_lang(parts.uri.query()).or_else(|| cookie_lang(&parts.headers));
    let lang = chosen.or_else(|| found.0.as_ref().map(|s| lang_of(&s.view)));
    if let Some(lang) = lang {
        parts.extensions.insert(lang);
    }
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if safe {
        parts.extensions.insert(found);
        return next.run(Request::from_parts(parts, body)).await;
    }
    let lang = lang.unwrap_or_default();
    if !same_origin(&state, &parts.headers) {
        tracing::info!(path = %parts.uri.path(), "refused a cross-site form post");
        return refused(lang);
    }
    let multipart = is_multipart(&parts.headers);
    let signed_in = found.0.is_some();
    let limit = if multipart && signed_in {
        MAX_UPLOAD
    } else if signed_in && parts.uri.path().starts_with(LONG_TEXT_FORMS) {
        MAX_LONG_TEXT_FORM
    } else {
        MAX_FORM
    };
    let Ok(bytes) = to_bytes(body, limit).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    // Signing in acts with no session's authority (the engine revokes any old one), and
    // its form may come from a page shown before the session existed.
    let signing_in = parts.uri.path() == "/sign-in";
    if let Lookup(Some(session)) = &found
        && !signing_in
    {
        let mut submitted = parts
            .headers
            .get(HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if submitted.is_none() {
            submitted = if multipart {
                multipart_field(&parts.headers, bytes.clone(), FIELD).await
            } else {
                form_field(&bytes, FIELD)
            };
        }
        let submitted = submitted.unwrap_or_default();
        if !loket_engine::Engine::csrf_matches(&session.view, &submitted) {
            tracing::info!(path = %parts.uri.path(), "refused a post without the session's CSRF token");
            return refused(lang);
        }
    }
    parts.extensions.insert(found);
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Layer 1: the browser says the request comes from our own pages.
fn same_origin(state: &AppState, headers: &HeaderMap) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    // Where the browser sends it, Sec-Fetch-Site decides: our pages' `Referrer-Policy:
    // no-referrer` makes Chromium send `Origin: null` even from our own forms.
    if let Some(site) = header("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = header("origin") else {
        return true;
    };
    let ours = match &state.web.public_url {
        Some(url) => origin_of(url.as_str()),
        None => header("host").map(|host| format!("http://{host}")),
    };
    ours.is_some_and(|ours| ours.eq_ignore_ascii_case(origin))
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()
        .map(|u| u.origin().ascii_serialization())
}

fn cookie_lang(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(LANG_COOKIE_PREFIX))
        .and_then(Lang::parse)
}

/// One field of an `application/x-www-form-urlencoded` body.
fn form_field(body: &[u8], name: &str) -> Option<String> {
    url::form_urlencoded::parse(body)
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// One text field of a `multipart/form-data` body. Our forms put the token first, so the
/// files after it are not read here.
async fn multipart_field(
    headers: &HeaderMap,
    body: axum::body::Bytes,
    name: &str,
) -> Option<String> {
    use axum::extract::{FromRequest, Multipart};
    let content_type = headers.get(axum::http::header::CONTENT_TYPE)?.clone();
    let request = Request::builder()
        .header(axum::http::header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .ok()?;
    let mut multipart = Multipart::from_request(request, &()).await.ok()?;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some(name) {
            return field.text().await.ok();
        }
    }
    None
}

fn refused(lang: Lang) -> Response {
    let layout = Layout::public(lang, "refused-title");
    let page = RefusedPage {
        layout: layout.clone(),
    };
    (StatusCode::FORBIDDEN, layout.respond(page)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_field_is_found_among_others_and_decoded() {
        let body = b"email=a%40b.nl&csrf=abc%2Bdef&x=1";
        assert_eq!(form_field(body, "csrf").as_deref(), Some("abc+def"));
        assert_eq!(form_field(b"email=a", "csrf"), None);
    }

    #[test]
    fn an_origin_is_scheme_host_and_port() {
        assert_eq!(
            origin_of("https://loket.voorbeeld.nl").as_deref(),
            Some("https://loket.voorbeeld.nl")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
    }
}
