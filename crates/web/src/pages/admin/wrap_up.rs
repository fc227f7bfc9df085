//! `/admin/wrap-up`: the organisation's wrap-up results (issue 12 point 8) — add one, rename
//! it, say whether it counts as first-line resolution, switch it off (never delete: stored
//! wrap-ups and reports name its key) — and whether resolving requires a wrap-up.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use loket_engine::EngineError;
use serde::Deserialize;

use super::Admin;
use super::crud::not_found;
use crate::AppState;
use crate::pages::Layout;
use crate::pages::account::failure;

const LIST: &str = "/admin/wrap-up";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(LIST, get(list).post(add))
        .route("/admin/wrap-up/required", post(required))
        .route("/admin/wrap-up/results/{key}", post(update))
}

struct Row {
    key: String,
    label: String,
    first_line: bool,
    active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_wrap_up.html")]
struct WrapUpAdminPage {
    layout: Layout,
    section: &'static str,
    results: Vec<Row>,
    required: bool,
    done: Option<&'static str>,
    problem: Option<&'static str>,
}

#[derive(Deserialize, Default)]
struct Flags {
    done: Option<String>,
    problem: Option<String>,
}

async fn list(State(state): State<AppState>, admin: Admin, Query(flags): Query<Flags>) -> Response {
    let policy = match state.engine.wrap_up_policy(admin.org).await {
        Ok(p) => p,
        Err(e) => return failure(e),
    };
    let layout = admin.layout(&state, "wrap-up-admin-title").await;
    let page = WrapUpAdminPage {
        layout: layout.clone(),
        section: "wrap-up",
        results: (policy.results.into_iter())
            .map(|r| Row {
                key: r.key,
                label: r.label,
                first_line: r.first_line,
                active: r.active,
            })
            .collect(),
        required: policy.required,
        done: flags.done.is_some().then_some("wrap-up-admin-saved"),
        problem: flags.problem.is_some().then_some("wrap-up-admin-problem"),
    };
    layout.respond(page)
}

#[derive(Deserialize)]
struct ResultForm {
    label: String,
    first_line: Option<String>,
    active: Option<String>,
}

async fn add(
    State(state): State<AppState>,
    admin: Admin,
    axum::Form(form): axum::Form<ResultForm>,
) -> Response {
    let first_line = form.first_line.is_some();
    let result = (state.engine)
        .add_wrap_up_result(admin.org, &form.label, first_line)
        .await;
    answer(result.map(|_| ()))
}

async fn update(
    State(state): State<AppState>,
    admin: Admin,
    Path(key): Path<String>,
    axum::Form(form): axum::Form<ResultForm>,
) -> Response {
    let (first_line, active) = (form.first_line.is_some(), form.active.is_some());
    let result = (state.engine)
        .update_wrap_up_result(admin.org, &key, &form.label, first_line, active)
        .await;
    answer(result)
}

#[derive(Deserialize)]
struct RequiredForm {
    required: Option<String>,
}

async fn required(
    State(state): State<AppState>,
    admin: Admin,
    axum::Form(form): axum::Form<RequiredForm>,
) -> Response {
    let result = (state.engine)
        .set_wrap_up_required(admin.org, form.required.is_some())
        .await;
    answer(result)
}

/// PRG: back to the list with a fixed flag; an unknown key is 404.
fn answer(result: Result<(), EngineError>) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("{LIST}?done=saved")).into_response(),
        Err(EngineError::InvalidFields(_)) => {
            Redirect::to(&format!("{LIST}?problem=label")).into_response()
        }
        Err(EngineError::NotFound) => not_found(),
        Err(e) => failure(e),
    }
}
