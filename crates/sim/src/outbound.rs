//! What Loket sent: the log of accepted messages, mark-as-read calls, and the counters of
//! sends accepted and refused.

use std::collections::BTreeMap;
use std::sync::Mutex;

use loket_domain::Timestamp;
use serde_json::Value;

use crate::GraphSim;

/// One accepted `POST /{phone-number-id}/messages` (also when the timeout fault held its
/// answer back, or a failure webhook followed).
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    /// The wamid the sim answered with.
    pub wamid: String,
    /// The recipient's digits (`contacts[].wa_id`, the statuses' `recipient_id`).
    pub to: String,
    /// The request body as sent.
    pub body: Value,
    /// When, by the simulator's clock.
    pub at: Timestamp,
}

impl SentMessage {
    /// The message `type` (`text` when the body left it out).
    pub fn kind(&self) -> &str {
        self.body["type"].as_str().unwrap_or("text")
    }
}

/// One accepted mark-as-read call (`"status":"read"`), with or without a typing indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadMark {
    /// The resident's message that was marked read.
    pub message_id: String,
    /// Whether `typing_indicator: {"type":"text"}` came along.
    pub typing_indicator: bool,
    /// When, by the simulator's clock.
    pub at: Timestamp,
}

/// Counters of the outbound endpoints ([`GraphSim::send_stats`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SendStats {
    /// Sends answered with a wamid (or held back by the timeout fault).
    pub accepted: u64,
    /// Refused sends (and mark-as-read calls) by Graph error code (`190`, `100`, `130429`, …).
    pub refused: BTreeMap<u32, u64>,
    /// Sends whose answer the timeout fault held back.
    pub held: u64,
    /// Accepted mark-as-read calls.
    pub read_marks: u64,
    /// Of those, the ones with a typing indicator.
    pub typing_indicators: u64,
    /// Accepted media uploads.
    pub uploads: u64,
    /// Status webhooks Loket answered with 2xx.
    pub statuses_delivered: u64,
    /// Status webhook attempts that got another answer or none.
    pub statuses_undelivered: u64,
}

impl SendStats {
    /// How many requests were refused with `code`.
    pub fn refused_with(&self, code: u32) -> u64 {
        self.refused.get(&code).copied().unwrap_or(0)
    }
}

#[derive(Default)]
pub(crate) struct Outbound {
    pub sent: Mutex<Vec<SentMessage>>,
    pub reads: Mutex<Vec<ReadMark>>,
    pub stats: Mutex<SendStats>,
}

impl Outbound {
    pub fn stats(&self) -> std::sync::MutexGuard<'_, SendStats> {
        self.stats.lock().unwrap_or_else(|e| e.into_inner())
    }
    pub fn refused(&self, code: u32) {
        *self.stats().refused.entry(code).or_default() += 1;
    }
    pub fn record(&self, message: SentMessage) {
        self.sent
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(message);
        self.stats().accepted += 1;
    }
    pub fn find(&self, wamid: &str) -> Option<SentMessage> {
        let sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        sent.iter().find(|m| m.wamid == wamid).cloned()
    }
    pub fn record_read(&self, mark: ReadMark) {
        let mut stats = self.stats();
        stats.read_marks += 1;
        stats.typing_indicators += u64::from(mark.typing_indicator);
        drop(stats);
        self.reads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(mark);
    }
}

impl GraphSim {
    /// Every accepted outbound message, oldest first.
    pub fn sent_messages(&self) -> Vec<SentMessage> {
        self.shared
            .outbound
            .sent
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The accepted message with this wamid.
    pub fn sent_message(&self, wamid: &str) -> Option<SentMessage> {
        self.shared.outbound.find(wamid)
    }

    /// Every accepted mark-as-read call (typing indicators included), oldest first.
    pub fn read_marks(&self) -> Vec<ReadMark> {
        self.shared
            .outbound
            .reads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Counters of sends, refusals, mark-as-read calls, uploads and status webhooks.
    pub fn send_stats(&self) -> SendStats {
        self.shared.outbound.stats().clone()
    }
}
