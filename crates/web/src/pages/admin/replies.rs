//! `/admin/replies`: the organisation's saved replies (snelle antwoorden); create, edit
//! and delete them. A refused form (a taken shortcut, an unknown variable, a text over
//! 4,096 characters) is shown again with what was typed and why, so nothing is lost; a
//! change that succeeds answers 303 (PRG) with a `done` flag, as the other admin pages
//! (the shared steps: `crud.rs`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use loket_domain::replies::Variable;
use loket_domain::{SavedReplyId, TeamId};
use loket_engine::EngineError;
use loket_engine::records::SavedReply;
use loket_engine::replies::SavedReplyPatch;
use serde::Deserialize;

use super::Admin;
use super::crud::{
    DoneKeys, Flags, Refusal, Written, deleted, not_found, path_id, respond, written,
};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::account::failure;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/replies", get(list).post(create))
        .route("/admin/replies/{id}", get(detail).post(update))
        .route("/admin/replies/{id}/delete", post(delete))
}

/// A saved reply as the list and the form show it.
#[derive(Default)]
pub struct ReplyRow {
    pub id: String,
    pub shortcut: String,
    pub title: String,
    pub text: String,
    /// The team's id (`""`: everyone) and, for the list, its name.
    pub team: String,
    pub team_name: Option<String>,
}

pub struct TeamChoice {
    pub id: String,
    pub name: String,
}

/// What the form shows besides the reply: the teams to choose from and the variables.
pub struct FormParts {
    pub teams: Vec<TeamChoice>,
    pub variables: Vec<String>,
}

const DONE: DoneKeys = DoneKeys {
    created: "admin-done-reply-created",
    saved: "admin-done-reply-saved",
    deleted: "admin-done-reply-deleted",
};

#[derive(Template, WebTemplate)]
#[template(path = "admin_replies.html")]
pub struct RepliesPage {
    pub layout: Layout,
    pub section: &'static str,
    pub replies: Vec<ReplyRow>,
    /// The new reply's form (refilled after a refusal).
    pub form: ReplyRow,
    pub parts: FormParts,
    pub done: Option<&'static str>,
    pub problem: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_reply.html")]
pub struct ReplyPage {
    pub layout: Layout,
    pub section: &'static str,
    pub form: ReplyRow,
    pub parts: FormParts,
    pub done: Option<&'static str>,
    pub problem: Option<&'static str>,
}

async fn form_parts(state: &AppState, admin: &Admin) -> Result<FormParts, EngineError> {
    let teams = state.engine.list_teams(admin.org).await?;
    Ok(FormParts {
        teams: (teams.into_iter().filter(|t| t.enabled))
            .map(|t| TeamChoice {
                id: t.id.to_string(),
                name: t.name,
            })
            .collect(),
        variables: Variable::ALL
            .iter()
            .map(|v| format!("{{{{{}}}}}", v.name()))
            .collect(),
    })
}

fn row(reply: SavedReply, parts: &FormParts) -> ReplyRow {
    let team = reply.team_id.map(|t| t.to_string()).unwrap_or_default();
    ReplyRow {
        id: reply.id.to_string(),
        team_name: (parts.teams.iter().find(|t| t.id == team)).map(|t| t.name.clone()),
        team,
        shortcut: reply.shortcut,
        title: reply.title,
        text: reply.body,
    }
}

async fn list(State(state): State<AppState>, admin: Admin, Query(flags): Query<Flags>) -> Response {
    let done = DONE.of(flags.done.as_deref());
    list_page(
        &state,
        &admin,
        ReplyRow::default(),
        done,
        None,
        StatusCode::OK,
    )
    .await
}

async fn list_page(
    state: &AppState,
    admin: &Admin,
    form: ReplyRow,
    done: Option<&'static str>,
    problem: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let loaded = async {
        let parts = form_parts(state, admin).await?;
        let replies = state.engine.list_saved_replies(admin.org, None, "").await?;
        Ok::<_, EngineError>((parts, replies))
    };
    let (parts, replies) = match loaded.await {
        Ok(loaded) => loaded,
        Err(error) => return failure(error),
    };
    let layout = admin.layout(state, "admin-replies-title").await;
    let page = RepliesPage {
        layout: layout.clone(),
        section: "replies",
        replies: replies.into_iter().map(|r| row(r, &parts)).collect(),
        form,
        parts,
        done,
        problem,
    };
    respond(&layout, page, status)
}

#[derive(Deserialize)]
pub struct ReplyForm {
    shortcut: String,
    title: String,
    text: String,
    #[serde(default)]
    team: String,
}

impl ReplyForm {
    /// The team chosen (`""`: everyone); `Err` for something that is no team id.
    fn team(&self) -> Result<Option<TeamId>, ()> {
        match self.team.trim() {
            "" => Ok(None),
            id => id.parse().map(Some).map_err(|_| ()),
        }
    }

