//! The Graph API client: media here, sending in [`send`](super::send), templates in
//! [`templates`](super::templates). It adds the Bearer token, Meta's errors and a time limit
//! per call ([`GraphTimeouts`]); build its `reqwest::Client` with [`http_client`], which
//! sets the connect and read (idle) timeouts.

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

/// How long Graph API calls may take. One total timeout cannot fit both a JSON answer and a
/// 100 MB video: a stalled connection is caught by `read_idle` (no byte for that long), and
/// a file transfer gets `request` plus its allowed size at `min_bytes_per_second`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphTimeouts {
    /// Establishing the connection (TCP and TLS). A send whose connect timed out certainly
    /// never left, so it may be retried.
    pub connect: Duration,
    /// The longest silence while waiting for or reading an answer.
    pub read_idle: Duration,
    /// The whole of a JSON call (media info, template listing).
    pub request: Duration,
    /// The slowest transfer still accepted; sets the total limit of downloads and uploads.
    pub min_bytes_per_second: u64,
}

impl Default for GraphTimeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            read_idle: Duration::from_secs(30),
            request: Duration::from_secs(30),
            // 1 Mbit/s: a 100 MB document may take about 14 minutes, a 16 MB video 2.
            min_bytes_per_second: 128 * 1024,
        }
    }
}

impl GraphTimeouts {
    /// The total limit of a transfer of up to `bytes`: `request` plus the size at the
    /// slowest accepted rate.
    pub fn transfer(&self, bytes: u64) -> Duration {
        let rate = self.min_bytes_per_second.max(1);
        self.request + Duration::from_millis(bytes.saturating_mul(1000) / rate)
    }
}

/// The `reqwest::Client` for Graph API calls: connect and read (idle) timeouts, no total
/// timeout (each call sets its own, see [`GraphTimeouts`]).
pub fn http_client(timeouts: &GraphTimeouts) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(timeouts.connect)
        .read_timeout(timeouts.read_idle)
        .build()
}

/// A Graph API client for one access token (one WhatsApp Business Account).
pub struct GraphClient {
    pub(super) http: reqwest::Client,
    pub(super) base_url: String,
    pub(super) access_token: SecretString,
    pub(super) send_timeout: Duration,
    pub(super) timeouts: GraphTimeouts,
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
            timeouts: GraphTimeouts::default(),
        }
    }

    /// The time limits of JSON calls and file transfers (default [`GraphTimeouts`]).
    pub fn with_timeouts(mut self, timeouts: GraphTimeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    pub fn timeouts(&self) -> &GraphTimeouts {
        &self.timeouts
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
            .timeout(self.timeouts.request)
            .send()
            .await
            .map_err(GraphError::from_reqwest)?;
        json_body(response, "media info").await
    }

    /// Download a media URL from [`media_info`](Self::media_info) (or a signed webhook)
    /// with the Bearer token, aborting as soon as more than `max_bytes` arrive, and when
    /// it takes longer than a transfer of `max_bytes` may ([`GraphTimeouts::transfer`]).
    ///
    /// The token goes along, so the URL must be HTTPS or on the Graph base URL's own
    /// origin (the simulator); anything else is refused.
    pub async fn download(&self, url: &str, max_bytes: u64) -> Result<Bytes, GraphError> {
        self.check_download_url(url)?;
        let mut response = self
            .http
            .get(url)
            .bearer_auth(self.access_token.expose_secret())
            .timeout(self.timeouts.transfer(max_bytes))
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
