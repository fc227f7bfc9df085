//! Automation rules (issue 12, point 7): when something happens to a conversation (a
//! resident's message, a new conversation, a question waiting too long in working time)
//! and every condition holds, the rule's actions run. Pure: the engine gathers the
//! [`Facts`], asks [`evaluate`], and applies the actions through its own operations.
//!
//! The explanation ([`Why`]) names only the rule's own words and settings, never the
//! resident's text, so the log can be shown and kept without holding what residents wrote.

mod check;
mod evaluate;
#[cfg(test)]
mod tests;

pub use check::{
    MAX_ACTIONS, MAX_CONDITIONS, MAX_NAME_CHARS, MAX_RULES, MAX_WAIT_MINUTES, MAX_WORD_CHARS,
    MAX_WORDS, check_rule,
};
pub use evaluate::{Event, Facts, Reason, Why, contains_any, evaluate};

use serde::{Deserialize, Serialize};

use crate::conversation::{ConversationStatus, Priority};
use crate::{ChannelId, TeamId, UserId};

/// What a rule waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Trigger {
    /// A resident's inbound message (every one, the first included).
    MessageReceived,
    /// The first message of a new conversation.
    ConversationCreated,
    /// The resident's question (`waiting_since`) has waited this long in the channel's
    /// office hours without an agent's or bot's answer; once per waiting stretch.
    NoReplyWithin { working_minutes: u32 },
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MessageReceived => "message_received",
            Self::ConversationCreated => "conversation_created",
            Self::NoReplyWithin { .. } => "no_reply_within",
        }
    }

    /// Whether the rule is about a message (its words can be matched).
    pub fn has_message(self) -> bool {
        !matches!(self, Self::NoReplyWithin { .. })
    }
}

/// One condition; a rule's conditions must all hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Condition {
    /// The message holds any of these words (matched by the Dutch analyser: case,
    /// accents and inflections do not matter; a known word inside a compound counts).
    ContainsAny {
        words: Vec<String>,
    },
    ChannelIs {
        channel: ChannelId,
    },
    TeamIs {
        team: TeamId,
    },
    HasNoTeam,
    HasLabel {
        label: String,
    },
    LacksLabel {
        label: String,
    },
    StatusIs {
        status: ConversationStatus,
    },
    PriorityIs {
        priority: Priority,
    },
}

/// One action, applied through the engine's own operations (recorded and published like a
/// colleague's change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    AddLabel {
        label: String,
    },
    SetTeam {
        team: TeamId,
    },
    SetPriority {
        priority: Priority,
    },
    AssignTo {
        user: UserId,
    },
    /// To the team lead, with the meaning of the SLA escalation.
    Escalate,
}

impl Action {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::AddLabel { .. } => "add_label",
            Self::SetTeam { .. } => "set_team",
            Self::SetPriority { .. } => "set_priority",
            Self::AssignTo { .. } => "assign_to",
            Self::Escalate => "escalate",
        }
    }
}

/// What a rule does, stored as JSON (the name and the on/off switch are columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDefinition {
    pub trigger: Trigger,
    #[serde(default)]
    pub conditions: Vec<Condition>,
    pub actions: Vec<Action>,
}

/// A rule as an admin writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub name: String,
    pub enabled: bool,
    pub definition: RuleDefinition,
}