    fn refill(self, id: String) -> ReplyRow {
        ReplyRow {
            id,
            shortcut: self.shortcut,
            title: self.title,
            text: self.text,
            team: self.team,
            team_name: None,
        }
    }
}

/// The status and message of a refused form; `None`: not the form's fault.
fn refusal(error: &EngineError) -> Option<Refusal> {
    Some(match error {
        EngineError::Conflict(_) => (StatusCode::CONFLICT, "admin-problem-reply-taken"),
        EngineError::InvalidFields(problems) => {
            let first = problems
                .first()
                .map(|p| (p.field.as_str(), p.reason.as_str()));
            let key = match first {
                Some(("shortcut", _)) => "admin-problem-reply-shortcut",
                Some(("title", _)) => "admin-problem-reply-title",
                Some(("text", why)) if why.starts_with("unknown variable") => {
                    "admin-problem-reply-variable"
                }
                Some(("text", _)) => "admin-problem-reply-text",
                Some(("team", _)) => "admin-problem-reply-team",
                _ => "admin-problem-invalid",
            };
            (StatusCode::BAD_REQUEST, key)
        }
        _ => return None,
    })
}

const BAD_TEAM: Refusal = (StatusCode::BAD_REQUEST, "admin-problem-reply-team");

async fn create(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<ReplyForm>,
) -> Response {
    let result = match form.team() {
        Err(()) => Written::Refused(BAD_TEAM),
        Ok(team) => written(
            (state.engine)
                .create_saved_reply(admin.org, &form.shortcut, &form.title, &form.text, team)
                .await,
            refusal,
        ),
    };
    match result {
        Written::Done(_) => Redirect::to("/admin/replies?done=created").into_response(),
        Written::Refused((status, key)) => {
            let form = form.refill(String::new());
            list_page(&state, &admin, form, None, Some(key), status).await
        }
        Written::Answer(response) => response,
    }
}

async fn detail(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(flags): Query<Flags>,
) -> Response {
    let Some(id) = path_id::<SavedReplyId>(&id) else {
        return not_found();
    };
    let loaded = async {
        let parts = form_parts(&state, &admin).await?;
        let reply = state.engine.get_saved_reply(admin.org, id).await?;
        Ok::<_, EngineError>((parts, reply))
    };
    match loaded.await {
        Ok((parts, reply)) => {
            let form = row(reply, &parts);
            let done = DONE.of(flags.done.as_deref());
            reply_page(&state, &admin, form, parts, done, None, StatusCode::OK).await
        }
        Err(EngineError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => failure(error),
    }
}

async fn reply_page(
    state: &AppState,
    admin: &Admin,
    form: ReplyRow,
    parts: FormParts,
    done: Option<&'static str>,
    problem: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let layout = admin.layout(state, "admin-reply-title").await;
    let page = ReplyPage {
        layout: layout.clone(),
        section: "replies",
        form,
        parts,
        done,
        problem,
    };
    respond(&layout, page, status)
}

async fn update(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<ReplyForm>,
) -> Response {
    let Some(id) = path_id::<SavedReplyId>(&id) else {
        return not_found();
    };
    let result = match form.team() {
        Err(()) => Written::Refused(BAD_TEAM),
        Ok(team) => {
            let patch = SavedReplyPatch {
                shortcut: Some(form.shortcut.clone()),
                title: Some(form.title.clone()),
                text: Some(form.text.clone()),
                team: Some(team),
            };
            let updated = state.engine.update_saved_reply(admin.org, id, &patch).await;
            written(updated, refusal)
        }
    };
    let (status, key) = match result {
        Written::Done(_) => return Redirect::to("/admin/replies?done=saved").into_response(),
        Written::Refused(refused) => refused,
        Written::Answer(response) => return response,
    };
    // Another organisation's id was answered 404 above, so the reply is this one's.
    match form_parts(&state, &admin).await {
        Ok(parts) => {
            let form = form.refill(id.to_string());
            reply_page(&state, &admin, form, parts, None, Some(key), status).await
        }
        Err(error) => failure(error),
    }
}

async fn delete(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Response {
    match path_id::<SavedReplyId>(&id) {
        Some(id) => deleted(
            state.engine.delete_saved_reply(admin.org, id).await,
            "/admin/replies",
        ),
        None => not_found(),
    }
}
