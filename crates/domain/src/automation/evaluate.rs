//! Does a rule fire, and why.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::conversation::{ConversationStatus, Priority};
use crate::search::{Token, analyse};
use crate::{ChannelId, TeamId};

use super::{Condition, RuleDefinition, Trigger};

/// What happened, as the engine saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// A resident's message; `first` when it opened the conversation.
    Message { text: &'a str, first: bool },
    /// The resident's question has waited this much working time without an answer.
    Waiting { working: Duration },
}

/// The conversation as it is when the rule is evaluated.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub event: Event<'a>,
    pub channel: ChannelId,
    pub team: Option<TeamId>,
    pub labels: &'a [String],
    pub status: ConversationStatus,
    pub priority: Priority,
}

/// One reason a rule fired; only the rule's own words and settings, never the resident's
/// text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    MessageReceived,
    ConversationCreated,
    Waited { working_minutes: u32 },
    Contains { word: String },
    ChannelIs,
    TeamIs,
    HasNoTeam,
    HasLabel { label: String },
    LacksLabel { label: String },
    StatusIs { status: ConversationStatus },
    PriorityIs { priority: Priority },
}

/// Why a rule fired: the trigger's reason, then each condition's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Why(pub Vec<Reason>);

impl Why {
    /// The explanation in Dutch, as the log shows it ("bericht bevat 'paspoort'").
    pub fn describe_nl(&self) -> String {
        self.0.iter().map(reason_nl).collect::<Vec<_>>().join("; ")
    }
}

fn reason_nl(reason: &Reason) -> String {
    match reason {
        Reason::MessageReceived => "bericht ontvangen".to_owned(),
        Reason::ConversationCreated => "nieuw gesprek".to_owned(),
        Reason::Waited { working_minutes } => {
            format!("wacht {} zonder antwoord", span_nl(*working_minutes))
        }
        Reason::Contains { word } => format!("bericht bevat '{word}'"),
        Reason::ChannelIs => "kanaal klopt".to_owned(),
        Reason::TeamIs => "team klopt".to_owned(),
        Reason::HasNoTeam => "nog geen team".to_owned(),
        Reason::HasLabel { label } => format!("heeft label '{label}'"),
        Reason::LacksLabel { label } => format!("heeft geen label '{label}'"),
        Reason::StatusIs { status } => format!("status {}", status.as_str()),
        Reason::PriorityIs { priority } => format!("prioriteit {}", priority.as_str()),
    }
}

/// "2 werkuren", "90 werkminuten", "1 werkuur".
fn span_nl(minutes: u32) -> String {
    match (minutes % 60, minutes / 60) {
        (0, 1) => "1 werkuur".to_owned(),
        (0, hours) => format!("{hours} werkuren"),
        _ if minutes == 1 => "1 werkminuut".to_owned(),
        _ => format!("{minutes} werkminuten"),
    }
}

/// Whether `rule` fires on `facts`, and why; `None` when its trigger or any condition
/// does not hold. Enabled or not is the caller's business.
pub fn evaluate(rule: &RuleDefinition, facts: &Facts<'_>) -> Option<Why> {
    let mut reasons = vec![triggered(rule.trigger, facts.event)?];
    for condition in &rule.conditions {
        reasons.push(holds(condition, facts)?);
    }
    Some(Why(reasons))
}

fn triggered(trigger: Trigger, event: Event<'_>) -> Option<Reason> {
    match (trigger, event) {
        (Trigger::MessageReceived, Event::Message { .. }) => Some(Reason::MessageReceived),
        (Trigger::ConversationCreated, Event::Message { first: true, .. }) => {
            Some(Reason::ConversationCreated)
        }
        (Trigger::NoReplyWithin { working_minutes }, Event::Waiting { working })
            if working >= Duration::from_secs(u64::from(working_minutes) * 60) =>
        {
            Some(Reason::Waited { working_minutes })
        }
        _ => None,
    }
}

fn holds(condition: &Condition, facts: &Facts<'_>) -> Option<Reason> {
    let has = |label: &str| facts.labels.iter().any(|l| same_label(l, label));
    match condition {
        Condition::ContainsAny { words } => {
            let Event::Message { text, .. } = facts.event else {
                return None;
            };
            contains_any(words, text).map(|word| Reason::Contains {
                word: word.to_owned(),
            })
        }
        Condition::ChannelIs { channel } => {
            (facts.channel == *channel).then_some(Reason::ChannelIs)
        }
        Condition::TeamIs { team } => (facts.team == Some(*team)).then_some(Reason::TeamIs),
        Condition::HasNoTeam => facts.team.is_none().then_some(Reason::HasNoTeam),
        Condition::HasLabel { label } => has(label).then(|| Reason::HasLabel {
            label: label.clone(),
        }),
        Condition::LacksLabel { label } => (!has(label)).then(|| Reason::LacksLabel {
            label: label.clone(),
        }),
        Condition::StatusIs { status } => {
            (facts.status == *status).then_some(Reason::StatusIs { status: *status })
        }
        Condition::PriorityIs { priority } => {
            (facts.priority == *priority).then_some(Reason::PriorityIs {
                priority: *priority,
            })
        }
    }
}

/// Labels compare as people read them: case and surrounding spaces do not matter.
pub(crate) fn same_label(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The first of `words` found in `text`, through the Dutch analyser: the same word or stem
/// ("paspoorten" for "paspoort"), or a word of 5+ letters at the start or end of a compound
/// ("paspoortaanvraag", "reispaspoort"). A word of several words matches them in a row.
pub fn contains_any<'w>(words: &'w [String], text: &str) -> Option<&'w str> {
    let tokens = analyse(text);
    words
        .iter()
        .find(|w| {
            let wanted = analyse(w);
            !wanted.is_empty() && occurs(&wanted, &tokens)
        })
        .map(String::as_str)
}

fn occurs(wanted: &[Token], tokens: &[Token]) -> bool {
    if wanted.len() == 1 {
        return tokens.iter().any(|t| same_word(&wanted[0], t, true));
    }
    tokens
        .windows(wanted.len())
        .any(|run| wanted.iter().zip(run).all(|(w, t)| same_word(w, t, false)))
}

fn same_word(wanted: &Token, token: &Token, compounds: bool) -> bool {
    if wanted.word == token.word || wanted.stem == token.stem {
        return true;
    }
    compounds
        && wanted.word.chars().count() >= 5
        && (token.word.starts_with(&wanted.word) || token.word.ends_with(&wanted.word))
}
