//! The list's query string (view, filters, page) → the engine's filter, and the page's
//! tabs, filter choices and paging links.

use loket_domain::conversation::ConversationStatus as Status;
use loket_domain::{ChannelId, OrgId, TeamId, UserId};
use loket_engine::EngineError;
use loket_engine::query::ConversationItem;
use loket_engine::records::{COUNT_CAP, ConversationCursor, ConversationFilter, PageRequest};
use serde::Deserialize;

use super::super::Layout;
use super::super::session::SignedIn;
use super::super::shells::{Choice, ConversationRow, InboxList, ViewTab};
use super::current;
use super::rows::{Names, row_of};
use crate::AppState;

/// One screen of conversations.
const LIMIT: u32 = 50;

/// The views, as `?view=` names them, with their tab's message key.
const VIEWS: [(&str, &str); 5] = [
    ("mine", "inbox-view-mine"),
    ("unassigned", "inbox-view-unassigned"),
    ("teams", "inbox-view-teams"),
    ("all", "inbox-view-all"),
    (SLA_VIEW, "inbox-view-sla"),
];

/// "SLA-risico": the unresolved conversations in warning or breach, the earliest deadline
/// first, one screen and no paging (`Engine::sla_at_risk`); the filters do not apply.
const SLA_VIEW: &str = "sla";

/// `?status=`: empty is open and pending (what needs work), `any` is every status.
const STATUSES: [(&str, &str); 6] = [
    ("", "inbox-status-active"),
    ("open", "status-open"),
    ("pending", "status-pending"),
    ("snoozed", "status-snoozed"),
    ("resolved", "status-resolved"),
    ("any", "inbox-status-any"),
];

/// The list's state in the URL. Unknown or malformed values read as "no filter".
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InboxQuery {
    #[serde(default)]
    pub view: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub team: String,
    /// The page after this cursor (`Volgende`)…
    #[serde(default)]
    pub after: String,
    /// …or the page before this one (`Vorige`); `after` wins when both are given.
    #[serde(default)]
    pub before: String,
    /// What the last bulk action did (`changed`, `skipped`), shown once.
    #[serde(default)]
    pub changed: Option<usize>,
    #[serde(default)]
    pub skipped: Option<usize>,
}

impl InboxQuery {
    pub fn view(&self) -> &'static str {
        VIEWS
            .iter()
            .map(|(key, _)| *key)
            .find(|key| *key == self.view)
            .unwrap_or("all")
    }

    /// The filters (not the view, not the page) as a query string.
    fn filters(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("status", &self.status)
            .append_pair("channel", &self.channel)
            .append_pair("label", &self.label)
            .append_pair("team", &self.team)
            .finish()
    }

    /// The page (`after`, `before`) as a query string.
    fn page_string(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("after", &self.after)
            .append_pair("before", &self.before)
            .finish()
    }

    /// View and filters as a query string (without the page).
    pub fn query_string(&self, view: &str) -> String {
        format!("view={view}&{}", self.filters())
    }

    /// The view's filter (open and pending only unless a status is chosen).
    fn view_filter(view: &str, user: UserId) -> ConversationFilter {
        let mut filter = ConversationFilter {
            active: true,
            ..Default::default()
        };
        match view {
            "mine" => filter.assignee = Some(user),
            "unassigned" => filter.unassigned = true,
            "teams" => filter.teams_of = Some(user),
            _ => {}
        }
        filter
    }

    pub fn filter(&self, user: UserId) -> ConversationFilter {
        let mut filter = Self::view_filter(self.view(), user);
        match self.status.as_str() {
            "any" => filter.active = false,
            other => filter.status = other.parse::<Status>().ok(),
        }
        filter.channel = self.channel.parse::<ChannelId>().ok();
        filter.team = self.team.parse::<TeamId>().ok();
        let label = self.label.trim();
        filter.label = (!label.is_empty()).then(|| label.to_owned());
        filter
    }
}

/// One page of rows and the cursors around it.
pub(super) struct Rows {
    pub rows: Vec<ConversationRow>,
    /// For `after`: the next page.
    pub next: Option<ConversationCursor>,
    /// For `before`: the previous page (`None` on the first).
    pub prev: Option<ConversationCursor>,
}

/// The rows of the current page, read forwards from `after` or backwards from `before`.
pub(super) async fn load_rows(
    state: &AppState,
    layout: &Layout,
    signed_in: &SignedIn,
    query: &InboxQuery,
) -> Result<Rows, EngineError> {
    let Some((org, slug, user)) = current(signed_in) else {
        return Ok(Rows {
            rows: Vec::new(),
            next: None,
            prev: None,
        });
    };
    if query.view() == SLA_VIEW {
        return sla_rows(state, layout, org, &slug).await;
    }
    let filter = query.filter(user);
    let after = query.after.parse::<ConversationCursor>().ok();
    let before = query.before.parse::<ConversationCursor>().ok();
    let (items, next, prev) = match (after, before) {
        (None, Some(before)) => {
            let page = (state.engine)
                .list_conversations_before(org, &filter, before, LIMIT)
                .await?;
            (page.items, page.next, page.before)
        }
        _ => {
            let page = PageRequest {
                after,
                limit: LIMIT,
            };
            let found = state.engine.list_conversations(org, &filter, page).await?;
            // A page reached by "Volgende" has one before it, starting at its first row.
            let prev = after.and_then(|_| first_cursor(&filter, &found.items));
            (found.items, found.next, prev)
        }
    };
    let names = names(state, org, &slug).await?;
    let now = state.engine.clock().now();
    let records: Vec<_> = items.iter().map(|i| i.conversation.clone()).collect();
    let sla = state.engine.inbox_sla(org, &records).await?;
    let rows = (items.iter())
        .map(|item| row_of(item, layout, &names, now, sla.get(&item.conversation.id)))
        .collect();
    Ok(Rows { rows, next, prev })
}

