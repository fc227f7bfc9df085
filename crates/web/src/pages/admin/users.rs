//! `/admin/users`: the organisation's members; invite (a new user with a one-time
//! password, shown once, or an existing user by e-mail), change role, disable/enable,
//! reset password, reset 2FA. The engine scopes each to the organisation (another
//! organisation's user is 404) and refuses what reaches beyond it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use loket_domain::UserId;
use loket_domain::people::Role;
use loket_engine::records::User;
use secrecy::ExposeSecret;
use serde::Deserialize;

use super::{Admin, answer_error, problem_key};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::account::failure;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(list).post(invite))
        .route("/admin/users/{id}", get(detail))
        .route("/admin/users/{id}/role", post(role))
        .route("/admin/users/{id}/disable", post(disable))
        .route("/admin/users/{id}/enable", post(enable))
        .route("/admin/users/{id}/password", post(password))
        .route("/admin/users/{id}/two-factor", post(two_factor))
}

pub struct MemberRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role_key: &'static str,
    pub role: &'static str,
    pub active: bool,
    pub two_factor: bool,
}

fn row_of(user: &User, role: Role) -> MemberRow {
    MemberRow {
        id: user.id.to_string(),
        name: user.name.clone(),
        email: user.email.as_str().to_owned(),
        role_key: role_key(role),
        role: role.as_str(),
        active: user.active,
        two_factor: user.totp_enabled,
    }
}

pub fn role_key(role: Role) -> &'static str {
    match role {
        Role::Agent => "role-agent",
        Role::TeamLead => "role-team-lead",
        Role::Admin => "role-admin",
        Role::BackOffice => "role-back-office",
    }
}

/// The roles a form offers: (value, message key).
pub const ROLES: [(&str, &str); 4] = [
    ("agent", "role-agent"),
    ("team_lead", "role-team-lead"),
    ("admin", "role-admin"),
    ("back_office", "role-back-office"),
];

#[derive(Deserialize, Default)]
pub struct Flags {
    problem: Option<String>,
    done: Option<String>,
}

