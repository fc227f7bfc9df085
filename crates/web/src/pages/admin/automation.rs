//! `/admin/automation`: the organisation's automation rules (issue 12, point 7) — each
//! with its switch and delete, a form to add one (trigger, words, conditions and actions
//! chosen from the organisation's channels, teams, labels and colleagues), and the log of
//! what fired and why, newest first, paged, linking the conversation. POSTs are audited as
//! `setting_changed` by the admin rule (`audit/rules.rs`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use loket_domain::automation::{Condition, Trigger};
use loket_domain::input::FieldProblem;
use loket_domain::{AutomationRuleId, OrgId};
use loket_engine::EngineError;
use serde::Deserialize;

use super::Admin;
use super::automation_form::RuleForm;
use super::crud::not_found;
use crate::AppState;
use crate::pages::Layout;
use crate::pages::account::failure;

const LIST: &str = "/admin/automation";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(LIST, get(list).post(add))
        .route("/admin/automation/{id}/enabled", post(switch))
        .route("/admin/automation/{id}/delete", post(delete))
}

struct RuleRow {
    id: String,
    name: String,
    enabled: bool,
    damaged: bool,
    trigger_key: &'static str,
    wait_minutes: u32,
    words: String,
    actions: String,
}

struct RunRow {
    at: String,
    rule: String,
    conversation: String,
    why: String,
    actions: String,
    outcome: String,
}

/// One choice of a select: its value and what it shows.
pub struct Choice {
    value: String,
    label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_automation.html")]
struct AutomationPage {
    layout: Layout,
    section: &'static str,
    rules: Vec<RuleRow>,
    runs: Vec<RunRow>,
    page: u32,
    more: bool,
    form: RuleForm,
    channels: Vec<Choice>,
    teams: Vec<Choice>,
    labels: Vec<Choice>,
    colleagues: Vec<Choice>,
    problems: Vec<&'static str>,
    done: Option<&'static str>,
    problem: Option<&'static str>,
}

#[derive(Deserialize, Default)]
struct Flags {
    done: Option<String>,
    page: Option<u32>,
}

async fn list(State(state): State<AppState>, admin: Admin, Query(flags): Query<Flags>) -> Response {
    let done = flags.done.is_some().then_some("automation-saved");
    let page = flags.page.unwrap_or(0).min(10_000);
    render(&state, &admin, page, RuleForm::default(), Vec::new(), done).await
}

async fn add(
    State(state): State<AppState>,
    admin: Admin,
    axum::Form(form): axum::Form<RuleForm>,
) -> Response {
    let result = match form.read() {
        Ok(rule) => (state.engine)
            .put_automation_rule(admin.org, None, rule)
            .await
            .map(|_| ()),
        Err(problems) => Err(EngineError::InvalidFields(problems)),
    };
    match result {
        Ok(()) => Redirect::to(&format!("{LIST}?done=saved")).into_response(),
        // Shown again with what was typed and every problem.
        Err(EngineError::InvalidFields(problems)) => {
            render(&state, &admin, 0, form, problems, None).await
        }
        Err(e) => failure(e),
    }
}

#[derive(Deserialize)]
struct SwitchForm {
    enabled: Option<String>,
}

async fn switch(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<SwitchForm>,
) -> Response {
    let Ok(id) = id.parse::<AutomationRuleId>() else {
        return not_found();
    };
    let on = form.enabled.as_deref() == Some("on");
    answer(
        (state.engine)
            .set_automation_rule_enabled(admin.org, id, on)
            .await,
    )
}

async fn delete(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<AutomationRuleId>() else {
        return not_found();
    };
    answer(state.engine.delete_automation_rule(admin.org, id).await)
}

/// PRG: back to the list; another organisation's rule is 404.
fn answer(result: Result<(), EngineError>) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("{LIST}?done=saved")).into_response(),
        Err(EngineError::NotFound) => not_found(),
        Err(e) => failure(e),
    }
}

