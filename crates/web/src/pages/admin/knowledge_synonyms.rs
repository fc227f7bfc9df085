//! `/admin/knowledge/synonyms`: the organisation's own synonym list for the knowledge base,
//! edited as text in the format of the built-in list (documented on the page, which also
//! shows the built-in list). A refused list is shown again as typed with every problem and
//! its line (400); a saved one answers 303 (PRG). `?probeer=` shows how a test question is
//! read with the saved lists: each word with what it also finds.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use loket_domain::search::{DEFAULT_NL, Query as Parsed};
use loket_engine::EngineError;
use loket_engine::knowledge::{
    MAX_QUERY_CHARS, SynonymProblem, SynonymProblemKind, check_synonym_list,
};
use serde::Deserialize;

use super::Admin;
use crate::AppState;
use crate::pages::Layout;
use crate::pages::account::failure;
use crate::pages::i18n::Tr;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/knowledge/synonyms", get(page).post(save))
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    done: Option<String>,
    #[serde(default)]
    probeer: String,
}

#[derive(Deserialize)]
pub struct SynonymsForm {
    #[serde(default)]
    text: String,
}

/// One word of the test question and what it also finds.
pub struct TriedWord {
    pub typed: String,
    /// Each other alternative with its weight in percent ("90").
    pub finds: Vec<(String, String)>,
    /// A stop word: it does not count unless the question has nothing else.
    pub stop: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_knowledge_synonyms.html")]
pub struct SynonymsPage {
    pub layout: Layout,
    pub section: &'static str,
    pub text: String,
    /// The problems of a refused list, in words, each with its line.
    pub problems: Vec<String>,
    pub saved_at: Option<String>,
    pub built_in: &'static str,
    pub probeer: String,
    pub tried: Vec<TriedWord>,
    pub done: Option<&'static str>,
    pub problem: Option<&'static str>,
}

fn words(alternative: &loket_domain::search::Alternative) -> String {
    let words: Vec<&str> = (alternative.terms.iter())
        .map(|t| t.forms[0].as_str())
        .collect();
    words.join(" ")
}

/// The question's words, each with its other alternatives (the first is what was typed).
fn tried(query: &Parsed) -> Vec<TriedWord> {
    (query.groups.iter())
        .filter_map(|group| {
            let (typed, others) = group.alternatives.split_first()?;
            Some(TriedWord {
                typed: words(typed),
                finds: (others.iter())
                    .map(|a| (words(a), format!("{:.0}", a.weight * 100.0)))
                    .collect(),
                stop: group.stop,
            })
        })
        .collect()
}

/// A problem in the reader's language, with its line.
fn in_words(tr: &Tr, problem: &SynonymProblem) -> String {
    let key = match problem.kind {
        SynonymProblemKind::TooLong => "admin-kb-syn-problem-too-long",
        SynonymProblemKind::TooManyLines => "admin-kb-syn-problem-lines",
        SynonymProblemKind::SinglePhrase => "admin-kb-syn-problem-single",
        SynonymProblemKind::EmptyPhrase => "admin-kb-syn-problem-empty",
        SynonymProblemKind::PhraseTooLong => "admin-kb-syn-problem-phrase",
        SynonymProblemKind::TwoArrows => "admin-kb-syn-problem-arrows",
    };
    match problem.line {
        Some(line) => {
            let line = tr.t1("admin-kb-syn-line", "n", &line.to_string());
            format!("{line}: {}", tr.t(key))
        }
        None => tr.t(key),
    }
}

async fn page(
    State(state): State<AppState>,
    admin: Admin,
    Query(query): Query<PageQuery>,
) -> Response {
    let done = (query.done.as_deref() == Some("saved")).then_some("admin-done-kb-synonyms");
    let probeer: String = query.probeer.trim().chars().take(MAX_QUERY_CHARS).collect();
    let list = match state.engine.kb_synonyms(admin.org).await {
        Ok(list) => list,
        Err(error) => return failure(error),
    };
    let (text, saved_at) = match list {
        Some(l) => (l.text, Some(crate::pages::inbox::local_time(l.updated_at))),
        None => (String::new(), None),
    };
    let tried = if probeer.is_empty() {
        Vec::new()
    } else {
        match state
            .engine
            .explain_knowledge_query(admin.org, &probeer)
            .await
        {
            Ok(query) => tried(&query),
            Err(error) => return failure(error),
        }
    };
    let mut page = blank(&state, &admin, text).await;
    page.saved_at = saved_at;
    page.probeer = probeer;
    page.tried = tried;
    page.done = done;
    respond(page, StatusCode::OK)
}

async fn blank(state: &AppState, admin: &Admin, text: String) -> SynonymsPage {
    let layout = admin.layout(state, "admin-kb-syn-title").await;
    SynonymsPage {
        layout,
        section: "knowledge",
        text,
        problems: Vec::new(),
        saved_at: None,
        built_in: DEFAULT_NL,
        probeer: String::new(),
        tried: Vec::new(),
        done: None,
        problem: None,
    }
}

fn respond(page: SynonymsPage, status: StatusCode) -> Response {
    let layout = page.layout.clone();
    (status, layout.respond(page)).into_response()
}

async fn save(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<SynonymsForm>,
) -> Response {
    // Checked here first only to name the problems in the reader's language; the engine
    // checks again.
    let problems = check_synonym_list(&form.text);
    if problems.is_empty() {
        match state.engine.set_kb_synonyms(admin.org, &form.text).await {
            Ok(_) => return Redirect::to("/admin/knowledge/synonyms?done=saved").into_response(),
            Err(EngineError::InvalidFields(_)) => {}
            Err(error) => return failure(error),
        }
    }
    let mut page = blank(&state, &admin, form.text).await;
    page.problems = (problems.iter())
        .map(|p| in_words(&page.layout.tr, p))
        .collect();
    page.problem = Some("admin-kb-syn-refused");
    respond(page, StatusCode::BAD_REQUEST)
}
