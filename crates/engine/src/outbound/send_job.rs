//! The outbox worker's send: under the channel's limits, with the outcome recorded so that
//! nothing vanishes and nothing is sent twice by us.
//!
//! - accepted → the wamid is recorded, status `sent` (statuses that came early are applied);
//! - not sent, retryable (throttling, 5xx, connection failed) → retried with backoff;
//! - not sent, permanent → `failed` with Meta's code, shown with a Dutch explanation;
//! - outcome unknown (timeout after the request left) → `uncertain`, never resent
//!   automatically: an agent decides (Meta may have delivered it).

use loket_channels::whatsapp::{
    ErrorClass, GraphError, SendError, SendOptions, classify, message_request,
};
use loket_domain::delivery::{DeliveryStatus, ProviderError};
use loket_domain::message::Content;
use loket_domain::time::add;
use loket_domain::{MessageId, OrgId};
use loket_store::{Job, MessageRecord};
use object_store::ObjectStoreExt;
use object_store::path::Path;
use serde::Deserialize;

use super::channel::{Address, WhatsappChannel};
use crate::bus::Event;
use crate::jobs::{JobError, backoff};
use crate::{Engine, EngineError};

pub const SEND: &str = "message.send";
pub const MARK_READ: &str = "message.mark_read";

/// Loket's own failure code (not Meta's): the title is the explanation.
pub const LOCAL_ERROR: i64 = -1;

#[derive(Debug, Deserialize)]
struct Blob {
    key: String,
    mime_type: Option<String>,
    filename: String,
}

/// The link preview is kept on the message (`MessageRecord::preview_url`), so that an
/// agent's retry sends it the same way; jobs queued before that carry it here.
#[derive(Debug, Deserialize)]
struct Payload {
    org_id: OrgId,
    message_id: MessageId,
    #[serde(default)]
    preview_url: bool,
    #[serde(default)]
    blob: Option<Blob>,
}

/// What the job runner should do after one send attempt.
pub(crate) enum SendStep {
    Done,
    /// Not tried (rate limit): run again at this time without counting an attempt.
    Postpone(std::time::Duration),
    /// The job itself is unusable (a damaged payload): fail it without retrying.
    GiveUp(String),
}

impl Engine {
    pub(crate) async fn run_send(&self, job: &Job) -> Result<SendStep, EngineError> {
        let p: Payload = match serde_json::from_value(job.payload.clone()) {
            Ok(p) => p,
            // Another attempt would read the same payload: give up at once.
            Err(e) => return Ok(SendStep::GiveUp(format!("bad send payload: {e}"))),
        };
        let message = self.store().get_message(p.org_id, p.message_id).await?;
        if message.status != Some(DeliveryStatus::Queued) {
            return Ok(SendStep::Done); // already sent, failed or uncertain: never twice
        }
        if !self.channel_enabled(p.org_id, message.channel_id).await? {
            // Queued before the channel was removed from the configuration (its Meta app may
            // be gone too): fail at once, before anything needs the app.
            let why = local("Het kanaal is uitgeschakeld in de configuratie; niet verstuurd.");
            self.fail_send(&message, why).await?;
            return Ok(SendStep::Done);
        }
        let contact = self
            .store()
            .get_conversation(p.org_id, message.conversation_id)
            .await?
            .contact_id;
        let identity = self.store().get_contact(p.org_id, contact).await?.identity;
        let Some(to) = Address::of(&identity) else {
            let why = "De inwoner heeft geen WhatsApp-nummer of gebruikers-id waarop Loket kan antwoorden.";
            self.fail_send(&message, local(why)).await?;
            return Ok(SendStep::Done);
        };
        let refusal = self
            .address_refusal(p.org_id, message.channel_id, &to, &message.content)
            .await?;
        if let Some(why) = refusal {
            self.fail_send(&message, local(&why)).await?;
            return Ok(SendStep::Done);
        }
        let channel = self.whatsapp_channel(p.org_id, message.channel_id).await?;
        if let Err(wait) = self
            .inner
            .limiter
            .try_acquire(channel.id, to.key(), self.clock().now())
        {
            return Ok(SendStep::Postpone(wait));
        }
        let client = self.graph_client(&channel);
        // From here on Meta may receive the message: mark it in flight first. If we crash
        // or cannot record Meta's answer, it stays uncertain (visible, for an agent to
        // decide) instead of queued (which would send it again).
        if !self
            .set_status(&message, DeliveryStatus::Uncertain, Some(&in_flight()))
            .await?
        {
            return Ok(SendStep::Done);
        }
        let number = channel.phone_number_id.clone();
        let mut content = message.content.clone();
        if let (Content::Media(media), Some(blob)) = (&mut content, &p.blob) {
            match self.upload(&client, &number, blob).await {
                Ok(id) => media.provider_media_id = id,
                Err(e) => return self.on_not_sent(job, &message, &channel, e).await,
            }
        }
        let options = SendOptions {
            reply_to: message.context.reply_to.clone(),
            preview_url: message.preview_url || p.preview_url,
            callback_data: None,
        };
        let body = match message_request(to.recipient(), &content, &options) {
            Ok(body) => body,
            Err(e) => {
                let why = format!("Het bericht voldoet niet aan de regels van WhatsApp: {e}");
                self.fail_send(&message, local(&why)).await?;
                return Ok(SendStep::Done);
            }
        };
        match client.send_message(&number, &body).await {
            Ok(accepted) => {
                self.record_accepted(&message, &accepted.wamid).await;
                count_send("sent", None);
                Ok(SendStep::Done)
            }
            Err(SendError::NotSent(e)) => self.on_not_sent(job, &message, &channel, e).await,
            Err(SendError::Unknown(_)) => {
                // Already marked uncertain, with the reason an agent reads.
                tracing::warn!(message_id = %message.id, "send outcome unknown; left uncertain");
                count_send("uncertain", None);
                Ok(SendStep::Done)
            }
        }
    }

