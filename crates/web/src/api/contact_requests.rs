//! `/api/v1/contact-requests`: the organisation's contactverzoeken for integrators — list
//! (`state`, `team`, paged with `limit` and `cursor`), one with its steps, and create from
//! a conversation (201 with `Location`; the resident is told as from the side panel). The
//! token is the organisation's, so the integration names the colleague it files for
//! (`created_by`). Another organisation's ids answer 404; bad fields 400 all at once.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use loket_domain::contact_requests::{Draft, State as RequestState};
use loket_domain::people::Role;
use loket_domain::{ContactRequestId, ConversationId, TeamId, UserId};
use loket_engine::contact_requests::{Addressee, Viewer};
use loket_engine::records::ContactRequestFilter;
use serde_json::Value;

use super::auth::OrgAuth;
use super::routes::ApiRoutes;
use super::views::{ContactRequestPage, ContactRequestView};
use crate::error::InvalidParam;
use crate::{ApiError, AppState};

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

pub(super) fn routes(routes: ApiRoutes) -> ApiRoutes {
    routes
        .get("/contact-requests", list)
        .post("/contact-requests", create)
        .get("/contact-requests/{id}", get_one)
}

/// The organisation sees all its requests (the back office's fence is for people).
fn organisation(user: UserId) -> Viewer {
    Viewer {
        user,
        role: Role::Admin,
    }
}

async fn list(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<ContactRequestPage>, ApiError> {
    let mut filter = ContactRequestFilter::default();
    let (mut limit, mut offset) = (DEFAULT_LIMIT, 0u32);
    let mut problems = Vec::new();
    for (name, value) in &params {
        match name.as_str() {
            "state" => match RequestState::parse(value) {
                Some(s) => filter.state = Some(s),
                None => problems.push((
                    name.as_str(),
                    "is te_verwerken, verwerkt or terug_naar_kcc".into(),
                )),
            },
            "team" => match value.parse::<TeamId>() {
                Ok(team) => filter.team = Some(team),
                Err(_) => problems.push((name.as_str(), "must be a team id".into())),
            },
            "limit" => match value.parse::<u32>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => limit = n,
                _ => problems.push((name.as_str(), format!("must be 1 to {MAX_LIMIT}"))),
            },
            "cursor" => match value.parse::<u32>() {
                Ok(n) => offset = n,
                Err(_) => problems.push((
                    name.as_str(),
                    "must be the next_cursor of a previous page".into(),
                )),
            },
            _ => problems.push((name.as_str(), "unknown parameter".into())),
        }
    }
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    // One more than asked tells whether another page follows.
    let viewer = organisation(UserId::new_at(loket_domain::Timestamp::UNIX_EPOCH));
    let mut found = (state.engine)
        .page_contact_requests(org.id, viewer, filter, limit + 1, offset)
        .await?;
    let more = found.len() > limit as usize;
    found.truncate(limit as usize);
    Ok(Json(ContactRequestPage {
        items: found.into_iter().map(ContactRequestView::from).collect(),
        next_cursor: more.then(|| (offset + limit).to_string()),
    }))
}

async fn get_one(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
) -> Result<Json<ContactRequestView>, ApiError> {
    let id: ContactRequestId = id.parse().map_err(|_| ApiError::NotFound)?;
    let viewer = organisation(UserId::new_at(loket_domain::Timestamp::UNIX_EPOCH));
    let view = state.engine.get_contact_request(org.id, viewer, id).await?;
    Ok(Json(view.into()))
}

/// What a create names: the conversation, who files it, and the request.
struct NewRequest {
    conversation: ConversationId,
    by: UserId,
    to: Addressee,
    draft: Draft,
}

async fn create(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    body: Bytes,
) -> Result<Response, ApiError> {
    let new = parse(&body)?;
    let created = (state.engine)
        .create_contact_request(org.id, new.conversation, new.by, new.to, &new.draft)
        .await?;
    let viewer = organisation(new.by);
    let view = state
        .engine
        .get_contact_request(org.id, viewer, created.id)
        .await?;
    let location = format!("/api/v1/contact-requests/{}", created.id);
    let body = Json(ContactRequestView::from(view));
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], body).into_response())
}

/// `conversation_id` and `created_by` (ids), `team` and/or `assignee` (ids), `question`,
/// `contact`, `note` (strings), `answers` (`{question: answer}`). Every problem at once.
fn parse(body: &[u8]) -> Result<NewRequest, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("The body is not valid JSON: {e}")))?;
    let Some(object) = value.as_object() else {
        return Err(invalid(vec![("body", "must be a JSON object".into())]));
    };
    let mut problems: Vec<(&str, String)> = Vec::new();
    let (mut conversation, mut by) = (None, None);
    let mut to = Addressee::default();
    let mut draft = Draft::default();
    for (name, v) in object {
        let name = name.as_str();
        let text = |v: &Value| v.as_str().map(str::to_owned);
        let ok = match name {
            "conversation_id" => id::<ConversationId>(v)
                .map(|c| conversation = Some(c))
                .is_some(),
            "created_by" => id::<UserId>(v).map(|u| by = Some(u)).is_some(),
            "team" => id::<TeamId>(v).map(|t| to.team = Some(t)).is_some(),
            "assignee" => id::<UserId>(v).map(|u| to.assignee = Some(u)).is_some(),
            "question" => text(v).map(|t| draft.question = t).is_some(),
            "contact" => text(v).map(|t| draft.contact_details = t).is_some(),
            "note" => text(v).map(|t| draft.internal_note = t).is_some(),
            "answers" => answers(v).map(|a| draft.extra = a).is_some(),
            other => {
                problems.push((other, "unknown field".into()));
                continue;
            }
        };
        if !ok {
            let wanted = match name {
                "question" | "contact" | "note" => "must be a string",
                "answers" => "must be an object of strings",
                _ => "must be an id",
            };
            problems.push((name, wanted.into()));
        }
    }
    for (name, given) in [
        ("conversation_id", conversation.is_some()),
        ("created_by", by.is_some()),
    ] {
        if !given && !problems.iter().any(|(n, _)| *n == name) {
            problems.push((name, "is required".into()));
        }
    }
    match (conversation, by) {
        (Some(conversation), Some(by)) if problems.is_empty() => Ok(NewRequest {
            conversation,
            by,
            to,
            draft,
        }),
        _ => Err(invalid(problems)),
    }
}

fn id<T: std::str::FromStr>(v: &Value) -> Option<T> {
    v.as_str().and_then(|s| s.trim().parse().ok())
}

fn answers(v: &Value) -> Option<Vec<(String, String)>> {
    (v.as_object()?.iter())
        .map(|(q, a)| Some((q.clone(), a.as_str()?.to_owned())))
        .collect()
}

fn invalid(problems: Vec<(&str, String)>) -> ApiError {
    let mut params: Vec<InvalidParam> = problems
        .into_iter()
        .map(|(name, reason)| InvalidParam {
            name: name.chars().take(100).collect(),
            reason,
        })
        .collect();
    params.sort_by(|a, b| a.name.cmp(&b.name));
    ApiError::InvalidParams(params)
}
