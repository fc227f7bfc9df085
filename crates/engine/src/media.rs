//! Reading a message's kept media back, for whoever shows it to an agent. Any instance can
//! serve media another instance fetched, as long as they share the blob store (S3).

use bytes::Bytes;
use loket_domain::{MessageId, OrgId};
use loket_store::MediaState;
use object_store::ObjectStoreExt;
use object_store::path::Path;

use crate::{Engine, EngineError};

/// The bytes of a stored attachment and what they are.
#[derive(Debug, Clone)]
pub struct MediaContent {
    pub bytes: Bytes,
    pub mime_type: Option<String>,
}

impl Engine {
    /// The stored media of one message of `org`; `NotFound` while it is pending, failed or
    /// absent (the message's media state says which).
    pub async fn media_content(
        &self,
        org: OrgId,
        message: MessageId,
    ) -> Result<MediaContent, EngineError> {
        let record = self.store().get_message(org, message).await?;
        let Some(MediaState::Stored {
            blob_key,
            mime_type,
            ..
        }) = record.media
        else {
            return Err(EngineError::NotFound);
        };
        let found = self
            .blobs()
            .get(&Path::from(blob_key.as_str()))
            .await
            .map_err(|e| blob_error(&blob_key, e))?;
        let bytes = found.bytes().await.map_err(|e| blob_error(&blob_key, e))?;
        Ok(MediaContent { bytes, mime_type })
    }
}

/// A kept file that is gone or unreadable is an operator's problem, not the caller's.
fn blob_error(key: &str, e: object_store::Error) -> EngineError {
    EngineError::Other(anyhow::anyhow!("blob store, reading {key}: {e}"))
}
