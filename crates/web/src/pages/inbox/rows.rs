//! One conversation as a line of the list (also used by the search results).

use std::collections::HashMap;

use loket_domain::conversation::ConversationStatus as Status;
use loket_domain::sla::SlaStatus;
use loket_domain::window::WindowState;
use loket_domain::{ChannelId, Timestamp, UserId, queue};
use loket_engine::query::ConversationItem;
use loket_engine::records::ConversationRecord;

use super::super::Layout;
use super::super::shells::{ConversationRow, ConversationStatus};

/// The names a row shows instead of ids.
#[derive(Default)]
pub(crate) struct Names {
    pub users: HashMap<UserId, String>,
    pub channels: HashMap<ChannelId, String>,
}

/// Since when the resident waits for an answer; an answered conversation shows its last
/// activity instead.
fn waiting_since(record: &ConversationRecord) -> Timestamp {
    record.waiting_since.unwrap_or(record.last_message_at)
}

/// The newest message in one short line (a revoked one shows nothing of what it said).
fn preview(record: &ConversationRecord) -> String {
    let text = match &record.last_message {
        Some(m) if !m.revoked => queue::preview(&m.content),
        _ => String::new(),
    };
    text.lines().next().unwrap_or_default().to_owned()
}

/// A span of time as an agent reads it: minutes, hours or days.
fn span(layout: &Layout, seconds: i64) -> String {
    let minutes = (seconds / 60).max(0);
    let (key, n) = match minutes {
        0..60 => ("inbox-minutes", minutes),
        60..2880 => ("inbox-hours", minutes / 60),
        _ => ("inbox-days", minutes / 1440),
    };
    layout.tr.t1(key, "n", &n.to_string())
}

fn window_text(layout: &Layout, window: &WindowState, now: Timestamp) -> (String, bool) {
    match window {
        WindowState::Open { closes_at } => {
            let left = closes_at.as_second() - now.as_second();
            (
                layout
                    .tr
                    .t1("inbox-window-left", "left", &span(layout, left)),
                true,
            )
        }
        _ => (layout.tr.t("inbox-window-closed"), false),
    }
}

pub(crate) fn row_of(
    item: &ConversationItem,
    layout: &Layout,
    names: &Names,
    now: Timestamp,
    sla: Option<&SlaStatus>,
) -> ConversationRow {
    let record = &item.conversation;
    let since = waiting_since(record);
    let (window, window_open) = window_text(layout, &item.window, now);
    ConversationRow {
        id: record.id.to_string(),
        resident: record
            .contact_name
            .clone()
            .unwrap_or_else(|| layout.tr.t("resident-unknown")),
        preview: preview(record),
        waiting_since: local_time(since),
        waiting_since_iso: since.to_string(),
        waiting_for: (record.waiting_since)
            .map(|at| span(layout, now.as_second() - at.as_second())),
        status: match record.status {
            Status::Open => ConversationStatus::Open,
            Status::Pending => ConversationStatus::Pending,
            Status::Snoozed => ConversationStatus::Snoozed,
            Status::Resolved => ConversationStatus::Resolved,
        },
        assignee: record.assignee.and_then(|id| names.users.get(&id).cloned()),
        unread: record.unread_count > 0,
        channel: (names.channels.get(&record.channel_id).cloned()).unwrap_or_default(),
        labels: record.labels.clone(),
        window,
        window_open,
        sla: sla.and_then(|s| super::super::sla::worst(layout, s)),
    }
}

/// Dutch municipalities: their agents read Amsterdam time (UTC where the zone database
/// is missing).
pub(crate) fn local_time(at: Timestamp) -> String {
    match at.in_tz("Europe/Amsterdam") {
        Ok(zoned) => zoned.strftime("%d-%m %H:%M").to_string(),
        Err(_) => at.strftime("%d-%m %H:%M UTC").to_string(),
    }
}
