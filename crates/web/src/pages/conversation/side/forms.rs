//! The side panel's forms: each POSTs to `/inbox/{id}/…` and answers 303 back to the
//! conversation (PRG), or, asked by htmx (`HX-Request`), the panel itself. A refused
//! change shows its reason in Dutch (English) on a small page, or on top of the panel.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;
use loket_domain::conversation::{ConversationStatus, Priority};
use loket_domain::{ConversationId, OrgId, TeamId, UserId};
use loket_engine::EngineError;
use loket_engine::records::ConversationPatch;

use super::super::Context;
use super::{panel, parse_local_input};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::account::failure;
use crate::pages::i18n::Lang;
use crate::pages::session::SignedIn;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/inbox/{id}/resident", post(resident))
        .route("/inbox/{id}/block", post(block))
        .route("/inbox/{id}/assign", post(assign))
        .route("/inbox/{id}/status", post(status))
        .route("/inbox/{id}/labels", post(labels))
        .route("/inbox/{id}/priority", post(priority))
        .merge(super::retention::routes())
}

/// Every field as sent (labels come as one `label` field per checked box).
pub(super) type Fields = Form<Vec<(String, String)>>;

pub(super) fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    (fields.iter())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// What a handler got: who, for which organisation, which conversation.
pub(super) struct Target {
    pub(super) org: OrgId,
    pub(super) id: ConversationId,
    pub(super) me: UserId,
}

fn target(signed_in: &SignedIn, id: &str) -> Option<Target> {
    Some(Target {
        org: signed_in.org_id?,
        id: id.parse().ok()?,
        me: signed_in.session.view.user_id,
    })
}

/// What a form's request carried besides its fields.
struct Request {
    state: AppState,
    lang: Lang,
    signed_in: SignedIn,
    htmx: bool,
}

pub(super) type Outcome = Result<(), Problem>;

/// Why a change was refused.
pub(super) enum Problem {
    /// Shown to the agent: a message key.
    Shown(&'static str),
    Engine(EngineError),
}

impl From<EngineError> for Problem {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::InvalidFields(problems) => Self::Shown(problem_key(
                problems.first().map_or("", |p| p.field.as_str()),
            )),
            other => Self::Engine(other),
        }
    }
}

fn problem_key(field: &str) -> &'static str {
    match field {
        "assignee" => "side-problem-assignee",
        "team" => "side-problem-team",
        "labels" => "side-problem-labels",
        "snoozed_until" => "side-problem-snooze",
        "status" => "side-problem-status",
        "priority" => "side-problem-priority",
        "name" => "side-problem-name",
        "notes" => "side-problem-notes",
        "reason" => "side-problem-hold-reason",
        "wrap_up" => "wrap-up-problem-required",
        _ => "side-problem-other",
    }
}

