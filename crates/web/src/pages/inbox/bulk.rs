//! `POST /inbox/bulk`: one action for the ticked conversations (or every one on the page),
//! then 303 back to the same view with how many changed. The engine applies each change
//! as one conversation update, scoped to the organisation: another organisation's ids are
//! not found and counted as skipped.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use loket_domain::{ConversationId, TeamId};
use loket_engine::inbox::{BULK_CAP, BulkAction};

use super::super::account::failure;
use super::super::session::SignedIn;
use super::InboxQuery;
use super::current;
use crate::AppState;

/// The form's fields; repeated `ids` / `page_ids` (serde's form reader keeps one only).
#[derive(Default)]
struct BulkForm {
    ids: Vec<ConversationId>,
    page_ids: Vec<ConversationId>,
    /// `page`: every conversation on the page, else the ticked ones.
    scope: String,
    action: String,
    team: String,
    label: String,
    /// The list's query string, to return to.
    back: String,
}

fn parse(body: &[u8]) -> BulkForm {
    let mut form = BulkForm::default();
    for (key, value) in url::form_urlencoded::parse(body) {
        let id = || value.parse::<ConversationId>().ok();
        match key.as_ref() {
            "ids" if form.ids.len() < BULK_CAP => form.ids.extend(id()),
            "page_ids" if form.page_ids.len() < BULK_CAP => form.page_ids.extend(id()),
            "scope" => form.scope = value.into_owned(),
            "action" => form.action = value.into_owned(),
            "team" => form.team = value.into_owned(),
            "label" => form.label = value.into_owned(),
            "back" => form.back = value.into_owned(),
            _ => {}
        }
    }
    form
}

pub(super) async fn apply(
    State(state): State<AppState>,
    signed_in: SignedIn,
    audit: crate::audit::AuditSlot,
    body: Bytes,
) -> Response {
    let form = parse(&body);
    let back: InboxQuery = back_query(&form.back);
    let to = |suffix: String| {
        let query = back.query_string(back.view());
        Redirect::to(&format!("/?{query}{suffix}")).into_response()
    };
    let Some((org, _, user)) = current(&signed_in) else {
        return to(String::new());
    };
    let action = match form.action.as_str() {
        "me" => BulkAction::AssignTo(user),
        "resolve" => BulkAction::Resolve,
        "team" => match form.team.parse::<TeamId>() {
            Ok(team) => BulkAction::AssignTeam(team),
            Err(_) => return to(String::new()),
        },
        "label" if !form.label.trim().is_empty() => BulkAction::AddLabel(form.label),
        _ => return to(String::new()),
    };
    let ids = if form.scope == "page" {
        &form.page_ids
    } else {
        &form.ids
    };
    audit_bulk(&audit, &action, ids);
    match state.engine.bulk_update(org, ids, &action).await {
        Ok(done) => to(format!(
            "&changed={}&skipped={}",
            done.changed, done.skipped
        )),
        Err(error) => failure(error),
    }
}

/// The list's state from a query string; anything unreadable is left out.
fn back_query(query: &str) -> InboxQuery {
    let mut back = InboxQuery::default();
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let value = value.into_owned();
        match key.as_ref() {
            "view" => back.view = value,
            "status" => back.status = value,
            "channel" => back.channel = value,
            "label" => back.label = value,
            "team" => back.team = value,
            _ => {}
        }
    }
    back
}

/// One entry per ticked conversation (at most [`MAX_AUDITED`]; a bulk action is bounded
/// by the page anyway), as the action it is.
fn audit_bulk(
    audit: &crate::audit::AuditSlot,
    action: &BulkAction,
    ids: &[loket_domain::ConversationId],
) {
    use loket_domain::audit::{Action, Target};
    const MAX_AUDITED: usize = 500;
    let kind = match action {
        BulkAction::AssignTo(_) | BulkAction::AssignTeam(_) => Action::ConversationAssigned,
        BulkAction::Resolve => Action::StatusChanged,
        BulkAction::AddLabel(_) => Action::LabelsChanged,
    };
    let entries = ids
        .iter()
        .take(MAX_AUDITED)
        .map(|id| (kind, Target::conversation(*id)))
        .collect();
    audit.set(entries, None);
}
