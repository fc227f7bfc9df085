//! What the web composer needs beyond the API's send: replies recorded with the signed-in
//! user who wrote them, the approved templates with a preview of the text the resident
//! will read, and starting a conversation with a template (a call-back over WhatsApp).

use loket_channels::whatsapp::TemplateInfo;
use loket_domain::contact::{ChannelIdentity, ContactProfile};
use loket_domain::message::SenderKind;
use loket_domain::outbound::{RenderedTemplate, TemplateMessage, TemplateParams};
use loket_domain::{ChannelId, ConversationId, OrgId, UserId};
use loket_store::{MessageRecord, OptIn, TemplateRecord};

use super::{Outgoing, SendRequest};
use crate::{Engine, EngineError};

/// Who wrote an outbound message, as recorded with it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Author {
    pub user: Option<UserId>,
    pub opt_in: Option<OptIn>,
}

/// An approved template an agent can send from the composer, on its channel.
#[derive(Debug, Clone)]
pub struct TemplateChoice {
    pub channel_id: ChannelId,
    pub info: TemplateInfo,
}

impl TemplateChoice {
    /// The parameters an agent fills in: names (named templates) or `1`, `2`, ….
    pub fn parameter_names(&self) -> Vec<String> {
        if self.info.parameter_format.as_deref() == Some("NAMED") {
            self.info.parameter_names()
        } else {
            (1..=self.info.positional_count())
                .map(|n| n.to_string())
                .collect()
        }
    }

    /// The exact text the resident will read with `values` (in `parameter_names` order),
    /// rendered by the same code that records a sent template.
    pub fn preview(&self, values: &[String]) -> RenderedTemplate {
        self.info.render(&self.params(values))
    }

    pub fn params(&self, values: &[String]) -> TemplateParams {
        if self.info.parameter_format.as_deref() == Some("NAMED") {
            TemplateParams::Named(
                (self.parameter_names().into_iter())
                    .zip(values.iter().cloned())
                    .collect(),
            )
        } else {
            TemplateParams::Positional(values.to_vec())
        }
    }
}

/// An agent's call-back: a template to a phone number, with the resident's opt-in stated.
#[derive(Debug, Clone)]
pub struct StartRequest {
    pub channel: ChannelId,
    /// As typed; normalised with [`normalise_phone`].
    pub phone: String,
    pub template: TemplateMessage,
    pub by: UserId,
    /// The agent stated that the resident gave permission to be contacted.
    pub opt_in: bool,
}

impl Engine {
    /// Queue a reply written by the signed-in `user` (recorded as its sender).
    pub async fn send_message_as(
        &self,
        org: OrgId,
        conversation: ConversationId,
        request: SendRequest,
        user: UserId,
    ) -> Result<Vec<MessageRecord>, EngineError> {
        let author = Author {
            user: Some(user),
            opt_in: None,
        };
        self.send_by(org, conversation, request, author).await
    }

    /// The organisation's approved templates the composer can send (a media header needs
    /// a file the composer does not ask for: those are left out), by channel and name.
    pub async fn composer_templates(
        &self,
        org: OrgId,
        channel: Option<ChannelId>,
    ) -> Result<Vec<TemplateChoice>, EngineError> {
        let records = self.store().list_templates(org, channel).await?;
        let mut choices: Vec<TemplateChoice> = records
            .into_iter()
            .filter(|r| r.status == "APPROVED")
            .map(|r| TemplateChoice {
                channel_id: r.channel_id,
                info: info_of(r),
            })
            .filter(|c| c.info.header_media_kind().is_none())
            .collect();
        choices.sort_by(|a, b| {
            (a.channel_id.to_string(), &a.info.name, &a.info.language).cmp(&(
                b.channel_id.to_string(),
                &b.info.name,
                &b.info.language,
            ))
        });
        Ok(choices)
    }

    /// Start (or continue) a conversation with a template: the contact and conversation
    /// are created only once the request is known to be acceptable.
    pub async fn start_conversation(
        &self,
        org: OrgId,
        request: StartRequest,
    ) -> Result<(ConversationId, MessageRecord), EngineError> {
        let mut problems = Vec::new();
        let phone = normalise_phone(&request.phone);
        if phone.is_none() {
            problems.push(
                "phone: not a phone number (E.164: country code and number, 8 to 15 digits)"
                    .to_owned(),
            );
        }
        if !request.opt_in {
            problems.push("opt_in: the resident's permission must be stated".to_owned());
        }
        if !problems.is_empty() {
            return Err(EngineError::Invalid(problems));
        }
        self.check_channel_enabled(org, request.channel).await?;
        self.check_template(org, request.channel, &request.template)
            .await?;
        let now = self.clock().now();
        let resident = ContactProfile {
            identity: ChannelIdentity {
                wa_id: phone,
                ..ChannelIdentity::default()
            },
            name: None,
        };
        let conversation = self
            .store()
            .open_conversation_for(org, request.channel, &resident, now)
            .await?;
        let author = Author {
            user: Some(request.by),
            opt_in: Some(OptIn {
                by: request.by,
                at: now,
            }),
        };
        let send = SendRequest {
            outgoing: Outgoing::Template(request.template),
            sender: SenderKind::Agent,
            reply_to: None,
            // The start form states the resident's permission; a BSN is still refused.
            confirm_personal_data: true,
        };
        let mut sent = self.send_by(org, conversation, send, author).await?;
        let message = sent.pop().ok_or(EngineError::NotFound)?;
        Ok((conversation, message))
    }
}

pub(crate) fn info_of(record: TemplateRecord) -> TemplateInfo {
    TemplateInfo {
        id: record.template_id,
        name: record.name,
        language: record.language,
        status: record.status,
        category: record.category,
        parameter_format: record.parameter_format,
        components: record.components,
    }
}

/// A phone number as WhatsApp addresses it (E.164 digits, no `+`): spaces, dashes, dots
/// and brackets are ignored; `+` or `00` starts the country code; a Dutch national number
/// (`06 …`, `020 …`) gets `31`. `None` unless 8 to 15 digits remain.
pub fn normalise_phone(typed: &str) -> Option<String> {
    let kept: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
        .collect();
    let digits = if let Some(rest) = kept.strip_prefix('+') {
        rest.to_owned()
    } else if let Some(rest) = kept.strip_prefix("00") {
        rest.to_owned()
    } else if let Some(rest) = kept.strip_prefix('0') {
        format!("31{rest}")
    } else {
        kept
    };
    let valid = (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    valid.then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::normalise_phone;

    #[test]
    fn dutch_and_international_numbers_become_e164_digits() {
        for (typed, expected) in [
            ("06 12345678", "31612345678"),
            ("+31 6 1234 5678", "31612345678"),
            ("0031612345678", "31612345678"),
            ("(020) 123-4567", "31201234567"),
            ("32470123456", "32470123456"),
        ] {
            assert_eq!(normalise_phone(typed).as_deref(), Some(expected), "{typed}");
        }
    }

    #[test]
    fn anything_else_is_not_a_phone_number() {
        for typed in [
            "",
            "+",
            "12345",
            "06-1234abcd",
            "+0031612345678",
            "1234567890123456",
            "<script>",
            "٣١٦١٢٣٤٥٦٧٨",
        ] {
            assert_eq!(normalise_phone(typed), None, "{typed:?}");
        }
    }
}
