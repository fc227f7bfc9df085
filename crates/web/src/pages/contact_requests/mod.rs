//! `/contactverzoeken`: the call-back requests (issue 12, point 4). The list (filter by
//! state; a back-office colleague sees only their teams' and their own, the engine decides),
//! one request with its steps and the actions (verwerkt with how the resident was
//! answered, terug naar KCC, door naar collega). Creating one lives with the conversation
//! (`create.rs`). Another organisation's id, or one the viewer may not see, is a 404.

mod create;
pub mod gate;
mod hand_over;
mod labels;

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use loket_domain::contact_requests::{Action, State as RequestState, StepKind};
use loket_domain::people::Role;
use loket_domain::{ContactRequestId, OrgId, Timestamp, UserId};
use loket_engine::EngineError;
use loket_engine::contact_requests::Viewer;
use loket_engine::records::{ContactRequest, ContactRequestFilter};
use serde::Deserialize;

use super::Layout;
use super::account::failure;
use super::i18n::{Lang, Tr};
use super::inbox::current;
use super::session::SignedIn;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/contactverzoeken", get(list))
        .route("/contactverzoeken/{id}", get(detail).post(step))
        .merge(create::routes())
        .merge(hand_over::routes())
}

/// One request as the list shows it.
pub struct Row {
    pub href: String,
    pub question: String,
    pub kind: String,
    pub resident: String,
    pub to: String,
    pub state: String,
    pub due: String,
    pub created: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "contact_requests.html")]
pub struct ListPage {
    pub layout: Layout,
    pub rows: Vec<Row>,
    /// (value, label, selected) for the state filter.
    pub states: Vec<(String, String, bool)>,
}

pub struct StepRow {
    pub what: String,
    pub who: String,
    pub when: String,
    pub outcome: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "contact_request.html")]
pub struct DetailPage {
    pub layout: Layout,
    pub id: String,
    pub question: String,
    pub resident: String,
    pub contact_details: String,
    pub internal_note: String,
    pub extra: Vec<(String, String)>,
    pub to: String,
    pub state: String,
    pub due: String,
    pub kind: String,
    pub expectation: String,
    /// The conversation, for the KCC (the back office never opens conversations).
    pub conversation_href: Option<String>,
    pub steps: Vec<StepRow>,
    pub can_complete: bool,
    pub can_return: bool,
    pub can_forward: bool,
    /// (id, name) of the colleagues it may go on to.
    pub colleagues: Vec<(String, String)>,
    pub problem: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    state: String,
}

#[derive(Deserialize, Default)]
pub struct DetailQuery {
    problem: Option<String>,
}

#[derive(Deserialize)]
pub struct StepForm {
    action: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    to: String,
}

/// The organisation, the viewer, and the organisation's slug.
fn viewer(signed_in: &SignedIn) -> Option<(OrgId, String, Viewer)> {
    let (org, slug, user) = current(signed_in)?;
    let role = signed_in.role?;
    Some((org, slug, Viewer { user, role }))
}

pub(super) fn local_time(at: Timestamp) -> String {
    match at.in_tz("Europe/Amsterdam") {
        Ok(zoned) => zoned.strftime("%d-%m-%Y %H:%M").to_string(),
        Err(_) => at.strftime("%d-%m-%Y %H:%M UTC").to_string(),
    }
}

fn state_label(tr: &Tr, state: RequestState) -> String {
    tr.t(&format!("cv-state-{}", state.as_str().replace('_', "-")))
}

fn to_label(r: &ContactRequest, names: &HashMap<UserId, String>) -> String {
    let person = r.assignee_id.and_then(|u| names.get(&u).cloned());
    match (r.team_name.clone(), person) {
        (Some(team), Some(person)) => format!("{team} ({person})"),
        (Some(team), None) => team,
        (None, Some(person)) => person,
        (None, None) => String::new(),
    }
}

async fn names(state: &AppState, slug: &str) -> Result<HashMap<UserId, String>, EngineError> {
    let users = state.engine.list_users(Some(slug)).await?;
    Ok(users
        .into_iter()
        .map(|u| (u.user.id, u.user.name))
        .collect())
}

