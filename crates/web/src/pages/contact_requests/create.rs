//! Creating a contactverzoek from a conversation: `GET /inbox/{id}/contactverzoek` shows
//! the form (contact details prefilled from the resident; the chosen team's extra
//! questions — choosing a team reloads the form without JavaScript), `POST` creates it
//! and tells the agent what the resident was told. The conversation's side panel links
//! here. Opening a conversation is for the KCC: the back office never reaches this (gate).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use loket_domain::contact_requests::Draft;
use loket_domain::{ConversationId, OrgId, TeamId, UserId};
use loket_engine::EngineError;
use loket_engine::contact_requests::Addressee;
use loket_engine::records::Expectation;
use serde::Deserialize;

use super::super::Layout;
use super::super::account::failure;
use super::super::i18n::Lang;
use super::super::inbox::current;
use super::super::session::SignedIn;
use super::local_time;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/inbox/{id}/contactverzoek", get(form_page).post(create))
}

#[derive(Template, WebTemplate)]
#[template(path = "contact_request_new.html")]
pub struct NewPage {
    pub layout: Layout,
    pub conversation: String,
    /// (id, name, selected)
    pub teams: Vec<(String, String, bool)>,
    pub colleagues: Vec<(String, String, bool)>,
    pub questions: Vec<String>,
    pub contact_details: String,
    pub question: String,
    pub internal_note: String,
    pub problems: Vec<String>,
    /// After creating: what happened (the id's page, and what the resident was told).
    pub created: Option<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    team: String,
}

struct Fields {
    team: Option<TeamId>,
    assignee: Option<UserId>,
    draft: Draft,
}

/// The posted form as pairs: the extra answers come as `extra:<question>` fields.
fn fields(pairs: &[(String, String)]) -> Fields {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    Fields {
        team: get("team").parse().ok(),
        assignee: get("assignee").parse().ok(),
        draft: Draft {
            question: get("question"),
            contact_details: get("contact_details"),
            internal_note: get("internal_note"),
            extra: pairs
                .iter()
                .filter_map(|(k, v)| Some((k.strip_prefix("extra:")?.to_owned(), v.clone())))
                .collect(),
        },
    }
}

async fn form_page(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<NewQuery>,
) -> Response {
    let (Some((org, _, _)), Ok(conversation)) = (current(&signed_in), id.parse::<ConversationId>())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let resident = match state.engine.resident(org, conversation).await {
        Ok(resident) => resident,
        Err(EngineError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return failure(error),
    };
    let mut contact = Vec::new();
    if let Some(name) = &resident.contact.display_name {
        contact.push(name.clone());
    }
    if let Some(wa_id) = &resident.contact.identity.wa_id {
        contact.push(format!("+{wa_id}"));
    }
    let fields = Fields {
        team: query.team.parse().ok(),
        assignee: None,
        draft: Draft {
            contact_details: contact.join(", "),
            ..Draft::default()
        },
    };
    render(
        &state,
        lang,
        &signed_in,
        org,
        conversation,
        fields,
        Vec::new(),
        None,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    lang: Lang,
    signed_in: &SignedIn,
    org: OrgId,
    conversation: ConversationId,
    fields: Fields,
    problems: Vec<String>,
    created: Option<(String, String)>,
) -> Response {
    let layout = Layout::for_session(state, lang, &signed_in.session, "cv-new-title").await;
    let Some((_, slug, _)) = current(signed_in) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (teams, users) = match (
        state.engine.list_teams(org).await,
        state.engine.list_users(Some(&slug)).await,
    ) {
        (Ok(t), Ok(u)) => (t, u),
        (Err(error), _) | (_, Err(error)) => return failure(error),
    };
    let questions = match fields.team {
        Some(team) => state
            .engine
            .contact_request_questions(org, team)
            .await
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let teams = teams
        .into_iter()
        .filter(|t| t.enabled)
        .map(|t| (t.id.to_string(), t.name, Some(t.id) == fields.team))
        .collect();
    let colleagues = users
        .into_iter()
        .filter(|u| u.user.active)
        .map(|u| {
            (
                u.user.id.to_string(),
                u.user.name,
                Some(u.user.id) == fields.assignee,
            )
        })
        .collect();
    layout.respond(NewPage {
        layout: layout.clone(),
        conversation: conversation.to_string(),
        teams,
        colleagues,
        questions,
        contact_details: fields.draft.contact_details,
        question: fields.draft.question,
        internal_note: fields.draft.internal_note,
        problems,
        created,
    })
}

async fn create(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (Some((org, _, user)), Ok(conversation)) =
        (current(&signed_in), id.parse::<ConversationId>())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let fields = fields(&pairs);
    // Empty answers to extra questions are no answers.
    let mut draft = fields.draft.clone();
    draft.extra.retain(|(_, a)| !a.trim().is_empty());
    let to = Addressee {
        team: fields.team,
        assignee: fields.assignee,
    };
    match (state.engine)
        .create_contact_request(org, conversation, user, to, &draft)
        .await
    {
        Ok(created) => {
            let tr = super::super::i18n::Tr::new(lang, Default::default());
            let told = match created.expectation {
                Expectation::Sent => created.message.unwrap_or_default(),
                other => super::labels::expectation_of(&tr, other, created.problem),
            };
            let due = created.due_at.map(local_time).unwrap_or_default();
            let summary = format!("{told} ({due})");
            let href = format!("/contactverzoeken/{}", created.id);
            let empty = Fields {
                team: None,
                assignee: None,
                draft: Draft::default(),
            };
            render(
                &state,
                lang,
                &signed_in,
                org,
                conversation,
                empty,
                Vec::new(),
                Some((href, summary)),
            )
            .await
        }
        Err(EngineError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(EngineError::InvalidFields(problems)) => {
            let problems = problems
                .iter()
                .map(|p| format!("{}: {}", p.field, p.reason))
                .collect();
            let page = render(
                &state,
                lang,
                &signed_in,
                org,
                conversation,
                fields,
                problems,
                None,
            )
            .await;
            (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
        }
        Err(EngineError::WindowClosed(_)) => StatusCode::CONFLICT.into_response(),
        Err(error) => failure(error),
    }
}
