//! Conversations: their states, and which conversation a resident's new message joins.

use serde::{Deserialize, Serialize};
use std::str::FromStr;
use std::time::Duration;

use crate::time::{Timestamp, add};

/// Default time after resolution within which a new message reopens the conversation.
pub const DEFAULT_REOPEN_WITHIN: Duration = Duration::from_secs(72 * 3600);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    Open,
    Pending,
    Snoozed,
    Resolved,
}

impl ConversationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Pending => "pending",
            Self::Snoozed => "snoozed",
            Self::Resolved => "resolved",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown conversation status {0:?} (expected open, pending, snoozed or resolved)")]
pub struct UnknownStatus(pub String);

impl FromStr for ConversationStatus {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "open" => Self::Open,
            "pending" => Self::Pending,
            "snoozed" => Self::Snoozed,
            "resolved" => Self::Resolved,
            other => return Err(UnknownStatus(other.to_owned())),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
            Self::Urgent => "urgent",
        }
    }
}

impl FromStr for Priority {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "low" => Self::Low,
            "normal" => Self::Normal,
            "high" => Self::High,
            "urgent" => Self::Urgent,
            other => return Err(UnknownStatus(other.to_owned())),
        })
    }
}

/// The resident's latest conversation on a channel, as far as the routing rule needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatestConversation<Id> {
    pub id: Id,
    pub status: ConversationStatus,
    pub resolved_at: Option<Timestamp>,
}

/// Where a resident's new message goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routing<Id> {
    /// The conversation is still active (open, pending, snoozed): add to it.
    Continue(Id),
    /// Resolved recently: reopen it.
    Reopen(Id),
    /// Nothing to continue: start a new conversation.
    New,
}

/// The rule: a new message reopens the last conversation if it was resolved less than
/// `reopen_within` ago, otherwise it starts a new one.
pub fn route_inbound<Id: Copy>(
    latest: Option<LatestConversation<Id>>,
    now: Timestamp,
    reopen_within: Duration,
) -> Routing<Id> {
    let Some(latest) = latest else {
        return Routing::New;
    };
    if latest.status != ConversationStatus::Resolved {
        return Routing::Continue(latest.id);
    }
    match latest.resolved_at {
        Some(resolved_at) if add(resolved_at, reopen_within) > now => Routing::Reopen(latest.id),
        _ => Routing::New,
    }
}

/// Facts about a conversation, stored with their time so reports can be computed later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConversationEventKind {
    Created,
    Reopened,
    StatusChanged {
        from: ConversationStatus,
        to: ConversationStatus,
    },
    Assigned {
        assignee: Option<String>,
    },
    TeamChanged {
        team: Option<String>,
    },
    LabelAdded {
        label: String,
    },
    LabelRemoved {
        label: String,
    },
    PriorityChanged {
        priority: Priority,
    },
    FirstResponse,
    InboundMessage,
    OutboundMessage,
    /// Migration 0009: `assignee` and `team` became a user id and a team id; the free text
    /// a conversation had before was cleared, and is kept here.
    AssignmentCleared {
        assignee: Option<String>,
        team: Option<String>,
    },
    /// Snoozed until `until` (then, or at the resident's next message, it opens again).
    Snoozed {
        until: Timestamp,
    },
    /// The resident edited one of the conversation's messages (it shows the new text;
    /// the original stays kept).
    MessageEdited {
        message_id: crate::MessageId,
    },
    /// An agent (`by`, a user id) blocked the resident: their messages are kept but open,
    /// reopen or wake no conversation until they are unblocked.
    ResidentBlocked {
        by: Option<String>,
    },
    ResidentUnblocked {
        by: Option<String>,
    },
    /// Retention (issue 10): a legal hold keeps the conversation and its resident's data
    /// (`by`: a user id, or `api` for an integration's token); the reason is not repeated
    /// here, it stays with the hold.
    LegalHoldSet {
        by: Option<String>,
    },
    LegalHoldLifted {
        by: Option<String>,
    },
    /// Marked for transfer to the case system (kept until transferred), or the mark taken off.
    TransferRequired {
        by: Option<String>,
    },
    TransferCancelled {
        by: Option<String>,
    },
    /// Recorded as transferred to the case system.
    Transferred {
        by: Option<String>,
    },
}

impl ConversationEventKind {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Reopened => "reopened",
            Self::StatusChanged { .. } => "status_changed",
            Self::Assigned { .. } => "assigned",
            Self::TeamChanged { .. } => "team_changed",
            Self::LabelAdded { .. } => "label_added",
            Self::LabelRemoved { .. } => "label_removed",
            Self::PriorityChanged { .. } => "priority_changed",
            Self::FirstResponse => "first_response",
            Self::InboundMessage => "inbound_message",
            Self::OutboundMessage => "outbound_message",
            Self::AssignmentCleared { .. } => "assignment_cleared",
            Self::Snoozed { .. } => "snoozed",
            Self::MessageEdited { .. } => "message_edited",
            Self::ResidentBlocked { .. } => "resident_blocked",
            Self::ResidentUnblocked { .. } => "resident_unblocked",
            Self::LegalHoldSet { .. } => "legal_hold_set",
            Self::LegalHoldLifted { .. } => "legal_hold_lifted",
            Self::TransferRequired { .. } => "transfer_required",
            Self::TransferCancelled { .. } => "transfer_cancelled",
            Self::Transferred { .. } => "transferred",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(s).unwrap()
    }

    fn latest(
        status: ConversationStatus,
        resolved_at: Option<i64>,
    ) -> Option<LatestConversation<u32>> {
        Some(LatestConversation {
            id: 7,
            status,
            resolved_at: resolved_at.map(at),
        })
    }

    #[test]
    fn a_first_message_starts_a_new_conversation() {
        assert_eq!(
            route_inbound::<u32>(None, at(1000), DEFAULT_REOPEN_WITHIN),
            Routing::New
        );
    }

    #[test]
    fn a_message_joins_an_active_conversation_whatever_its_state() {
        for status in [
            ConversationStatus::Open,
            ConversationStatus::Pending,
            ConversationStatus::Snoozed,
        ] {
            assert_eq!(
                route_inbound(latest(status, None), at(1000), DEFAULT_REOPEN_WITHIN),
                Routing::Continue(7)
            );
        }
    }

    #[test]
    fn a_message_within_72_hours_of_resolution_reopens_the_conversation() {
        let resolved = 1_000_000;
        let now = resolved + 72 * 3600 - 1;
        let got = route_inbound(
            latest(ConversationStatus::Resolved, Some(resolved)),
            at(now),
            DEFAULT_REOPEN_WITHIN,
        );
        assert_eq!(got, Routing::Reopen(7));
    }

    #[test]
    fn a_message_72_hours_or_more_after_resolution_starts_a_new_conversation() {
        let resolved = 1_000_000;
        let now = resolved + 72 * 3600;
        let got = route_inbound(
            latest(ConversationStatus::Resolved, Some(resolved)),
            at(now),
            DEFAULT_REOPEN_WITHIN,
        );
        assert_eq!(got, Routing::New);
    }

    #[test]
    fn the_reopen_window_is_configurable() {
        let got = route_inbound(
            latest(ConversationStatus::Resolved, Some(1000)),
            at(1000 + 3601),
            Duration::from_secs(3600),
        );
        assert_eq!(got, Routing::New);
    }
}
