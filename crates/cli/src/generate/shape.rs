//! A generated conversation's status, people, labels and queue columns. The queue columns
//! follow from the messages by the store's rules (see `loket-store`'s `queue.rs`).

use loket_domain::conversation::{ConversationStatus, Priority};
use loket_domain::message::{Content, Direction};
use loket_domain::time::{from_micros, to_micros};
use loket_domain::{ChannelId, ContactId, ConversationId, Timestamp};
use loket_store::bulk::{BulkConversation, BulkMessage};

use super::synth::{LONG_LABEL, Rng};
use super::texts::{EXTRA_LABELS, TOPICS};

const DAY: i64 = 24 * 3600 * 1_000_000;

pub struct Frame<'a> {
    pub id: ConversationId,
    pub channel: ChannelId,
    pub contact: ContactId,
    pub topic: usize,
    pub created: i64,
    pub now: i64,
    pub long: bool,
    pub messages: &'a [BulkMessage],
}

/// Recent conversations are still being worked on; older ones are nearly all resolved.
fn status(rng: &mut Rng, age: i64) -> ConversationStatus {
    let roll = rng.below(100);
    let (open, pending, snoozed) = if age < 14 * DAY {
        (40, 60, 65)
    } else {
        (1, 2, 2)
    };
    match roll {
        r if r < open => ConversationStatus::Open,
        r if r < pending => ConversationStatus::Pending,
        r if r < snoozed => ConversationStatus::Snoozed,
        _ => ConversationStatus::Resolved,
    }
}

fn priority(rng: &mut Rng) -> Priority {
    match rng.below(100) {
        0..=2 => Priority::Low,
        3..=89 => Priority::Normal,
        90..=97 => Priority::High,
        _ => Priority::Urgent,
    }
}

pub fn shape(rng: &mut Rng, cast: &super::synth::Cast, f: Frame<'_>) -> BulkConversation {
    let last = f.messages.last().expect("at least one message");
    let last_at = to_micros(last.sent_at);
    let status = status(rng, f.now - last_at);
    let resolved = status == ConversationStatus::Resolved;
    // The admin (agents[0]) gets about as much as a colleague, at least some.
    let assigned = if resolved { 90 } else { 50 };
    let assignee = rng.chance(assigned).then(|| {
        if rng.chance(4) {
            cast.agents[0]
        } else {
            *rng.pick(&cast.agents)
        }
    });
    let team =
        (rng.chance(70) && !cast.teams.is_empty()).then(|| cast.teams[f.topic % cast.teams.len()]);
    let mut labels = Vec::new();
    if rng.chance(80) {
        labels.push(TOPICS[f.topic].0.to_owned());
    }
    if rng.chance(10) {
        labels.push((*rng.pick(&EXTRA_LABELS)).to_owned());
    }
    if f.long {
        labels.push(LONG_LABEL.to_owned());
    }
    let (waiting_since, unread_count) = queue(f.messages);
    BulkConversation {
        id: f.id,
        channel_id: f.channel,
        contact_id: f.contact,
        status,
        assignee,
        team,
        priority: priority(rng),
        last_inbound_at: f
            .messages
            .iter()
            .rev()
            .find(|m| m.direction == Direction::Inbound)
            .map(|m| m.sent_at),
        last_message_at: last.sent_at,
        created_at: from_micros(f.created),
        resolved_at: resolved.then(|| from_micros((last_at + 600_000_000).min(f.now))),
        last_message_id: Some(last.id),
        waiting_since: if resolved { None } else { waiting_since },
        unread_count: if resolved { 0 } else { unread_count },
        snoozed_until: (status == ConversationStatus::Snoozed)
            .then(|| from_micros(f.now + DAY + rng.below(2 * DAY as u64) as i64)),
        labels,
    }
}

/// `waiting_since`: the first message asking for an answer (not a reaction) since the last
/// agent reply; `unread_count`: the resident's messages since then.
fn queue(messages: &[BulkMessage]) -> (Option<Timestamp>, i64) {
    let mut waiting = None;
    let mut unread = 0;
    for m in messages {
        match m.direction {
            Direction::Outbound => {
                waiting = None;
                unread = 0;
            }
            Direction::Inbound => {
                unread += 1;
                if waiting.is_none() && !matches!(m.content, Content::Reaction { .. }) {
                    waiting = Some(m.sent_at);
                }
            }
        }
    }
    (waiting, unread)
}
