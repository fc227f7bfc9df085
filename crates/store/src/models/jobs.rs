//! The outbox's new outbound messages and the job queue's jobs, leases and statistics.

use loket_domain::message::{Content, MessageContext, SenderKind};
use loket_domain::{ConversationId, JobId, MessageId, OrgId, Timestamp, UserId};
use serde_json::Value;

use super::{MediaState, OptIn};

// ---------- outbound (the outbox) ----------

#[derive(Debug, Clone)]
pub struct NewOutboundMessage {
    pub message_id: MessageId,
    pub org_id: OrgId,
    pub conversation_id: ConversationId,
    pub sender: SenderKind,
    pub content: Content,
    pub context: MessageContext,
    pub created_at: Timestamp,
    /// Text only: let WhatsApp render a link preview (kept for an agent's retry).
    pub preview_url: bool,
    /// An attachment already kept in the blob store.
    pub media: Option<MediaState>,
    /// The send job, committed with the message.
    pub jobs: Vec<NewJob>,
    /// The signed-in user who wrote it (none for the API and bots).
    pub sender_user_id: Option<UserId>,
    /// A conversation an agent started: the stated opt-in.
    pub opt_in: Option<OptIn>,
}

// ---------- jobs ----------

#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    pub kind: String,
    pub payload: Value,
    pub run_at: Timestamp,
    pub max_attempts: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: JobId,
    pub kind: String,
    pub payload: Value,
    /// Including the current one.
    pub attempts: u32,
    pub max_attempts: u32,
    pub run_at: Timestamp,
    pub created_at: Timestamp,
    pub last_error: Option<String>,
    /// This claim's fencing token (see [`JobLease`]).
    pub claim: i64,
}

impl Job {
    /// What the worker holding this claim passes back to finish it.
    pub fn lease(&self) -> JobLease {
        JobLease {
            id: self.id,
            claim: self.claim,
        }
    }
}

/// A claimed job as its worker holds it. Every claim takes a new `claim` number, so a
/// worker whose lease expired while it was still busy (a long media fetch) can be told
/// apart from the one that claimed the job after it: only the latest claim may complete,
/// retry, postpone or fail the job; the stale one's word is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobLease {
    pub id: JobId,
    pub claim: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueStats {
    /// Jobs waiting or running.
    pub depth: u64,
    /// The `run_at` of the oldest job that is due and waiting.
    pub oldest_due: Option<Timestamp>,
}
