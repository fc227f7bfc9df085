//! Wrap-up (issue 12 point 8): each organisation's result list and the facts recorded when
//! a conversation is resolved, for the reports (first-line resolution, answer found in the
//! knowledge base).

use async_trait::async_trait;
use loket_domain::wrap_up::WrapUpPolicy;
use loket_domain::{ConversationId, KbArticleId, OrgId, Timestamp, UserId, WrapUpId};

use crate::StoreResult;

/// One recorded wrap-up. `conversation_id` is `None` once the conversation was erased (the
/// facts stay for the reports; the question went with it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrapUpRecord {
    pub id: WrapUpId,
    pub org_id: OrgId,
    pub conversation_id: Option<ConversationId>,
    pub result: String,
    pub question: Option<String>,
    pub articles: Vec<KbArticleId>,
    pub user_id: Option<UserId>,
    pub at: Timestamp,
}

/// How many wrap-ups named one result over a period, and how many of them named at least
/// one article ("answer found in the knowledge base").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrapUpCount {
    pub result: String,
    pub total: u64,
    pub with_articles: u64,
}

#[async_trait]
pub trait WrapUpStore {
    /// `org`'s stored policy; `None` when it never changed it (the default applies).
    async fn wrap_up_policy(&self, org: OrgId) -> StoreResult<Option<WrapUpPolicy>>;

    /// Store `org`'s policy. `NotFound` for an unknown organisation.
    async fn set_wrap_up_policy(&self, org: OrgId, policy: &WrapUpPolicy) -> StoreResult<()>;

    /// Record a wrap-up. `NotFound` when the conversation or any article is not
    /// `record.org_id`'s (the foreign keys alone would accept another organisation's).
    async fn insert_wrap_up(&self, record: &WrapUpRecord) -> StoreResult<()>;

    /// The conversation's wrap-ups, oldest first. `NotFound` for another org's conversation.
    async fn conversation_wrap_ups(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<WrapUpRecord>>;

    /// Counts per result of the wrap-ups recorded in `[from, until)`, by result key.
    async fn wrap_up_counts(
        &self,
        org: OrgId,
        from: Timestamp,
        until: Timestamp,
    ) -> StoreResult<Vec<WrapUpCount>>;
}
