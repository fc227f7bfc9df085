//! AVG rights per resident (issue 10 §5): access (an export as a ZIP) and erasure
//! (everything of the resident removed, unless a legal hold keeps it, AVG art. 17(3)).
//!
//! Erasure runs in bounded steps, each its own transaction (see `loket_store::erasure`):
//! per conversation, first its blobs, then its messages in batches, then the conversation;
//! the contact last. Interrupted, it continues where it stopped when asked again: the
//! contact row, removed last, still finds whatever is left.

mod export;
mod transcript;

pub use export::ResidentExport;

use loket_domain::{ContactId, ConversationId, OrgId};
use loket_store::{ErasedCounts, HeldConversation, StoreError};
use object_store::ObjectStoreExt;
use object_store::path::Path;

use crate::{Engine, EngineError};

/// Messages per erasure transaction.
const ERASE_BATCH: u32 = 200;
/// A resident who writes while being erased starts a new conversation; erasure takes it
/// too, this many times, before it gives up (the caller may simply ask again).
const ERASE_ROUNDS: usize = 3;

/// What an erasure request came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Erasure {
    /// Everything of the resident is gone; counts only (the audit record keeps no content).
    Erased(ErasureReport),
    /// Nothing was erased: these conversations are under a legal hold (AVG art. 17(3)).
    Refused(Vec<HeldConversation>),
}

/// What the admin page shows before an export or erasure.
#[derive(Debug, Clone, PartialEq)]
pub struct ResidentOverview {
    pub contact: loket_store::ContactRecord,
    /// Newest first, at most [`OVERVIEW_CONVERSATIONS`].
    pub conversations: Vec<loket_store::ContactConversation>,
    pub holds: Vec<HeldConversation>,
}

/// The conversations the admin page lists (the export and erasure take all).
pub const OVERVIEW_CONVERSATIONS: u32 = 100;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ErasureReport {
    pub counts: ErasedCounts,
    /// Media blobs deleted (sent by the resident or to them).
    pub blobs: u64,
}

impl Engine {
    /// The contact, their conversations and legal holds; `NotFound` for another org's.
    pub async fn resident_overview(
        &self,
        org: OrgId,
        contact: ContactId,
    ) -> Result<ResidentOverview, EngineError> {
        let record = self.store().get_contact(org, contact).await?;
        let conversations = (self.store())
            .list_contact_conversations(org, contact, OVERVIEW_CONVERSATIONS)
            .await?;
        let holds = self.store().resident_legal_holds(org, contact).await?;
        Ok(ResidentOverview {
            contact: record,
            conversations,
            holds,
        })
    }

    /// Erase contact `contact` of `org` and everything about them, or refuse when any of
    /// their conversations is under a legal hold. `NotFound` for another org's contact
    /// (and for one already erased).
    pub async fn erase_resident(
        &self,
        org: OrgId,
        contact: ContactId,
    ) -> Result<Erasure, EngineError> {
        #[allow(clippy::let_and_return)] // the audit call goes between
        let outcome = self.run_erasure(org, contact).await;
        // Audited by the web layer (`audit/rules.rs`: data.erased, with its outcome), which
        // knows the actor; the entry holds the contact's id only, so it outlives the erasure.
        outcome
    }

    async fn run_erasure(&self, org: OrgId, contact: ContactId) -> Result<Erasure, EngineError> {
        let holds = self.store().resident_legal_holds(org, contact).await?;
        if !holds.is_empty() {
            return Ok(Erasure::Refused(holds));
        }
        let mut report = ErasureReport::default();
        for _ in 0..ERASE_ROUNDS {
            for conversation in self.store().resident_conversation_ids(org, contact).await? {
                self.erase_conversation(org, conversation, &mut report)
                    .await?;
            }
            match self.store().erase_contact(org, contact).await {
                Ok(counts) => {
                    report.counts.add(counts);
                    return Ok(Erasure::Erased(report));
                }
                // A conversation started meanwhile: another round takes it.
                Err(StoreError::Conflict(_)) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(EngineError::Conflict(
            "the resident kept writing while being erased; ask again".into(),
        ))
    }

    /// Blobs first: were it interrupted after the rows, nothing would name the blobs left.
    async fn erase_conversation(
        &self,
        org: OrgId,
        conversation: ConversationId,
        report: &mut ErasureReport,
    ) -> Result<(), EngineError> {
        for key in self
            .store()
            .conversation_blob_keys(org, conversation)
            .await?
        {
            match self.blobs().delete(&Path::from(key.as_str())).await {
                Ok(()) => report.blobs += 1,
                Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(EngineError::Other(anyhow::anyhow!("blob store: {e}"))),
            }
        }
        loop {
            let step = (self.store())
                .erase_conversation_step(org, conversation, ERASE_BATCH)
                .await?;
            report.counts.add(step.counts);
            if step.finished {
                return Ok(());
            }
        }
    }
}
