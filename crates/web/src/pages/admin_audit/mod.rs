//! `/admin/audit`: the organisation's audit log for its admins (anyone else: 403), newest
//! first, filtered by actor, action, conversation and date range, paged by `seq`; and
//! `/admin/audit.csv`, the filtered entries as CSV (capped, see [`csv::MAX_ROWS`]; the
//! export is itself audited).

mod csv;
mod filter;

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use jiff::Timestamp;
use loket_domain::audit::Action;
use loket_engine::records::AuditRecord;

use super::Layout;
use super::account::failure;
use super::admin::Admin;
use crate::AppState;
pub use filter::AuditQuery;

/// Entries per page.
const PAGE: u32 = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/audit", get(page))
        .route("/admin/audit.csv", get(csv::export))
}

/// One entry as the table shows it.
pub struct Row {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    /// The member's name, when the actor is a current member (shown, never stored).
    pub actor_name: Option<String>,
    /// The message key of the action (an unknown word is shown as it is stored).
    pub action_key: Option<String>,
    pub action: String,
    pub conversation: Option<String>,
    pub message: Option<String>,
    pub setting: Option<String>,
    pub client_ip: String,
    pub result_key: String,
}

/// An action for the filter's choice list.
pub struct ActionChoice {
    pub word: &'static str,
    pub key: String,
    pub selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_audit.html")]
pub struct AuditPage {
    pub layout: Layout,
    pub section: &'static str,
    pub query: AuditQuery,
    pub actions: Vec<ActionChoice>,
    pub invalid: bool,
    pub rows: Vec<Row>,
    /// The query string of the next (older) page, when there is one.
    pub older: Option<String>,
    /// The query string of the CSV export of this filter.
    pub csv: String,
    pub max_csv: String,
}

fn action_key(word: &str) -> String {
    format!("audit-action-{}", word.replace(['.', '_'], "-"))
}

fn row(record: AuditRecord, names: &HashMap<String, String>) -> Row {
    let f = record.fields;
    let actor_name = names.get(&f.actor).cloned();
    let at = Timestamp::from_microsecond(f.at).unwrap_or_default();
    Row {
        seq: f.seq,
        at: match at.in_tz("Europe/Amsterdam") {
            Ok(zoned) => zoned.strftime("%d-%m-%Y %H:%M:%S").to_string(),
            Err(_) => at.strftime("%d-%m-%Y %H:%M:%S UTC").to_string(),
        },
        actor: f.actor,
        actor_name,
        action_key: Action::parse(&f.action).map(|a| action_key(a.as_str())),
        action: f.action,
        conversation: f.conversation_id,
        message: f.message_id,
        setting: f.setting,
        client_ip: f.client_ip.unwrap_or_default(),
        result_key: format!("audit-result-{}", f.result),
    }
}

/// `user:<id>` → name of the organisation's members, to show who an id is. A lookup
/// failure only leaves the names out.
async fn member_names(state: &AppState, admin: &Admin) -> HashMap<String, String> {
    let view = &admin.signed_in.session.view;
    let slug = view.memberships.iter().find(|m| m.org_id == admin.org);
    let Some(slug) = slug.map(|m| m.org_slug.clone()) else {
        return HashMap::new();
    };
    match state.engine.list_users(Some(&slug)).await {
        Ok(listings) => listings
            .into_iter()
            .map(|l| (format!("user:{}", l.user.id), l.user.name))
            .collect(),
        Err(error) => {
            tracing::warn!(%error, "member names for the audit page could not be read");
            HashMap::new()
        }
    }
}

async fn page(
    State(state): State<AppState>,
    admin: Admin,
    Query(query): Query<AuditQuery>,
) -> Response {
    let layout = admin.layout(&state, "audit-title").await;
    let (filter, invalid) = query.filter();
    let before = query.before_seq();
    let records = match invalid {
        true => Vec::new(),
        false => match state
            .engine
            .list_audit(admin.org, &filter, before, PAGE + 1)
            .await
        {
            Ok(records) => records,
            Err(error) => return failure(error),
        },
    };
    let more = records.len() > PAGE as usize;
    let names = member_names(&state, &admin).await;
    let rows: Vec<Row> = records
        .into_iter()
        .take(PAGE as usize)
        .map(|r| row(r, &names))
        .collect();
    let older = match rows.last() {
        Some(last) if more => Some(query.query_string(Some(last.seq))),
        _ => None,
    };
    let actions = Action::ALL
        .iter()
        .map(|a| ActionChoice {
            word: a.as_str(),
            key: action_key(a.as_str()),
            selected: query.action.as_deref() == Some(a.as_str()),
        })
        .collect();
    layout.respond(AuditPage {
        layout: layout.clone(),
        section: "audit",
        csv: query.query_string(None),
        query,
        actions,
        invalid,
        rows,
        older,
        max_csv: csv::MAX_ROWS.to_string(),
    })
}
