//! The session cookie and the extractors that turn it into a signed-in person.
//!
//! The cookie holds the engine's session token (256 bits, only its hash is stored) and is
//! `HttpOnly` and `SameSite=Lax`; once `server.public_url` is HTTPS it is also `Secure`
//! and named with the `__Host-` prefix (no `Domain`, `Path=/`: no sibling host can set
//! or shadow it). Lookups happen once per request ([`crate::pages::csrf`] puts the result
//! in the request's extensions) and every extractor reads that.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use loket_domain::OrgId;
use loket_domain::people::{Locale, Role};
use loket_engine::people::{SessionState, SessionView};

use super::i18n::Lang;
use crate::AppState;

/// The cookie's name over plain HTTP (local trials, tests).
pub const COOKIE: &str = "loket_session";
/// The cookie's name over HTTPS: the prefix makes browsers insist on `Secure`, `Path=/`
/// and no `Domain`.
pub const HOST_COOKIE: &str = "__Host-loket_session";

pub fn cookie_name(https: bool) -> &'static str {
    if https { HOST_COOKIE } else { COOKIE }
}

/// `Set-Cookie` for a new session token. No `Max-Age`: the browser forgets it when it
/// closes, and the engine ends it after its lifetime or idle timeout anyway.
pub fn set_cookie(token: &str, https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    let value = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax{secure}",
        cookie_name(https)
    );
    HeaderValue::from_str(&value).expect("a token of URL-safe base64")
}

/// `Set-Cookie` that removes the session cookie (sign out, an ended session).
pub fn clear_cookie(https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    let value = format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}",
        cookie_name(https)
    );
    HeaderValue::from_str(&value).expect("ASCII constants")
}

/// The session token the browser sent, if any.
pub fn token_from(headers: &HeaderMap, https: bool) -> Option<String> {
    let prefix = format!("{}=", cookie_name(https));
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(prefix.as_str()).map(str::to_owned))
        .filter(|t| !t.is_empty() && t.len() <= 128)
}

/// A valid session and its token, as looked up for this request.
#[derive(Clone)]
pub struct CurrentSession {
    pub token: String,
    pub view: SessionView,
}

/// What the lookup found; put in the request's extensions by the CSRF layer.
#[derive(Clone)]
pub struct Lookup(pub Option<CurrentSession>);

/// Look the browser's session up (once per request).
pub async fn lookup(state: &AppState, headers: &HeaderMap) -> Lookup {
    let Some(token) = token_from(headers, state.web.is_https()) else {
        return Lookup(None);
    };
    match state.engine.session(&token).await {
        Ok(Some(view)) => Lookup(Some(CurrentSession { token, view })),
        Ok(None) => Lookup(None),
        Err(error) => {
            tracing::warn!(%error, "a session lookup failed");
            Lookup(None)
        }
    }
}

/// The user's language for pages, unless `?lang=` chose one for this request.
pub fn lang_of(view: &SessionView) -> Lang {
    match view.locale {
        Locale::En => Lang::En,
        _ => Lang::Nl,
    }
}

/// Where a session goes next, by its state.
pub fn next_page(state: SessionState) -> &'static str {
    match state {
        SessionState::NeedsSecondFactor => "/sign-in/two-factor",
        SessionState::NeedsEnrolment => "/account/two-factor",
        SessionState::ChooseOrganisation => "/organisations",
        SessionState::Complete => "/",
    }
}

/// Any session the browser has, whatever its state (or none).
pub struct MaybeSession(pub Option<CurrentSession>);

impl FromRequestParts<AppState> for MaybeSession {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(Lookup(found)) = parts.extensions.get::<Lookup>() {
            return Ok(Self(found.clone()));
        }
        let Lookup(found) = lookup(state, &parts.headers).await;
        Ok(Self(found))
    }
}

/// A signed-in person who passed every step (second factor, enrolment, organisation):
/// the only way into the inbox pages. Anyone else is sent where they are in the flow.
pub struct SignedIn {
    pub session: CurrentSession,
    /// `None` only for an operator who belongs to no organisation.
    pub org_id: Option<OrgId>,
    pub role: Option<Role>,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let MaybeSession(found) = MaybeSession::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|never| match never {});
        let Some(session) = found else {
            return Err(Redirect::to("/sign-in").into_response());
        };
        if session.view.state != SessionState::Complete {
            return Err(Redirect::to(next_page(session.view.state)).into_response());
        }
        Ok(Self {
            org_id: session.view.org_id,
            role: session.view.role,
            session,
        })
    }
}

/// The client's address, for the lockout (the peer of the TCP connection).
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<ConnectInfo<std::net::SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip().to_string())
            .unwrap_or_else(|| "unknown".to_owned());
        Ok(Self(address))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_https_the_cookie_is_secure_and_host_prefixed() {
        let cookie = set_cookie("abc", true);
        let text = cookie.to_str().unwrap();
        assert!(text.starts_with("__Host-loket_session=abc;"), "{text}");
        for part in ["Path=/", "HttpOnly", "SameSite=Lax", "Secure"] {
            assert!(text.contains(part), "{text} lacks {part}");
        }
        assert!(!text.contains("Domain"), "{text}");
    }

    #[test]
    fn over_http_the_cookie_is_neither_secure_nor_prefixed() {
        let text = set_cookie("abc", false).to_str().unwrap().to_owned();
        assert!(text.starts_with("loket_session=abc;"), "{text}");
        assert!(!text.contains("Secure"), "{text}");
        assert!(text.contains("HttpOnly") && text.contains("SameSite=Lax"));
    }

    #[test]
    fn the_token_is_read_from_the_cookie_of_its_own_name_only() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("lang=en; loket_session=tok; x=y"),
        );
        assert_eq!(token_from(&headers, false).as_deref(), Some("tok"));
        // Over HTTPS only the prefixed cookie counts (an unprefixed one could be planted).
        assert_eq!(token_from(&headers, true), None);
    }
}
