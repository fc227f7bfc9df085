//! `/admin/labels`: the organisation's one shared list of labels, for its functional
//! admin (role admin): add, rename or regroup, deactivate and activate again. Other
//! members see why they may not. Conversations take labels only from this list.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use loket_domain::people::Role;
use loket_engine::EngineError;
use loket_engine::records::Label;
use serde::Deserialize;

use super::Layout;
use super::account::failure;
use super::i18n::Lang;
use super::session::SignedIn;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/labels", get(page).post(save))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_labels.html")]
pub struct LabelsPage {
    pub layout: Layout,
    pub allowed: bool,
    pub saved: bool,
    pub problem: bool,
    pub labels: Vec<Label>,
}

#[derive(Deserialize, Default)]
pub struct Flags {
    saved: Option<String>,
    problem: Option<String>,
}

#[derive(Deserialize)]
pub struct LabelForm {
    slug: String,
    name: String,
    group: String,
    #[serde(default)]
    active: Option<String>,
}

fn admin(signed_in: &SignedIn) -> bool {
    signed_in.org_id.is_some() && signed_in.role == Some(Role::Admin)
}

async fn page(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Query(flags): Query<Flags>,
) -> Response {
    let layout = Layout::for_session(&state, lang, &signed_in.session, "labels-title").await;
    let allowed = admin(&signed_in);
    let labels = match signed_in.org_id {
        Some(org) if allowed => match state.engine.labels(org).await {
            Ok(labels) => labels,
            Err(error) => return failure(error),
        },
        _ => Vec::new(),
    };
    let page = LabelsPage {
        layout: layout.clone(),
        allowed,
        saved: flags.saved.is_some(),
        problem: flags.problem.is_some(),
        labels,
    };
    let status = if allowed {
        StatusCode::OK
    } else {
        StatusCode::FORBIDDEN
    };
    (status, layout.respond(page)).into_response()
}

async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<LabelForm>,
) -> Response {
    let (Some(org), true) = (signed_in.org_id, admin(&signed_in)) else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let label = Label {
        slug: form.slug,
        name: form.name,
        group: form.group,
        active: form.active.as_deref() != Some("false"),
    };
    let to = match state.engine.put_label(org, label).await {
        Ok(_) => "/admin/labels?saved",
        Err(EngineError::InvalidFields(_)) => "/admin/labels?problem",
        Err(error) => return failure(error),
    };
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}
