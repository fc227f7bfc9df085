//! The wrap-up form (issue 12 point 8): the side panel's "Afhandelen" opens it (a plain
//! page, so it works without scripts). The agent picks the result, may name the question and
//! ticks the knowledge-base articles that answered it (found with the search form above it);
//! "Overslaan" resolves without one unless the organisation requires it.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use loket_domain::conversation::ConversationStatus;
use loket_domain::wrap_up::WrapUp;
use loket_domain::{ConversationId, KbArticleId, OrgId};
use loket_engine::EngineError;
use loket_engine::records::ConversationPatch;
use serde::Deserialize;

use super::super::Layout;
use super::super::account::failure;
use super::super::i18n::Lang;
use super::super::session::SignedIn;
use crate::AppState;

/// Most search hits offered as checkboxes.
const HITS: usize = 8;

pub fn routes() -> Router<AppState> {
    Router::new().route("/inbox/{id}/wrap-up", get(form).post(submit))
}

struct ResultChoice {
    key: String,
    label: String,
    checked: bool,
}

struct ArticleChoice {
    id: KbArticleId,
    title: String,
    checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "wrap_up.html")]
struct WrapUpPage {
    layout: Layout,
    id: ConversationId,
    q: String,
    results: Vec<ResultChoice>,
    question: String,
    articles: Vec<ArticleChoice>,
    required: bool,
    problem: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct Search {
    #[serde(default)]
    q: String,
}

/// What was typed, to show again when the form is refused.
#[derive(Default)]
struct Typed {
    result: String,
    question: String,
    articles: Vec<KbArticleId>,
}

fn target(signed_in: &SignedIn, id: &str) -> Option<(OrgId, ConversationId)> {
    Some((signed_in.org_id?, id.parse().ok()?))
}

async fn form(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(search): Query<Search>,
) -> Response {
    let Some((org, id)) = target(&signed_in, &id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let page = render(
        &state,
        lang,
        &signed_in,
        org,
        id,
        &search.q,
        Typed::default(),
        None,
    );
    page.await
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    lang: Lang,
    signed_in: &SignedIn,
    org: OrgId,
    id: ConversationId,
    q: &str,
    typed: Typed,
    problem: Option<&'static str>,
) -> Response {
    // Another organisation's conversation (or none) is 404 before anything is shown.
    if let Err(e) = state.engine.conversation_summary(org, id).await {
        return engine_failure(e);
    }
    let policy = match state.engine.wrap_up_policy(org).await {
        Ok(p) => p,
        Err(e) => return failure(e),
    };
    let results = (policy.results.iter())
        .filter(|r| r.active)
        .map(|r| ResultChoice {
            key: r.key.clone(),
            label: r.label.clone(),
            checked: r.key == typed.result,
        })
        .collect();
    // A bad or empty search shows no hits rather than an error: the form is the point.
    let hits = match q.trim() {
        "" => Vec::new(),
        q => (state.engine.search_knowledge(org, q, HITS).await).unwrap_or_default(),
    };
    let mut articles: Vec<ArticleChoice> = hits
        .into_iter()
        .map(|h| ArticleChoice {
            checked: typed.articles.contains(&h.id),
            id: h.id,
            title: h.title,
        })
        .collect();
    // Articles ticked before a refusal stay offered even when the search changed.
    for ticked in &typed.articles {
        if !articles.iter().any(|a| a.id == *ticked)
            && let Ok(article) = state.engine.get_kb_article(org, *ticked).await
        {
            articles.push(ArticleChoice {
                id: article.id,
                title: article.title,
                checked: true,
            });
        }
    }
    let layout = Layout::for_session(state, lang, &signed_in.session, "wrap-up-title").await;
    let page = WrapUpPage {
        layout: layout.clone(),
        id,
        q: q.to_owned(),
        results,
        question: typed.question,
        articles,
        required: policy.required,
        problem,
    };
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    (status, layout.respond(page)).into_response()
}

async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let Some((org, id)) = target(&signed_in, &id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let field = |name: &str| {
        (fields.iter())
            .find(|(k, _)| k == name)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    let articles: Option<Vec<KbArticleId>> = (fields.iter())
        .filter(|(k, _)| k == "article")
        .map(|(_, v)| v.parse().ok())
        .collect();
    let typed = Typed {
        result: field("result"),
        question: field("question"),
        articles: articles.clone().unwrap_or_default(),
    };
    let Some(articles) = articles else {
        let problem = Some("wrap-up-problem-articles");
        return render(&state, lang, &signed_in, org, id, "", typed, problem).await;
    };
    let wrap_up = (field("action") != "skip").then(|| WrapUp {
        result: typed.result.clone(),
        question: Some(typed.question.clone()),
        articles,
    });
    let patch = ConversationPatch {
        status: Some(ConversationStatus::Resolved),
        ..Default::default()
    };
    let me = Some(signed_in.session.view.user_id);
    match (state.engine)
        .update_conversation_wrapped(org, id, patch, wrap_up, me)
        .await
    {
        Ok(_) => Redirect::to(&format!("/inbox/{id}")).into_response(),
        Err(EngineError::InvalidFields(problems)) => {
            let field = problems.first().map_or("", |p| p.field.as_str());
            let problem = Some(problem_key(field));
            render(&state, lang, &signed_in, org, id, "", typed, problem).await
        }
        Err(e) => engine_failure(e),
    }
}

fn problem_key(field: &str) -> &'static str {
    match field {
        "wrap_up.result" => "wrap-up-problem-result",
        "wrap_up.question" => "wrap-up-problem-question",
        "wrap_up.articles" => "wrap-up-problem-articles",
        "wrap_up" => "wrap-up-problem-required",
        _ => "side-problem-other",
    }
}

fn engine_failure(e: EngineError) -> Response {
    match e {
        EngineError::NotFound => StatusCode::NOT_FOUND.into_response(),
        e => failure(e),
    }
}
