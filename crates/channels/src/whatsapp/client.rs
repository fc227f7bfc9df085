//! The Graph API client: media here, sending in [`send`](super::send), templates in
//! [`templates`](super::templates). Timeouts, proxies and TLS are the configured
//! `reqwest::Client`'s business (sends get their own timeout); this adds the Bearer token
//! and Meta's errors.

use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::{Bytes, BytesMut};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

pub use super::errors::GraphError;
use super::errors::snippet;
pub use super::wire::MediaInfo;

/// The most we read of a JSON response (media info, error bodies).
pub(super) const MAX_JSON_BYTES: u64 = 1024 * 1024;

/// How long a send may take by default, from connecting to the last byte of the answer.
pub const DEFAULT_SEND_TIMEOUT: Duration = Duration::from_secs(20);

/// A Graph API client for one access token (one WhatsApp Business Account).
pub struct GraphClient {
    pub(super) http: reqwest::Client,
    pub(super) base_url: String,
    pub(super) access_token: SecretString,
    pub(super) send_timeout: Duration,
}

impl fmt::Debug for GraphClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphClient")
            .field("base_url", &self.base_url)
            .field("access_token", &"[redacted]")
            .field("send_timeout", &self.send_timeout)
            .finish_non_exhaustive()
    }
}

impl GraphClient {
    /// `base_url` includes the version, e.g. `https://graph.facebook.com/v23.0` or the
    /// simulator's `http://127.0.0.1:PORT/v23.0`; a trailing slash is removed. The token is
    /// kept in a [`SecretString`] and sent only as a sensitive `Authorization` header.
    pub fn new(
        http: reqwest::Client,
        base_url: impl Into<String>,
        access_token: impl Into<String>,
    ) -> Self {
        let mut base_url = base_url.into();
        while base_url.ends_with('/') {
            base_url.pop();
        }
        Self {
            http,
            base_url,
            access_token: SecretString::from(access_token.into()),
            send_timeout: DEFAULT_SEND_TIMEOUT,
        }
    }

    /// The timeout of one [`send_message`](Self::send_message) or
    /// [`mark_read`](Self::mark_read) request (default [`DEFAULT_SEND_TIMEOUT`]).
    pub fn with_send_timeout(mut self, timeout: Duration) -> Self {
        self.send_timeout = timeout;
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn send_timeout(&self) -> Duration {
        self.send_timeout
    }

    /// `GET {base}/{media_id}`: a fresh download URL (valid 5 minutes) and the file's metadata.
    pub async fn media_info(&self, media_id: &str) -> Result<MediaInfo, GraphError> {
        check_plain_id("media id", media_id)?;
        let url = format!("{}/{media_id}", self.base_url);
        let response = self
            .http
            .get(url)
            .bearer_auth(self.access_token.expose_secret())
            .send()
            .await
            .map_err(GraphError::from_reqwest)?;
        json_body(response, "media info").await
    }

    /// Download a media URL from [`media_info`](Self::media_info) (or a signed webhook)
    /// with the Bearer token, aborting as soon as more than `max_bytes` arrive.
    ///
    /// The token goes along, so the URL must be HTTPS or on the Graph base URL's own
    /// origin (the simulator); anything else is refused.
    pub async fn download(&self, url: &str, max_bytes: u64) -> Result<Bytes, GraphError> {
        self.check_download_url(url)?;
        let mut response = self
            .http
            .get(url)
            .bearer_auth(self.access_token.expose_secret())
            .send()
            .await
            .map_err(GraphError::from_reqwest)?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_FOUND || status == reqwest::StatusCode::GONE {
            return Err(GraphError::Expired);
        }
        if !status.is_success() {
            let (body, _) = read_capped(&mut response, MAX_JSON_BYTES).await?;
            return Err(GraphError::from_error_body(status.as_u16(), &body));
        }
        if response.content_length().is_some_and(|len| len > max_bytes) {
            return Err(GraphError::TooLarge { max_bytes });
        }
        match read_capped(&mut response, max_bytes).await? {
            (body, true) => Ok(body),
            (_, false) => Err(GraphError::TooLarge { max_bytes }),
        }
    }

    fn check_download_url(&self, url: &str) -> Result<(), GraphError> {
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| GraphError::InvalidRequest(format!("download URL: {e}")))?;
        let same_origin =
            reqwest::Url::parse(&self.base_url).is_ok_and(|base| base.origin() == parsed.origin());
        if parsed.scheme() == "https" || same_origin {
            Ok(())
        } else {
            Err(GraphError::InvalidRequest(
                "download URL is neither HTTPS nor on the Graph API's origin".into(),
            ))
        }
    }
}

