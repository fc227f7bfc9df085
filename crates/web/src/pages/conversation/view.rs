//! The conversation's timeline: messages, internal notes and what happened to the
//! conversation (assignments, status changes…), interleaved by time, one page at a time
//! (at most [`PAGE`] messages, read by the store; earlier ones are a link away, keyed by
//! the oldest message read).

use std::collections::HashMap;

use loket_domain::conversation::{ConversationEventKind, ConversationStatus, Priority};
use loket_domain::delivery::DeliveryStatus;
use loket_domain::message::{Direction, SenderKind};
use loket_domain::{MessageId, Timestamp, UserId, queue};
use loket_engine::query::MessageView;
use loket_engine::records::{ConversationEvent, MessageRecord, NoteRecord};
use loket_engine::timeline::TimelinePage;

use super::super::i18n::Tr;
use super::content::body_html;
use super::format::to_html;

/// Messages per page: the newest 200.
pub const PAGE: u32 = 200;

/// One line of the timeline, as the template shows it.
pub struct Entry {
    /// `message`, `note` or `event`.
    pub kind: &'static str,
    pub id: String,
    pub inbound: bool,
    /// Who wrote or sent it.
    pub who: String,
    pub when: String,
    pub when_iso: String,
    /// The quoted message a reply answers (plain text, escaped by the template).
    pub quote: Option<String>,
    /// HTML built from escaped parts (`content.rs`, `format.rs`); events: plain text in
    /// `text` instead.
    pub body: String,
    pub text: String,
    pub edited: bool,
    /// Outbound: (modifier class, label).
    pub status: Option<(&'static str, String)>,
    pub error: Option<String>,
    pub retry: bool,
    /// "👍 (inwoner)".
    pub reactions: Vec<String>,
}

/// What one page shows: its entries, the message before which earlier ones are (for the
/// link), and the newest resident message (for the live announcement).
pub struct Timeline {
    pub entries: Vec<Entry>,
    pub earlier: Option<MessageId>,
    pub newest_inbound: Option<MessageId>,
}

pub struct Sources<'a> {
    /// The conversation and the page's messages.
    pub page: &'a TimelinePage,
    pub events: &'a [ConversationEvent],
    pub notes: &'a [NoteRecord],
    pub names: &'a HashMap<UserId, String>,
    /// The organisation's link allow- and block-list.
    pub links: &'a super::links::LinkPolicy,
}

pub fn build(src: &Sources<'_>, tr: &Tr) -> Timeline {
    let shown = &src.page.detail.messages;
    // Notes and events in the page's time span (from the very start on the first page; up
    // to now on the newest).
    let (from, until) = (src.page.from, src.page.until);
    let in_span = |at: Timestamp| from.is_none_or(|f| at >= f) && until.is_none_or(|u| at < u);
    // Quotes may point before the page: the store brought those messages along.
    let by_id: HashMap<MessageId, &MessageRecord> = (shown.iter().map(|m| &m.record))
        .chain(&src.page.quoted)
        .map(|m| (m.id, m))
        .collect();

    let mut dated: Vec<(Timestamp, Entry)> = Vec::new();
    for m in shown {
        dated.push((
            m.record.sent_at,
            message_entry(m, &by_id, src.names, tr, src.links),
        ));
    }
    for n in src.notes.iter().filter(|n| in_span(n.created_at)) {
        dated.push((n.created_at, note_entry(n, src.names, tr)));
    }
    for e in src.events.iter().filter(|e| in_span(e.at)) {
        if let Some(text) = event_text(&e.kind, src.names, tr) {
            dated.push((e.at, event_entry(e, text)));
        }
    }
    dated.sort_by_key(|(at, _)| *at);
    Timeline {
        entries: dated.into_iter().map(|(_, e)| e).collect(),
        earlier: src.page.earlier,
        newest_inbound: shown
            .iter()
            .rev()
            .find(|m| m.record.direction == Direction::Inbound)
            .map(|m| m.record.id),
    }
}

fn blank(kind: &'static str, id: String, at: Timestamp) -> Entry {
    Entry {
        kind,
        id,
        inbound: false,
        who: String::new(),
        when: local_time(at),
        when_iso: at.to_string(),
        quote: None,
        body: String::new(),
        text: String::new(),
        edited: false,
        status: None,
        error: None,
        retry: false,
        reactions: Vec::new(),
    }
}

fn message_entry(
    m: &MessageView,
    by_id: &HashMap<MessageId, &MessageRecord>,
    names: &HashMap<UserId, String>,
    tr: &Tr,
    links: &super::links::LinkPolicy,
) -> Entry {
    let r = &m.record;
    let mut entry = blank("message", r.id.to_string(), r.sent_at);
    entry.inbound = r.direction == Direction::Inbound;
    // The colleague who wrote it (composer replies record them), else the kind of sender.
    entry.who = r
        .sender_user_id
        .and_then(|id| names.get(&id).cloned())
        .unwrap_or_else(|| tr.t(sender_key(r.sender)));
    entry.body = body_html(r, tr, links);
    entry.body.push_str(&super::findings::warning_html(r, tr));
    entry.edited = r.edited_content.is_some() && r.revoked_at.is_none();
    entry.quote = r.context.reply_to.as_ref().map(|_| {
        match r.reply_to_message_id.and_then(|id| by_id.get(&id)) {
            Some(quoted) if quoted.revoked_at.is_none() => {
                let shown = quoted.edited_content.as_ref().unwrap_or(&quoted.content);
                queue::cut(&queue::preview(shown), 200)
            }
            _ => tr.t("convo-quote-unknown"),
        }
    });
    if let (Direction::Outbound, Some(status)) = (r.direction, r.status) {
        entry.status = Some(status_of(status, tr));
        entry.retry = matches!(status, DeliveryStatus::Failed | DeliveryStatus::Uncertain);
        entry.error = m.error.as_ref().map(|e| e.message.clone());
    }
    entry.reactions = m
        .reactions
        .iter()
        .map(|re| format!("{} ({})", re.emoji, tr.t(reactor_key(re.from))))
        .collect();
    entry
}

