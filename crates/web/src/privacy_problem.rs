//! The answer to a reply refused for personal data (issue 10): problem+json with the
//! findings, so the composer and integrations can point at what to change. A BSN is
//! refused outright (422); other personal data needs `"confirm_personal_data": true` (409).
//! The values are the sender's own text, returned to the sender only; never logged.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use loket_domain::pii::Finding;
use loket_domain::privacy::outbound::OutboundRefusal;
use serde::Serialize;

use crate::error::PROBLEM_JSON;

pub const BSN_REFUSED: &str = "A BSN must not be sent over WhatsApp: remove it from the reply.";
pub const NEEDS_CONFIRMATION: &str = "The reply holds personal data: send it again with \
     \"confirm_personal_data\": true if the resident should receive it.";

#[derive(Serialize)]
struct PersonalDataProblem<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'static str,
    status: u16,
    detail: &'static str,
    findings: Vec<FindingView<'a>>,
}

#[derive(Serialize)]
pub struct FindingView<'a> {
    pub kind: &'static str,
    pub value: &'a str,
    pub start: usize,
    pub end: usize,
}

impl<'a> From<&'a Finding> for FindingView<'a> {
    fn from(f: &'a Finding) -> Self {
        Self {
            kind: f.kind.as_str(),
            value: &f.value,
            start: f.start,
            end: f.end,
        }
    }
}

pub fn response(refusal: &OutboundRefusal) -> Response {
    let (status, title, detail) = match refusal {
        OutboundRefusal::Bsn(_) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Unprocessable Content",
            BSN_REFUSED,
        ),
        OutboundRefusal::NeedsConfirmation(_) => {
            (StatusCode::CONFLICT, "Conflict", NEEDS_CONFIRMATION)
        }
    };
    let body = PersonalDataProblem {
        kind: "about:blank",
        title,
        status: status.as_u16(),
        detail,
        findings: refusal.findings().iter().map(FindingView::from).collect(),
    };
    let json = serde_json::to_string(&body).unwrap_or_else(|_| "{}".into());
    (status, [(header::CONTENT_TYPE, PROBLEM_JSON)], json).into_response()
}