/// Refuse an id that would change the URL's path or query (`../`, `?`, `/`…).
pub(super) fn check_plain_id(what: &str, id: &str) -> Result<(), GraphError> {
    let plain = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.';
    if !id.is_empty() && id != "." && id != ".." && id.bytes().all(plain) {
        return Ok(());
    }
    Err(GraphError::InvalidRequest(format!(
        "{what} {:?} is not a plain id",
        id.chars().take(64).collect::<String>()
    )))
}

/// A JSON answer: Meta's error for an error status, else the body as `T` (`what` names it
/// in errors).
pub(super) async fn json_body<T: DeserializeOwned>(
    mut response: reqwest::Response,
    what: &str,
) -> Result<T, GraphError> {
    let status = response.status().as_u16();
    let (body, complete) = read_capped(&mut response, MAX_JSON_BYTES).await?;
    if !response.status().is_success() {
        return Err(GraphError::from_error_body(status, &body));
    }
    if !complete {
        return Err(GraphError::InvalidResponse {
            status,
            detail: format!("{what} larger than {MAX_JSON_BYTES} bytes"),
        });
    }
    serde_json::from_slice(&body).map_err(|e| GraphError::InvalidResponse {
        status,
        detail: format!("{what}: {e}: {}", snippet(&body)),
    })
}

/// Read the body up to `cap` bytes: `(bytes, true)` if it ended within the cap,
/// `(first bytes, false)` as soon as it went past (the rest is not read).
pub(super) async fn read_capped(
    response: &mut reqwest::Response,
    cap: u64,
) -> Result<(Bytes, bool), GraphError> {
    let cap = usize::try_from(cap).unwrap_or(usize::MAX);
    let initial = response
        .content_length()
        .and_then(|len| usize::try_from(len).ok())
        .unwrap_or(8 * 1024)
        .min(cap)
        .min(16 * 1024 * 1024);
    let mut buf = BytesMut::with_capacity(initial);
    while let Some(chunk) = response.chunk().await.map_err(GraphError::from_reqwest)? {
        if buf.len() + chunk.len() > cap {
            let room = cap - buf.len();
            buf.extend_from_slice(&chunk[..room]);
            return Ok((buf.freeze(), false));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok((buf.freeze(), true))
}

/// The SHA-256 of `bytes` in standard, padded base64: the form of a webhook's `sha256`.
pub fn sha256_base64(bytes: &[u8]) -> String {
    STANDARD.encode(Sha256::digest(bytes))
}

/// Whether `expected` (base64 as in webhooks, or hex) is the SHA-256 of `bytes`.
pub fn sha256_matches(bytes: &[u8], expected: &str) -> bool {
    let expected = expected.trim();
    let digest = Sha256::digest(bytes);
    if expected.len() == 64 && expected.bytes().all(|b| b.is_ascii_hexdigit()) {
        return hex::decode(expected).is_ok_and(|e| e[..] == digest[..]);
    }
    STANDARD
        .decode(expected)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(expected))
        .is_ok_and(|e| e[..] == digest[..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sha256_is_base64_and_matches_in_base64_or_hex() {
        let b64 = sha256_base64(b"hello");
        assert_eq!(b64, "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=");
        assert!(sha256_matches(b"hello", &b64));
        assert!(sha256_matches(b"hello", b64.trim_end_matches('=')));
        assert!(sha256_matches(
            b"hello",
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        ));
        assert!(!sha256_matches(b"hello!", &b64));
        assert!(!sha256_matches(b"hello", "not a hash"));
    }

    #[test]
    fn the_debug_output_never_shows_the_token() {
        let client = GraphClient::new(
            reqwest::Client::new(),
            "https://graph.facebook.com/v23.0/",
            "EAAG-secret-token",
        );
        let shown = format!("{client:?}");
        assert!(!shown.contains("EAAG"));
        assert_eq!(client.base_url(), "https://graph.facebook.com/v23.0");
    }

    #[tokio::test]
    async fn media_ids_that_are_not_plain_ids_are_refused_before_any_request() {
        let client = GraphClient::new(reqwest::Client::new(), "http://127.0.0.1:9/v23.0", "t");
        let err = client.media_info("../me?fields=x").await.unwrap_err();
        assert!(matches!(err, GraphError::InvalidRequest(_)));
        let err = client
            .download("http://elsewhere.example/file", 10)
            .await
            .unwrap_err();
        assert!(matches!(err, GraphError::InvalidRequest(_)));
    }
}
