//! Media: the store behind `GET /{media-id}` and the Bearer-protected download URL that
//! expires five minutes after it was handed out (§3.2 of the reference).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use bytes::Bytes;
use hmac::{KeyInit, Mac};
use loket_domain::Timestamp;
use loket_domain::time::add;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{ATTACHMENTS_PATH, meta_json, refuse_unauthorized, transient_error, unknown_object};
use crate::GraphSim;
use crate::sim::Shared;
use crate::stats::bump;

/// How long a download URL stays valid.
pub const MEDIA_URL_TTL: Duration = Duration::from_secs(5 * 60);
/// How long a media id received in a webhook can be fetched.
const WEBHOOK_MEDIA_TTL: Duration = Duration::from_secs(7 * 24 * 60 * 60);

pub(crate) struct StoredMedia {
    pub bytes: Bytes,
    pub mime: String,
    /// base64 of the SHA-256 of `bytes`, as webhooks and media info announce it.
    pub sha256: String,
    pub expires_at: Timestamp,
}

#[derive(Default)]
pub(crate) struct MediaStore {
    items: HashMap<String, Arc<StoredMedia>>,
}

impl MediaStore {
    pub fn insert(&mut self, media: StoredMedia) -> String {
        let mut id = crate::ids::object_id();
        while self.items.contains_key(&id) {
            id = crate::ids::object_id();
        }
        self.items.insert(id.clone(), Arc::new(media));
        id
    }

    /// Forget `id`; whether it existed (expired or not).
    pub fn remove(&mut self, id: &str) -> bool {
        self.items.remove(id).is_some()
    }

    /// The media, if it exists and has not expired at `now`.
    pub fn get(&self, id: &str, now: Timestamp) -> Option<Arc<StoredMedia>> {
        self.items.get(id).filter(|m| now < m.expires_at).cloned()
    }
}

/// Armed fault switches; each fires once per request until it reaches zero.
#[derive(Debug, Default)]
pub(crate) struct MediaFaults {
    pub info_failures: u32,
    pub download_failures: u32,
    pub corrupt_downloads: u32,
    pub trickled_downloads: u32,
    /// How a trickled download is served: this many bytes, then this pause, and again.
    pub trickle: (usize, std::time::Duration),
}

/// Decrements `counter` and says whether the fault fires.
fn fire(counter: &mut u32) -> bool {
    let armed = *counter > 0;
    *counter = counter.saturating_sub(1);
    armed
}

impl GraphSim {
    /// Store media as if a resident had sent it; returns its media id (valid for 7 days by
    /// the clock, like webhook media). Use the id in [`GraphSim::image`] and friends.
    pub fn add_media(&self, bytes: impl Into<Bytes>, mime: &str) -> String {
        self.shared
            .store_media(bytes.into(), mime, WEBHOOK_MEDIA_TTL)
    }

    /// The mime type and base64 sha256 of stored media, as a webhook announces them.
    pub fn media_meta(&self, media_id: &str) -> Option<(String, String)> {
        let media = self.shared.media().get(media_id, self.shared.clock.now())?;
        Some((media.mime.clone(), media.sha256.clone()))
    }

    /// A fresh download URL for `media_id`, valid for [`MEDIA_URL_TTL`] from now.
    pub fn media_url(&self, media_id: &str) -> String {
        self.shared.media_url(media_id, false)
    }
}

impl Shared {
    /// Store media that can be fetched for `ttl` from now; returns its new id.
    pub(crate) fn store_media(&self, bytes: Bytes, mime: &str, ttl: Duration) -> String {
        let media = StoredMedia {
            sha256: STANDARD.encode(Sha256::digest(&bytes)),
            mime: mime.to_owned(),
            bytes,
            expires_at: add(self.clock.now(), ttl),
        };
        self.media().insert(media)
    }

    /// `http://…/whatsapp_business/attachments/?mid=…[&source=webhook]&ext=…&hash=…`.
    pub(crate) fn media_url(&self, media_id: &str, from_webhook: bool) -> String {
        let expires = add(self.clock.now(), MEDIA_URL_TTL).as_second();
        let source = if from_webhook { "&source=webhook" } else { "" };
        let hash = self.url_hash(media_id, expires);
        let origin = self.origin();
        format!("{origin}{ATTACHMENTS_PATH}?mid={media_id}{source}&ext={expires}&hash={hash}")
    }

    fn url_mac(&self, media_id: &str, expires: i64) -> hmac::Hmac<Sha256> {
        let mut mac =
            hmac::Hmac::<Sha256>::new_from_slice(&self.url_key).expect("HMAC takes any key");
        mac.update(format!("{media_id}:{expires}").as_bytes());
        mac
    }

    fn url_hash(&self, media_id: &str, expires: i64) -> String {
        let tag = self.url_mac(media_id, expires).finalize().into_bytes();
        format!("AR{}", URL_SAFE_NO_PAD.encode(tag))
    }

