//! The access request (AVG art. 15): a ZIP with what Loket holds about one resident.
//!
//! - `resident.json`: the contact (name, identities, agents' notes about them, block);
//! - `conversations/<id>/conversation.json`: the conversation, its history (events) and the
//!   internal notes and colleagues' knowledge-base feedback on it (authors as opaque ids:
//!   colleagues' names are not the resident's data);
//! - `conversations/<id>/messages.json`: every message, both directions, as stored;
//! - `conversations/<id>/transcript.html` and `index.html`: a readable, self-contained
//!   transcript (escaped; no scripts, no external assets);
//! - `media/<message id>…`: the files the resident sent and was sent.
//!
//! Bounded in memory: the ZIP is written to an anonymous temporary file (gone when the
//! returned handle is dropped), one conversation's rows and one media file at a time.

use std::io::{Seek, Write};

use loket_domain::{ContactId, OrgId};
use loket_store::{
    ContactRecord, ConversationRecord, KnowledgeFeedback, MediaState, MessageRecord, NoteRecord,
};
use object_store::ObjectStoreExt;
use object_store::path::Path;
use serde_json::{Value, json};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::transcript;
use crate::{Engine, EngineError};

/// A finished export: the ZIP (read from its start) and a file name for it.
#[derive(Debug)]
pub struct ResidentExport {
    pub file: std::fs::File,
    pub size: u64,
    pub filename: String,
}

/// The ZIP under construction; each entry is written off the async threads.
struct Archive(Option<ZipWriter<std::fs::File>>);

impl Archive {
    async fn add(&mut self, name: String, bytes: Vec<u8>, compress: bool) -> anyhow::Result<()> {
        let mut zip = self
            .0
            .take()
            .ok_or_else(|| anyhow::anyhow!("archive lost"))?;
        let method = if compress {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(bytes.len() > u32::MAX as usize / 2);
        let zip = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
            zip.start_file(name, options)?;
            zip.write_all(&bytes)?;
            Ok(zip)
        })
        .await??;
        self.0 = Some(zip);
        Ok(())
    }

    async fn add_json(&mut self, name: String, value: &Value) -> anyhow::Result<()> {
        self.add(name, serde_json::to_vec_pretty(value)?, true)
            .await
    }

    async fn finish(mut self) -> anyhow::Result<(std::fs::File, u64)> {
        let zip = self
            .0
            .take()
            .ok_or_else(|| anyhow::anyhow!("archive lost"))?;
        tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
            let mut file = zip.finish()?;
            let size = file.stream_position()?;
            file.rewind()?;
            Ok((file, size))
        })
        .await?
    }
}

impl Engine {
    /// Everything about contact `contact` of `org`, as a ZIP. `NotFound` for another org's.
    pub async fn export_resident(
        &self,
        org: OrgId,
        contact: ContactId,
    ) -> Result<ResidentExport, EngineError> {
        #[allow(clippy::let_and_return)] // the audit call goes between
        let outcome = self.build_export(org, contact).await;
        // Audited by the web layer (`audit/rules.rs`: data.exported), which knows the actor.
        outcome
    }

    async fn build_export(
        &self,
        org: OrgId,
        contact: ContactId,
    ) -> Result<ResidentExport, EngineError> {
        let record = self.store().get_contact(org, contact).await?;
        let conversations = self.store().resident_conversation_ids(org, contact).await?;
        let file = tempfile::tempfile().map_err(|e| EngineError::Other(e.into()))?;
        let mut archive = Archive(Some(ZipWriter::new(file)));
        let now = self.clock().now();
        let mut index = Vec::new();
        for id in &conversations {
            let conversation = self.store().get_conversation(org, *id).await?;
            let messages = self.store().list_messages(org, *id).await?;
            let notes = self.store().list_notes(org, *id).await?;
            let events = self.store().list_conversation_events(org, *id).await?;
            let feedback = self.store().list_kb_feedback_of_conversation(org, *id);
            let feedback = feedback.await?;
            let media = self.export_media(&mut archive, &messages).await?;
            let dir = format!("conversations/{id}");
            let view = conversation_json(&conversation, &events, &notes, &feedback);
            archive
                .add_json(format!("{dir}/conversation.json"), &view)
                .await?;
            let list: Vec<Value> = messages
                .iter()
                .map(|m| message_json(m, media_of(&media, m)))
                .collect();
            archive
                .add_json(format!("{dir}/messages.json"), &Value::Array(list))
                .await?;
            let page = transcript::conversation(&record, &conversation, &messages, &notes, &media);
            archive
                .add(format!("{dir}/transcript.html"), page.into_bytes(), true)
                .await?;
            index.push(conversation);
        }
        archive
            .add_json(
                "resident.json".into(),
                &resident_json(&record, &conversations, now),
            )
            .await?;
        archive
            .add(
                "index.html".into(),
                transcript::index(&record, &index, now).into_bytes(),
                true,
            )
            .await?;
        let (file, size) = archive.finish().await?;
        Ok(ResidentExport {
            file,
            size,
            filename: format!("inwoner-{contact}.zip"),
        })
    }

