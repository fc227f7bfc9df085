//! Replying: every outgoing message is committed together with its send job (the outbox),
//! after the rules are checked — the 24-hour window, approved templates, Meta's limits.

mod channel;
pub mod compose;
pub mod limits;
mod send_job;
pub mod templates;
mod validate;

use bytes::Bytes;
use loket_domain::message::{Content, Media, MediaKind, MessageContext, SenderKind};
use loket_domain::outbound::{Interactive, TemplateMessage};
use loket_domain::{ConversationId, MessageId, OrgId};
use loket_store::{ConversationRecord, MediaState, MessageRecord, NewJob, NewOutboundMessage};
use object_store::ObjectStoreExt;
use object_store::path::Path;
use serde_json::json;

pub use channel::WhatsappChannel;
pub(crate) use send_job::SendStep;
pub use send_job::{LOCAL_ERROR, MARK_READ, SEND};
use validate::{field_of, in_field, kind_of, validate_for_whatsapp};

use crate::bus::Event;
use crate::{Engine, EngineError};

/// Attempts for one send before it is marked failed (throttling and transient errors).
pub(crate) const SEND_ATTEMPTS: u32 = 8;

/// An attachment kept in the blob store, waiting for its send.
#[derive(Debug, Clone)]
struct KeptFile {
    key: String,
    size: u64,
    mime_type: String,
    filename: String,
}