    fn url_hash_matches(&self, media_id: &str, expires: i64, hash: &str) -> bool {
        let Some(tag) = hash
            .strip_prefix("AR")
            .and_then(|t| URL_SAFE_NO_PAD.decode(t).ok())
        else {
            return false;
        };
        self.url_mac(media_id, expires).verify_slice(&tag).is_ok()
    }
}

/// `GET /v23.0/{media-id}`: the media's URL, mime type, sha256 and size.
pub(crate) async fn media_info(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    bump(&shared.counters.media_info_requests);
    if let Some(refused) = refuse_unauthorized(
        &shared,
        &headers,
        query.get("access_token").map(String::as_str),
    ) {
        return refused;
    }
    if id == shared.config.phone_number_id {
        return phone_number(&shared);
    }
    if fire(&mut shared.faults().info_failures) {
        return transient_error();
    }
    let Some(media) = shared.media().get(&id, shared.clock.now()) else {
        return unknown_object(&id);
    };
    bump(&shared.counters.media_info_served);
    let body = json!({
        "messaging_product": "whatsapp",
        "url": shared.media_url(&id, false),
        "mime_type": media.mime,
        "sha256": media.sha256,
        "file_size": media.bytes.len(),
        "id": id,
    });
    meta_json(StatusCode::OK, &body)
}

/// The download URL: the bytes with their `Content-Type`; 404 once expired or tampered with.
pub(crate) async fn download(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    bump(&shared.counters.media_download_requests);
    if let Some(refused) = refuse_unauthorized(&shared, &headers, None) {
        return refused;
    }
    if fire(&mut shared.faults().download_failures) {
        return (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response();
    }
    let now = shared.clock.now();
    let param = |name: &str| query.get(name).map(String::as_str).unwrap_or_default();
    let (mid, hash) = (param("mid"), param("hash"));
    let media = param("ext")
        .parse::<i64>()
        .ok()
        .filter(|&expires| shared.url_hash_matches(mid, expires, hash))
        .filter(|&expires| now.as_second() < expires)
        .and_then(|_| shared.media().get(mid, now));
    let Some(media) = media else {
        return (StatusCode::NOT_FOUND, "URL signature expired").into_response();
    };
    let bytes = if fire(&mut shared.faults().corrupt_downloads) {
        corrupt(&media.bytes)
    } else {
        media.bytes.clone()
    };
    bump(&shared.counters.media_downloads_served);
    let mut response = if fire(&mut shared.faults().trickled_downloads) {
        let (chunk, pause) = shared.faults().trickle;
        (StatusCode::OK, trickle(bytes, chunk, pause)).into_response()
    } else {
        (StatusCode::OK, bytes).into_response()
    };
    if let Ok(mime) = HeaderValue::from_str(&media.mime) {
        response.headers_mut().insert(header::CONTENT_TYPE, mime);
    }
    response
}

/// A slow but steady transfer: `chunk` bytes, a pause, the next `chunk` bytes…
fn trickle(bytes: Bytes, chunk: usize, pause: std::time::Duration) -> axum::body::Body {
    let chunk = chunk.max(1);
    let chunks = futures::stream::unfold((bytes, true), move |(mut rest, first)| async move {
        if rest.is_empty() {
            return None;
        }
        if !first {
            tokio::time::sleep(pause).await;
        }
        let next = rest.split_to(chunk.min(rest.len()));
        Some((Ok::<_, std::convert::Infallible>(next), (rest, false)))
    });
    axum::body::Body::from_stream(chunks)
}

/// The same bytes with the last one flipped (or one byte, if there were none).
fn corrupt(bytes: &Bytes) -> Bytes {
    let mut broken = bytes.to_vec();
    match broken.last_mut() {
        Some(last) => *last ^= 0xff,
        None => broken.push(0),
    }
    broken.into()
}

/// Faults and expiry are only reachable over HTTP; the set-up pieces are tested here.
/// `GET /{phone-number-id}` for the business number (Loket's "test connection").
fn phone_number(shared: &Shared) -> Response {
    let body = json!({
        "id": shared.config.phone_number_id,
        "display_phone_number": format!("+{}", shared.config.display_phone_number),
        "verified_name": "Gemeente Voorbeeld",
        "quality_rating": "GREEN",
    });
    meta_json(StatusCode::OK, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_fires_exactly_as_often_as_armed() {
        let mut armed = 2;
        assert!(fire(&mut armed));
        assert!(fire(&mut armed));
        assert!(!fire(&mut armed));
        assert_eq!(armed, 0);
    }

    #[test]
    fn corrupted_bytes_hash_differently() {
        let bytes = Bytes::from_static(b"foto");
        assert_ne!(Sha256::digest(corrupt(&bytes)), Sha256::digest(&bytes));
        assert_eq!(corrupt(&Bytes::new()).len(), 1);
    }
}
