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
    /// The name the sender gave the file, as received (untrusted: sanitise before use).
    pub filename: Option<String>,
}

/// A message's media as a reader finds it: there, or why not.
#[derive(Debug, Clone)]
pub enum MediaLookup {
    Stored(MediaContent),
    /// The message has no attachment.
    Absent,
    /// A job has yet to fetch the bytes.
    Pending,
    /// Fetching failed for good.
    Failed,
    /// The attachment checks refused the file: it is never served.
    Quarantined,
}

impl Engine {
    /// The stored media of one message of `org`; `NotFound` while it is pending, failed or
    /// absent (the message's media state says which).
    pub async fn media_content(
        &self,
        org: OrgId,
        message: MessageId,
    ) -> Result<MediaContent, EngineError> {
        match self.media_lookup(org, message).await? {
            MediaLookup::Stored(content) => Ok(content),
            _ => Err(EngineError::NotFound),
        }
    }

    /// The stored media of one message of `org`, or why there is none to serve;
    /// `NotFound` for a message `org` does not have.
    pub async fn media_lookup(
        &self,
        org: OrgId,
        message: MessageId,
    ) -> Result<MediaLookup, EngineError> {
        let record = self.store().get_message(org, message).await?;
        let filename = record.content.media().and_then(|m| m.filename.clone());
        let (blob_key, mime_type) = match record.media {
            None => return Ok(MediaLookup::Absent),
            Some(MediaState::Pending) => return Ok(MediaLookup::Pending),
            Some(MediaState::Failed { .. }) => return Ok(MediaLookup::Failed),
            Some(MediaState::Quarantined { .. }) => return Ok(MediaLookup::Quarantined),
            Some(MediaState::Stored {
                blob_key,
                mime_type,
                ..
            }) => (blob_key, mime_type),
        };
        let found = self
            .blobs()
            .get(&Path::from(blob_key.as_str()))
            .await
            .map_err(|e| blob_error(&blob_key, e))?;
        let bytes = found.bytes().await.map_err(|e| blob_error(&blob_key, e))?;
        Ok(MediaLookup::Stored(MediaContent {
            bytes,
            mime_type,
            filename,
        }))
    }
}

/// A kept file that is gone or unreadable is an operator's problem, not the caller's.
fn blob_error(key: &str, e: object_store::Error) -> EngineError {
    EngineError::Other(anyhow::anyhow!("blob store, reading {key}: {e}"))
}