    /// Meta accepted: record the wamid. Never an error that would retry the job (that
    /// would send again): a few attempts, then the message stays uncertain.
    async fn record_accepted(&self, message: &MessageRecord, wamid: &str) {
        let mut last_error = None;
        for pause_ms in [0, 100, 1000] {
            tokio::time::sleep(std::time::Duration::from_millis(pause_ms)).await;
            let now = self.clock().now();
            match self
                .store()
                .record_provider_message_id(message.org_id, message.id, wamid, now)
                .await
            {
                Ok(record) => {
                    // A failure webhook can beat us to it (applied from the pending statuses).
                    let closed = record
                        .error
                        .as_ref()
                        .is_some_and(|e| classify(e.code) == ErrorClass::WindowClosed);
                    if closed
                        && let Err(e) = self
                            .store()
                            .mark_window_closed(message.org_id, record.conversation_id, now)
                            .await
                    {
                        tracing::warn!(error = %e, "could not record a closed window");
                    }
                    self.publish_status(&record);
                    return;
                }
                Err(e) => last_error = Some(e),
            }
        }
        tracing::error!(
            message_id = %message.id,
            error = %last_error.map(|e| e.to_string()).unwrap_or_default(),
            "Meta accepted a message but its wamid could not be recorded; it stays uncertain"
        );
    }

    async fn upload(
        &self,
        client: &loket_channels::whatsapp::GraphClient,
        number: &str,
        blob: &Blob,
    ) -> Result<String, GraphError> {
        let bytes = self
            .blobs()
            .get(&Path::from(blob.key.as_str()))
            .await
            .map_err(|e| GraphError::InvalidRequest(format!("blob store: {e}")))?
            .bytes()
            .await
            .map_err(|e| GraphError::InvalidRequest(format!("blob store: {e}")))?;
        let mime = blob
            .mime_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".into());
        client
            .upload_media(number, bytes, &mime, &blob.filename)
            .await
    }

    async fn on_not_sent(
        &self,
        job: &Job,
        message: &MessageRecord,
        channel: &WhatsappChannel,
        e: GraphError,
    ) -> Result<SendStep, EngineError> {
        let class = e.class();
        let error = e
            .provider_error()
            .unwrap_or_else(|| local(&format!("WhatsApp was niet bereikbaar ({e}).")));
        let attempt = attempt_of(job);
        if class.is_retryable() && attempt < super::SEND_ATTEMPTS {
            // Meta certainly did not take it: back to queued (from in flight) with a new job.
            count_send("retry", Some(error.code));
            let mut payload = job.payload.clone();
            payload["attempt"] = (attempt + 1).into();
            let retry = loket_store::NewJob {
                kind: SEND.into(),
                payload,
                run_at: retry_at(self, attempt),
                max_attempts: super::SEND_ATTEMPTS,
            };
            tracing::info!(message_id = %message.id, code = error.code, attempt, "send refused for now; will retry");
            self.store()
                .requeue_message(message.org_id, message.id, &retry, self.clock().now())
                .await?;
            return Ok(SendStep::Done);
        }
        match class {
            ErrorClass::WindowClosed => {
                self.store()
                    .mark_window_closed(message.org_id, message.conversation_id, self.clock().now())
                    .await?;
            }
            ErrorClass::AuthExpired => {
                let reason = "De toegangssleutel van dit WhatsApp-kanaal is verlopen of ingetrokken. Koppel het kanaal opnieuw.";
                self.store()
                    .set_channel_attention(message.org_id, channel.id, Some(reason))
                    .await?;
                tracing::error!(channel_id = %channel.id, "channel access token rejected (190): needs attention");
            }
            _ => {}
        }
        self.fail_send(message, error).await?;
        Ok(SendStep::Done)
    }

