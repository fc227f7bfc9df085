//! Contactverzoeken (issue 12, point 4): an agent hands a resident's question from a
//! conversation to a back-office team or colleague; the resident is told when to expect an
//! answer; the back office works the request (done, back to the KCC, on to a colleague),
//! each step recorded.
//!
//! Who sees what: a `back_office` member sees only requests addressed to one of their teams
//! or to them (others answer `NotFound`, as if they did not exist); the KCC roles see all
//! of their organisation's. The rules of each step are the domain's
//! (`domain::contact_requests::transition`).

pub mod settings;

use loket_domain::contact_requests::{self as rules, Action, Draft, StepKind};
use loket_domain::input::FieldProblem;
use loket_domain::message::SenderKind;
use loket_domain::outbound::TemplateMessage;
use loket_domain::people::Role;
use loket_domain::{ContactRequestId, ConversationId, OrgId, TeamId, Timestamp, UserId};
use loket_store::{
    ContactRequest, ContactRequestFilter, ContactRequestStep, Expectation, NewContactRequest,
    StepChange,
};

use crate::outbound::{Outgoing, SendRequest};
use crate::{Engine, EngineError};

pub use settings::ContactRequestSettings;

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
    /// agent). The message goes first, so a refused message stores no request.
    pub async fn create_contact_request(
        &self,
        org: OrgId,
        conversation: ConversationId,
        by: UserId,
        to: Addressee,
        draft: &Draft,
    ) -> Result<Created, EngineError> {
        let conv = self.store().get_conversation(org, conversation).await?;
        let settings = self.contact_request_settings(org);
        let mut problems = match rules::check_draft(draft) {
            Ok(_) => Vec::new(),
            Err(problems) => problems,
        };
        let mut to_name = None;
        if let Some(team) = to.team {
            match self.store().get_team(org, team).await {
                Ok(t) if t.enabled => {
                    to_name = Some(t.name.clone());
                    let asked = settings.questions.get(&t.slug).cloned().unwrap_or_default();
                    if draft.extra.iter().any(|(q, _)| !asked.contains(q)) {
                        problems.push(FieldProblem::new(
                            "extra",
                            "is not one of the team's questions",
                        ));
                    }
                }
                _ => problems.push(FieldProblem::new("team", "is no team of this organisation")),
            }
        }
        if let Some(user) = to.assignee {
            if !self.store().is_active_member(org, user).await? {
                problems.push(FieldProblem::new(
                    "assignee",
                    "is no active member of this organisation",
                ));
            } else if to_name.is_none() {
                to_name = Some(self.user(user).await?.name);
            }
        }
        if to.team.is_none() && to.assignee.is_none() {
            problems.push(FieldProblem::new("team", "name a team or a colleague"));
        }
        if !problems.is_empty() {
            return Err(EngineError::InvalidFields(problems));
        }
        let draft = rules::check_draft(draft).map_err(EngineError::InvalidFields)?;
        let now = self.clock().now();
        let hours = self.office_hours(org, Some(conv.channel_id)).await?;
        let due_at = rules::due_at(&hours, now, settings.working);
        let to_name = to_name.unwrap_or_default();
        let (outgoing, expectation, message) = if crate::query::window_of(&conv, now).is_open() {
            let when = due_at.map_or_else(
                || "zo snel mogelijk".to_owned(),
                |due| rules::due_phrase(&hours, now, due),
            );
            let text = rules::expectation_text(&settings.expectation, &to_name, &when);
            let outgoing = Outgoing::Text {
                body: text.clone(),
                preview_url: false,
            };
            (Some(outgoing), Expectation::Sent, Some(text))
        } else if let Some(template) = &settings.template {
            let outgoing = Outgoing::Template(TemplateMessage {
                name: template.name.clone(),
                language: template.language.clone(),
                parameters: Default::default(),
                header_media: None,
                buttons: Vec::new(),
                rendered: None,
            });
            (Some(outgoing), Expectation::Template, None)
        } else {
            (None, Expectation::NotSent, None)
        };
        if let Some(outgoing) = outgoing {
            // Automatic, like the receipts: the conversation keeps waiting for a person.
            let request = SendRequest {
                outgoing,
                sender: SenderKind::System,
                reply_to: None,
                confirm_personal_data: false,
            };
            self.send_message(org, conversation, request).await?;
        }
        let request = NewContactRequest {
            id: ContactRequestId::new_at(now),
            org_id: org,
            conversation_id: conversation,
            team_id: to.team,
            assignee_id: to.assignee,
            question: draft.question,
            contact_details: draft.contact_details,
            internal_note: draft.internal_note,
            extra: draft.extra,
            due_at,
            expectation,
            created_by: by,
            created_at: now,
        };
        self.store().insert_contact_request(&request).await?;
        Ok(Created {
            id: request.id,
            due_at,
            message,
            expectation,
        })
    }

    /// The requests `viewer` may see, newest first: a back-office member's teams' and their
    /// own; everything for the KCC roles.
    pub async fn list_contact_requests(
        &self,
        org: OrgId,
        viewer: Viewer,
        mut filter: ContactRequestFilter,
    ) -> Result<Vec<ContactRequest>, EngineError> {
        filter.for_user = self.scope_of(org, viewer).await?;
        Ok(self
            .store()
            .list_contact_requests(org, &filter, LIST_LIMIT)
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
