//! Sending: messages, mark-as-read, media upload. Bodies come from
//! [`outbound`](super::outbound).

use std::error::Error as _;

use bytes::Bytes;
use reqwest::multipart::{Form, Part};
use secrecy::ExposeSecret;
use serde_json::Value;

use super::client::{GraphClient, MAX_JSON_BYTES, check_plain_id, json_body, read_capped};
use super::errors::{GraphError, SendError, snippet};
use super::outbound::mark_read_request;
use super::wire::{SendResponse, SuccessResponse, UploadResponse};

/// Meta accepted a message (HTTP 200). Accepted is not delivered: status webhooks follow,
/// and a `failed` one (e.g. 131047, window closed) may still come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendAccepted {
    /// The message's wamid, the key of its status webhooks.
    pub wamid: String,
    /// The recipient's WhatsApp id, which may differ from the `to` we sent.
    pub wa_id: Option<String>,
    /// Only for paced templates, e.g. `accepted` or `held_for_quality_assessment`.
    pub message_status: Option<String>,
}

impl GraphClient {
    /// `POST {base}/{phone_number_id}/messages` with a body from
    /// [`message_request`](super::outbound::message_request), within the send timeout.
    ///
    /// Failures are split for the outbox (see [`SendError`]): retrying a
    /// [`SendError::NotSent`] cannot deliver twice; a [`SendError::Unknown`] may have been
    /// delivered.
    pub async fn send_message(
        &self,
        phone_number_id: &str,
        body: &Value,
    ) -> Result<SendAccepted, SendError> {
        check_plain_id("phone number id", phone_number_id).map_err(SendError::NotSent)?;
        let url = format!("{}/{phone_number_id}/messages", self.base_url);
        let sent = self
            .http
            .post(url)
            .bearer_auth(self.access_token.expose_secret())
            .timeout(self.send_timeout)
            .json(body)
            .send()
            .await;
        let mut response = sent.map_err(not_sent_or_unknown)?;
        let status = response.status();
        let read = read_capped(&mut response, MAX_JSON_BYTES).await;
        if !status.is_success() {
            // An error status is Meta's (or its front end's) answer that the message was
            // not accepted, even when its body is unreadable.
            let error = match read {
                Ok((body, _)) => GraphError::from_error_body(status.as_u16(), &body),
                Err(e) => GraphError::InvalidResponse {
                    status: status.as_u16(),
                    detail: format!("error body unreadable: {e}"),
                },
            };
            return Err(SendError::NotSent(error));
        }
        // From here on Meta said yes, so anything we cannot read leaves the outcome unknown.
        let body = match read {
            Ok((body, true)) => body,
            Ok((_, false)) => {
                return Err(SendError::Unknown(format!(
                    "HTTP {status} with an answer larger than {MAX_JSON_BYTES} bytes"
                )));
            }
            Err(e) => {
                return Err(SendError::Unknown(format!(
                    "HTTP {status}, then reading the answer failed: {e}"
                )));
            }
        };
        let unknown =
            |why: String| SendError::Unknown(format!("HTTP {status}, {why}: {}", snippet(&body)));
        let parsed: SendResponse = serde_json::from_slice(&body)
            .map_err(|e| unknown(format!("unreadable answer ({e})")))?;
        let Some(message) = parsed
            .messages
            .into_iter()
            .next()
            .filter(|m| !m.id.is_empty())
        else {
            return Err(unknown("answer without a message id".into()));
        };
        Ok(SendAccepted {
            wamid: message.id,
            wa_id: parsed.contacts.into_iter().find_map(|c| c.wa_id),
            message_status: message.message_status,
        })
    }

    /// Mark `message_id` (and all earlier messages) as read, optionally with a typing
    /// indicator. Allowed up to 30 days after receipt; a bad id gives error 131009.
    pub async fn mark_read(
        &self,
        phone_number_id: &str,
        message_id: &str,
        typing: bool,
    ) -> Result<(), GraphError> {
        check_plain_id("phone number id", phone_number_id)?;
        let url = format!("{}/{phone_number_id}/messages", self.base_url);
        let response = self
            .http
            .post(url)
            .bearer_auth(self.access_token.expose_secret())
            .timeout(self.send_timeout)
            .json(&mark_read_request(message_id, typing))
            .send()
            .await
            .map_err(GraphError::from_reqwest)?;
        let status = response.status().as_u16();
        let answer: SuccessResponse = json_body(response, "mark-as-read answer").await?;
        if answer.success {
            Ok(())
        } else {
            Err(GraphError::InvalidResponse {
                status,
                detail: "mark-as-read answered success: false".into(),
            })
        }
    }

    /// Upload a file for sending (`POST {base}/{phone_number_id}/media`, multipart with
    /// `messaging_product`, `type` and `file`); returns the media id, valid for 30 days.
    /// Meta's per-kind size limits apply (see `MediaKind::max_bytes`).
    pub async fn upload_media(
        &self,
        phone_number_id: &str,
        bytes: Bytes,
        mime_type: &str,
        filename: &str,
    ) -> Result<String, GraphError> {
        check_plain_id("phone number id", phone_number_id)?;
        let length = bytes.len() as u64;
        let filename = if filename.is_empty() {
            "file"
        } else {
            filename
        };
        let file = Part::stream_with_length(reqwest::Body::from(bytes), length)
            .file_name(filename.to_owned())
            .mime_str(mime_type)
            .map_err(|e| GraphError::InvalidRequest(format!("MIME type {mime_type:?}: {e}")))?;
        let form = Form::new()
            .text("messaging_product", "whatsapp")
            .text("type", mime_type.to_owned())
            .part("file", file);
        let url = format!("{}/{phone_number_id}/media", self.base_url);
        let response = self
            .http
            .post(url)
            .bearer_auth(self.access_token.expose_secret())
            .timeout(self.timeouts.transfer(length))
            .multipart(form)
            .send()
            .await
            .map_err(GraphError::from_reqwest)?;
        let answer: UploadResponse = json_body(response, "upload answer").await?;
        if answer.id.is_empty() {
            return Err(GraphError::InvalidResponse {
                status: 200,
                detail: "upload answer without a media id".into(),
            });
        }
        Ok(answer.id)
    }
}

/// A send that got no HTTP answer. Only a failure to *connect* (refused, DNS, TLS, a
/// connect timeout) proves the request never left: nothing was written, so Meta cannot
/// have it, and retrying is safe. A builder error means we never tried. Everything else
/// (the total timeout firing after connecting, a reset while waiting for the answer, an
/// HTTP/2 stream error) may come after Meta read the request and accepted it; we cannot
/// tell, so the outcome is unknown and a blind retry could message the resident twice.
///
/// (reqwest's total timeout also fires during a slow connect and is then reported as
/// unknown; give the `reqwest::Client` a shorter `connect_timeout` to keep those certain.)
fn not_sent_or_unknown(e: reqwest::Error) -> SendError {
    if e.is_connect() || e.is_builder() {
        return SendError::NotSent(GraphError::from_reqwest(e));
    }
    let e = e.without_url();
    let mut detail = if e.is_timeout() {
        "timed out waiting for the answer".to_owned()
    } else {
        e.to_string()
    };
    let mut source = e.source();
    while let Some(cause) = source {
        detail.push_str(": ");
        detail.push_str(&cause.to_string());
        source = cause.source();
    }
    SendError::Unknown(detail)
}
