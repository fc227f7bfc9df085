//! Rows as both backends return them, and their conversion into the domain models.
//!
//! The `FromRow` derives are generic over the database, so these structs serve SQLite and
//! PostgreSQL alike: ids and enums are text, times are microseconds, JSON is text.

use std::str::FromStr;
use std::time::Duration;

use loket_domain::delivery::Pricing;
use loket_domain::inbound::{AddressedEvent, InboundEvent};
use loket_domain::time::{from_micros, to_micros};
use loket_domain::{EventId, JobId, Timestamp};
use serde::de::DeserializeOwned;

use crate::encoding::{self, content_or_unreadable, event_or_none, or_default};
use crate::error::{StoreError, StoreResult};
use crate::models::*;

pub(crate) fn micros(at: Timestamp) -> i64 {
    to_micros(at)
}

pub(crate) fn opt_time(micros: Option<i64>) -> Option<Timestamp> {
    micros.map(from_micros)
}

/// Parse a stored text column (id or enum name); a failure means the row is corrupt.
pub(crate) fn parse<T: FromStr>(column: &str, value: &str) -> StoreResult<T> {
    value
        .parse()
        .map_err(|_| StoreError::corrupt(format!("{column}: unexpected value {value:?}")))
}

pub(crate) fn parse_opt<T: FromStr>(column: &str, value: Option<&str>) -> StoreResult<Option<T>> {
    value.map(|v| parse(column, v)).transpose()
}

pub(crate) fn json<T: DeserializeOwned>(text: &str) -> StoreResult<T> {
    Ok(encoding::decode(text)?)
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    Ok(encoding::encode(value)?)
}

#[derive(sqlx::FromRow)]
pub(crate) struct OrganisationRow {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub reopen_within_secs: i64,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
    pub require_2fa: bool,
}

