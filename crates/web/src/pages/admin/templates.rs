//! `/admin/templates`: the organisation's message templates as last synced from Meta
//! (name, language, category, status) and a "Synchroniseren" button, the engine's sync as
//! `POST /api/v1/templates/sync` does it.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::{Admin, problem_key};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::account::failure;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/templates", get(list))
        .route("/admin/templates/sync", post(sync))
}

pub struct TemplateRow {
    pub name: String,
    pub language: String,
    pub category: String,
    pub status: String,
    /// The message key of a status we explain, else the status as Meta names it.
    pub status_key: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_templates.html")]
pub struct TemplatesPage {
    pub layout: Layout,
    pub section: &'static str,
    pub templates: Vec<TemplateRow>,
    pub done: Option<&'static str>,
    pub problem: Option<&'static str>,
}

#[derive(Deserialize, Default)]
pub struct Flags {
    problem: Option<String>,
    synced: Option<String>,
}

async fn list(State(state): State<AppState>, admin: Admin, Query(flags): Query<Flags>) -> Response {
    let layout = admin.layout(&state, "admin-templates-title").await;
    let records = match state.engine.list_templates(admin.org, None).await {
        Ok(records) => records,
        Err(error) => return failure(error),
    };
    let templates = records
        .into_iter()
        .map(|t| TemplateRow {
            status_key: status_key(&t.status),
            name: t.name,
            language: t.language,
            category: t.category,
            status: t.status,
        })
        .collect();
    layout.respond(TemplatesPage {
        layout: layout.clone(),
        section: "templates",
        templates,
        done: flags.synced.map(|_| "admin-templates-synced"),
        problem: problem_key(flags.problem.as_deref()),
    })
}

async fn sync(State(state): State<AppState>, admin: Admin) -> Response {
    match state.engine.sync_all_templates(admin.org).await {
        Ok(_) => Redirect::to("/admin/templates?synced").into_response(),
        Err(error) => {
            // Meta unreachable or refusing: the page says so; the log says why.
            tracing::warn!(%error, "a template sync from the admin pages failed");
            Redirect::to("/admin/templates?problem=sync").into_response()
        }
    }
}

fn status_key(status: &str) -> Option<&'static str> {
    Some(match status {
        "APPROVED" => "template-status-approved",
        "PENDING" => "template-status-pending",
        "REJECTED" => "template-status-rejected",
        "PAUSED" => "template-status-paused",
        "DISABLED" => "template-status-disabled",
        _ => return None,
    })
}
