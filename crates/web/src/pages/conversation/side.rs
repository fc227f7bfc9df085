//! The side panel: the resident (name, notes, other conversations, block) and the
//! actions (assign, status, labels, priority). Owned by the actions part. The forms and
//! their handlers are in [`forms`]; this file builds what the panel shows.

mod forms;
mod requests;
mod retention;

use askama::Template;
use loket_domain::conversation::{ConversationStatus, Priority};
use loket_domain::{ConversationId, Timestamp};
use loket_engine::EngineError;
use loket_engine::records::{ConversationFilter, Label};
use loket_engine::residents::Resident;

use super::Context;
use crate::AppState;
use crate::pages::Layout;

pub fn routes() -> axum::Router<AppState> {
    forms::routes()
}

/// The panel with the shortcuts' help dialog and script (the first render of the page).
#[derive(Template)]
#[template(path = "side.html")]
struct Side<'a> {
    layout: &'a Layout,
    panel: String,
}

/// The keys `keys.js` knows, with what they do (message keys), for the help dialog.
pub(crate) const SHORTCUTS: [(&str, &str); 8] = [
    ("j", "keys-next"),
    ("k", "keys-previous"),
    ("a", "keys-assign-me"),
    ("r", "keys-reply"),
    ("n", "keys-note"),
    ("e", "keys-resolve"),
    ("/", "keys-search"),
    ("?", "keys-help"),
];

/// One `<option>` or checkbox.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct LabelGroup {
    pub name: String,
    pub labels: Vec<Choice>,
}

pub struct OtherConversation {
    pub id: String,
    pub channel: String,
    pub when: String,
    /// The status's message key.
    pub status: &'static str,
}

/// The swappable panel (htmx answers a form with it).
#[derive(Template)]
#[template(path = "side_panel.html")]
pub struct SidePanel<'a> {
    layout: &'a Layout,
    id: String,
    problem: Option<&'static str>,
    identities: Vec<(&'static str, String)>,
    name: String,
    notes: String,
    blocked: bool,
    others: Vec<OtherConversation>,
    prev: Option<String>,
    next: Option<String>,
    me: String,
    team: String,
    members: Vec<Choice>,
    teams: Vec<Choice>,
    status: &'static str,
    statuses: Vec<Choice>,
    snoozed_until: String,
    label_groups: Vec<LabelGroup>,
    priorities: Vec<Choice>,
    /// Admins only: the resident's access and erasure page (AVG).
    privacy_page: Option<String>,
    /// Legal hold and transfer: team leads and admins only (`retention.rs`).
    retention: Option<retention::RetentionBox>,
    /// The conversation's contactverzoeken and the one-click hand-overs (`requests.rs`).
    requests: requests::RequestsBox,
}

pub async fn render(cx: &Context<'_>) -> Result<String, EngineError> {
    let panel = panel(cx, None).await?;
    let side = Side {
        layout: cx.layout,
        panel,
    };
    side.render().map_err(|e| EngineError::Other(e.into()))
}

/// The panel's HTML, with `problem` (a message key) shown on top.
pub async fn panel(cx: &Context<'_>, problem: Option<&'static str>) -> Result<String, EngineError> {
    let c = &cx.detail.conversation;
    let engine = &cx.state.engine;
    let slug = org_slug(cx);
    let (resident, members, teams, labels, (prev, next)) = tokio::try_join!(
        engine.resident(cx.org, c.id),
        engine.list_users(Some(&slug)),
        engine.list_teams(cx.org),
        engine.labels(cx.org),
        queue_neighbours(cx),
    )?;
    let me = cx.signed_in.session.view.user_id;
    let members = members
        .into_iter()
        .filter(|u| u.user.active)
        .filter(|u| u.memberships.iter().any(|m| m.org_id == cx.org))
        .map(|u| Choice {
            selected: c.assignee == Some(u.user.id),
            label: match u.user.id == me {
                true => format!("{} ({})", u.user.name, cx.layout.tr.t("side-me")),
                false => u.user.name,
            },
            value: u.user.id.to_string(),
        })
        .collect();
    let teams = teams
        .into_iter()
        .filter(|t| t.enabled)
        .map(|t| Choice {
            selected: c.team == Some(t.id),
            value: t.id.to_string(),
            label: t.name,
        })
        .collect();
    let panel = SidePanel {
        layout: cx.layout,
        id: c.id.to_string(),
        problem,
        identities: identities(&resident),
        name: resident.contact.display_name.clone().unwrap_or_default(),
        notes: resident.contact.notes.clone().unwrap_or_default(),
        blocked: resident.contact.blocked_at.is_some(),
        others: others(&resident, c.id),
        prev,
        next,
        me: me.to_string(),
        team: c.team.map(|t| t.to_string()).unwrap_or_default(),
        members,
        teams,
        status: c.status.as_str(),
        statuses: statuses(c.status),
        snoozed_until: c.snoozed_until.map(local_input).unwrap_or_default(),
        label_groups: label_groups(labels, &c.labels),
        priorities: priorities(c.priority),
        privacy_page: (cx.signed_in.role == Some(loket_domain::people::Role::Admin))
            .then(|| format!("/admin/residents/{}", resident.contact.id)),
        retention: retention::retention_box(cx, c.id).await?,
        requests: requests::requests_box(cx, c.id).await?,
    };
    panel.render().map_err(|e| EngineError::Other(e.into()))
}

