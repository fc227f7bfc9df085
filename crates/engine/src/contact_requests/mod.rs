//! Contactverzoeken (issue 12, point 4): an agent hands a resident's question from a
//! conversation to a back-office team or colleague; the resident is told when to expect an
//! answer; the back office works the request (done, back to the KCC, on to a colleague),
//! each step recorded.
//!
//! Who sees what: a `back_office` member sees only requests addressed to one of their teams
//! or to them (others answer `NotFound`, as if they did not exist); the KCC roles see all
//! of their organisation's. The rules of each step are the domain's
//! (`domain::contact_requests::transition`).

mod create;
mod hand_over;
pub mod settings;

use loket_domain::contact_requests::{self as rules, Action, Draft, Kind, StepKind};
use loket_domain::input::FieldProblem;
use loket_domain::people::Role;
use loket_domain::{ContactRequestId, ConversationId, OrgId, TeamId, Timestamp, UserId};
use loket_store::{
    ContactRequest, ContactRequestFilter, ContactRequestStep, Expectation, StepChange,
};

use crate::{Engine, EngineError};

pub use settings::{ContactRequestSettings, TemplateField};

/// Whoever asks, as the rules need them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub user: UserId,
    pub role: Role,
}

/// Where a request goes: a team, a colleague, or a colleague within a team.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Addressee {
    pub team: Option<TeamId>,
    pub assignee: Option<UserId>,
}

/// What creating a request did, for the agent's confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct Created {
    pub id: ContactRequestId,
    pub due_at: Option<Timestamp>,
    /// What the resident was told ("…uiterlijk morgen om 9.30 uur…"), when sent as text.
    pub message: Option<String>,
    pub expectation: Expectation,
    /// Why the message failed (`Expectation::Failed`): a code such as `window_closed`.
    pub problem: Option<&'static str>,
}

/// A request with its history.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestView {
    pub request: ContactRequest,
    pub steps: Vec<ContactRequestStep>,
}

/// The most a list shows.
pub const LIST_LIMIT: u32 = 200;

impl Engine {
    /// Hand a question from `conversation` to a team or colleague of `org`, and tell the
    /// resident when to expect an answer: as text inside the 24-hour window, as the
    /// configured template outside it, or not at all (recorded as `NotSent`, shown to the
    /// agent). The request is stored first, so a resident is never told about a request
    /// that does not exist; a refused message is recorded on it (`Failed`, with why).
    pub async fn create_contact_request(
        &self,
        org: OrgId,
        conversation: ConversationId,
        by: UserId,
        to: Addressee,
        draft: &Draft,
    ) -> Result<Created, EngineError> {
        self.create_of_kind(org, conversation, by, to, draft, Kind::Vraag)
            .await
    }

    /// The requests `viewer` may see, newest first: a back-office member's teams' and their
    /// own; everything for the KCC roles.
    pub async fn list_contact_requests(
        &self,
        org: OrgId,
        viewer: Viewer,
        filter: ContactRequestFilter,
    ) -> Result<Vec<ContactRequest>, EngineError> {
        self.page_contact_requests(org, viewer, filter, LIST_LIMIT, 0)
            .await
    }

    /// As [`Self::list_contact_requests`], one page: at most `limit` after `offset`.
    pub async fn page_contact_requests(
        &self,
        org: OrgId,
        viewer: Viewer,
        mut filter: ContactRequestFilter,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<ContactRequest>, EngineError> {
        filter.for_user = self.scope_of(org, viewer).await?;
        Ok(self
            .store()
            // One more than a full page: callers ask it to know whether another follows.
            .list_contact_requests(org, &filter, limit.min(LIST_LIMIT + 1), offset)
            .await?)
    }

    /// One request with its steps; `NotFound` for another organisation's and for one the
    /// viewer may not see.
    pub async fn get_contact_request(
        &self,
        org: OrgId,
        viewer: Viewer,
        id: ContactRequestId,
    ) -> Result<RequestView, EngineError> {
        let request = self.store().get_contact_request(org, id).await?;
        if let Some((user, teams)) = self.scope_of(org, viewer).await? {
            let addressed = request.assignee_id == Some(user)
                || request.team_id.is_some_and(|t| teams.contains(&t));
            if !addressed {
                return Err(EngineError::NotFound);
            }
        }
        let steps = self.store().list_contact_request_steps(org, id).await?;
        Ok(RequestView { request, steps })
    }

    /// Take a step: `outcome` says how the resident was answered or why it goes back;
    /// forwarding names the colleague (`to`, an active member). Refused steps answer
    /// `Conflict`; someone else's step in between too.
    pub async fn step_contact_request(
        &self,
        org: OrgId,
        viewer: Viewer,
        id: ContactRequestId,
        action: Action,
        outcome: &str,
        to: Option<UserId>,
    ) -> Result<RequestView, EngineError> {
        let view = self.get_contact_request(org, viewer, id).await?;
        let outcome = rules::check_outcome(action, outcome)
            .map_err(|p| EngineError::InvalidFields(vec![p]))?;
        let new_assignee = match (action, to) {
            (Action::Forward, Some(user)) if self.store().is_active_member(org, user).await? => {
                Some(user)
            }
            (Action::Forward, _) => {
                return Err(EngineError::InvalidFields(vec![FieldProblem::new(
                    "to",
                    "name an active colleague of this organisation",
                )]));
            }
            _ => None,
        };
        let (next, kind) = rules::transition(view.request.state, viewer.role, action)
            .map_err(|e| EngineError::Conflict(e.to_string()))?;
        let change = StepChange {
            from: view.request.state,
            to: next,
            new_assignee,
            step: ContactRequestStep {
                kind,
                actor_id: viewer.user,
                to_user_id: new_assignee.filter(|_| kind == StepKind::Forwarded),
                outcome,
                at: self.clock().now(),
            },
        };
        self.store()
            .apply_contact_request_step(org, id, &change)
            .await?;
        // Read again as the viewer: a forwarded request may leave their sight.
        let request = self.store().get_contact_request(org, id).await?;
        let steps = self.store().list_contact_request_steps(org, id).await?;
        Ok(RequestView { request, steps })
    }

    /// The extra questions of `team` (by its configured slug), in their order.
    pub async fn contact_request_questions(
        &self,
        org: OrgId,
        team: TeamId,
    ) -> Result<Vec<String>, EngineError> {
        let team = self.store().get_team(org, team).await?;
        let settings = self.contact_request_settings(org);
        Ok(settings
            .questions
            .get(&team.slug)
            .cloned()
            .unwrap_or_default())
    }

    /// A back-office member's scope (themselves and their teams); `None`: sees everything.
    async fn scope_of(
        &self,
        org: OrgId,
        viewer: Viewer,
    ) -> Result<Option<(UserId, Vec<TeamId>)>, EngineError> {
        if viewer.role != Role::BackOffice {
            return Ok(None);
        }
        let mut teams = Vec::new();
        for team in self.store().list_teams(org).await? {
            if team.enabled
                && self
                    .store()
                    .list_team_members(org, team.id)
                    .await?
                    .contains(&viewer.user)
            {
                teams.push(team.id);
            }
        }
        Ok(Some((viewer.user, teams)))
    }
}
