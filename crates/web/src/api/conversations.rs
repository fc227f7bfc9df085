//! `GET /api/v1/conversations`, `GET /api/v1/conversations/{id}` (and its `events`),
//! `PATCH /api/v1/conversations/{id}`.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use loket_domain::Timestamp;
use loket_domain::conversation::{ConversationStatus, Priority};
use loket_domain::input;
use loket_domain::wrap_up::WrapUp;
use loket_domain::{ChannelId, ConversationId, OrgId, TeamId, UserId};
use loket_engine::query::ConversationItem;
use loket_engine::records::{
    ConversationCursor, ConversationFilter, ConversationOrder, ConversationPatch,
    ConversationRecord, PageRequest,
};
use serde::Serialize;
use serde_json::Value;

use super::auth::OrgAuth;
use super::routes::ApiRoutes;
use super::views::{ConversationDetailView, ConversationView, EventView, Items, SlaView};
use crate::error::InvalidParam;
use crate::{ApiError, AppState};

const DEFAULT_LIMIT: u32 = 25;
const MAX_LIMIT: u32 = 100;

pub(super) fn routes(routes: ApiRoutes) -> ApiRoutes {
    routes
        .get("/conversations", list)
        .get("/conversations/{id}", show)
        .get("/conversations/{id}/events", events)
        .patch("/conversations/{id}", update)
}

#[derive(Serialize)]
struct ListBody {
    items: Vec<ConversationView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<ListBody>, ApiError> {
    if params.contains_key("sla") {
        return at_risk(&state, org.id, &params).await;
    }
    let (filter, page) = parse_list_params(&params)?;
    let found = state
        .engine
        .list_conversations(org.id, &filter, page)
        .await?;
    Ok(Json(ListBody {
        items: with_sla(&state, org.id, found.items).await?,
        next_cursor: found.next.map(|id| id.to_string()),
    }))
}

/// `?sla=risk`: the unresolved conversations whose timer is in its warning time or past
/// due, the earliest deadline first (one page; only `limit` combines with it).
async fn at_risk(
    state: &AppState,
    org: OrgId,
    params: &HashMap<String, String>,
) -> Result<Json<ListBody>, ApiError> {
    let mut problems = Vec::new();
    let mut limit = DEFAULT_LIMIT;
    for (name, value) in params {
        let reason = match (name.as_str(), value.parse::<u32>()) {
            ("sla", _) if value == "risk" => continue,
            ("sla", _) => "must be risk",
            ("limit", Ok(n)) if (1..=MAX_LIMIT).contains(&n) => {
                limit = n;
                continue;
            }
            ("limit", _) => "must be a whole number from 1 to 100",
            _ => "cannot be combined with sla",
        };
        problems.push(InvalidParam {
            name: name.clone(),
            reason: reason.into(),
        });
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| a.name.cmp(&b.name));
        return Err(ApiError::InvalidParams(problems));
    }
    let found = state.engine.sla_at_risk(org, limit).await?;
    let ids: Vec<_> = found.iter().map(|(item, _)| item.conversation.id).collect();
    let escalated = state.engine.sla_escalated_among(org, &ids).await?;
    Ok(Json(ListBody {
        items: (found.into_iter())
            .map(|(item, sla)| {
                let id = item.conversation.id;
                ConversationView::new(item, SlaView::new(Some(sla), escalated.contains(&id)))
            })
            .collect(),
        next_cursor: None,
    }))
}

/// The views of `items` with their SLA timers, read in one batch for the page.
async fn with_sla(
    state: &AppState,
    org: OrgId,
    items: Vec<ConversationItem>,
) -> Result<Vec<ConversationView>, ApiError> {
    let records: Vec<_> = items.iter().map(|i| i.conversation.clone()).collect();
    let ids: Vec<_> = records.iter().map(|c| c.id).collect();
    let mut sla = state.engine.conversations_sla(org, &records).await?;
    let escalated = state.engine.sla_escalated_among(org, &ids).await?;
    Ok((items.into_iter())
        .map(|item| {
            let id = item.conversation.id;
            ConversationView::new(item, SlaView::new(sla.remove(&id), escalated.contains(&id)))
        })
        .collect())
}