async fn list(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Query(query): Query<ListQuery>,
) -> Response {
    let layout = Layout::for_session(&state, lang, &signed_in.session, "cv-title").await;
    let Some((org, slug, viewer)) = viewer(&signed_in) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let chosen = RequestState::parse(&query.state);
    let filter = ContactRequestFilter {
        state: chosen,
        ..Default::default()
    };
    let (found, names) = match (
        state
            .engine
            .list_contact_requests(org, viewer, filter)
            .await,
        names(&state, &slug).await,
    ) {
        (Ok(found), Ok(names)) => (found, names),
        (Err(error), _) | (_, Err(error)) => return failure(error),
    };
    let tr = &layout.tr;
    let rows = found
        .iter()
        .map(|r| Row {
            href: format!("/contactverzoeken/{}", r.id),
            question: r.question.chars().take(120).collect(),
            kind: labels::kind_label(tr, r.kind),
            resident: r.resident.clone().unwrap_or_default(),
            to: to_label(r, &names),
            state: state_label(tr, r.state),
            due: r.due_at.map(local_time).unwrap_or_default(),
            created: local_time(r.created_at),
        })
        .collect();
    let mut states = vec![(String::new(), tr.t("cv-state-all"), chosen.is_none())];
    states.extend(
        RequestState::ALL
            .into_iter()
            .map(|s| (s.as_str().to_owned(), state_label(tr, s), chosen == Some(s))),
    );
    layout.respond(ListPage {
        layout: layout.clone(),
        rows,
        states,
    })
}

async fn detail(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<DetailQuery>,
) -> Response {
    let layout = Layout::for_session(&state, lang, &signed_in.session, "cv-detail-title").await;
    let (Some((org, slug, viewer)), Ok(id)) = (viewer(&signed_in), id.parse::<ContactRequestId>())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let view = match state.engine.get_contact_request(org, viewer, id).await {
        Ok(view) => view,
        Err(EngineError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return failure(error),
    };
    let names = match names(&state, &slug).await {
        Ok(names) => names,
        Err(error) => return failure(error),
    };
    let tr = &layout.tr;
    let r = &view.request;
    let allowed =
        |action| loket_domain::contact_requests::transition(r.state, viewer.role, action).is_ok();
    let steps = view
        .steps
        .iter()
        .map(|s| StepRow {
            what: step_label(tr, s.kind, s.to_user_id.and_then(|u| names.get(&u))),
            who: names.get(&s.actor_id).cloned().unwrap_or_default(),
            when: local_time(s.at),
            outcome: s.outcome.clone(),
        })
        .collect();
    let mut colleagues: Vec<(String, String)> = names
        .iter()
        .filter(|(u, _)| **u != viewer.user)
        .map(|(u, n)| (u.to_string(), n.clone()))
        .collect();
    colleagues.sort_by(|a, b| a.1.cmp(&b.1));
    layout.respond(DetailPage {
        layout: layout.clone(),
        id: r.id.to_string(),
        question: r.question.clone(),
        resident: r.resident.clone().unwrap_or_default(),
        contact_details: r.contact_details.clone(),
        internal_note: r.internal_note.clone(),
        extra: r.extra.clone(),
        to: to_label(r, &names),
        state: state_label(tr, r.state),
        due: r.due_at.map(local_time).unwrap_or_default(),
        kind: labels::kind_label(tr, r.kind),
        expectation: labels::expectation_label(tr, r),
        conversation_href: (viewer.role != Role::BackOffice)
            .then(|| format!("/inbox/{}", r.conversation_id)),
        steps,
        can_complete: allowed(Action::Complete),
        can_return: allowed(Action::ReturnToKcc),
        can_forward: allowed(Action::Forward),
        colleagues,
        problem: query.problem.is_some(),
    })
}

fn step_label(tr: &Tr, kind: StepKind, to: Option<&String>) -> String {
    let what = tr.t(&format!("cv-step-{}", kind.as_str().replace('_', "-")));
    match to {
        Some(name) => format!("{what}: {name}"),
        None => what,
    }
}

async fn step(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Response {
    let (Some((org, _, viewer)), Ok(id)) = (viewer(&signed_in), id.parse::<ContactRequestId>())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(action) = Action::parse(&form.action) else {
        return StatusCode::UNPROCESSABLE_ENTITY.into_response();
    };
    let to = form.to.parse::<UserId>().ok();
    let back = format!("/contactverzoeken/{id}");
    match (state.engine)
        .step_contact_request(org, viewer, id, action, &form.outcome, to)
        .await
    {
        // Forwarded out of the back office's sight: back to the list.
        Ok(view)
            if viewer.role == Role::BackOffice
                && view.request.assignee_id != Some(viewer.user)
                && action == Action::Forward =>
        {
            Redirect::to("/contactverzoeken").into_response()
        }
        Ok(_) => Redirect::to(&back).into_response(),
        Err(EngineError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(EngineError::InvalidFields(_) | EngineError::Conflict(_)) => {
            Redirect::to(&format!("{back}?problem=1")).into_response()
        }
        Err(error) => failure(error),
    }
}
