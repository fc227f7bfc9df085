//! Fetching media residents sent: the provider's media id → a short-lived URL → the bytes,
//! checked against the announced SHA-256 and kept in the blob store.

use loket_channels::whatsapp::{GraphClient, GraphError, sha256_matches};
use loket_domain::time::add;
use loket_domain::{MessageId, OrgId};
use loket_store::{Job, MediaState, MessageRecord};
use object_store::ObjectStoreExt;
use object_store::path::Path;
use serde::Deserialize;

use super::JobError;
use crate::attachments::Inspected;
use crate::{Engine, EngineError};

pub const MEDIA_FETCH: &str = "media.fetch";

/// Extra lease time beyond a download's time limit, for storing what arrived.
const LEASE_MARGIN: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Debug, Deserialize)]
struct Payload {
    org_id: OrgId,
    message_id: MessageId,
}

impl Engine {
    pub(super) async fn fetch_media(&self, job: &Job) -> Result<(), JobError> {
        let p = payload(job)?;
        let message = self
            .store()
            .get_message(p.org_id, p.message_id)
            .await
            .map_err(store_error)?;
        let Some(media) = message.content.media().cloned() else {
            return Err(JobError::Permanent("message has no media".into()));
        };
        let client = self.graph_client_for(&message).await?;
        let info = client
            .media_info(&media.provider_media_id)
            .await
            .map_err(graph_error)?;
        let max = media.kind.max_bytes();
        if info.file_size.is_some_and(|size| size > max) {
            return Err(JobError::Permanent(too_large(max)));
        }
        // A large file on a slow line may outlast the claim's lease: extend it to cover the
        // download's own time limit, so that no other worker starts the same fetch meanwhile.
        let until = add(
            self.clock().now(),
            client.timeouts().transfer(max) + LEASE_MARGIN,
        );
        let held = self.store().extend_lease(job.lease(), until).await;
        if !held.map_err(store_error)? {
            return Err(JobError::Retryable(
                "another worker took the job over".into(),
            ));
        }
        let bytes = client.download(&info.url, max).await.map_err(graph_error)?;
        let expected = media.sha256.as_deref().or(info.sha256.as_deref());
        if let Some(expected) = expected
            && !sha256_matches(&bytes, expected)
        {
            return Err(JobError::Retryable(
                "de bijlage kwam beschadigd binnen (controlegetal klopt niet)".into(),
            ));
        }
        let state = self.keep_checked(&p, bytes).await?;
        self.store()
            .set_media_state(p.org_id, p.message_id, &state)
            .await
            .map_err(store_error)?;
        self.bus().publish(crate::Event::MessageUpdated {
            org_id: p.org_id,
            conversation_id: message.conversation_id,
            message_id: p.message_id,
        });
        Ok(())
    }

    /// Check the file (`attachments/`) and keep what may be shown; a quarantined file is
    /// not kept at all.
    async fn keep_checked(&self, p: &Payload, bytes: bytes::Bytes) -> Result<MediaState, JobError> {
        let (shown, original, mime_type) = match self.inspect_attachment(bytes).await {
            Ok(Inspected::Accepted {
                shown,
                original,
                mime_type,
            }) => (shown, original, mime_type),
            Ok(Inspected::Quarantined { reason }) => return Ok(MediaState::Quarantined { reason }),
            Err(e) => return Err(JobError::Retryable(e.to_string())),
        };
        let key = format!("orgs/{}/media/{}", p.org_id, p.message_id);
        if let Some(original) = original {
            self.put_blob(&format!("{key}.original"), original).await?;
        }
        let size = shown.len() as u64;
        self.put_blob(&key, shown).await?;
        Ok(MediaState::Stored {
            blob_key: key,
            size,
            mime_type: Some(mime_type.to_owned()),
        })
    }

    async fn put_blob(&self, key: &str, bytes: bytes::Bytes) -> Result<(), JobError> {
        self.blobs()
            .put(&Path::from(key), bytes.into())
            .await
            .map(|_| ())
            .map_err(|e| JobError::Retryable(format!("blob store: {e}")))
    }

    pub(super) async fn mark_media_failed(
        &self,
        job: &Job,
        error: &str,
    ) -> Result<(), EngineError> {
        let Ok(p) = payload(job) else { return Ok(()) };
        let reason = format!("De bijlage kon niet worden opgehaald: {error}");
        self.store()
            .set_media_state(p.org_id, p.message_id, &MediaState::Failed { reason })
            .await?;
        let message = self.store().get_message(p.org_id, p.message_id).await?;
        self.bus().publish(crate::Event::MessageUpdated {
            org_id: p.org_id,
            conversation_id: message.conversation_id,
            message_id: p.message_id,
        });
        Ok(())
    }

    /// The Graph API client for the channel a message came in on.
    pub(crate) async fn graph_client_for(
        &self,
        message: &MessageRecord,
    ) -> Result<GraphClient, JobError> {
        let channel = self
            .whatsapp_channel(message.org_id, message.channel_id)
            .await
            .map_err(|e| match e {
                EngineError::Store(e) => JobError::Retryable(e.to_string()),
                EngineError::NotFound => JobError::Permanent("het kanaal bestaat niet meer".into()),
                other => JobError::Permanent(other.to_string()),
            })?;
        Ok(self.graph_client(&channel))
    }
}

fn payload(job: &Job) -> Result<Payload, JobError> {
    serde_json::from_value(job.payload.clone())
        .map_err(|e| JobError::Permanent(format!("bad job payload: {e}")))
}

fn store_error(e: loket_store::StoreError) -> JobError {
    match e {
        loket_store::StoreError::NotFound => {
            JobError::Permanent("het bericht bestaat niet meer".into())
        }
        other => JobError::Retryable(other.to_string()),
    }
}

fn too_large(max: u64) -> String {
    format!("het bestand is groter dan {} MB", max.div_ceil(1024 * 1024))
}

fn graph_error(e: GraphError) -> JobError {
    if e.is_retryable() {
        return JobError::Retryable(dutch(&e));
    }
    match e {
        GraphError::Expired => JobError::Retryable("de downloadlink was verlopen".into()),
        other => JobError::Permanent(dutch(&other)),
    }
}

/// A reason an agent understands; the provider's code stays in it for support.
fn dutch(e: &GraphError) -> String {
    match e {
        GraphError::Timeout => "Meta antwoordde niet op tijd".into(),
        GraphError::Transport(_) => "Meta was niet bereikbaar".into(),
        GraphError::TooLarge { max_bytes } => too_large(*max_bytes),
        GraphError::Api { code, message, .. } => {
            format!("Meta weigerde het verzoek (code {code}: {message})")
        }
        other => format!("onverwacht antwoord van Meta ({other})"),
    }
}