/// One conversation's SLA timers.
async fn sla_of(state: &AppState, conversation: &ConversationRecord) -> Result<SlaView, ApiError> {
    let status = state.engine.conversation_sla(conversation).await?;
    let escalated = (state.engine)
        .sla_escalated(conversation.org_id, conversation.id)
        .await?;
    Ok(SlaView::new(Some(status), escalated))
}

async fn show(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
) -> Result<Json<ConversationDetailView>, ApiError> {
    // An id that is not even a UUID cannot exist: same answer as another org's id.
    let id: ConversationId = id.parse().map_err(|_| ApiError::NotFound)?;
    let detail = state.engine.conversation_detail(org.id, id).await?;
    let sla = sla_of(&state, &detail.conversation).await?;
    Ok(Json(ConversationDetailView::new(detail, sla)))
}

/// The conversation's history, oldest first.
async fn events(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
) -> Result<Json<Items<EventView>>, ApiError> {
    let id: ConversationId = id.parse().map_err(|_| ApiError::NotFound)?;
    let events = state.engine.conversation_events(org.id, id).await?;
    Ok(Json(Items::of(events)))
}

/// Every problem at once, as `invalidParams`.
fn parse_list_params(
    params: &HashMap<String, String>,
) -> Result<(ConversationFilter, PageRequest), ApiError> {
    let mut problems = Vec::new();
    let mut filter = ConversationFilter::default();
    let mut page = PageRequest {
        after: None,
        limit: DEFAULT_LIMIT,
    };
    let mut bad = |name: &str, reason: String| {
        problems.push(InvalidParam {
            name: name.into(),
            reason,
        })
    };
    for (name, value) in params {
        match name.as_str() {
            "status" => match value.parse::<ConversationStatus>() {
                Ok(s) => filter.status = Some(s),
                Err(e) => bad(name, e.to_string()),
            },
            "channel" => match value.parse::<ChannelId>() {
                Ok(c) => filter.channel = Some(c),
                Err(_) => bad(name, "must be a channel id (UUID)".into()),
            },
            "assignee" => match value.parse::<UserId>() {
                Ok(u) => filter.assignee = Some(u),
                Err(_) => bad(name, "must be a user id (UUID)".into()),
            },
            "label" => filter.label = Some(value.clone()),
            "sort" => match value.as_str() {
                "waiting" => filter.order = ConversationOrder::Waiting,
                "recent" => filter.order = ConversationOrder::Recent,
                _ => bad(name, "must be waiting or recent".into()),
            },
            "cursor" => match value.parse::<ConversationCursor>() {
                Ok(c) => page.after = Some(c),
                Err(_) => bad(name, "must be the next_cursor of a previous page".into()),
            },
            "limit" => match value.parse::<u32>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => page.limit = n,
                _ => bad(
                    name,
                    format!("must be a whole number from 1 to {MAX_LIMIT}"),
                ),
            },
            _ => bad(name, "unknown parameter".into()),
        }
    }
    if filter.order == ConversationOrder::Recent && page.after.is_some_and(|a| a.waiting) {
        bad("cursor", "belongs to another sort".into());
    }
    if problems.is_empty() {
        Ok((filter, page))
    } else {
        problems.sort_by(|a, b| a.name.cmp(&b.name));
        Err(ApiError::InvalidParams(problems))
    }
}

async fn update(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
    audit: crate::audit::AuditSlot,
    body: Bytes,
) -> Result<Json<ConversationView>, ApiError> {
    let id: ConversationId = id.parse().map_err(|_| ApiError::NotFound)?;
    let (patch, wrap_up) = parse_patch(&body)?;
    audit_patch(&audit, id, &patch);
    let updated = (state.engine)
        .update_conversation_wrapped(org.id, id, patch, wrap_up, None)
        .await?;
    let sla = sla_of(&state, &updated.conversation).await?;
    Ok(Json(ConversationView::new(updated, sla)))
}

