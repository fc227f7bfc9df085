//! `POST /{phone-number-id}/media` (multipart upload with Meta's per-type size limits and
//! MIME types) and `DELETE /{media-id}` (§3.2 of the reference).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use serde_json::json;

use super::error::MetaError;
use super::{meta_json, refuse_unauthorized, unknown_object};
use crate::sim::Shared;

/// How long an uploaded media id can be used.
const UPLOAD_TTL: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// The request body limit of the upload route: the largest type (documents, 100 MB) plus
/// room for the multipart framing.
pub(crate) const UPLOAD_BODY_LIMIT: usize = 101 * 1024 * 1024;

/// The media kind Meta files `mime` under and its size limit; `None` if unsupported.
/// The types are Loket's own allow-list, so the simulator refuses exactly what Loket does.
pub(crate) fn limit_for(mime: &str) -> Option<(&'static str, usize)> {
    let kind = loket_domain::input::media_kind(mime)?;
    Some((
        kind.as_str(),
        usize::try_from(kind.max_bytes()).unwrap_or(usize::MAX),
    ))
}

pub(crate) async fn upload(
    State(shared): State<Arc<Shared>>,
    Path(phone_number_id): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    if let Some(refused) = refuse_unauthorized(&shared, &headers, None) {
        shared.outbound.refused(190);
        return refused;
    }
    if phone_number_id != shared.config.phone_number_id {
        shared.outbound.refused(100);
        return unknown_object(&phone_number_id);
    }
    match store(&shared, multipart).await {
        Ok(id) => {
            shared.outbound.stats().uploads += 1;
            meta_json(StatusCode::OK, &json!({ "id": id }))
        }
        Err(error) => {
            shared.outbound.refused(error.code);
            error.into_response()
        }
    }
}

async fn store(
    shared: &Shared,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<String, MetaError> {
    let mut multipart = multipart.map_err(|rejection| {
        MetaError::invalid(format!(
            "The request must be multipart/form-data: {rejection}"
        ))
    })?;
    let (mut product, mut declared, mut file) = (None, None, None::<(Option<String>, Bytes)>);
    loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|e| MetaError::media_upload(format!("Reading the upload failed: {e}")))?;
        let Some(field) = field else { break };
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => {
                let content_type = field.content_type().map(str::to_owned);
                if field.file_name().is_none_or(str::is_empty) {
                    return Err(MetaError::invalid(
                        "Param file must be a file with a filename.",
                    ));
                }
                let bytes = field.bytes().await.map_err(|e| {
                    MetaError::media_upload(format!("Reading the file failed: {e}"))
                })?;
                file = Some((content_type, bytes));
            }
            "messaging_product" | "type" => {
                let text = field
                    .text()
                    .await
                    .map_err(|e| MetaError::invalid(format!("Param {name} is not text: {e}")))?;
                if name == "type" {
                    declared = Some(text);
                } else {
                    product = Some(text);
                }
            }
            _ => {}
        }
    }
    match product.as_deref() {
        Some("whatsapp") => {}
        Some(_) => {
            return Err(MetaError::invalid(
                "Param messaging_product must be 'whatsapp'.",
            ));
        }
        None => return Err(MetaError::missing("messaging_product")),
    }
    let (content_type, bytes) = file.ok_or_else(|| MetaError::missing("file"))?;
    let mime = declared
        .filter(|t| !t.trim().is_empty())
        .or(content_type)
        .ok_or_else(|| MetaError::missing("type"))?;
    let (kind, limit) = limit_for(&mime).ok_or_else(|| {
        MetaError::media_upload(format!(
            "Param file must be a file with one of the supported types; {mime} is not supported."
        ))
    })?;
    if bytes.len() > limit {
        return Err(MetaError::media_upload(format!(
            "Param file is {} bytes; {kind} media ({mime}) can be at most {limit} bytes.",
            bytes.len()
        )));
    }
    if bytes.is_empty() {
        return Err(MetaError::media_upload("Param file is empty."));
    }
    Ok(shared.store_media(bytes, mime.trim(), UPLOAD_TTL))
}

/// `DELETE /{media-id}` → `{"success":true}`.
pub(crate) async fn delete(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let token = query.get("access_token").map(String::as_str);
    if let Some(refused) = refuse_unauthorized(&shared, &headers, token) {
        return refused;
    }
    if shared.media().remove(&id) {
        meta_json(StatusCode::OK, &json!({"success": true}))
    } else {
        unknown_object(&id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: usize = 1024 * 1024;

    #[test]
    fn limits_follow_the_mime_type() {
        assert_eq!(limit_for("image/jpeg"), Some(("image", 5 * MB)));
        assert_eq!(
            limit_for("audio/ogg; codecs=opus"),
            Some(("audio", 16 * MB))
        );
        assert_eq!(limit_for("image/webp"), Some(("sticker", 500 * 1024)));
        assert_eq!(limit_for("application/pdf"), Some(("document", 100 * MB)));
        assert_eq!(limit_for("image/gif"), None);
        assert_eq!(limit_for("application/zip"), None, "Loket's allow-list");
    }
}
