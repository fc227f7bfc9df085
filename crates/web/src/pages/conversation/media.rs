//! `GET /inbox/{id}/media/{message_id}`: a message's stored attachment for the signed-in
//! agent, through the same engine operation as `GET /api/v1/messages/{id}/media`. Images,
//! video and audio of the types WhatsApp carries are shown inline (the page's players);
//! everything else — documents, and anything claiming SVG or HTML — is a download. Always
//! `nosniff` and a sandboxing CSP: the bytes come from residents.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use loket_domain::input::sanitise_filename;
use loket_domain::{ConversationId, MessageId};
use loket_engine::EngineError;
use loket_engine::media::MediaLookup;

use super::super::account::failure;
use super::super::session::SignedIn;
use crate::AppState;
use crate::api::media::{content_disposition, extension_of};

/// Types a browser may show in an `<img>`, `<video>` or `<audio>` here.
const INLINE: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/webp",
    "video/mp4",
    "video/3gpp",
    "audio/ogg",
    "audio/mpeg",
    "audio/mp4",
    "audio/aac",
    "audio/amr",
];

pub async fn media(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((conversation, message)): Path<(String, String)>,
) -> Response {
    let (Some(org), Ok(conversation), Ok(message)) = (
        signed_in.org_id,
        conversation.parse::<ConversationId>(),
        message.parse::<MessageId>(),
    ) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state
        .engine
        .message_in_conversation(org, conversation, message)
        .await
    {
        Ok(true) => {}
        Ok(false) | Err(EngineError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return failure(error),
    }
    let content = match state.engine.media_lookup(org, message).await {
        Ok(MediaLookup::Stored(content)) => content,
        Ok(_) | Err(EngineError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return failure(error),
    };
    let essence = content
        .mime_type
        .as_deref()
        .and_then(|m| m.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let inline = INLINE.contains(&essence.as_str());
    let mime = if inline || HeaderValue::from_str(&essence).is_ok() && !essence.is_empty() {
        essence.clone()
    } else {
        "application/octet-stream".to_owned()
    };
    let name = match content.filename.as_deref() {
        Some(raw) => sanitise_filename(raw),
        None => format!("{message}.{}", extension_of(&mime)),
    };
    let disposition = if inline {
        "inline".to_owned()
    } else {
        content_disposition(&name)
    };
    let headers = [
        (header::CONTENT_TYPE, mime),
        (header::CONTENT_DISPOSITION, disposition),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        (
            header::CONTENT_SECURITY_POLICY,
            format!("{}; sandbox", crate::middleware::CSP),
        ),
    ];
    (headers, content.bytes).into_response()
}