impl OrganisationRow {
    pub fn into_model(self) -> StoreResult<Organisation> {
        Ok(Organisation {
            id: parse("organisations.id", &self.id)?,
            slug: self.slug,
            name: self.name,
            reopen_within: Duration::from_secs(self.reopen_within_secs.max(0) as u64),
            created_at: from_micros(self.created_at),
            enabled: self.disabled_at.is_none(),
            require_2fa: self.require_2fa,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct MetaAppRow {
    pub name: String,
    pub app_secret: String,
    pub verify_token: String,
    pub graph_base_url: String,
}

impl From<MetaAppRow> for MetaApp {
    fn from(r: MetaAppRow) -> Self {
        MetaApp {
            name: r.name,
            app_secret: r.app_secret,
            verify_token: r.verify_token,
            graph_base_url: r.graph_base_url,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ChannelRow {
    pub id: String,
    pub org_id: String,
    pub kind: String,
    pub name: String,
    pub app_name: Option<String>,
    pub phone_number_id: Option<String>,
    pub display_phone_number: Option<String>,
    pub waba_id: Option<String>,
    pub access_token: Option<String>,
    pub enabled: bool,
    pub needs_attention: Option<String>,
    pub created_at: i64,
}

impl ChannelRow {
    pub fn into_model(self) -> StoreResult<Channel> {
        Ok(Channel {
            id: parse("channels.id", &self.id)?,
            org_id: parse("channels.org_id", &self.org_id)?,
            kind: parse("channels.kind", &self.kind)?,
            name: self.name,
            app_name: self.app_name,
            phone_number_id: self.phone_number_id,
            display_phone_number: self.display_phone_number,
            waba_id: self.waba_id,
            access_token: self.access_token,
            enabled: self.enabled,
            needs_attention: self.needs_attention,
            created_at: from_micros(self.created_at),
        })
    }
}

/// A conversation with its contact's name and its labels (joined by the unit separator).
#[derive(sqlx::FromRow)]
pub(crate) struct ConversationRow {
    pub id: String,
    pub org_id: String,
    pub channel_id: String,
    pub contact_id: String,
    pub contact_name: Option<String>,
    pub status: String,
    pub assignee: Option<String>,
    pub team: Option<String>,
    pub priority: String,
    pub labels: Option<String>,
    pub last_inbound_at: Option<i64>,
    pub last_message_at: i64,
    pub created_at: i64,
    pub resolved_at: Option<i64>,
    pub window_closed_at: Option<i64>,
    pub waiting_since: Option<i64>,
    pub unread_count: i64,
    pub snoozed_until: Option<i64>,
    /// The last message (`lm_*`: a left join, all null when there is none).
    pub lm_id: Option<String>,
    pub lm_direction: Option<String>,
    pub lm_sender: Option<String>,
    pub lm_content: Option<String>,
    pub lm_edited_content: Option<String>,
    pub lm_sent_at: Option<i64>,
    pub lm_revoked_at: Option<i64>,
    pub lm_status: Option<String>,
}

/// What separates labels in [`ConversationRow::labels`] (ASCII unit separator).
pub(crate) const LABEL_SEPARATOR: char = '\u{1f}';

impl ConversationRow {
    pub fn into_model(self) -> StoreResult<ConversationRecord> {
        let last_message = self.last_message()?;
        let mut labels: Vec<String> = match self.labels.as_deref() {
            Some(joined) if !joined.is_empty() => {
                joined.split(LABEL_SEPARATOR).map(str::to_owned).collect()
            }
            _ => Vec::new(),
        };
        labels.sort();
        Ok(ConversationRecord {
            id: parse("conversations.id", &self.id)?,
            org_id: parse("conversations.org_id", &self.org_id)?,
            channel_id: parse("conversations.channel_id", &self.channel_id)?,
            contact_id: parse("conversations.contact_id", &self.contact_id)?,
            contact_name: self.contact_name,
            status: parse("conversations.status", &self.status)?,
            assignee: parse_opt("conversations.assignee", self.assignee.as_deref())?,
            team: parse_opt("conversations.team", self.team.as_deref())?,
            priority: parse("conversations.priority", &self.priority)?,
            labels,
            last_inbound_at: opt_time(self.last_inbound_at),
            last_message_at: from_micros(self.last_message_at),
            created_at: from_micros(self.created_at),
            resolved_at: opt_time(self.resolved_at),
            window_closed_at: opt_time(self.window_closed_at),
            last_message,
            waiting_since: opt_time(self.waiting_since),
            unread_count: self.unread_count.clamp(0, i64::from(u32::MAX)) as u32,
            snoozed_until: opt_time(self.snoozed_until),
        })
    }

    fn last_message(&self) -> StoreResult<Option<LastMessage>> {
        let (Some(id), Some(direction), Some(sender), Some(content), Some(sent_at)) = (
            self.lm_id.as_deref(),
            self.lm_direction.as_deref(),
            self.lm_sender.as_deref(),
            self.lm_content.as_deref(),
            self.lm_sent_at,
        ) else {
            return Ok(None);
        };
        let content = match self.lm_edited_content.as_deref() {
            Some(edited) => content_or_unreadable(id, "edited_content", edited),
            None => content_or_unreadable(id, "content", content),
        };
        Ok(Some(LastMessage {
            id: parse("messages.id", id)?,
            direction: parse("messages.direction", direction)?,
            sender: parse("messages.sender", sender)?,
            content,
            sent_at: from_micros(sent_at),
            revoked: self.lm_revoked_at.is_some(),
            status: parse_opt("messages.status", self.lm_status.as_deref())?,
        }))
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct MessageRow {
    pub id: String,
    pub org_id: String,
    pub conversation_id: String,
    pub channel_id: String,
    pub direction: String,
    pub sender: String,
    pub provider_message_id: Option<String>,
    pub content: String,
    pub context: String,
    pub reply_to_message_id: Option<String>,
    pub sent_at: i64,
    pub created_at: i64,
    pub status: Option<String>,
    pub status_at: Option<i64>,
    pub error: Option<String>,
    pub media: Option<String>,
    pub pii: String,
    /// Issue 10 (`0021_findings`): JSON list of stored findings.
    pub findings: String,
    pub edited_content: Option<String>,
    pub edited_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub preview_url: bool,
    pub pricing_model: Option<String>,
    pub pricing_type: Option<String>,
    pub pricing_category: Option<String>,
    pub pricing_billable: Option<bool>,
    pub recipient_user_id: Option<String>,
    pub sender_user_id: Option<String>,
    pub opt_in_by: Option<String>,
    pub opt_in_at: Option<i64>,
}

impl MessageRow {
    /// JSON columns that do not decode are shown as unreadable (content) or left out (the
    /// rest), so one damaged message never fails its conversation.
    pub fn into_model(self) -> StoreResult<MessageRecord> {
        Ok(MessageRecord {
            id: parse("messages.id", &self.id)?,
            org_id: parse("messages.org_id", &self.org_id)?,
            conversation_id: parse("messages.conversation_id", &self.conversation_id)?,
            channel_id: parse("messages.channel_id", &self.channel_id)?,
            direction: parse("messages.direction", &self.direction)?,
            sender: parse("messages.sender", &self.sender)?,
            provider_message_id: self.provider_message_id,
            content: content_or_unreadable(&self.id, "content", &self.content),
            context: or_default(&self.id, "context", &self.context),
            reply_to_message_id: parse_opt(
                "messages.reply_to_message_id",
                self.reply_to_message_id.as_deref(),
            )?,
            sent_at: from_micros(self.sent_at),
            created_at: from_micros(self.created_at),
            status: parse_opt("messages.status", self.status.as_deref())?,
            status_at: opt_time(self.status_at),
            error: self.error.and_then(|e| or_default(&self.id, "error", &e)),
            media: self.media.and_then(|m| or_default(&self.id, "media", &m)),
            pii: or_default(&self.id, "pii", &self.pii),
            findings: or_default(&self.id, "findings", &self.findings),
            edited_content: (self.edited_content.as_deref())
                .map(|c| content_or_unreadable(&self.id, "edited_content", c)),
            edited_at: opt_time(self.edited_at),
            revoked_at: opt_time(self.revoked_at),
            preview_url: self.preview_url,
            pricing: Some(Pricing {
                pricing_model: self.pricing_model,
                kind: self.pricing_type,
                category: self.pricing_category,
                billable: self.pricing_billable,
            })
            .filter(|p| !p.is_empty()),
            recipient_user_id: self.recipient_user_id,
            sender_user_id: parse_opt("messages.sender_user_id", self.sender_user_id.as_deref())?,
            opt_in: match (self.opt_in_by.as_deref(), self.opt_in_at) {
                (Some(by), Some(at)) => Some(OptIn {
                    by: parse("messages.opt_in_by", by)?,
                    at: from_micros(at),
                }),
                _ => None,
            },
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ConversationEventRow {
    pub id: String,
    pub conversation_id: String,
    pub data: String,
    pub at: i64,
}

impl ConversationEventRow {
    pub fn into_model(self) -> StoreResult<ConversationEvent> {
        Ok(ConversationEvent {
            id: parse("conversation_events.id", &self.id)?,
            conversation_id: parse("conversation_events.conversation_id", &self.conversation_id)?,
            kind: json(&self.data)?,
            at: from_micros(self.at),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UnroutedRow {
    pub id: String,
    pub phone_number_id: String,
    pub received_at: i64,
    pub event: String,
    pub replayed_at: Option<i64>,
}

impl UnroutedRow {
    /// An event that does not decode is listed as unreadable, with a stand-in event.
    pub fn into_model(self) -> StoreResult<UnroutedEvent> {
        let event = event_or_none(&self.id, &self.event);
        let unreadable = event.is_none();
        let event = event.unwrap_or_else(|| AddressedEvent {
            account_id: String::new(),
            phone_number_id: Some(self.phone_number_id.clone()),
            display_phone_number: None,
            event: InboundEvent::Other {
                field: "unreadable".into(),
                raw: serde_json::Value::Null,
            },
            signed_by: Vec::new(),
        });
        Ok(UnroutedEvent {
            id: parse::<EventId>("unrouted_events.id", &self.id)?,
            phone_number_id: self.phone_number_id,
            received_at: from_micros(self.received_at),
            event,
            replayed_at: opt_time(self.replayed_at),
            unreadable,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ChannelEventRow {
    pub id: String,
    pub channel_id: String,
    pub kind: String,
    pub errors: String,
    pub raw: String,
    pub received_at: i64,
}

impl ChannelEventRow {
    pub fn into_model(self) -> StoreResult<ChannelEventRecord> {
        Ok(ChannelEventRecord {
            id: parse("channel_events.id", &self.id)?,
            channel_id: parse("channel_events.channel_id", &self.channel_id)?,
            errors: or_default(&self.id, "errors", &self.errors),
            raw: or_default(&self.id, "raw", &self.raw),
            kind: self.kind,
            received_at: from_micros(self.received_at),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TemplateStatusRow {
    pub account_id: String,
    pub template_id: String,
    pub name: String,
    pub language: String,
    pub event: String,
    pub reason: Option<String>,
    pub at: Option<i64>,
    pub raw: String,
    pub received_at: i64,
}

impl TemplateStatusRow {
    pub fn into_model(self) -> StoreResult<TemplateStatusRecord> {
        let raw = or_default(&self.template_id, "template_status_events.raw", &self.raw);
        Ok(TemplateStatusRecord {
            account_id: self.account_id,
            update: loket_domain::inbound::TemplateStatusUpdate {
                template_id: self.template_id,
                name: self.name,
                language: self.language,
                event: self.event,
                reason: self.reason,
                at: opt_time(self.at),
                raw,
            },
            received_at: from_micros(self.received_at),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct JobRow {
    pub id: String,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub run_at: i64,
    pub created_at: i64,
    pub last_error: Option<String>,
    pub claim: i64,
}

impl JobRow {
    pub fn into_model(self) -> StoreResult<Job> {
        Ok(Job {
            id: parse::<JobId>("jobs.id", &self.id)?,
            kind: self.kind,
            // A damaged payload reads as null: the job kind's own parse then fails the job
            // for good, instead of every claim erroring on it.
            payload: or_default(&self.id, "jobs.payload", &self.payload),
            attempts: u32::try_from(self.attempts).unwrap_or(u32::MAX),
            max_attempts: u32::try_from(self.max_attempts).unwrap_or(u32::MAX),
            run_at: from_micros(self.run_at),
            created_at: from_micros(self.created_at),
            last_error: self.last_error,
            claim: self.claim,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TemplateRow {
    pub channel_id: String,
    pub template_id: String,
    pub name: String,
    pub language: String,
    pub status: String,
    pub category: String,
    pub parameter_format: Option<String>,
    pub components: String,
    pub updated_at: i64,
}

impl TemplateRow {
    pub fn into_model(self) -> StoreResult<TemplateRecord> {
        let components = or_default(&self.template_id, "templates.components", &self.components);
        Ok(TemplateRecord {
            channel_id: parse("templates.channel_id", &self.channel_id)?,
            template_id: self.template_id,
            name: self.name,
            language: self.language,
            status: self.status,
            category: self.category,
            parameter_format: self.parameter_format,
            components,
            updated_at: from_micros(self.updated_at),
        })
    }
}

/// A status kept until its message's provider id is known.
#[derive(sqlx::FromRow)]
pub(crate) struct PendingStatusRow {
    pub status: String,
    pub at: i64,
    pub errors: String,
    pub pricing: Option<String>,
    pub recipient_user_id: Option<String>,
}
