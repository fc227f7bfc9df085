//! Static files embedded in the binary: the vendored NL Design System CSS and htmx (see
//! `scripts/vendor-assets.sh`) and Loket's own stylesheet. Each is served at
//! `/assets/{hash}/{name}`, the hash being the first 16 hex digits of its SHA-256, so a
//! browser may keep it for a year: new content gets a new URL.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const WAV: &str = "audio/wav";

/// Names a template may link (see [`url`]).
pub const UTRECHT_CSS: &str = "utrecht-component-library.css";
pub const TOKENS_CSS: &str = "utrecht-design-tokens.css";
pub const LOKET_CSS: &str = "loket.css";
pub const HTMX_JS: &str = "htmx.min.js";
pub const HTMX_SSE_JS: &str = "htmx-ext-sse.min.js";
pub const COMPOSER_JS: &str = "composer.js";
/// The listbox the composer's two pickers share.
pub const CARET_PICKER_JS: &str = "caret_picker.js";
/// The composer's `/shortcut` picker of saved replies.
pub const REPLIES_JS: &str = "replies.js";
/// The composer's knowledge-base search.
pub const KNOWLEDGE_JS: &str = "knowledge.js";
/// Keyboard shortcuts on the inbox and conversation pages (part "actions").
pub const KEYS_JS: &str = "keys.js";
/// The note composer's `@` picker of colleagues.
pub const MENTIONS_JS: &str = "mentions.js";
/// Images of the conversation enlarged in a dialog.
pub const IMAGES_JS: &str = "images.js";

/// `(name, content type, bytes)` of every served file. axe-core is vendored for the
/// browser tests only and is not served.
const FILES: &[(&str, &str, &[u8])] = &[
    (
        UTRECHT_CSS,
        CSS,
        include_bytes!("../../assets/vendor/utrecht-component-library.css"),
    ),
    (
        TOKENS_CSS,
        CSS,
        include_bytes!("../../assets/vendor/utrecht-design-tokens.css"),
    ),
    (LOKET_CSS, CSS, include_bytes!("../../assets/loket.css")),
    (
        HTMX_JS,
        JS,
        include_bytes!("../../assets/vendor/htmx.min.js"),
    ),
    (
        HTMX_SSE_JS,
        JS,
        include_bytes!("../../assets/vendor/htmx-ext-sse.min.js"),
    ),
    // The inbox's opt-in notifications and their beep (a generated 880 Hz sine).
    ("notify.js", JS, include_bytes!("../../assets/notify.js")),
    ("beep.wav", WAV, include_bytes!("../../assets/beep.wav")),
    (COMPOSER_JS, JS, include_bytes!("../../assets/composer.js")),
    (
        CARET_PICKER_JS,
        JS,
        include_bytes!("../../assets/caret_picker.js"),
    ),
    (REPLIES_JS, JS, include_bytes!("../../assets/replies.js")),
    (
        KNOWLEDGE_JS,
        JS,
        include_bytes!("../../assets/knowledge.js"),
    ),
    (KEYS_JS, JS, include_bytes!("../../assets/keys.js")),
    (MENTIONS_JS, JS, include_bytes!("../../assets/mentions.js")),
    (IMAGES_JS, JS, include_bytes!("../../assets/images.js")),
];

struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
    hash: String,
    url: String,
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|&(name, content_type, bytes)| {
            let hash = hex::encode(&Sha256::digest(bytes)[..8]);
            let url = format!("/assets/{hash}/{name}");
            Asset {
                name,
                content_type,
                bytes,
                hash,
                url,
            }
        })
        .collect()
});

/// The versioned URL of an embedded file. Panics on a name not in [`FILES`]: templates
/// use the constants above, and the page tests render every template.
pub fn url(name: &str) -> &'static str {
    &ASSETS
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no embedded asset {name:?}"))
        .url
}

/// `GET /assets/{hash}/{name}`. A stale hash is a 404, never today's file under
/// yesterday's URL (caches would keep the wrong one for a year).
pub async fn serve(Path((hash, name)): Path<(String, String)>) -> Result<Response, ApiError> {
    let asset = ASSETS
        .iter()
        .find(|a| a.name == name && a.hash == hash)
        .ok_or(ApiError::NotFound)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        asset.bytes,
    )
        .into_response())
}
