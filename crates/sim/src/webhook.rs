//! Webhook delivery to Loket: PHP-escaped JSON, signed with the app secret, posted with the
//! headers Meta sends (§1.2 of the reference).

use anyhow::Context as _;
use loket_channels::whatsapp::escape::to_meta_json;
use loket_channels::whatsapp::signature::sign;
use reqwest::header::{CONTENT_TYPE, USER_AGENT};
use serde_json::Value;

use crate::GraphSim;
use crate::sim::Shared;
use crate::stats::bump;

/// Loket's answer to one webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub status: u16,
    pub body: String,
}

impl Delivered {
    /// Whether Loket accepted it (2xx); Meta retries anything else.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl GraphSim {
    /// Deliver `body` as Meta would: encoded with `to_meta_json`, `X-Hub-Signature-256` over
    /// those exact bytes, `Content-Type: application/json`, `User-Agent: facebookexternalua`.
    /// An `Err` means no HTTP answer; a 4xx/5xx answer is an `Ok` with that status.
    pub async fn deliver(&self, body: &Value) -> anyhow::Result<Delivered> {
        self.shared.deliver_json(body).await
    }

    /// Deliver exact bytes. `signature_override` replaces the `X-Hub-Signature-256` value
    /// (for bad-signature tests); `None` signs the bytes correctly.
    pub async fn deliver_raw(
        &self,
        body: Vec<u8>,
        signature_override: Option<String>,
    ) -> anyhow::Result<Delivered> {
        let signature = signature_override
            .unwrap_or_else(|| sign(self.shared.config.app_secret.as_bytes(), &body));
        self.shared.post(body, Some(signature)).await
    }

    /// Deliver exact bytes without any `X-Hub-Signature-256` header.
    pub async fn deliver_unsigned(&self, body: Vec<u8>) -> anyhow::Result<Delivered> {
        self.shared.post(body, None).await
    }

    /// Meta's GET handshake: `?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…` with
    /// the configured verify token. Returns Loket's answer and the challenge it must echo.
    pub async fn subscribe(&self) -> anyhow::Result<(Delivered, String)> {
        let challenge = rand::random_range(1_000_000_000u64..10_000_000_000).to_string();
        let url = self.webhook_url_checked()?;
        let response = self
            .shared
            .http
            .get(&url)
            .query(&[
                ("hub.mode", "subscribe"),
                ("hub.challenge", challenge.as_str()),
                ("hub.verify_token", self.shared.config.verify_token.as_str()),
            ])
            .header(
                USER_AGENT,
                "facebookplatform/1.0 (+http://developers.facebook.com)",
            )
            .send()
            .await
            .with_context(|| format!("sending the verification request to {url}"))?;
        let status = response.status().as_u16();
        let body = response
            .text()
            .await
            .context("reading the verification answer")?;
        Ok((Delivered { status, body }, challenge))
    }

    fn webhook_url_checked(&self) -> anyhow::Result<String> {
        self.shared.webhook_url_checked()
    }
}

impl Shared {
    /// Encode with `to_meta_json`, sign and post.
    pub(crate) async fn deliver_json(&self, body: &Value) -> anyhow::Result<Delivered> {
        let body = to_meta_json(body).into_bytes();
        let signature = sign(self.config.app_secret.as_bytes(), &body);
        self.post(body, Some(signature)).await
    }

    fn webhook_url_checked(&self) -> anyhow::Result<String> {
        let url = self
            .webhook_url
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        anyhow::ensure!(
            !url.is_empty(),
            "no webhook URL set (see GraphSim::set_webhook_url)"
        );
        Ok(url)
    }

    /// Posts a webhook. Residents' messages in it open their 24-hour window first.
    async fn post(&self, body: Vec<u8>, signature: Option<String>) -> anyhow::Result<Delivered> {
        let counters = &self.counters;
        let url = self.webhook_url_checked()?;
        self.note_inbound(&body);
        let mut request = self
            .http
            .post(&url)
            .header(CONTENT_TYPE, "application/json")
            .header(USER_AGENT, "facebookexternalua")
            .body(body);
        if let Some(signature) = signature {
            request = request.header("X-Hub-Signature-256", signature);
        }
        let answer = async {
            let response = request.send().await?;
            let status = response.status().as_u16();
            let body = response.text().await?;
            Ok::<_, reqwest::Error>(Delivered { status, body })
        }
        .await;
        match answer {
            Ok(delivered) => {
                bump(if delivered.is_success() {
                    &counters.webhooks_accepted
                } else {
                    &counters.webhooks_rejected
                });
                Ok(delivered)
            }
            Err(error) => {
                bump(&counters.webhooks_failed);
                Err(error).with_context(|| format!("delivering a webhook to {url}"))
            }
        }
    }
}
