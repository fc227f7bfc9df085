//! Bulk loading: writing generated data (benchmarks, large demos) far faster than ingestion
//! can. Not for production traffic: it trusts its input (ids, references and the queue's
//! columns must already be consistent), skips events and jobs, and does not sync to disk until it
//! finishes. Secondary indexes of the loaded tables are dropped by
//! [`BulkLoader::begin`] and built again by [`BulkLoader::finish`] (one sort per index
//! instead of millions of scattered inserts).
//!
//! SQLite: one connection, `synchronous=OFF`, a large page cache,
//! multi-row `insert`s in one transaction per batch. PostgreSQL: `COPY … FROM STDIN` (text
//! format) per table and batch, with foreign-key triggers off when the role may do that.

use async_trait::async_trait;
use loket_domain::conversation::{ConversationStatus, Priority};
use loket_domain::delivery::DeliveryStatus;
use loket_domain::message::{Content, Direction, MessageContext, SenderKind};
use loket_domain::{
    ChannelId, ContactId, ConversationId, MessageId, OrgId, TeamId, Timestamp, UserId,
};

use crate::{MediaState, StoreError, StoreResult};

/// The tables a bulk load writes (and whose secondary indexes it rebuilds).
pub(crate) const TABLES: [&str; 5] = [
    "contacts",
    "contact_identities",
    "conversations",
    "conversation_labels",
    "messages",
];

/// A resident with their WhatsApp number (`wa_id`).
#[derive(Debug, Clone)]
pub struct BulkContact {
    pub id: ContactId,
    pub display_name: Option<String>,
    pub wa_id: String,
    pub created_at: Timestamp,
}

/// A conversation with its queue columns as its messages make them.
#[derive(Debug, Clone)]
pub struct BulkConversation {
    pub id: ConversationId,
    pub channel_id: ChannelId,
    pub contact_id: ContactId,
    pub status: ConversationStatus,
    pub assignee: Option<UserId>,
    pub team: Option<TeamId>,
    pub priority: Priority,
    pub last_inbound_at: Option<Timestamp>,
    pub last_message_at: Timestamp,
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub last_message_id: Option<MessageId>,
    pub waiting_since: Option<Timestamp>,
    pub unread_count: i64,
    pub snoozed_until: Option<Timestamp>,
    pub labels: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct BulkMessage {
    pub id: MessageId,
    pub conversation_id: ConversationId,
    pub channel_id: ChannelId,
    pub direction: Direction,
    pub sender: SenderKind,
    pub provider_message_id: String,
    pub content: Content,
    pub context: MessageContext,
    pub reply_to_message_id: Option<MessageId>,
    pub sent_at: Timestamp,
    /// Outbound only.
    pub status: Option<DeliveryStatus>,
    pub media: Option<MediaState>,
}

/// One transaction's worth of rows of one organisation. Contacts come before the
/// conversations that name them, conversations before their messages (same batch or an
/// earlier one).
#[derive(Debug, Clone, Default)]
pub struct BulkBatch {
    pub contacts: Vec<BulkContact>,
    pub conversations: Vec<BulkConversation>,
    pub messages: Vec<BulkMessage>,
}

impl BulkBatch {
    pub fn is_empty(&self) -> bool {
        self.contacts.is_empty() && self.conversations.is_empty() && self.messages.is_empty()
    }
}

#[async_trait]
pub trait BulkLoader: Send {
    /// Loading settings on, secondary indexes of the loaded tables dropped (remembered).
    async fn begin(&mut self) -> StoreResult<()>;
    /// Write one batch in one transaction.
    async fn write(&mut self, org: OrgId, batch: &BulkBatch) -> StoreResult<()>;
    /// Build the dropped indexes again, refresh the planner's statistics, settings back.
    async fn finish(&mut self) -> StoreResult<()>;
}

/// A loader for the database `url` names (which must be migrated already).
pub async fn loader(url: &str) -> StoreResult<Box<dyn BulkLoader>> {
    if url.starts_with("sqlite:") {
        Ok(Box::new(
            crate::bulk_sqlite::SqliteBulk::connect(url).await?,
        ))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Box::new(crate::bulk_postgres::PgBulk::connect(url).await?))
    } else {
        Err(StoreError::corrupt("unsupported database URL scheme"))
    }
}