fn note_entry(n: &NoteRecord, names: &HashMap<UserId, String>, tr: &Tr) -> Entry {
    let mut entry = blank("note", n.id.to_string(), n.created_at);
    entry.who = names
        .get(&n.author_id)
        .cloned()
        .unwrap_or_else(|| tr.t("convo-former-colleague"));
    entry.body = format!("<p class=\"utrecht-paragraph\">{}</p>", to_html(&n.body));
    entry
}

fn event_entry(e: &ConversationEvent, text: String) -> Entry {
    let mut entry = blank("event", e.id.to_string(), e.at);
    entry.text = text;
    entry
}

fn sender_key(sender: SenderKind) -> &'static str {
    match sender {
        SenderKind::Resident => "convo-from-resident",
        SenderKind::Agent => "convo-from-agent",
        SenderKind::Bot => "convo-from-bot",
        // Loket's own automatic messages (privacy notice, office hours' receipt).
        SenderKind::System => "convo-from-system",
    }
}

fn reactor_key(sender: SenderKind) -> &'static str {
    match sender {
        SenderKind::Resident => "convo-reacted-resident",
        SenderKind::Bot => "convo-from-bot",
        _ => "convo-reacted-agent",
    }
}

fn status_of(status: DeliveryStatus, tr: &Tr) -> (&'static str, String) {
    let (class, key) = match status {
        DeliveryStatus::Queued => ("queued", "convo-status-queued"),
        DeliveryStatus::Uncertain => ("uncertain", "convo-status-uncertain"),
        DeliveryStatus::Sent => ("sent", "convo-status-sent"),
        DeliveryStatus::Delivered => ("delivered", "convo-status-delivered"),
        DeliveryStatus::Read => ("read", "convo-status-read"),
        DeliveryStatus::Played => ("read", "convo-status-played"),
        DeliveryStatus::Failed => ("failed", "convo-status-failed"),
    };
    (class, tr.t(key))
}

/// What an event says, or `None` for the bookkeeping ones (a message came in: the message
/// itself shows that).
fn event_text(
    kind: &ConversationEventKind,
    names: &HashMap<UserId, String>,
    tr: &Tr,
) -> Option<String> {
    use ConversationEventKind as K;
    let person = |who: &Option<String>| match who {
        Some(id) if id == "api" => tr.t("convo-from-api"),
        Some(id) => id
            .parse::<UserId>()
            .ok()
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| tr.t("convo-former-colleague")),
        None => tr.t("convo-nobody"),
    };
    Some(match kind {
        K::Created => tr.t("convo-event-created"),
        K::Reopened => tr.t("convo-event-reopened"),
        K::StatusChanged { to, .. } => {
            tr.t1("convo-event-status", "status", &tr.t(status_key(*to)))
        }
        K::Assigned { assignee } => tr.t1("convo-event-assigned", "name", &person(assignee)),
        K::TeamChanged { .. } => tr.t("convo-event-team"),
        K::LabelAdded { label } => tr.t1("convo-event-label-added", "label", label),
        K::LabelRemoved { label } => tr.t1("convo-event-label-removed", "label", label),
        K::PriorityChanged { priority } => tr.t1(
            "convo-event-priority",
            "priority",
            &tr.t(priority_key(*priority)),
        ),
        K::Snoozed { until } => tr.t1("convo-event-snoozed", "until", &local_time(*until)),
        K::ResidentBlocked { by } => tr.t1("convo-event-blocked", "name", &person(by)),
        K::ResidentUnblocked { by } => tr.t1("convo-event-unblocked", "name", &person(by)),
        K::LegalHoldSet { by } => tr.t1("convo-event-hold-set", "name", &person(by)),
        K::LegalHoldLifted { by } => tr.t1("convo-event-hold-lifted", "name", &person(by)),
        K::TransferRequired { by } => tr.t1("convo-event-transfer-marked", "name", &person(by)),
        K::TransferCancelled { by } => tr.t1("convo-event-transfer-unmarked", "name", &person(by)),
        K::Transferred { by } => tr.t1("convo-event-transferred", "name", &person(by)),
        K::FirstResponse
        | K::InboundMessage
        | K::OutboundMessage
        | K::AssignmentCleared { .. }
        | K::MessageEdited { .. } => return None,
    })
}

fn status_key(status: ConversationStatus) -> &'static str {
    match status {
        ConversationStatus::Open => "status-open",
        ConversationStatus::Pending => "status-pending",
        ConversationStatus::Snoozed => "status-snoozed",
        ConversationStatus::Resolved => "status-resolved",
    }
}

fn priority_key(priority: Priority) -> &'static str {
    match priority {
        Priority::Low => "convo-priority-low",
        Priority::Normal => "convo-priority-normal",
        Priority::High => "convo-priority-high",
        Priority::Urgent => "convo-priority-urgent",
    }
}

/// Amsterdam time, as the inbox shows it (UTC where the zone database is missing).
fn local_time(at: Timestamp) -> String {
    match at.in_tz("Europe/Amsterdam") {
        Ok(zoned) => zoned.strftime("%d-%m %H:%M").to_string(),
        Err(_) => at.strftime("%d-%m %H:%M UTC").to_string(),
    }
}
