//! A contactverzoek for integrators: what was asked, of whom, its state and due time, what
//! became of the message to the resident, and (one request) its steps.

use loket_domain::{ContactRequestId, ConversationId, Timestamp};
use loket_engine::contact_requests::RequestView;
use loket_engine::records::{ContactRequest, ContactRequestStep};
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct ContactRequestView {
    id: ContactRequestId,
    conversation_id: ConversationId,
    kind: &'static str,
    team: Option<String>,
    assignee: Option<String>,
    question: String,
    contact: String,
    note: String,
    answers: Vec<AnswerView>,
    state: &'static str,
    due_at: Option<Timestamp>,
    expectation: &'static str,
    expectation_problem: Option<String>,
    created_by: String,
    created_at: Timestamp,
    updated_at: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    steps: Option<Vec<StepView>>,
}

#[derive(Serialize)]
struct AnswerView {
    question: String,
    answer: String,
}

#[derive(Serialize)]
struct StepView {
    kind: &'static str,
    actor: String,
    to: Option<String>,
    outcome: String,
    at: Timestamp,
}

impl From<ContactRequest> for ContactRequestView {
    fn from(r: ContactRequest) -> Self {
        Self {
            id: r.id,
            conversation_id: r.conversation_id,
            kind: r.kind.as_str(),
            team: r.team_id.map(|t| t.to_string()),
            assignee: r.assignee_id.map(|u| u.to_string()),
            question: r.question,
            contact: r.contact_details,
            note: r.internal_note,
            answers: (r.extra.into_iter())
                .map(|(question, answer)| AnswerView { question, answer })
                .collect(),
            state: r.state.as_str(),
            due_at: r.due_at,
            expectation: r.expectation.as_str(),
            expectation_problem: r.expectation_problem,
            created_by: r.created_by.to_string(),
            created_at: r.created_at,
            updated_at: r.updated_at,
            steps: None,
        }
    }
}

impl From<ContactRequestStep> for StepView {
    fn from(s: ContactRequestStep) -> Self {
        Self {
            kind: s.kind.as_str(),
            actor: s.actor_id.to_string(),
            to: s.to_user_id.map(|u| u.to_string()),
            outcome: s.outcome,
            at: s.at,
        }
    }
}

impl From<RequestView> for ContactRequestView {
    fn from(v: RequestView) -> Self {
        let mut view = Self::from(v.request);
        view.steps = Some(v.steps.into_iter().map(StepView::from).collect());
        view
    }
}

/// A page of requests: `next_cursor` fetches the next (absent on the last page).
#[derive(Serialize)]
pub(crate) struct ContactRequestPage {
    pub items: Vec<ContactRequestView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}
