//! Loket's storage: one [`Store`] trait, two backends (SQLite, PostgreSQL) chosen once from
//! the database URL, and a conformance suite (`tests/`) that runs every test on both.

pub mod audit;
pub mod automation;
pub mod availability;
pub mod bulk;
mod bulk_postgres;
mod bulk_sqlite;
pub mod contact_requests;
mod encoding;
#[cfg(test)]
mod encoding_roundtrip;
pub mod erasure;
pub mod error;
pub mod floor;
pub mod knowledge;
pub mod labels;
pub mod live;
pub mod mentions;
pub mod models;
pub mod notes;
pub mod office_hours;
pub mod paging;
pub mod people;
mod people_rows;
pub mod privacy;
pub mod provisioning;
pub mod retention;
pub mod saved_replies;
pub mod search;
pub mod sla;
mod store_trait;
pub mod wrap_ups;

use std::sync::Arc;

pub use audit::{AuditFilter, AuditRecord, AuditStore};
pub use automation::{
    AutomationMessage, AutomationRuleRecord, AutomationRunRecord, AutomationStore, NewAutomationRun,
};
pub use availability::AvailabilityStore;
pub use contact_requests::{
    ContactRequest, ContactRequestFilter, ContactRequestStep, ContactRequestStore, Expectation,
    NewContactRequest, StepChange,
};
pub use erasure::{
    ConversationErasure, ErasedCounts, HeldConversation, ResidentDataStore, TABLE_REGISTRY,
    TableData,
};
pub use error::{StoreError, StoreResult};
pub use knowledge::{
    KbFeedbackCounts, KbStamp, KbSynonymList, KnowledgeArticle, KnowledgeFeedback, KnowledgeStore,
};
pub use labels::{ContactConversation, ContactPatch, Label};
pub use live::{LiveEventLog, LiveEventRecord, LiveListener, LiveWake, NewLiveEvent};
pub use mentions::{MentionCursor, MentionPage, MentionRecord, MentionStore};
pub use models::*;
pub use notes::{NewNote, NoteRecord, NoteStore};
pub use office_hours::{OfficeHoursStore, ScopedPolicy, Unanswered};
pub use paging::{MessagePage, PageBefore, PagingStore};
pub use people::*;
pub use privacy::PrivacyStore;
pub use provisioning::*;
pub use retention::RetentionStore;
pub use saved_replies::{SavedReply, SavedReplyStore};
pub use search::{MessageHit, MessageSearch, MessageSearchStore};
pub use sla::{SLA_BATCH_MAX, SlaEventRecord, SlaStore};
pub use store_trait::Store;
pub use wrap_ups::{WrapUpCount, WrapUpRecord, WrapUpStore};

/// Which backend a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub type DynStore = Arc<dyn Store>;

/// Connect to the store the URL names: `sqlite://path` (created if missing) or
/// `postgres://…`. Does not migrate.
pub async fn connect(url: &str) -> StoreResult<DynStore> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Arc::new(postgres::PgStore::connect(url).await?))
    } else {
        Err(StoreError::corrupt(format!(
            "unsupported database URL scheme (expected sqlite:// or postgres://): {}",
            url.split(':').next().unwrap_or_default()
        )))
    }
}

pub mod postgres;
mod rows;
pub mod sqlite;
#[cfg(feature = "testing")]
pub mod testing;
#[cfg(feature = "testing")]
mod testing_scan;
