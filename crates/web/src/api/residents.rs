//! AVG rights per resident (issue 10 §5): `GET /api/v1/contacts/{id}/export` (a ZIP of
//! everything Loket holds about them) and `POST /api/v1/contacts/{id}/erasure` (everything
//! removed; 409 when a legal hold keeps any of their conversations, AVG art. 17(3)).
//! Another organisation's contact, or one already erased: 404.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use loket_domain::ContactId;
use loket_engine::avg::{Erasure, ErasureReport, ResidentExport};
use loket_engine::records::HeldConversation;
use serde::Serialize;
use tokio::io::AsyncReadExt;

use super::auth::OrgAuth;
use super::routes::ApiRoutes;
use crate::{ApiError, AppState};

/// Read size when streaming an export.
const CHUNK: usize = 64 * 1024;

pub(super) fn routes(routes: ApiRoutes) -> ApiRoutes {
    routes
        .get("/contacts/{id}/export", export)
        .post("/contacts/{id}/erasure", erasure)
}

async fn export(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id: ContactId = id.parse().map_err(|_| ApiError::NotFound)?;
    let export = state.engine.export_resident(org.id, id).await?;
    Ok(zip_download(export))
}

/// The export as a download, streamed from its temporary file.
pub(crate) fn zip_download(export: ResidentExport) -> Response {
    let headers = [
        (header::CONTENT_TYPE, "application/zip".to_owned()),
        (header::CONTENT_LENGTH, export.size.to_string()),
        (
            header::CONTENT_DISPOSITION,
            super::media::content_disposition(&export.filename),
        ),
        (header::CACHE_CONTROL, "no-store".to_owned()),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
    ];
    (headers, file_body(export.file)).into_response()
}

/// A body that reads `file` from where it stands, a chunk at a time (memory stays bounded
/// however large the export).
fn file_body(file: std::fs::File) -> Body {
    let file = tokio::fs::File::from_std(file);
    let chunks = futures::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buffer = vec![0; CHUNK];
        match file.read(&mut buffer).await {
            Ok(0) => None,
            Ok(n) => {
                buffer.truncate(n);
                Some((Ok(bytes::Bytes::from(buffer)), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    });
    Body::from_stream(chunks)
}

#[derive(Serialize)]
struct ErasureBody {
    erased: bool,
    conversations: u64,
    messages: u64,
    notes: u64,
    jobs: u64,
    raw_payloads: u64,
    media_files: u64,
}

impl From<ErasureReport> for ErasureBody {
    fn from(r: ErasureReport) -> Self {
        Self {
            erased: true,
            conversations: r.counts.conversations,
            messages: r.counts.messages,
            notes: r.counts.notes,
            jobs: r.counts.jobs,
            raw_payloads: r.counts.raw_payloads,
            media_files: r.blobs,
        }
    }
}

async fn erasure(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
) -> Result<Json<ErasureBody>, ApiError> {
    let id: ContactId = id.parse().map_err(|_| ApiError::NotFound)?;
    match state.engine.erase_resident(org.id, id).await? {
        Erasure::Erased(report) => Ok(Json(report.into())),
        Erasure::Refused(holds) => Err(ApiError::Conflict(refusal(&holds))),
    }
}

/// Why nothing was erased, naming the held conversations (ids only).
fn refusal(holds: &[HeldConversation]) -> String {
    let ids: Vec<String> = holds
        .iter()
        .map(|h| h.conversation_id.to_string())
        .collect();
    format!(
        "Nothing was erased: conversation(s) {} are under a legal hold, so the data must be kept (AVG art. 17(3)). Lift the hold first, or answer the resident why their data is kept.",
        ids.join(", ")
    )
}