fn done_key(flag: Option<&str>) -> Option<&'static str> {
    Some(match flag? {
        "added" => "admin-done-added",
        "role" => "admin-done-role",
        "disabled" => "admin-done-disabled",
        "enabled" => "admin-done-enabled",
        "two-factor" => "admin-done-two-factor",
        _ => return None,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_users.html")]
pub struct UsersPage {
    pub layout: Layout,
    pub section: &'static str,
    pub members: Vec<MemberRow>,
    pub roles: [(&'static str, &'static str); 4],
    pub done: Option<&'static str>,
    pub problem: Option<&'static str>,
}

async fn list(State(state): State<AppState>, admin: Admin, Query(flags): Query<Flags>) -> Response {
    let layout = admin.layout(&state, "admin-users-title").await;
    let listed = match state.engine.org_members(admin.org).await {
        Ok(listed) => listed,
        Err(error) => return failure(error),
    };
    let members = listed
        .iter()
        .filter_map(|l| {
            let m = l.memberships.iter().find(|m| m.org_id == admin.org)?;
            Some(row_of(&l.user, m.role))
        })
        .collect();
    layout.respond(UsersPage {
        layout: layout.clone(),
        section: "users",
        members,
        roles: ROLES,
        done: done_key(flags.done.as_deref()),
        problem: problem_key(flags.problem.as_deref()),
    })
}

#[derive(Deserialize)]
pub struct Invite {
    email: String,
    name: String,
    role: String,
}

/// A generated password, shown once in the answer to the POST that made it.
#[derive(Template, WebTemplate)]
#[template(path = "admin_password.html")]
pub struct PasswordShownOnce {
    pub layout: Layout,
    pub section: &'static str,
    pub member: MemberRow,
    pub password: String,
}

async fn invite(State(state): State<AppState>, admin: Admin, Form(form): Form<Invite>) -> Response {
    let Ok(role) = form.role.parse::<Role>() else {
        return Redirect::to("/admin/users?problem=invalid").into_response();
    };
    let added = match state
        .engine
        .invite_member(admin.org, &form.email, &form.name, role)
        .await
    {
        Ok(added) => added,
        Err(error) => return answer_error(error, "/admin/users"),
    };
    let Some(password) = added.generated_password else {
        return Redirect::to("/admin/users?done=added").into_response();
    };
    let layout = admin.layout(&state, "admin-password-title").await;
    layout.respond(PasswordShownOnce {
        layout: layout.clone(),
        section: "users",
        member: row_of(&added.user, role),
        password: password.expose_secret().to_owned(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_user.html")]
pub struct UserPage {
    pub layout: Layout,
    pub section: &'static str,
    pub member: MemberRow,
    pub roles: [(&'static str, &'static str); 4],
    pub yourself: bool,
    pub done: Option<&'static str>,
    pub problem: Option<&'static str>,
}

async fn detail(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(flags): Query<Flags>,
) -> Response {
    let Ok(user) = id.parse::<UserId>() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let (found, role) = match state.engine.org_member(admin.org, user).await {
        Ok(found) => found,
        Err(error) => return answer_error(error, "/admin/users"),
    };
    let layout = admin.layout(&state, "admin-user-title").await;
    layout.respond(UserPage {
        layout: layout.clone(),
        section: "users",
        member: row_of(&found, role),
        roles: ROLES,
        yourself: admin.signed_in.session.view.user_id == user,
        done: done_key(flags.done.as_deref()),
        problem: problem_key(flags.problem.as_deref()),
    })
}

/// The user id from the path, or the 404 to answer.
fn user_of(id: &str) -> Option<UserId> {
    id.parse().ok()
}

/// Where a member's page is, and its answer after `done`.
fn back(user: UserId, result: Result<(), loket_engine::EngineError>, done: &str) -> Response {
    let page = format!("/admin/users/{user}");
    match result {
        Ok(()) => Redirect::to(&format!("{page}?done={done}")).into_response(),
        Err(error) => answer_error(error, &page),
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

async fn role(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<RoleForm>,
) -> Response {
    let Some(user) = user_of(&id) else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let Ok(role) = form.role.parse::<Role>() else {
        return Redirect::to(&format!("/admin/users/{user}?problem=invalid")).into_response();
    };
    let result = state.engine.set_member_role(admin.org, user, role).await;
    back(user, result, "role")
}

async fn set_active(state: &AppState, admin: &Admin, id: &str, active: bool) -> Response {
    let Some(user) = user_of(id) else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let actor = admin.signed_in.session.view.user_id;
    let result = state
        .engine
        .set_member_active(admin.org, actor, user, active)
        .await;
    back(user, result, if active { "enabled" } else { "disabled" })
}

async fn disable(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Response {
    set_active(&state, &admin, &id, false).await
}

async fn enable(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Response {
    set_active(&state, &admin, &id, true).await
}

async fn password(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Response {
    let Some(user) = user_of(&id) else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let page = format!("/admin/users/{user}");
    let password = match state.engine.reset_member_password(admin.org, user).await {
        Ok(password) => password,
        Err(error) => return answer_error(error, &page),
    };
    let (found, role) = match state.engine.org_member(admin.org, user).await {
        Ok(found) => found,
        Err(error) => return answer_error(error, &page),
    };
    let layout = admin.layout(&state, "admin-password-title").await;
    layout.respond(PasswordShownOnce {
        layout: layout.clone(),
        section: "users",
        member: row_of(&found, role),
        password: password.expose_secret().to_owned(),
    })
}

async fn two_factor(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Response {
    let Some(user) = user_of(&id) else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let result = state.engine.reset_member_two_factor(admin.org, user).await;
    back(user, result, "two-factor")
}
