//! Contactverzoeken (issue 12, point 4): a resident's question handed to a back-office team
//! or colleague, and each step taken on it. Org-scoped like everything else: another
//! organisation's ids answer `NotFound`. The engine checks the rules (who may take which
//! step: `domain::contact_requests::transition`); the store keeps a step from racing
//! another (a step applies only to the state it was decided on, else `Conflict`).

use async_trait::async_trait;
use loket_domain::contact_requests::{Kind, State, StepKind};
use loket_domain::{ContactId, ContactRequestId, ConversationId, OrgId, TeamId, Timestamp, UserId};

use crate::StoreResult;

/// What became of the message telling the resident when to expect an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expectation {
    /// Sent as free text (the 24-hour window was open).
    Sent,
    /// Sent as the configured template (the window had closed).
    Template,
    /// Not sent: the window had closed and no template is configured.
    NotSent,
    /// The request is stored and the message is on its way (the moment between storing
    /// and sending; a request left here means the process stopped in between).
    Pending,
    /// Sending was refused; the request's `expectation_problem` says why.
    Failed,
}

impl Expectation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Template => "template",
            Self::NotSent => "not_sent",
            Self::Pending => "pending",
            Self::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Sent,
            Self::Template,
            Self::NotSent,
            Self::Pending,
            Self::Failed,
        ]
        .into_iter()
        .find(|e| e.as_str() == text)
    }
}

/// A request to store; the engine has checked its fields and that the team and assignee
/// are the organisation's.
#[derive(Debug, Clone, PartialEq)]
pub struct NewContactRequest {
    pub id: ContactRequestId,
    pub org_id: OrgId,
    pub conversation_id: ConversationId,
    pub kind: Kind,
    pub team_id: Option<TeamId>,
    pub assignee_id: Option<UserId>,
    pub question: String,
    pub contact_details: String,
    pub internal_note: String,
    pub extra: Vec<(String, String)>,
    pub due_at: Option<Timestamp>,
    pub expectation: Expectation,
    pub created_by: UserId,
    pub created_at: Timestamp,
}

/// A stored request, with the resident's name and the team's name for lists.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRequest {
    pub id: ContactRequestId,
    pub org_id: OrgId,
    pub conversation_id: ConversationId,
    pub contact_id: ContactId,
    pub kind: Kind,
    pub resident: Option<String>,
    pub team_id: Option<TeamId>,
    pub team_name: Option<String>,
    pub assignee_id: Option<UserId>,
    pub question: String,
    pub contact_details: String,
    pub internal_note: String,
    pub extra: Vec<(String, String)>,
    pub state: State,
    pub due_at: Option<Timestamp>,
    pub expectation: Expectation,
    /// Why the expectation message failed (`Expectation::Failed`), without resident data.
    pub expectation_problem: Option<String>,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One step in a request's history.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRequestStep {
    pub kind: StepKind,
    pub actor_id: UserId,
    pub to_user_id: Option<UserId>,
    pub outcome: String,
    pub at: Timestamp,
}

/// Which requests a list shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactRequestFilter {
    pub state: Option<State>,
    pub team: Option<TeamId>,
    /// Only those addressed to one of these teams or to this colleague (the back office).
    pub for_user: Option<(UserId, Vec<TeamId>)>,
    pub conversation: Option<ConversationId>,
}

/// A step to apply: taken from `from` (the state it was decided on) to `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct StepChange {
    pub from: State,
    pub to: State,
    /// Forwarding: the new colleague (the team stays).
    pub new_assignee: Option<UserId>,
    pub step: ContactRequestStep,
}

#[async_trait]
pub trait ContactRequestStore {
    /// Store a request and its `created` step in one transaction; `NotFound` when the
    /// conversation is not one of the organisation's.
    async fn insert_contact_request(&self, request: &NewContactRequest) -> StoreResult<()>;

    /// One request; `NotFound` for another organisation's.
    async fn get_contact_request(
        &self,
        org: OrgId,
        id: ContactRequestId,
    ) -> StoreResult<ContactRequest>;

    /// The request's steps, oldest first; `NotFound` for another organisation's request.
    async fn list_contact_request_steps(
        &self,
        org: OrgId,
        id: ContactRequestId,
    ) -> StoreResult<Vec<ContactRequestStep>>;

    /// Requests matching `filter`, newest first, at most `limit`, skipping `offset`.
    async fn list_contact_requests(
        &self,
        org: OrgId,
        filter: &ContactRequestFilter,
        limit: u32,
        offset: u32,
    ) -> StoreResult<Vec<ContactRequest>>;

    /// Record what became of the expectation message (and why it failed); `NotFound` for
    /// another organisation's request.
    async fn set_contact_request_expectation(
        &self,
        org: OrgId,
        id: ContactRequestId,
        expectation: Expectation,
        problem: Option<&str>,
    ) -> StoreResult<()>;

    /// Apply a step in one transaction. `NotFound` for another organisation's request;
    /// `Conflict` when its state is no longer `change.from` (someone else was first).
    async fn apply_contact_request_step(
        &self,
        org: OrgId,
        id: ContactRequestId,
        change: &StepChange,
    ) -> StoreResult<()>;
}