pub(super) async fn run(
    state: State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    headers: &HeaderMap,
    id: &str,
    change: impl AsyncFnOnce(&AppState, &Target) -> Outcome,
) -> Response {
    let Some(target) = target(&signed_in, id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let State(state) = state;
    let outcome = change(&state, &target).await;
    let request = Request {
        state,
        lang,
        signed_in,
        htmx: headers.contains_key("hx-request"),
    };
    answer(request, &target, outcome).await
}

async fn answer(r: Request, t: &Target, outcome: Outcome) -> Response {
    let problem = match outcome {
        Ok(()) => None,
        Err(Problem::Shown(key)) => Some(key),
        Err(Problem::Engine(EngineError::NotFound)) => {
            return StatusCode::NOT_FOUND.into_response();
        }
        Err(Problem::Engine(e)) => return failure(e),
    };
    let title = problem.map_or("conversation-title", |_| "side-problem-title");
    let layout = Layout::for_session(&r.state, r.lang, &r.signed_in.session, title).await;
    if r.htmx {
        return match again(&r, &layout, t, problem).await {
            Ok(html) => Html(html).into_response(),
            Err(EngineError::NotFound) => StatusCode::NOT_FOUND.into_response(),
            Err(e) => failure(e),
        };
    }
    let back = format!("/inbox/{}", t.id);
    match problem {
        None => (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response(),
        Some(problem) => {
            let page = ProblemPage {
                layout: layout.clone(),
                problem,
                back,
            };
            (StatusCode::UNPROCESSABLE_ENTITY, layout.respond(page)).into_response()
        }
    }
}

/// The panel again, as it is now (htmx swaps it in).
async fn again(
    r: &Request,
    layout: &Layout,
    t: &Target,
    problem: Option<&'static str>,
) -> Result<String, EngineError> {
    let detail = r.state.engine.conversation_summary(t.org, t.id).await?;
    let cx = Context {
        state: &r.state,
        layout,
        signed_in: &r.signed_in,
        org: t.org,
        detail: &detail,
    };
    panel(&cx, problem).await
}

#[derive(Template, WebTemplate)]
#[template(path = "side_problem.html")]
struct ProblemPage {
    layout: Layout,
    problem: &'static str,
    back: String,
}

async fn update(state: &AppState, t: &Target, patch: ConversationPatch) -> Outcome {
    state.engine.update_conversation(t.org, t.id, patch).await?;
    Ok(())
}

async fn resident(
    state: State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(fields): Fields,
) -> Response {
    run(state, lang, signed_in, &headers, &id, async |s, t| {
        let (name, notes) = (field(&fields, "name"), field(&fields, "notes"));
        s.engine.update_resident(t.org, t.id, name, notes).await?;
        Ok(())
    })
    .await
}

async fn block(
    state: State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(fields): Fields,
) -> Response {
    run(state, lang, signed_in, &headers, &id, async |s, t| {
        let blocked = field(&fields, "blocked") == Some("true");
        s.engine
            .block_resident(t.org, t.id, blocked, Some(t.me))
            .await?;
        Ok(())
    })
    .await
}

async fn assign(
    state: State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(fields): Fields,
) -> Response {
    run(state, lang, signed_in, &headers, &id, async |s, t| {
        let assignee = match field(&fields, "assignee").unwrap_or_default() {
            "" => None,
            "me" => Some(t.me),
            other => Some(
                other
                    .parse::<UserId>()
                    .map_err(|_| Problem::Shown("side-problem-assignee"))?,
            ),
        };
        let team = match field(&fields, "team").unwrap_or_default() {
            "" => None,
            other => Some(
                other
                    .parse::<TeamId>()
                    .map_err(|_| Problem::Shown("side-problem-team"))?,
            ),
        };
        let patch = ConversationPatch {
            assignee: Some(assignee),
            team: Some(team),
            ..Default::default()
        };
        update(s, t, patch).await
    })
    .await
}

async fn status(
    state: State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(fields): Fields,
) -> Response {
    run(state, lang, signed_in, &headers, &id, async |s, t| {
        let status: ConversationStatus = (field(&fields, "status").unwrap_or_default())
            .parse()
            .map_err(|_| Problem::Shown("side-problem-status"))?;
        // The field is always sent; it only means something when snoozing.
        let until = field(&fields, "snoozed_until").and_then(parse_local_input);
        let patch = ConversationPatch {
            status: Some(status),
            snoozed_until: until.filter(|_| status == ConversationStatus::Snoozed),
            ..Default::default()
        };
        update(s, t, patch).await
    })
    .await
}

async fn labels(
    state: State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(fields): Fields,
) -> Response {
    run(state, lang, signed_in, &headers, &id, async |s, t| {
        let labels = (fields.iter())
            .filter(|(k, _)| k == "label")
            .map(|(_, v)| v.clone())
            .collect();
        let patch = ConversationPatch {
            labels: Some(labels),
            ..Default::default()
        };
        update(s, t, patch).await
    })
    .await
}

async fn priority(
    state: State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(fields): Fields,
) -> Response {
    run(state, lang, signed_in, &headers, &id, async |s, t| {
        let priority: Priority = (field(&fields, "priority").unwrap_or_default())
            .parse()
            .map_err(|_| Problem::Shown("side-problem-priority"))?;
        let patch = ConversationPatch {
            priority: Some(priority),
            ..Default::default()
        };
        update(s, t, patch).await
    })
    .await
}
