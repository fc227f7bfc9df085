//! `/admin/residents/{contact}`: a resident's access and erasure requests (AVG art. 15 and
//! 17) for admins — who they are, their conversations and legal holds, an export (ZIP
//! download) and, behind an explicit confirmation, erasure. A legal hold refuses erasure
//! with an explanation (art. 17(3)); another organisation's resident is 404.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use loket_domain::ContactId;
use loket_engine::avg::Erasure;
use serde::Deserialize;

use super::{Admin, answer_error};
use crate::AppState;
use crate::pages::Layout;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/residents/erased", get(erased))
        .route("/admin/residents/{id}", get(detail))
        .route("/admin/residents/{id}/export", get(export))
        .route("/admin/residents/{id}/erase", post(erase))
}

#[derive(Deserialize, Default)]
pub struct Flags {
    problem: Option<String>,
}

fn problem_key(flag: Option<&str>) -> Option<&'static str> {
    Some(match flag? {
        "legal-hold" => "admin-resident-problem-hold",
        "confirm" => "admin-resident-problem-confirm",
        "conflict" => "admin-resident-problem-busy",
        _ => return None,
    })
}

pub struct ConversationRow {
    pub id: String,
    pub channel: String,
    pub status_key: String,
    pub last_message_at: String,
    pub held: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_resident.html")]
pub struct ResidentPage {
    pub layout: Layout,
    pub section: &'static str,
    pub id: String,
    pub name: Option<String>,
    pub identities: Vec<String>,
    pub conversations: Vec<ConversationRow>,
    pub held: bool,
    pub done: Option<&'static str>,
    pub problem: Option<&'static str>,
}

fn contact_of(id: &str) -> Option<ContactId> {
    id.parse().ok()
}

async fn detail(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(flags): Query<Flags>,
) -> Response {
    let Some(contact) = contact_of(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let overview = match state.engine.resident_overview(admin.org, contact).await {
        Ok(overview) => overview,
        Err(error) => return answer_error(error, "/admin/channels"),
    };
    let identity = &overview.contact.identity;
    let identities = [&identity.wa_id, &identity.user_id, &identity.username]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let held = |c: &loket_engine::records::ContactConversation| {
        overview.holds.iter().any(|h| h.conversation_id == c.id)
    };
    let conversations = (overview.conversations.iter())
        .map(|c| ConversationRow {
            id: c.id.to_string(),
            channel: c.channel_name.clone(),
            status_key: format!("status-{}", c.status.as_str()),
            last_message_at: local_time(c.last_message_at),
            held: held(c),
        })
        .collect();
    let layout = admin.layout(&state, "admin-resident-title").await;
    layout.respond(ResidentPage {
        layout: layout.clone(),
        section: "residents",
        id: contact.to_string(),
        name: overview.contact.display_name.clone(),
        identities,
        conversations,
        held: !overview.holds.is_empty(),
        done: None,
        problem: problem_key(flags.problem.as_deref()),
    })
}

async fn export(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Response {
    let Some(contact) = contact_of(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.engine.export_resident(admin.org, contact).await {
        Ok(export) => crate::api::zip_download(export),
        Err(error) => answer_error(error, &format!("/admin/residents/{contact}")),
    }
}

#[derive(Deserialize)]
pub struct EraseForm {
    /// The confirmation checkbox: erasure cannot be undone.
    confirm: Option<String>,
}

async fn erase(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<EraseForm>,
) -> Response {
    let Some(contact) = contact_of(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let back = format!("/admin/residents/{contact}");
    if form.confirm.as_deref() != Some("yes") {
        return Redirect::to(&format!("{back}?problem=confirm")).into_response();
    }
    match state.engine.erase_resident(admin.org, contact).await {
        Ok(Erasure::Erased(_)) => Redirect::to("/admin/residents/erased").into_response(),
        Ok(Erasure::Refused(_)) => {
            Redirect::to(&format!("{back}?problem=legal-hold")).into_response()
        }
        Err(error) => answer_error(error, &back),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_resident_erased.html")]
pub struct ErasedPage {
    pub layout: Layout,
    pub section: &'static str,
}

async fn erased(State(state): State<AppState>, admin: Admin) -> Response {
    let layout = admin.layout(&state, "admin-resident-erased-title").await;
    layout.respond(ErasedPage {
        layout: layout.clone(),
        section: "residents",
    })
}

/// Amsterdam time, as agents read it (UTC where the zone database is missing).
fn local_time(at: loket_domain::Timestamp) -> String {
    match at.in_tz("Europe/Amsterdam") {
        Ok(zoned) => zoned.strftime("%Y-%m-%d %H:%M").to_string(),
        Err(_) => at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
    }
}
