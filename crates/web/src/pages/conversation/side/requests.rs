//! The side panel's contactverzoeken: the conversation's requests (state, team, due, a
//! link to each) and the one-click hand-overs (a press question to Communicatie, a signal
//! to the newsroom; their forms post to `pages/contact_requests/hand_over.rs`), shown only
//! when the organisation configured their team.

use loket_domain::ConversationId;
use loket_domain::contact_requests::Kind;
use loket_domain::people::Role;
use loket_engine::EngineError;
use loket_engine::contact_requests::Viewer;
use loket_engine::records::ContactRequestFilter;

use super::super::Context;

/// One request as the panel lists it.
pub struct SideRequest {
    pub href: String,
    pub question: String,
    /// The state's message key.
    pub state: String,
    pub to: String,
    pub due: String,
}

pub struct RequestsBox {
    pub list: Vec<SideRequest>,
    pub press: bool,
    pub signal: bool,
}

pub async fn requests_box(
    cx: &Context<'_>,
    id: ConversationId,
) -> Result<RequestsBox, EngineError> {
    let engine = &cx.state.engine;
    // The panel is the KCC's (the gate keeps the back office out); without a role the
    // narrowest view.
    let viewer = Viewer {
        user: cx.signed_in.session.view.user_id,
        role: cx.signed_in.role.unwrap_or(Role::BackOffice),
    };
    let filter = ContactRequestFilter {
        conversation: Some(id),
        ..Default::default()
    };
    let found = engine.list_contact_requests(cx.org, viewer, filter).await?;
    let list = found
        .into_iter()
        .map(|r| SideRequest {
            href: format!("/contactverzoeken/{}", r.id),
            question: r.question.chars().take(80).collect(),
            state: format!("cv-state-{}", r.state.as_str().replace('_', "-")),
            to: r.team_name.unwrap_or_default(),
            due: r.due_at.map(super::local_time).unwrap_or_default(),
        })
        .collect();
    Ok(RequestsBox {
        list,
        press: engine.hand_over_team(cx.org, Kind::Persvraag).is_some(),
        signal: engine.hand_over_team(cx.org, Kind::Signaal).is_some(),
    })
}
