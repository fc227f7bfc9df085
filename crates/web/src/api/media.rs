//! `GET /api/v1/messages/{id}/media`: a message's stored attachment, as a download. The
//! bytes come from residents, so they are never rendered inline or sniffed as something
//! else by a browser.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use loket_domain::MessageId;
use loket_domain::input::sanitise_filename;
use loket_engine::media::MediaLookup;

use super::auth::OrgAuth;
use super::routes::ApiRoutes;
use crate::{ApiError, AppState};

pub(super) fn routes(routes: ApiRoutes) -> ApiRoutes {
    routes.get("/messages/{id}/media", media)
}

async fn media(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id: MessageId = id.parse().map_err(|_| ApiError::NotFound)?;
    let content = match state.engine.media_lookup(org.id, id).await? {
        MediaLookup::Stored(content) => content,
        MediaLookup::Absent => return Err(ApiError::NotFoundBecause("The message has no media.")),
        MediaLookup::Pending => {
            return Err(ApiError::NotFoundBecause(
                "The media is not there yet: it is still being fetched.",
            ));
        }
        MediaLookup::Quarantined => {
            return Err(ApiError::Forbidden(
                "The file was quarantined by the attachment checks and is never served.",
            ));
        }
        MediaLookup::Failed => {
            return Err(ApiError::NotFoundBecause(
                "The media could not be fetched from the provider.",
            ));
        }
    };
    let mime = content
        .mime_type
        .filter(|m| HeaderValue::from_str(m).is_ok())
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let name = match content.filename.as_deref() {
        Some(raw) => sanitise_filename(raw),
        None => format!("{id}.{}", extension_of(&mime)),
    };
    let headers = [
        (header::CONTENT_TYPE, mime),
        (header::CONTENT_DISPOSITION, content_disposition(&name)),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        (header::CACHE_CONTROL, "no-store".to_owned()),
        // Opened in a browser anyway, the file runs no script and reaches no origin.
        (
            header::CONTENT_SECURITY_POLICY,
            format!("{}; sandbox", crate::middleware::CSP),
        ),
    ];
    Ok((headers, content.bytes).into_response())
}

/// `attachment; filename="…"` with an ASCII stand-in, plus RFC 6266 `filename*` (UTF-8,
/// percent-encoded) when the name is not plain ASCII.
pub(crate) fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| match c {
            ' '..='~' if c != '"' && c != '\\' => c,
            _ => '_',
        })
        .collect();
    if ascii == name {
        return format!("attachment; filename=\"{name}\"");
    }
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent_encode(name)
    )
}

/// RFC 8187 `value-chars`: attr-char as is, every other byte as `%XX`.
fn percent_encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A file extension for the media types WhatsApp carries; `bin` for any other.
pub(crate) fn extension_of(mime: &str) -> &'static str {
    let essence = mime.split(';').next().unwrap_or_default().trim();
    match essence.to_ascii_lowercase().as_str() {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "image/gif" => "gif",
        "video/mp4" => "mp4",
        "video/3gpp" => "3gp",
        "audio/ogg" => "ogg",
        "audio/mpeg" => "mp3",
        "audio/mp4" => "m4a",
        "audio/aac" => "aac",
        "audio/amr" => "amr",
        "application/pdf" => "pdf",
        "text/plain" => "txt",
        "application/msword" => "doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.ms-excel" => "xls",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        "application/vnd.ms-powerpoint" => "ppt",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => "pptx",
        _ => "bin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_name_is_quoted_as_is() {
        assert_eq!(
            content_disposition("formulier.pdf"),
            "attachment; filename=\"formulier.pdf\""
        );
    }

    #[test]
    fn a_non_ascii_name_gets_an_ascii_stand_in_and_filename_star() {
        assert_eq!(
            content_disposition("café \"x\".pdf"),
            "attachment; filename=\"caf_ _x_.pdf\"; filename*=UTF-8''caf%C3%A9%20%22x%22.pdf"
        );
    }

    #[test]
    fn the_extension_follows_the_media_type() {
        assert_eq!(extension_of("image/jpeg"), "jpg");
        assert_eq!(extension_of("audio/ogg; codecs=opus"), "ogg");
        assert_eq!(extension_of("x-unknown/thing"), "bin");
    }
}