/// `status`, `assignee` (user id or null), `team` (team id or null), `priority`, `labels`
/// (the whole set), `snoozed_until` (with status `snoozed`), `wrap_up` (with status
/// `resolved`); every problem at once.
fn parse_patch(body: &[u8]) -> Result<(ConversationPatch, Option<WrapUp>), ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("The body is not valid JSON: {e}")))?;
    let Some(object) = value.as_object() else {
        return Err(ApiError::InvalidParams(vec![InvalidParam {
            name: "body".into(),
            reason: "must be a JSON object".into(),
        }]));
    };
    let mut patch = ConversationPatch::default();
    let mut wrap_up = None;
    let mut problems = Vec::new();
    let mut bad = |name: &str, reason: String| {
        problems.push(InvalidParam {
            name: name.into(),
            reason,
        })
    };
    for (name, v) in object {
        match name.as_str() {
            "status" => match v.as_str().map(str::parse::<ConversationStatus>) {
                Some(Ok(s)) => patch.status = Some(s),
                Some(Err(e)) => bad(name, e.to_string()),
                None => bad(name, "must be a string".into()),
            },
            "priority" => match v.as_str().map(str::parse::<Priority>) {
                Some(Ok(p)) => patch.priority = Some(p),
                _ => bad(name, "must be low, normal, high or urgent".into()),
            },
            // Ids, or null to clear; whether they name a member or team of this
            // organisation is the engine's rule.
            "assignee" => match v {
                Value::Null => patch.assignee = Some(None),
                Value::String(s) if s.trim().parse::<UserId>().is_ok() => {
                    patch.assignee = s.trim().parse().ok().map(Some);
                }
                _ => bad(
                    name,
                    "is no user of this organisation (a user id or null)".into(),
                ),
            },
            "team" => match v {
                Value::Null => patch.team = Some(None),
                Value::String(s) if s.trim().parse::<TeamId>().is_ok() => {
                    patch.team = s.trim().parse().ok().map(Some);
                }
                _ => bad(
                    name,
                    "is no team of this organisation (a team id or null)".into(),
                ),
            },
            "snoozed_until" => match v.as_str().map(str::parse::<Timestamp>) {
                Some(Ok(until)) => patch.snoozed_until = Some(until),
                _ => bad(name, "must be a date-time (RFC 3339)".into()),
            },
            "labels" => match v.as_array().map(|a| {
                a.iter()
                    .map(|l| l.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
            }) {
                Some(Some(labels)) => patch.labels = Some(labels),
                _ => bad(name, "must be a list of strings".into()),
            },
            "wrap_up" => match super::wrap_up::parse_wrap_up(v) {
                Ok(w) => wrap_up = Some(w),
                Err(found) => found.into_iter().for_each(|(n, r)| bad(&n, r)),
            },
            _ => bad(name, "unknown field".into()),
        }
    }
    if problems.is_empty() {
        Ok((patch, wrap_up))
    } else {
        // The engine checks labels, but it is not reached: report theirs too (every
        // problem at once).
        if let Some(Err(found)) = patch.labels.as_deref().map(input::check_labels) {
            problems.extend(found.into_iter().map(|p| InvalidParam {
                name: p.field,
                reason: p.reason,
            }));
        }
        problems.sort_by(|a, b| a.name.cmp(&b.name));
        Err(ApiError::InvalidParams(problems))
    }
}

/// One entry per kind of change the patch makes (assignment, status, labels, the rest).
fn audit_patch(audit: &crate::audit::AuditSlot, id: ConversationId, patch: &ConversationPatch) {
    use loket_domain::audit::{Action, Target};
    let kinds = [
        (
            patch.assignee.is_some() || patch.team.is_some(),
            Action::ConversationAssigned,
        ),
        (
            patch.status.is_some() || patch.snoozed_until.is_some(),
            Action::StatusChanged,
        ),
        (patch.labels.is_some(), Action::LabelsChanged),
        (patch.priority.is_some(), Action::ConversationUpdated),
    ];
    let entries = kinds
        .into_iter()
        .filter(|(changed, _)| *changed)
        .map(|(_, action)| (action, Target::conversation(id)))
        .collect();
    audit.set(entries, None);
}