async fn render(
    state: &AppState,
    admin: &Admin,
    page: u32,
    form: RuleForm,
    problems: Vec<FieldProblem>,
    done: Option<&'static str>,
) -> Response {
    let page_data = match load(state, admin.org, page).await {
        Ok(data) => data,
        Err(e) => return failure(e),
    };
    let (rules, runs, more, choices) = page_data;
    let [channels, teams, labels, colleagues] = choices;
    let refused = !problems.is_empty();
    let layout = admin.layout(state, "automation-title").await;
    let view = AutomationPage {
        layout: layout.clone(),
        section: "automation",
        rules,
        runs,
        page,
        more,
        form,
        channels,
        teams,
        labels,
        colleagues,
        problems: problem_keys(&problems),
        done,
        problem: refused.then_some("automation-refused"),
    };
    let status = if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    (status, layout.respond(view)).into_response()
}

type Loaded = (Vec<RuleRow>, Vec<RunRow>, bool, [Vec<Choice>; 4]);

async fn load(state: &AppState, org: OrgId, page: u32) -> Result<Loaded, EngineError> {
    let engine = &state.engine;
    let mut rules = Vec::new();
    for r in engine.automation_rules(org).await? {
        rules.push(rule_row(engine, org, r).await?);
    }
    let (runs, more) = engine.automation_log(org, page).await?;
    let runs = runs
        .into_iter()
        .map(|r| RunRow {
            at: local_time(r.run.at),
            rule: r.run.rule_name,
            conversation: r.run.conversation_id.to_string(),
            why: r.run.why,
            actions: r.run.actions,
            outcome: r.outcome.unwrap_or_default(),
        })
        .collect();
    let choice = |value: String, label: String| Choice { value, label };
    let channels = (engine.list_channels(org).await?.into_iter())
        .map(|c| choice(c.id.to_string(), c.name))
        .collect();
    let teams = (engine.list_teams(org).await?.into_iter())
        .filter(|t| t.enabled)
        .map(|t| choice(t.id.to_string(), t.name))
        .collect();
    let labels = (engine.labels(org).await?.into_iter())
        .filter(|l| l.active)
        .map(|l| choice(l.slug, l.name))
        .collect();
    let colleagues = (engine.org_members(org).await?.into_iter())
        .filter(|u| u.user.active)
        .map(|u| choice(u.user.id.to_string(), u.user.name))
        .collect();
    Ok((rules, runs, more, [channels, teams, labels, colleagues]))
}

async fn rule_row(
    engine: &loket_engine::Engine,
    org: OrgId,
    r: loket_engine::records::AutomationRuleRecord,
) -> Result<RuleRow, EngineError> {
    let mut row = RuleRow {
        id: r.id.to_string(),
        name: r.name,
        enabled: r.enabled,
        damaged: r.definition.is_none(),
        trigger_key: "automation-trigger-message_received",
        wait_minutes: 0,
        words: String::new(),
        actions: String::new(),
    };
    let Some(definition) = r.definition else {
        return Ok(row);
    };
    row.trigger_key = match definition.trigger {
        Trigger::MessageReceived => "automation-trigger-message_received",
        Trigger::ConversationCreated => "automation-trigger-conversation_created",
        Trigger::NoReplyWithin { working_minutes } => {
            row.wait_minutes = working_minutes;
            "automation-trigger-no_reply_within"
        }
    };
    for condition in &definition.conditions {
        if let Condition::ContainsAny { words } = condition {
            row.words = words.join(", ");
        }
    }
    row.actions = engine.describe_actions(org, &definition.actions).await?;
    Ok(row)
}

/// One fixed message per field with a problem (the engine's reasons are English).
fn problem_keys(problems: &[FieldProblem]) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = problems
        .iter()
        .map(|p| match p.field.as_str() {
            "name" => "automation-problem-name",
            "trigger" => "automation-problem-trigger",
            "conditions" => "automation-problem-conditions",
            _ => "automation-problem-actions",
        })
        .collect();
    keys.dedup();
    keys
}

/// Amsterdam time, as admins read it (UTC where the zone database is missing).
fn local_time(at: loket_domain::Timestamp) -> String {
    match at.in_tz("Europe/Amsterdam") {
        Ok(zoned) => zoned.strftime("%Y-%m-%d %H:%M").to_string(),
        Err(_) => at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
    }
}