/// A file an agent attaches; several attachments become several messages.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub bytes: Bytes,
    pub mime_type: String,
    pub filename: String,
    pub caption: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Outgoing {
    Text {
        body: String,
        preview_url: bool,
    },
    Media(Vec<Attachment>),
    Template(TemplateMessage),
    Interactive(Interactive),
    /// React to one of the conversation's messages; `None` removes our reaction.
    Reaction {
        target: MessageId,
        emoji: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub struct SendRequest {
    pub outgoing: Outgoing,
    pub sender: SenderKind,
    /// Quote one of the conversation's messages.
    pub reply_to: Option<MessageId>,
    /// The sender confirmed sending personal data (issue 10); a BSN may still be refused.
    pub confirm_personal_data: bool,
}

impl Engine {
    /// Queue a reply; returns the queued messages (one per attachment for media).
    pub async fn send_message(
        &self,
        org: OrgId,
        conversation: ConversationId,
        request: SendRequest,
    ) -> Result<Vec<MessageRecord>, EngineError> {
        self.send_by(org, conversation, request, compose::Author::default())
            .await
    }

    /// [`Self::send_message`], recording who wrote it (and a stated opt-in).
    pub(crate) async fn send_by(
        &self,
        org: OrgId,
        conversation: ConversationId,
        mut request: SendRequest,
        author: compose::Author,
    ) -> Result<Vec<MessageRecord>, EngineError> {
        validate::check_request(&mut request.outgoing)?;
        if matches!(request.sender, SenderKind::Agent) {
            self.check_personal_data(org, &request).await?;
        }
        let conv = self.store().get_conversation(org, conversation).await?;
        self.check_channel_enabled(org, conv.channel_id).await?;
        let is_template = matches!(request.outgoing, Outgoing::Template(_));
        if !is_template {
            check_window(&conv, self.clock().now())?;
        }
        let mut context = MessageContext::default();
        if let Some(quoted) = request.reply_to {
            context.reply_to = Some(
                self.provider_id_in(org, conversation, quoted)
                    .await
                    .map_err(|e| in_field(e, "reply_to"))?,
            );
        }
        let (contents, preview_url) = self.prepare(org, &conv, request.outgoing).await?;
        // Every part is checked before any is queued: a refusal must not leave half a reply.
        for (content, _) in &contents {
            validate_for_whatsapp(content, &context, preview_url)?;
        }
        if is_template {
            self.check_address(org, &conv, &contents[0].0).await?;
        }
        let mut reply = Vec::with_capacity(contents.len());
        for (content, blob) in contents {
            let message_id = MessageId::new_at(self.clock().now());
            let mut payload = json!({ "org_id": org, "message_id": message_id });
            if let Some(file) = &blob {
                payload["blob"] = json!({ "key": file.key, "mime_type": file.mime_type, "filename": file.filename });
            }
            reply.push(NewOutboundMessage {
                message_id,
                org_id: org,
                conversation_id: conversation,
                sender: request.sender,
                content,
                context: context.clone(),
                created_at: self.clock().now(),
                preview_url,
                media: blob.map(|file| MediaState::Stored {
                    blob_key: file.key,
                    size: file.size,
                    mime_type: Some(file.mime_type),
                }),
                jobs: vec![self.send_job(payload)],
                sender_user_id: author.user,
                opt_in: author.opt_in,
            });
        }
        // One transaction for the whole reply: every attachment is queued, or none is.
        let sent = self.store().insert_outbound_messages(&reply).await?;
        for record in &sent {
            self.bus().publish(Event::MessageCreated {
                org_id: org,
                conversation_id: conversation,
                message_id: record.id,
            });
        }
        self.notify_jobs();
        Ok(sent)
    }

    /// An agent's retry of a failed or uncertain send in `conversation`.
    pub async fn retry_message(
        &self,
        org: OrgId,
        conversation: ConversationId,
        message: MessageId,
    ) -> Result<MessageRecord, EngineError> {
        let existing = self.store().get_message(org, message).await?;
        if existing.conversation_id != conversation {
            return Err(EngineError::NotFound);
        }
        self.check_channel_enabled(org, existing.channel_id).await?;
        let mut payload = json!({ "org_id": org, "message_id": message });
        if let Some(MediaState::Stored {
            blob_key,
            mime_type,
            ..
        }) = &existing.media
        {
            let filename = match &existing.content {
                Content::Media(m) => m.filename.clone().unwrap_or_else(|| "bijlage".into()),
                _ => "bijlage".into(),
            };
            payload["blob"] =
                json!({ "key": blob_key, "mime_type": mime_type, "filename": filename });
        }
        let record = self
            .store()
            .requeue_message(org, message, &self.send_job(payload), self.clock().now())
            .await?;
        self.bus().publish(Event::MessageUpdated {
            org_id: org,
            conversation_id: record.conversation_id,
            message_id: message,
        });
        self.notify_jobs();
        Ok(record)
    }

    /// Mark the resident's latest message read (blue ticks), optionally showing "typing…".
    pub async fn mark_read(
        &self,
        org: OrgId,
        conversation: ConversationId,
        typing: bool,
    ) -> Result<bool, EngineError> {
        // Read in Loket whatever WhatsApp says: the queue's unread count is ours.
        self.store()
            .mark_conversation_read(org, conversation)
            .await?;
        let messages = self.store().list_messages(org, conversation).await?;
        let latest = messages.iter().rev().find(|m| {
            m.direction == loket_domain::message::Direction::Inbound
                && m.provider_message_id.is_some()
        });
        let Some(latest) = latest else {
            return Ok(false);
        };
        self.check_channel_enabled(org, latest.channel_id).await?;
        let job = NewJob {
            kind: MARK_READ.into(),
            payload: json!({ "org_id": org, "message_id": latest.id, "typing": typing }),
            run_at: self.clock().now(),
            max_attempts: 3,
        };
        self.store().enqueue_job(&job, self.clock().now()).await?;
        self.notify_jobs();
        Ok(true)
    }

    /// A template the resident's address cannot take (an authentication template for a
    /// resident known only by a user id) is refused before it is queued.
    async fn check_address(
        &self,
        org: OrgId,
        conv: &ConversationRecord,
        content: &Content,
    ) -> Result<(), EngineError> {
        let identity = self
            .store()
            .get_contact(org, conv.contact_id)
            .await?
            .identity;
        let Some(address) = channel::Address::of(&identity) else {
            return Ok(()); // the send job explains that there is no address at all
        };
        match self
            .address_refusal(org, conv.channel_id, &address, content)
            .await?
        {
            Some(why) => Err(in_field(EngineError::Invalid(vec![why]), field_of(content))),
            None => Ok(()),
        }
    }

    fn send_job(&self, payload: serde_json::Value) -> NewJob {
        NewJob {
            kind: SEND.into(),
            payload,
            run_at: self.clock().now(),
            max_attempts: SEND_ATTEMPTS,
        }
    }

    async fn provider_id_in(
        &self,
        org: OrgId,
        conversation: ConversationId,
        id: MessageId,
    ) -> Result<String, EngineError> {
        // A message that does not exist is the request's fault (400), not a missing page.
        let quoted = match self.store().get_message(org, id).await {
            Err(loket_store::StoreError::NotFound) => None,
            found => Some(found?),
        };
        match quoted.and_then(|q| (q.conversation_id == conversation).then_some(q)) {
            Some(MessageRecord {
                provider_message_id: Some(p),
                ..
            }) => Ok(p),
            _ => Err(EngineError::Invalid(vec![format!(
                "message {id} cannot be quoted or reacted to in this conversation"
            )])),
        }
    }

    /// Turn what the agent asked for into message contents (with the blob of each file).
    async fn prepare(
        &self,
        org: OrgId,
        conv: &ConversationRecord,
        outgoing: Outgoing,
    ) -> Result<(Vec<(Content, Option<KeptFile>)>, bool), EngineError> {
        Ok(match outgoing {
            Outgoing::Text { body, preview_url } => {
                (vec![(Content::Text { body }, None)], preview_url)
            }
            Outgoing::Template(mut template) => {
                let info = self
                    .check_template(org, conv.channel_id, &template)
                    .await
                    .map_err(|e| in_field(e, "template"))?;
                // Kept as the resident reads it, whatever a client may have sent.
                template.rendered = Some(info.render(&template.parameters));
                (vec![(Content::Template(template), None)], false)
            }
            Outgoing::Interactive(i) => (vec![(Content::Interactive(i), None)], false),
            Outgoing::Reaction { target, emoji } => {
                let target = self
                    .provider_id_in(org, conv.id, target)
                    .await
                    .map_err(|e| in_field(e, "reaction.message_id"))?;
                (vec![(Content::Reaction { target, emoji }, None)], false)
            }
            Outgoing::Media(files) => {
                // Types, sizes and names were checked (all files) before anything is kept.
                let mut out = Vec::with_capacity(files.len());
                for file in files {
                    out.push(self.keep_attachment(org, file).await?);
                }
                (out, false)
            }
        })
    }

    /// Keep the file in the blob store first: the outbox must survive a restart.
    async fn keep_attachment(
        &self,
        org: OrgId,
        file: Attachment,
    ) -> Result<(Content, Option<KeptFile>), EngineError> {
        let kind = kind_of(&file)?;
        let size = file.bytes.len() as u64;
        let key = format!(
            "orgs/{org}/outbound/{}",
            MessageId::new_at(self.clock().now())
        );
        self.blobs()
            .put(&Path::from(key.as_str()), file.bytes.into())
            .await
            .map_err(|e| EngineError::Other(anyhow::anyhow!("blob store: {e}")))?;
        let media = Media {
            kind,
            provider_media_id: String::new(),
            mime_type: Some(file.mime_type.clone()),
            sha256: None,
            caption: file.caption.filter(|c| {
                !c.is_empty() && kind != MediaKind::Audio && kind != MediaKind::Sticker
            }),
            filename: (kind == MediaKind::Document).then(|| file.filename.clone()),
            voice: false,
            animated: false,
        };
        Ok((
            Content::Media(media),
            Some(KeptFile {
                key,
                size,
                mime_type: file.mime_type,
                filename: file.filename,
            }),
        ))
    }
}

/// Free-form messages only inside the 24-hour window (or when Meta said it closed).
fn check_window(
    conv: &ConversationRecord,
    now: loket_domain::Timestamp,
) -> Result<(), EngineError> {
    if crate::query::window_of(conv, now).is_open() {
        return Ok(());
    }
    Err(EngineError::WindowClosed(
        "Het 24-uursvenster is gesloten: de inwoner schreef meer dan 24 uur geleden voor het laatst. \
         Stuur een goedgekeurd sjabloon (bijvoorbeeld 'vraag_nog_open') om het gesprek te heropenen."
            .into(),
    ))
}
