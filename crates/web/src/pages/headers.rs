//! Headers of every page answer (HTML, assets, themes): a CSP without `unsafe-inline`,
//! no caching of pages (they will carry residents' data), the language cookie, HSTS.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use super::i18n::{Lang, query_lang};
use crate::AppState;

/// Everything from this origin, nothing inline, no frames, forms only to us.
pub const PAGE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; \
    form-action 'self'; base-uri 'none'";

/// Powerful features no page of ours uses.
pub const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()";

/// A year: browsers keep to HTTPS for the host once they have seen it.
pub const HSTS: &str = "max-age=31536000";

/// The page CSP, also allowing images from `extra_img` (an organisation's logo host).
pub fn page_csp(extra_img: Option<&str>) -> String {
    match extra_img {
        None => PAGE_CSP.to_owned(),
        Some(origin) => PAGE_CSP.replace(
            "img-src 'self' data:",
            &format!("img-src 'self' data: {origin}"),
        ),
    }
}

pub async fn page_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let chosen = query_lang(request.uri().query());
    let mut response = next.run(request).await;
    let https = state.web.is_https();
    let headers = response.headers_mut();
    // A handler may have set its own (an organisation's logo host in img-src).
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(PAGE_CSP));
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if let Some(lang) = chosen {
        headers.append(header::SET_COOKIE, lang_cookie(lang, https));
    }
    response
}

/// `?lang=` is remembered for a year, so the next pages (and form answers) keep it.
fn lang_cookie(lang: Lang, https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    let cookie = format!(
        "lang={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        lang.code()
    );
    HeaderValue::from_str(&cookie).expect("a cookie of ASCII constants")
}

/// HSTS on every answer once `server.public_url` is HTTPS.
pub async fn hsts(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if state.web.is_https() {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}