/// The "SLA-risico" view's rows, with the timers already evaluated for choosing them.
async fn sla_rows(
    state: &AppState,
    layout: &Layout,
    org: OrgId,
    slug: &str,
) -> Result<Rows, EngineError> {
    let found = state.engine.sla_at_risk(org, LIMIT).await?;
    let names = names(state, org, slug).await?;
    let now = state.engine.clock().now();
    let rows = (found.iter())
        .map(|(item, sla)| row_of(item, layout, &names, now, Some(sla)))
        .collect();
    Ok(Rows {
        rows,
        next: None,
        prev: None,
    })
}

fn first_cursor(
    filter: &ConversationFilter,
    items: &[ConversationItem],
) -> Option<ConversationCursor> {
    let first = items.first()?;
    Some(ConversationCursor::of(filter.order, &first.conversation))
}

/// Members and channels by id, for the assignee and channel columns.
pub(crate) async fn names(state: &AppState, org: OrgId, slug: &str) -> Result<Names, EngineError> {
    let users = state.engine.list_users(Some(slug)).await?;
    let channels = state.engine.list_channels(org).await?;
    Ok(Names {
        users: users
            .into_iter()
            .map(|u| (u.user.id, u.user.name))
            .collect(),
        channels: channels.into_iter().map(|c| (c.id, c.name)).collect(),
    })
}

pub(super) async fn load(
    state: &AppState,
    layout: &Layout,
    signed_in: &SignedIn,
    query: &InboxQuery,
) -> Result<InboxList, EngineError> {
    let Rows { rows, next, prev } = load_rows(state, layout, signed_in, query).await?;
    let Some((org, _, user)) = current(signed_in) else {
        return Ok(InboxList::default());
    };
    let view = query.view();
    let here = query.query_string(view);
    let mut tabs = Vec::new();
    for (key, name) in VIEWS {
        let count = if key == SLA_VIEW && view == SLA_VIEW {
            u32::try_from(rows.len()).unwrap_or(LIMIT)
        } else if key == SLA_VIEW {
            // At most a screen's worth: the view does not page.
            let found = state.engine.sla_at_risk(org, LIMIT).await?;
            u32::try_from(found.len()).unwrap_or(LIMIT)
        } else {
            (state.engine)
                .count_conversations(org, &InboxQuery::view_filter(key, user))
                .await?
        };
        tabs.push(ViewTab {
            href: format!("/?{}", query.query_string(key)),
            name,
            count: shown_count(count),
            current: key == view,
        });
    }
    let teams = state.engine.list_teams(org).await?;
    let channels = state.engine.list_channels(org).await?;
    let choice = |value: String, label: String, chosen: &str| Choice {
        selected: value == chosen,
        value,
        label,
    };
    let mut team_choices = vec![choice(String::new(), layout.tr.t("inbox-any-team"), "")];
    team_choices.extend(
        (teams.iter().filter(|t| t.enabled))
            .map(|t| choice(t.id.to_string(), t.name.clone(), &query.team)),
    );
    let mut channel_choices = vec![choice(String::new(), layout.tr.t("inbox-any-channel"), "")];
    channel_choices.extend(
        (channels.iter()).map(|c| choice(c.id.to_string(), c.name.clone(), &query.channel)),
    );
    Ok(InboxList {
        rows,
        tabs,
        view: view.to_owned(),
        statuses: (STATUSES.iter())
            .map(|(key, name)| choice((*key).to_owned(), layout.tr.t(name), &query.status))
            .collect(),
        bulk_teams: team_choices[1..]
            .iter()
            .map(|c| choice(c.value.clone(), c.label.clone(), ""))
            .collect(),
        channels: channel_choices,
        teams: team_choices,
        label: query.label.clone(),
        next_href: next.map(|after| format!("/?{here}&after={after}")),
        prev_href: prev.map(|before| format!("/?{here}&before={before}")),
        first_href: (!query.after.is_empty() || !query.before.is_empty())
            .then(|| format!("/?{here}")),
        notice: query.changed.map(|changed| {
            let mut text = layout
                .tr
                .t1("inbox-bulk-changed", "n", &changed.to_string());
            if let Some(skipped) = query.skipped.filter(|n| *n > 0) {
                text.push(' ');
                text.push_str(
                    &layout
                        .tr
                        .t1("inbox-bulk-skipped", "n", &skipped.to_string()),
                );
            }
            text
        }),
        query: format!("{here}&{}", query.page_string()),
    })
}

/// "12", or "999+" from the cap on (a count reads at most [`COUNT_CAP`] rows).
fn shown_count(count: u32) -> String {
    if count >= COUNT_CAP {
        format!("{}+", COUNT_CAP - 1)
    } else {
        count.to_string()
    }
}