fn org_slug(cx: &Context<'_>) -> String {
    let view = &cx.signed_in.session.view;
    (view.memberships.iter())
        .find(|m| m.org_id == cx.org)
        .map(|m| m.org_slug.clone())
        .unwrap_or_default()
}

/// The number (`wa_id`, shown with a plus) and the username the resident writes from.
fn identities(resident: &Resident) -> Vec<(&'static str, String)> {
    let identity = &resident.contact.identity;
    let mut facts = Vec::new();
    if let Some(wa_id) = &identity.wa_id {
        facts.push(("side-identity-phone", format!("+{wa_id}")));
    }
    if let Some(username) = &identity.username {
        facts.push(("side-identity-username", username.clone()));
    }
    facts
}

fn others(resident: &Resident, current: ConversationId) -> Vec<OtherConversation> {
    (resident.conversations.iter())
        .filter(|o| o.id != current)
        .map(|o| OtherConversation {
            id: o.id.to_string(),
            channel: o.channel_name.clone(),
            when: local_time(o.last_message_at),
            status: status_key(o.status),
        })
        .collect()
}

/// The conversations before and after this one in the queue (as the inbox lists it).
async fn queue_neighbours(
    cx: &Context<'_>,
) -> Result<(Option<String>, Option<String>), EngineError> {
    let (prev, next) = (cx.state.engine)
        .queue_neighbours(
            cx.org,
            &ConversationFilter::default(),
            &cx.detail.conversation,
        )
        .await?;
    Ok((prev.map(|i| i.to_string()), next.map(|i| i.to_string())))
}

pub fn status_key(status: ConversationStatus) -> &'static str {
    match status {
        ConversationStatus::Open => "status-open",
        ConversationStatus::Pending => "status-pending",
        ConversationStatus::Snoozed => "status-snoozed",
        ConversationStatus::Resolved => "status-resolved",
    }
}

fn statuses(current: ConversationStatus) -> Vec<Choice> {
    use ConversationStatus::*;
    [Open, Pending, Snoozed, Resolved]
        .into_iter()
        .map(|s| Choice {
            value: s.as_str().to_owned(),
            label: status_key(s).to_owned(),
            selected: s == current,
        })
        .collect()
}

fn priorities(current: Priority) -> Vec<Choice> {
    use Priority::*;
    [Low, Normal, High, Urgent]
        .into_iter()
        .map(|p| Choice {
            value: p.as_str().to_owned(),
            label: format!("priority-{}", p.as_str()),
            selected: p == current,
        })
        .collect()
}

/// The taxonomy's active labels by group, plus whatever the conversation carries that is
/// not (deactivated, or from before the taxonomy) so it can be kept or removed.
fn label_groups(taxonomy: Vec<Label>, carried: &[String]) -> Vec<LabelGroup> {
    let mut groups: Vec<LabelGroup> = Vec::new();
    let mut push = |group: &str, value: &str, label: &str| {
        let choice = Choice {
            value: value.to_owned(),
            label: label.to_owned(),
            selected: carried.iter().any(|c| c == value),
        };
        match groups.iter_mut().find(|g| g.name == group) {
            Some(g) => g.labels.push(choice),
            None => groups.push(LabelGroup {
                name: group.to_owned(),
                labels: vec![choice],
            }),
        }
    };
    for label in taxonomy
        .iter()
        .filter(|l| l.active || carried.contains(&l.slug))
    {
        push(&label.group, &label.slug, &label.name);
    }
    for slug in carried
        .iter()
        .filter(|s| !taxonomy.iter().any(|l| &&l.slug == s))
    {
        push("", slug, slug);
    }
    groups
}

const ZONE: &str = "Europe/Amsterdam";

/// A time as Amsterdam reads it (UTC where the zone database is missing).
fn local_time(at: Timestamp) -> String {
    match at.in_tz(ZONE) {
        Ok(zoned) => zoned.strftime("%d-%m-%Y %H:%M").to_string(),
        Err(_) => at.strftime("%d-%m-%Y %H:%M UTC").to_string(),
    }
}

/// A `datetime-local` field's value.
fn local_input(at: Timestamp) -> String {
    match at.in_tz(ZONE) {
        Ok(zoned) => zoned.strftime("%Y-%m-%dT%H:%M").to_string(),
        Err(_) => at.strftime("%Y-%m-%dT%H:%M").to_string(),
    }
}

/// A `datetime-local` field's value as Amsterdam means it.
pub fn parse_local_input(value: &str) -> Option<Timestamp> {
    let civil: jiff::civil::DateTime = value.trim().parse().ok()?;
    let zoned = civil.in_tz(ZONE).or_else(|_| civil.in_tz("UTC")).ok()?;
    Some(zoned.timestamp())
}
