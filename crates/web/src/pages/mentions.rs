//! `/mentions`: the notes in which colleagues named the signed-in user, newest first, 50 a
//! page (keyset: `?after=`), each linking to its note in the conversation; the unread ones
//! are marked (in words). Opening the conversation marks its mentions read
//! (`conversation::page`). `/mentions/count` gives the navigation's badge its number for
//! `notify.js`, which asks for it when a live event says it changed.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use loket_domain::{UserId, queue};
use loket_engine::mentions::MENTION_COUNT_CAP;
use loket_engine::records::{MentionCursor, MentionRecord};
use serde::{Deserialize, Serialize};

use super::Layout;
use super::account::failure;
use super::i18n::{Lang, Tr};
use super::inbox::{current, local_time};
use super::session::SignedIn;
use crate::AppState;

/// One screen of mentions.
const LIMIT: u32 = 50;
/// How much of a note the list shows.
const EXCERPT: usize = 200;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/mentions", get(page))
        .route("/mentions/count", get(count))
}

/// One mention as the list shows it.
pub struct MentionItem {
    /// The note in its conversation.
    pub href: String,
    pub author: String,
    pub resident: String,
    pub excerpt: String,
    pub when: String,
    pub when_iso: String,
    pub unread: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "mentions.html")]
pub struct MentionsPage {
    pub layout: Layout,
    pub items: Vec<MentionItem>,
    pub next_href: Option<String>,
    pub first_href: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct MentionsQuery {
    #[serde(default)]
    after: String,
}

/// The badge, as `notify.js` reads it.
#[derive(Serialize)]
struct BadgeView {
    unread: u32,
    shown: String,
}

/// "3", or "99+" from the engine's cap on.
pub fn shown(count: u32) -> String {
    if count >= MENTION_COUNT_CAP {
        format!("{}+", MENTION_COUNT_CAP - 1)
    } else {
        count.to_string()
    }
}

async fn page(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Query(query): Query<MentionsQuery>,
) -> Response {
    let layout = Layout::for_session(&state, lang, &signed_in.session, "mentions-title").await;
    let Some((org, slug, user)) = current(&signed_in) else {
        return layout.respond(MentionsPage {
            layout: layout.clone(),
            items: Vec::new(),
            next_href: None,
            first_href: None,
        });
    };
    // A malformed cursor reads as the first page.
    let after = query.after.parse::<MentionCursor>().ok();
    let found = match state.engine.list_mentions(org, user, after, LIMIT).await {
        Ok(found) => found,
        Err(error) => return failure(error),
    };
    let names: HashMap<UserId, String> = match state.engine.list_users(Some(&slug)).await {
        Ok(users) => users
            .into_iter()
            .map(|u| (u.user.id, u.user.name))
            .collect(),
        Err(error) => return failure(error),
    };
    let items = (found.items.iter())
        .map(|m| item(m, &names, &layout.tr))
        .collect();
    layout.respond(MentionsPage {
        layout: layout.clone(),
        items,
        next_href: found.next.map(|c| format!("/mentions?after={c}")),
        first_href: after.map(|_| "/mentions".to_owned()),
    })
}

fn item(m: &MentionRecord, names: &HashMap<UserId, String>, tr: &Tr) -> MentionItem {
    MentionItem {
        href: format!("/inbox/{}#n-{}", m.conversation_id, m.note_id),
        author: (names.get(&m.author_id).cloned())
            .unwrap_or_else(|| tr.t("convo-former-colleague")),
        resident: (m.resident.clone()).unwrap_or_else(|| tr.t("mentions-resident-unknown")),
        excerpt: queue::cut(&m.body, EXCERPT),
        when: local_time(m.at),
        when_iso: m.at.to_string(),
        unread: m.read_at.is_none(),
    }
}

/// `GET /mentions/count`: the signed-in user's unread mentions, for the badge.
async fn count(State(state): State<AppState>, signed_in: SignedIn) -> Response {
    let Some((org, _, user)) = current(&signed_in) else {
        return Json(BadgeView {
            unread: 0,
            shown: shown(0),
        })
        .into_response();
    };
    match state.engine.count_unread_mentions(org, user).await {
        Ok(unread) => Json(BadgeView {
            unread,
            shown: shown(unread),
        })
        .into_response(),
        Err(error) => failure(error),
    }
}
