//! The audit log's rules (issue 10 point 6): who did what, to which record, from where, with
//! what result — as opaque ids only, never content, names or numbers — chained per
//! organisation with SHA-256 so a changed, removed or inserted entry is found by
//! [`Verifier`]. Pure: the store appends under a lock, the CLI and the engine verify.

mod chain;
mod entry;

pub use chain::{Break, GENESIS_HASH, Verifier, entry_hash};
pub use entry::{
    Action, Actor, AuditChain, AuditEntry, AuditFields, Outcome, Target, hash_email,
    token_fingerprint,
};