    /// The send job itself broke down for good (store trouble…): show it on the message.
    pub(crate) async fn fail_send_job(&self, job: &Job, error: &str) -> Result<(), EngineError> {
        let Ok(p) = serde_json::from_value::<Payload>(job.payload.clone()) else {
            return Ok(());
        };
        let message = match self.store().get_message(p.org_id, p.message_id).await {
            Ok(message) => message,
            // Nothing to show it on: the job may still be failed.
            Err(loket_store::StoreError::NotFound) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        self.fail_send(
            &message,
            local(&format!("Verzenden is niet gelukt: {error}")),
        )
        .await
    }

    async fn fail_send(
        &self,
        message: &MessageRecord,
        error: ProviderError,
    ) -> Result<(), EngineError> {
        tracing::warn!(message_id = %message.id, code = error.code, "send failed");
        self.set_status(message, DeliveryStatus::Failed, Some(&error))
            .await
            .map(|_| ())
    }

    async fn set_status(
        &self,
        message: &MessageRecord,
        status: DeliveryStatus,
        error: Option<&ProviderError>,
    ) -> Result<bool, EngineError> {
        let now = self.clock().now();
        let changed = self
            .store()
            .set_message_status(message.org_id, message.id, status, error, now)
            .await?;
        if changed {
            self.bus().publish(Event::MessageStatusChanged {
                org_id: message.org_id,
                conversation_id: message.conversation_id,
                message_id: message.id,
                status,
            });
        }
        Ok(changed)
    }

    fn publish_status(&self, record: &MessageRecord) {
        if let Some(status) = record.status {
            self.bus().publish(Event::MessageStatusChanged {
                org_id: record.org_id,
                conversation_id: record.conversation_id,
                message_id: record.id,
                status,
            });
        }
    }

    /// Mark a resident's message read (best effort: a failure is not shown to anyone).
    pub(crate) async fn run_mark_read(&self, job: &Job) -> Result<(), JobError> {
        #[derive(Deserialize)]
        struct P {
            org_id: OrgId,
            message_id: MessageId,
            #[serde(default)]
            typing: bool,
        }
        let p: P = serde_json::from_value(job.payload.clone())
            .map_err(|e| JobError::Permanent(e.to_string()))?;
        let message = self
            .store()
            .get_message(p.org_id, p.message_id)
            .await
            .map_err(|e| JobError::Permanent(e.to_string()))?;
        let enabled = self
            .channel_enabled(p.org_id, message.channel_id)
            .await
            .map_err(|e| JobError::Retryable(e.to_string()))?;
        if !enabled {
            return Err(JobError::Permanent("the channel is disabled".into()));
        }
        let channel = self
            .whatsapp_channel(p.org_id, message.channel_id)
            .await
            .map_err(|e| JobError::Retryable(e.to_string()))?;
        let wamid = message.provider_message_id.clone().unwrap_or_default();
        self.graph_client(&channel)
            .mark_read(&channel.phone_number_id, &wamid, p.typing)
            .await
            .map_err(|e| {
                if e.is_retryable() {
                    JobError::Retryable(e.to_string())
                } else {
                    JobError::Permanent(e.to_string())
                }
            })
    }
}

/// Meta suggests 4^n seconds after throttling; other transient errors use the usual backoff.
pub(crate) fn send_backoff(attempt: u32) -> std::time::Duration {
    backoff(attempt).max(std::time::Duration::from_secs(
        4u64.saturating_pow(attempt.min(4)),
    ))
}

/// `loket_send_outcomes_total{outcome, code}` for the dashboard.
fn count_send(outcome: &'static str, code: Option<i64>) {
    let code = code.map(|c| c.to_string()).unwrap_or_default();
    metrics::counter!("loket_send_outcomes_total", "outcome" => outcome, "code" => code)
        .increment(1);
}

/// Which send attempt this job is (the outbox requeues with a new job per attempt).
fn attempt_of(job: &Job) -> u32 {
    job.payload
        .get("attempt")
        .and_then(serde_json::Value::as_u64)
        .map_or(1, |n| n as u32)
}

/// The reason shown while a send is in flight — and kept if its outcome never becomes known.
fn in_flight() -> ProviderError {
    local(
        "Onbekend of WhatsApp het bericht heeft ontvangen: het verzenden werd onderbroken. \
         Controleer het gesprek en probeer zo nodig opnieuw.",
    )
}

fn local(title: &str) -> ProviderError {
    ProviderError {
        code: LOCAL_ERROR,
        title: title.to_owned(),
        details: None,
    }
}

pub(crate) fn retry_at(engine: &Engine, attempt: u32) -> loket_domain::Timestamp {
    add(engine.clock().now(), send_backoff(attempt))
}