    /// Each stored media file into `media/`; `(message, path in the ZIP)` of those found.
    async fn export_media(
        &self,
        archive: &mut Archive,
        messages: &[MessageRecord],
    ) -> Result<Vec<(loket_domain::MessageId, String)>, EngineError> {
        let mut found = Vec::new();
        for m in messages {
            let Some(MediaState::Stored {
                blob_key,
                mime_type,
                ..
            }) = &m.media
            else {
                continue;
            };
            let bytes = match self.blobs().get(&Path::from(blob_key.as_str())).await {
                Ok(got) => got.bytes().await,
                Err(e) => Err(e),
            };
            let bytes = match bytes {
                Ok(bytes) => bytes,
                // Gone (e.g. removed by retention meanwhile): the JSON says so.
                Err(object_store::Error::NotFound { .. }) => continue,
                Err(e) => return Err(EngineError::Other(anyhow::anyhow!("blob store: {e}"))),
            };
            let name = format!("media/{}{}", m.id, extension(mime_type.as_deref()));
            archive.add(name.clone(), bytes.to_vec(), false).await?;
            found.push((m.id, name));
        }
        Ok(found)
    }
}

pub(super) fn media_of<'a>(
    media: &'a [(loket_domain::MessageId, String)],
    m: &MessageRecord,
) -> Option<&'a str> {
    media
        .iter()
        .find(|(id, _)| *id == m.id)
        .map(|(_, path)| path.as_str())
}

/// A file extension for a media type (only the common ones; else none).
fn extension(mime: Option<&str>) -> &'static str {
    match mime
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/webp" => ".webp",
        "application/pdf" => ".pdf",
        "audio/ogg" => ".ogg",
        "audio/mpeg" => ".mp3",
        "video/mp4" => ".mp4",
        "text/plain" => ".txt",
        _ => "",
    }
}

fn resident_json(
    c: &ContactRecord,
    conversations: &[loket_domain::ConversationId],
    now: loket_domain::Timestamp,
) -> Value {
    json!({
        "format": "loket-resident-export/1",
        "exported_at": now,
        "contact": {
            "id": c.id,
            "name": c.display_name,
            "identities": c.identity,
            "notes": c.notes,
            "created_at": c.created_at,
            "name_set_at": c.name_set_at,
            "blocked_at": c.blocked_at,
        },
        "conversations": conversations,
    })
}

fn conversation_json(
    c: &ConversationRecord,
    events: &[loket_store::ConversationEvent],
    notes: &[NoteRecord],
    feedback: &[KnowledgeFeedback],
) -> Value {
    json!({
        "id": c.id,
        "channel_id": c.channel_id,
        "status": c.status.as_str(),
        "priority": c.priority.as_str(),
        "labels": c.labels,
        "created_at": c.created_at,
        "resolved_at": c.resolved_at,
        "events": events.iter().map(|e| json!({ "at": e.at, "event": e.kind })).collect::<Vec<_>>(),
        "notes": notes.iter().map(|n| json!({ "at": n.created_at, "author_id": n.author_id, "body": n.body })).collect::<Vec<_>>(),
        // Colleagues' verdicts on knowledge-base articles while answering; a comment may
        // retell the resident's question, so it is theirs to see.
        "knowledge_feedback": feedback.iter().map(|f| json!({
            "at": f.at,
            "author_id": f.user_id,
            "article_id": f.article_id,
            "helpful": f.helpful,
            "comment": f.comment,
        })).collect::<Vec<_>>(),
    })
}

fn message_json(m: &MessageRecord, media_file: Option<&str>) -> Value {
    json!({
        "id": m.id,
        "direction": m.direction.as_str(),
        "sender": m.sender.as_str(),
        "sent_at": m.sent_at,
        "status": m.status.map(|s| s.as_str()),
        "content": m.content,
        "edited_content": m.edited_content,
        "edited_at": m.edited_at,
        "revoked_at": m.revoked_at,
        "media_file": media_file,
    })
}