/// The column values every backend writes, as text (`None`: SQL null), in the column order
/// of [`CONTACT_COLUMNS`] and friends.
pub(crate) type Row = Vec<Option<String>>;

pub(crate) const CONTACT_COLUMNS: &str = "id, org_id, display_name, created_at, updated_at";
pub(crate) const IDENTITY_COLUMNS: &str = "org_id, kind, value, contact_id";
pub(crate) const CONVERSATION_COLUMNS: &str = "id, org_id, channel_id, contact_id, status, assignee, team, priority, \
     last_inbound_at, last_message_at, created_at, resolved_at, last_message_id, waiting_since, \
     unread_count, snoozed_until";
pub(crate) const LABEL_COLUMNS: &str = "conversation_id, label";
pub(crate) const MESSAGE_COLUMNS: &str = "id, org_id, conversation_id, channel_id, direction, sender, \
     provider_message_id, content, context, reply_to_message_id, sent_at, created_at, status, \
     status_at, media, pii";

fn text(v: impl ToString) -> Option<String> {
    Some(v.to_string())
}

fn micros(t: Timestamp) -> Option<String> {
    text(loket_domain::time::to_micros(t))
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> StoreResult<Option<String>> {
    crate::encoding::encode(v)
        .map(Some)
        .map_err(StoreError::other)
}

/// One batch as the rows of each table, in the columns both backends write.
pub(crate) struct BatchRows {
    pub contacts: Vec<Row>,
    pub identities: Vec<Row>,
    pub conversations: Vec<Row>,
    pub labels: Vec<Row>,
    pub messages: Vec<Row>,
}

pub(crate) fn batch_rows(org: OrgId, batch: &BulkBatch) -> StoreResult<BatchRows> {
    let (contacts, identities) = batch.contacts.iter().map(|c| contact_rows(org, c)).unzip();
    let conversations = (batch.conversations.iter())
        .map(|c| conversation_row(org, c))
        .collect();
    let labels = (batch.conversations.iter())
        .flat_map(|c| {
            c.labels
                .iter()
                .map(|l| vec![Some(c.id.to_string()), Some(l.clone())])
        })
        .collect();
    let messages = (batch.messages.iter())
        .map(|m| message_row(org, m))
        .collect::<StoreResult<Vec<Row>>>()?;
    Ok(BatchRows {
        contacts,
        identities,
        conversations,
        labels,
        messages,
    })
}

pub(crate) fn contact_rows(org: OrgId, c: &BulkContact) -> (Row, Row) {
    let contact = vec![
        text(c.id),
        text(org),
        c.display_name.clone(),
        micros(c.created_at),
        micros(c.created_at),
    ];
    let identity = vec![text(org), text("wa_id"), text(&c.wa_id), text(c.id)];
    (contact, identity)
}

pub(crate) fn conversation_row(org: OrgId, c: &BulkConversation) -> Row {
    vec![
        text(c.id),
        text(org),
        text(c.channel_id),
        text(c.contact_id),
        text(c.status.as_str()),
        c.assignee.map(text).unwrap_or_default(),
        c.team.map(text).unwrap_or_default(),
        text(c.priority.as_str()),
        c.last_inbound_at.and_then(micros),
        micros(c.last_message_at),
        micros(c.created_at),
        c.resolved_at.and_then(micros),
        c.last_message_id.map(text).unwrap_or_default(),
        c.waiting_since.and_then(micros),
        text(c.unread_count),
        c.snoozed_until.and_then(micros),
    ]
}

pub(crate) fn message_row(org: OrgId, m: &BulkMessage) -> StoreResult<Row> {
    let status_at = m.status.and_then(|_| micros(m.sent_at));
    Ok(vec![
        text(m.id),
        text(org),
        text(m.conversation_id),
        text(m.channel_id),
        text(m.direction.as_str()),
        text(m.sender.as_str()),
        text(&m.provider_message_id),
        json(&m.content)?,
        json(&m.context)?,
        m.reply_to_message_id.map(text).unwrap_or_default(),
        micros(m.sent_at),
        micros(m.sent_at),
        m.status.map(|s| text(s.as_str())).unwrap_or_default(),
        status_at,
        m.media.as_ref().map(json).transpose()?.flatten(),
        text("[]"),
    ])
}
