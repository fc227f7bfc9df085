//! The audit log's storage: append-only hash chains, one per organisation (and one for
//! the deployment). The store gives each entry its place: under a lock on the chain
//! (PostgreSQL: a transaction-scoped advisory lock per chain; SQLite: its single writer)
//! it reads the chain's last entry, hashes the new one onto it and inserts it; the primary
//! key `(org_id, seq)` refuses a second entry with the same place should a lock ever fail.

use async_trait::async_trait;
use loket_domain::Timestamp;
use loket_domain::audit::{AuditChain, AuditEntry, AuditFields};

use crate::StoreResult;

/// An entry as stored, with its links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub fields: AuditFields,
    pub prev_hash: String,
    pub hash: String,
}

/// What the admin view filters on; every field is optional and they combine with "and".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// The stored actor (`user:<id>`, `token:<fingerprint>`, `system`, `unknown:<hash>`).
    pub actor: Option<String>,
    /// The stored action word (`conversation.opened`, …).
    pub action: Option<String>,
    pub conversation_id: Option<String>,
    /// From this moment on (inclusive).
    pub from: Option<Timestamp>,
    /// Before this moment (exclusive).
    pub until: Option<Timestamp>,
}

#[async_trait]
pub trait AuditStore {
    /// Append `entry` to its chain at `at`, in a transaction of its own; returns it as
    /// stored. Fails (never drops the entry silently) when the database does.
    async fn append_audit(&self, entry: &AuditEntry, at: Timestamp) -> StoreResult<AuditRecord>;

    /// The chain's entries matching `filter`, newest first, older than `before_seq` when
    /// given, at most `limit`.
    async fn list_audit(
        &self,
        chain: AuditChain,
        filter: &AuditFilter,
        before_seq: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<AuditRecord>>;

    /// Every chain key that has entries (an organisation's id or `deployment`), sorted.
    async fn audit_chain_keys(&self) -> StoreResult<Vec<String>>;

    /// A page of one chain for verification: entries with `seq > after_seq`, in `seq`
    /// order, at most `limit`. `chain_key` is the stored key, so a chain whose key no
    /// longer parses can still be checked.
    async fn audit_chain_page(
        &self,
        chain_key: &str,
        after_seq: i64,
        limit: u32,
    ) -> StoreResult<Vec<AuditRecord>>;
}
