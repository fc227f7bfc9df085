//! The page's handlers: the whole page, the timeline alone (live refresh), and the retry
//! of a failed or uncertain send (a form: POST, then 303 back — PRG).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use loket_domain::{ConversationId, MessageId, OrgId, UserId};
use loket_engine::EngineError;
use loket_engine::timeline::TimelinePage;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::super::Layout;
use super::super::account::failure;
use super::super::i18n::Lang;
use super::super::session::SignedIn;
use super::view::{self, Entry, PAGE, Sources, Timeline};
use super::{Context, composer, side};
use crate::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "conversation.html")]
pub struct ConversationPage {
    pub layout: Layout,
    pub id: String,
    /// The composer part's HTML (escaped by its own template).
    pub composer: String,
    /// The side panel part's HTML (escaped by its own template).
    pub side: String,
    /// The newest page refreshes live; an earlier page stays as it is.
    pub live: bool,
    pub entries: Vec<Entry>,
    pub earlier: Option<String>,
    pub version: String,
    pub seen: String,
    /// The SLA timers that run, and whether a breach went to the team lead.
    pub sla: Vec<crate::pages::sla::SlaBadge>,
    pub escalated: bool,
}

/// The timeline alone, and (out of band) the live region's announcement.
#[derive(Template, WebTemplate)]
#[template(path = "conversation_messages.html")]
pub struct TimelineFragment {
    pub layout: Layout,
    pub id: String,
    pub entries: Vec<Entry>,
    pub earlier: Option<String>,
    pub version: String,
    pub seen: String,
    pub announce: bool,
    /// The header's timers, swapped out of band (`#sla`): a warning, breach or escalation
    /// changes the version, so the worker's `conversation_updated` refreshes them.
    pub sla: Vec<crate::pages::sla::SlaBadge>,
    pub escalated: bool,
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    before: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct RefreshQuery {
    version: Option<String>,
    seen: Option<String>,
}

/// `None` (→ 404) for a malformed id or a person without an organisation.
fn scope(signed_in: &SignedIn, id: &str) -> Option<(OrgId, ConversationId)> {
    Some((signed_in.org_id?, id.parse().ok()?))
}

pub async fn page(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    let mut layout =
        Layout::for_session(&state, lang, &signed_in.session, "conversation-title").await;
    let Some((org, id)) = scope(&signed_in, &id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // A malformed `before` reads as the newest page; another conversation's message is 404.
    let before = query.before.and_then(|b| b.parse::<MessageId>().ok());
    let page = match state.engine.conversation_page(org, id, before, PAGE).await {
        Ok(page) => page,
        Err(EngineError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return failure(error),
    };
    let timeline = match timeline(&state, &signed_in, org, &page, &layout).await {
        Ok(timeline) => timeline,
        Err(error) => return failure(error),
    };
    // Already read (nothing new since): opening it again writes nothing and sends the
    // resident no second read receipt.
    if before.is_none() && page.detail.conversation.unread_count > 0 {
        mark_read(&state, org, id).await;
    }
    read_mentions(&state, &signed_in, org, id, &mut layout).await;
    let cx = Context {
        state: &state,
        layout: &layout,
        signed_in: &signed_in,
        org,
        detail: &page.detail,
    };
    let (composer, side) = match tokio::try_join!(composer::render(&cx), side::render(&cx)) {
        Ok(parts) => parts,
        Err(error) => return failure(error),
    };
    let sla = match sla(&state, &layout, org, &page.detail.conversation).await {
        Ok(sla) => sla,
        Err(error) => return failure(error),
    };
    let (version, seen) = stamps(&timeline);
    let version = with_sla(version, &sla);
    layout.respond(ConversationPage {
        sla: sla.0,
        escalated: sla.1,
        layout: layout.clone(),
        id: id.to_string(),
        composer,
        side,
        live: before.is_none(),
        earlier: timeline.earlier.map(|m| m.to_string()),
        entries: timeline.entries,
        version,
        seen,
    })
}

/// The header's SLA timers and whether a breach was escalated.
async fn sla(
    state: &AppState,
    layout: &Layout,
    org: OrgId,
    conversation: &loket_engine::records::ConversationRecord,
) -> Result<(Vec<crate::pages::sla::SlaBadge>, bool), EngineError> {
    let status = state.engine.conversation_sla(conversation).await?;
    let escalated = state.engine.sla_escalated(org, conversation.id).await?;
    Ok((crate::pages::sla::all(layout, &status), escalated))
}

/// The timeline's version with the timers' states (not their minutes, which change every
/// minute): a new warning, breach or escalation makes the refresh answer with the header.
fn with_sla(version: String, sla: &(Vec<crate::pages::sla::SlaBadge>, bool)) -> String {
    let states: Vec<&str> = sla.0.iter().map(|b| b.state).collect();
    let escalated = if sla.1 { "-e" } else { "" };
    format!("{version}-{}{escalated}", states.join("."))
}

/// `GET /inbox/{id}/messages`: the newest page of the timeline; 204 when it is what the
/// client has (`version`), so other conversations' events swap nothing.
pub async fn messages(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<RefreshQuery>,
) -> Response {
    let mut layout =
        Layout::for_session(&state, lang, &signed_in.session, "conversation-title").await;
    let Some((org, id)) = scope(&signed_in, &id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let page = match state.engine.conversation_page(org, id, None, PAGE).await {
        Ok(page) => page,
        Err(EngineError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return failure(error),
    };
    let timeline = match timeline(&state, &signed_in, org, &page, &layout).await {
        Ok(timeline) => timeline,
        Err(error) => return failure(error),
    };
    let sla = match sla(&state, &layout, org, &page.detail.conversation).await {
        Ok(sla) => sla,
        Err(error) => return failure(error),
    };
    let (version, seen) = stamps(&timeline);
    let version = with_sla(version, &sla);
    if query.version.as_deref() == Some(version.as_str()) {
        return StatusCode::NO_CONTENT.into_response();
    }
    // A resident message newer than the newest the client showed: announce it, and the
    // agent has it in front of them, so it is read.
    let announce = !seen.is_empty() && query.seen.as_deref().is_some_and(|s| s < seen.as_str());
    if announce {
        mark_read(&state, org, id).await;
    }
    // A note naming the agent is in front of them now too.
    read_mentions(&state, &signed_in, org, id, &mut layout).await;
    TimelineFragment {
        layout,
        id: id.to_string(),
        earlier: timeline.earlier.map(|m| m.to_string()),
        entries: timeline.entries,
        version,
        seen,
        announce,
        sla: sla.0,
        escalated: sla.1,
    }
    .into_response()
}

/// `POST /inbox/{id}/messages/{message_id}/retry`: send a failed or uncertain message
/// again, then back to the message.
pub async fn retry(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((id, message)): Path<(String, String)>,
) -> Response {
    let Some((org, id)) = scope(&signed_in, &id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(message) = message.parse::<MessageId>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.engine.retry_message(org, id, message).await {
        // A conflict: it was retried already (another tab, a colleague); show how it is.
        Ok(_) | Err(EngineError::Conflict(_)) => {
            Redirect::to(&format!("/inbox/{id}#m-{message}")).into_response()
        }
        Err(EngineError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => failure(error),
    }
}

async fn timeline(
    state: &AppState,
    signed_in: &SignedIn,
    org: OrgId,
    page: &TimelinePage,
    layout: &Layout,
) -> Result<Timeline, EngineError> {
    let id = page.detail.conversation.id;
    let (events, notes, names) = tokio::try_join!(
        state.engine.conversation_events(org, id),
        state.engine.list_notes(org, id),
        member_names(state, signed_in),
    )?;
    let links = state
        .web
        .links
        .get(&org_slug(signed_in).unwrap_or_default());
    let sources = Sources {
        page,
        events: &events,
        notes: &notes,
        names: &names,
        links: &links,
    };
    Ok(view::build(&sources, &layout.tr))
}

/// The agent has the conversation in front of them: its mentions of them are read (the
/// badge on this page already counts without them). A failure must not keep the agent
/// from the conversation: logged, without content.
async fn read_mentions(
    state: &AppState,
    signed_in: &SignedIn,
    org: OrgId,
    id: ConversationId,
    layout: &mut Layout,
) {
    let user = signed_in.session.view.user_id;
    match state.engine.mark_mentions_read(org, user, id).await {
        Ok(read) => {
            layout.mentions = layout
                .mentions
                .saturating_sub(u32::try_from(read).unwrap_or(u32::MAX))
        }
        Err(error) => {
            tracing::warn!(%error, conversation = %id, "marking mentions read failed");
        }
    }
}

/// The slug of the organisation the agent works in.
fn org_slug(signed_in: &SignedIn) -> Option<String> {
    let view = &signed_in.session.view;
    (view.memberships.iter())
        .find(|m| Some(m.org_id) == view.org_id)
        .map(|m| m.org_slug.clone())
}

/// The organisation's members by id, for authors, assignees and notes.
async fn member_names(
    state: &AppState,
    signed_in: &SignedIn,
) -> Result<HashMap<UserId, String>, EngineError> {
    let view = &signed_in.session.view;
    let Some(slug) = (view.memberships.iter())
        .find(|m| Some(m.org_id) == view.org_id)
        .map(|m| m.org_slug.clone())
    else {
        return Ok(HashMap::new());
    };
    let users = state.engine.list_users(Some(&slug)).await?;
    Ok(users
        .into_iter()
        .map(|u| (u.user.id, u.user.name))
        .collect())
}

/// The timeline's fingerprint (what the client shows) and the newest resident message.
fn stamps(timeline: &Timeline) -> (String, String) {
    let mut hash = Sha256::new();
    for e in &timeline.entries {
        for part in [
            &e.id,
            &e.body,
            &e.text,
            &e.who,
            &e.quote.clone().unwrap_or_default(),
        ] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        if let Some((class, label)) = &e.status {
            hash.update(class.as_bytes());
            hash.update(label.as_bytes());
        }
        hash.update(e.error.as_deref().unwrap_or_default().as_bytes());
        hash.update([u8::from(e.edited), u8::from(e.retry), 0]);
        hash.update(e.reactions.join("\u{1f}").as_bytes());
    }
    let version = hex::encode(&hash.finalize()[..12]);
    let seen = timeline
        .newest_inbound
        .map(|m| m.to_string())
        .unwrap_or_default();
    (version, seen)
}

/// Opening the conversation reads it (as `POST …/read` does). A failure (a disabled
/// channel) must not keep the agent from the conversation: logged, without content.
async fn mark_read(state: &AppState, org: OrgId, id: ConversationId) {
    if let Err(error) = state.engine.mark_read(org, id, false).await {
        tracing::warn!(%error, conversation = %id, "marking a conversation read failed");
    }
}
