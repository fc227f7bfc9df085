//! `/admin/teams`: the organisation's teams; create one, rename it, add and remove
//! members. Teams declared in the configuration are shown read-only.

use std::collections::HashSet;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use loket_domain::{TeamId, UserId};
use loket_engine::EngineError;
use serde::Deserialize;

use super::{Admin, answer_error, problem_key};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::account::failure;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/teams", get(list).post(create))
        .route("/admin/teams/{id}", get(detail))
        .route("/admin/teams/{id}/name", post(rename))
        .route("/admin/teams/{id}/members", post(add_member))
        .route(
            "/admin/teams/{id}/members/{user}/remove",
            post(remove_member),
        )
}

pub struct TeamRow {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub declared: bool,
    pub enabled: bool,
}

#[derive(Deserialize, Default)]
pub struct Flags {
    problem: Option<String>,
    done: Option<String>,
}

fn done_key(flag: Option<&str>) -> Option<&'static str> {
    Some(match flag? {
        "created" => "admin-done-team-created",
        "renamed" => "admin-done-team-renamed",
        "members" => "admin-done-team-members",
        _ => return None,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_teams.html")]
pub struct TeamsPage {
    pub layout: Layout,
    pub section: &'static str,
    pub teams: Vec<TeamRow>,
    pub done: Option<&'static str>,
    pub problem: Option<&'static str>,
}

async fn list(State(state): State<AppState>, admin: Admin, Query(flags): Query<Flags>) -> Response {
    let layout = admin.layout(&state, "admin-teams-title").await;
    let teams = match state.engine.list_teams(admin.org).await {
        Ok(teams) => teams,
        Err(error) => return failure(error),
    };
    let teams = teams
        .into_iter()
        .map(|t| TeamRow {
            id: t.id.to_string(),
            slug: t.slug,
            name: t.name,
            declared: t.declared,
            enabled: t.enabled,
        })
        .collect();
    layout.respond(TeamsPage {
        layout: layout.clone(),
        section: "teams",
        teams,
        done: done_key(flags.done.as_deref()),
        problem: problem_key(flags.problem.as_deref()),
    })
}

#[derive(Deserialize)]
pub struct NewTeamForm {
    slug: String,
    name: String,
}

async fn create(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<NewTeamForm>,
) -> Response {
    match state
        .engine
        .create_team(admin.org, &form.slug, &form.name)
        .await
    {
        Ok(team) => Redirect::to(&format!("/admin/teams/{}?done=created", team.id)).into_response(),
        Err(error) => answer_error(error, "/admin/teams"),
    }
}

pub struct MemberChoice {
    pub id: String,
    pub name: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_team.html")]
pub struct TeamPage {
    pub layout: Layout,
    pub section: &'static str,
    pub team: TeamRow,
    pub members: Vec<MemberChoice>,
    /// Members of the organisation not on the team (to add).
    pub others: Vec<MemberChoice>,
    pub done: Option<&'static str>,
    pub problem: Option<&'static str>,
}

async fn detail(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(flags): Query<Flags>,
) -> Response {
    let Ok(team) = id.parse::<TeamId>() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let (team, on_team, everyone) = match load(&state, &admin, team).await {
        Ok(loaded) => loaded,
        Err(error) => return answer_error(error, "/admin/teams"),
    };
    let (members, others): (Vec<_>, Vec<_>) = everyone
        .into_iter()
        .partition(|(id, _)| on_team.contains(id));
    let choice = |(id, name): (UserId, String)| MemberChoice {
        id: id.to_string(),
        name,
    };
    let layout = admin.layout(&state, "admin-team-title").await;
    layout.respond(TeamPage {
        layout: layout.clone(),
        section: "teams",
        team: TeamRow {
            id: team.id.to_string(),
            slug: team.slug,
            name: team.name,
            declared: team.declared,
            enabled: team.enabled,
        },
        members: members.into_iter().map(choice).collect(),
        others: others.into_iter().map(choice).collect(),
        done: done_key(flags.done.as_deref()),
        problem: problem_key(flags.problem.as_deref()),
    })
}

type Loaded = (
    loket_engine::records::Team,
    HashSet<UserId>,
    Vec<(UserId, String)>,
);

/// The team (the organisation's, else `NotFound`), its members' ids and every member of
/// the organisation by name.
async fn load(state: &AppState, admin: &Admin, team: TeamId) -> Result<Loaded, EngineError> {
    let found = state.engine.get_team(admin.org, team).await?;
    let on_team: HashSet<UserId> = state
        .engine
        .list_team_members(admin.org, team)
        .await?
        .into_iter()
        .collect();
    let everyone = state
        .engine
        .org_members(admin.org)
        .await?
        .into_iter()
        .map(|l| (l.user.id, l.user.name))
        .collect();
    Ok((found, on_team, everyone))
}

fn team_of(id: &str) -> Option<TeamId> {
    id.parse().ok()
}

fn back(team: TeamId, result: Result<(), EngineError>, done: &str) -> Response {
    let page = format!("/admin/teams/{team}");
    match result {
        Ok(()) => Redirect::to(&format!("{page}?done={done}")).into_response(),
        Err(error) => answer_error(error, &page),
    }
}

#[derive(Deserialize)]
pub struct NameForm {
    name: String,
}

async fn rename(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<NameForm>,
) -> Response {
    let Some(team) = team_of(&id) else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let result = state.engine.rename_team(admin.org, team, &form.name).await;
    back(team, result, "renamed")
}

#[derive(Deserialize)]
pub struct MemberForm {
    user: String,
}

async fn add_member(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<MemberForm>,
) -> Response {
    let Some(team) = team_of(&id) else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let Ok(user) = form.user.parse::<UserId>() else {
        return Redirect::to(&format!("/admin/teams/{team}?problem=invalid")).into_response();
    };
    let result = state.engine.add_member_to_team(admin.org, team, user).await;
    back(team, result, "members")
}

async fn remove_member(
    State(state): State<AppState>,
    admin: Admin,
    Path((id, user)): Path<(String, String)>,
) -> Response {
    let Some(team) = team_of(&id) else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let Ok(user) = user.parse::<UserId>() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let result = state
        .engine
        .remove_member_from_team(admin.org, team, user)
        .await;
    back(team, result, "members")
}
