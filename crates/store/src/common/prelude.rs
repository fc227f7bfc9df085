// Imports and small helpers shared by the backend-neutral code.
//
// # The contract of `src/common/*.rs`
//
// These files are not modules: `sqlite.rs` and `postgres.rs` each `include!` all of them,
// `prelude.rs` first, so the same SQL is compiled once per backend with concrete types.
// The included code relies on names that every backend module must define itself:
//
// Before `include!("common/prelude.rs")` (types, constants and macros must come first):
// - `type Db` — the `sqlx::Database` (`sqlx::Sqlite` / `sqlx::Postgres`);
// - `type Pool = sqlx::Pool<Db>`;
// - `type Conn` — the backend's connection (`&mut Conn` is used as an executor);
// - `type Tx = sqlx::Transaction<'static, Db>`;
// - `type StoreImpl` — the backend's store struct; `store_impl.rs` implements `Store` for it;
// - `const BACKEND: Backend`;
// - `macro_rules! labels_of_c` — SQL for a conversation's labels joined by `char(31)`
//   (`c` is the conversation), because the aggregate function differs per dialect.
//
// Anywhere in the backend module:
// - `async fn lock_provider_message(conn: &mut Conn, channel: ChannelId, provider_id: &str)
//   -> StoreResult<()>` — serialises work on one outbound provider id in a transaction;
// - inherent methods of `StoreImpl`: `fn reader(&self) -> &Pool`, `fn writer(&self) -> &Pool`,
//   `async fn begin_write(&self) -> StoreResult<Tx>`, `async fn run_migrations(&self)
//   -> StoreResult<()>`, `async fn backup_to(&self, destination: &str) -> StoreResult<()>`,
//   `async fn claim_job(&self, now: Timestamp, lease: Duration) -> StoreResult<Option<Job>>`.
//
// In return the common files define the `Store` impl and private helpers (`found`,
// `insert_job`, `fetch_message`, `message_columns!`, `job_columns!`, `lease_until`, …) that
// the backend's own code may use; it must not define names of its own that clash with them.
// A missing or mistyped name is a compile error in that backend, so the contract is checked
// by building both (they are always both built). `cargo fmt` does not reach these files:
// format them with `rustfmt --edition 2024 crates/store/src/common/*.rs`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use async_trait::async_trait;
use loket_domain::contact::{ChannelIdentity, ContactProfile, IdentityKind};
use loket_domain::conversation::{
    ConversationEventKind, ConversationStatus, LatestConversation, Priority, Routing, route_inbound,
};
use loket_domain::delivery::{DeliveryStatus, Pricing, ProviderError};
use loket_domain::inbound::{InboundMessage, StatusUpdate};
use loket_domain::message::{Content, SenderKind};
use loket_domain::pii::PiiKind;
use loket_domain::privacy::masking::StoredFinding;
use loket_domain::queue;
use loket_domain::time::{add, from_micros};
use loket_domain::window::window_opened_at;
use loket_domain::{
    ChannelId, ContactId, ConversationId, EventId, JobId, MessageId, OrgId, Timestamp,
};

use crate::error::{StoreError, StoreResult};
use crate::labels::*;
use crate::models::*;
use crate::provisioning::*;
use crate::rows::*;
use crate::{Backend, Store};

/// `Err(NotFound)` when a write touched no row (unknown id, or another organisation's).
fn found(result: <Db as sqlx::Database>::QueryResult) -> StoreResult<()> {
    if result.rows_affected() == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// Insert a conversation event (its `kind` column is the event's name, `data` the whole event).
async fn insert_conversation_event(
    conn: &mut Conn,
    org: OrgId,
    conversation: ConversationId,
    kind: &ConversationEventKind,
    at: Timestamp,
) -> StoreResult<EventId> {
    let id = EventId::new_at(at);
    sqlx::query(
        "insert into conversation_events (id, org_id, conversation_id, kind, data, at)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.to_string())
    .bind(org.to_string())
    .bind(conversation.to_string())
    .bind(kind.name())
    .bind(to_json(kind)?)
    .bind(micros(at))
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

async fn insert_job(conn: &mut Conn, job: &NewJob, now: Timestamp) -> StoreResult<JobId> {
    let id = JobId::new_at(now);
    sqlx::query(
        "insert into jobs (id, kind, payload, run_at, attempts, max_attempts, locked_until, last_error, state, created_at)
         values ($1, $2, $3, $4, 0, $5, null, null, 'queued', $6)",
    )
    .bind(id.to_string())
    .bind(&job.kind)
    .bind(to_json(&job.payload)?)
    .bind(micros(job.run_at))
    .bind(i64::from(job.max_attempts))
    .bind(micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Every message column [`MessageRow`] reads, for `select … from messages m` (a macro, so
/// queries stay `&'static str` through `concat!`).
macro_rules! message_columns {
    () => {
        "m.id, m.org_id, m.conversation_id, m.channel_id, m.direction, m.sender,
         m.provider_message_id, m.content, m.context, m.reply_to_message_id, m.sent_at, m.created_at,
         m.status, m.status_at, m.error, m.media, m.pii, m.edited_content, m.edited_at, m.revoked_at,
         m.preview_url, m.pricing_model, m.pricing_type, m.pricing_category, m.pricing_billable,
         m.recipient_user_id, m.sender_user_id, m.opt_in_by, m.opt_in_at, m.findings"
    };
}

async fn fetch_message(conn: &mut Conn, org: OrgId, id: MessageId) -> StoreResult<MessageRecord> {
    let row: Option<MessageRow> = sqlx::query_as(concat!(
        "select ",
        message_columns!(),
        " from messages m where m.id = $1 and m.org_id = $2"
    ))
    .bind(id.to_string())
    .bind(org.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.ok_or(StoreError::NotFound)?.into_model()
}

/// A stored delivery status; a NULL status reads as `default`.
fn stored_status(status: Option<&str>, default: DeliveryStatus) -> StoreResult<DeliveryStatus> {
    Ok(parse_opt("messages.status", status)?.unwrap_or(default))
}

/// The forward order in which kept statuses are applied (`failed`, being terminal, last).
fn status_order(status: DeliveryStatus) -> u8 {
    match status {
        DeliveryStatus::Queued => 0,
        DeliveryStatus::Uncertain => 1,
        DeliveryStatus::Sent => 2,
        DeliveryStatus::Delivered => 3,
        DeliveryStatus::Read => 4,
        DeliveryStatus::Played => 5,
        DeliveryStatus::Failed => 6,
    }
}
