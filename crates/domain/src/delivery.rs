//! Delivery status of outbound messages: it only moves forward; `failed` is terminal.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Committed to the outbox, not yet accepted by the provider.
    Queued,
    /// The send's outcome is unknown (e.g. a timeout after the request left).
    Uncertain,
    Sent,
    Delivered,
    Read,
    /// First playback of a voice message.
    Played,
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Uncertain => "uncertain",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Played => "played",
            Self::Failed => "failed",
        }
    }

    /// Position in the forward order queued < uncertain < sent < delivered < read < played.
    fn rank(self) -> u8 {
        match self {
            Self::Queued => 0,
            Self::Uncertain => 1,
            Self::Sent => 2,
            Self::Delivered => 3,
            Self::Read => 4,
            Self::Played => 5,
            Self::Failed => u8::MAX,
        }
    }

    /// The status after `next` is reported, or `None` when `next` would move it backwards
    /// (or out of the terminal `failed`).
    pub fn advance(self, next: DeliveryStatus) -> Option<DeliveryStatus> {
        if self == Self::Failed {
            return None;
        }
        if next == Self::Failed || next.rank() > self.rank() {
            Some(next)
        } else {
            None
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown delivery status {0:?}")]
pub struct UnknownDeliveryStatus(pub String);

impl FromStr for DeliveryStatus {
    type Err = UnknownDeliveryStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "queued" => Self::Queued,
            "uncertain" => Self::Uncertain,
            "sent" => Self::Sent,
            "delivered" => Self::Delivered,
            "read" => Self::Read,
            "played" => Self::Played,
            "failed" => Self::Failed,
            other => return Err(UnknownDeliveryStatus(other.to_owned())),
        })
    }
}

/// An error reported by the provider, kept verbatim with its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderError {
    pub code: i64,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
}

/// What a status webhook says about a message's price (`pricing`): the model, whether it
/// was free and why (`type`: `regular`, `free_customer_service`, `free_entry_point`) and
/// its category (`service`, `utility`, `marketing`, `authentication`…). Meta sends no
/// amount: cost reports multiply these by a rate card. Any field may be missing;
/// `billable` is being deprecated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pricing {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing_model: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billable: Option<bool>,
}

impl Pricing {
    /// Whether it says anything at all.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::DeliveryStatus::*;

    #[test]
    fn statuses_move_forward_and_skip_steps() {
        assert_eq!(Sent.advance(Delivered), Some(Delivered));
        assert_eq!(Sent.advance(Read), Some(Read));
        assert_eq!(Read.advance(Played), Some(Played));
        assert_eq!(Queued.advance(Sent), Some(Sent));
    }

    #[test]
    fn statuses_never_move_backwards_or_repeat() {
        assert_eq!(Read.advance(Delivered), None);
        assert_eq!(Delivered.advance(Sent), None);
        assert_eq!(Delivered.advance(Delivered), None);
    }

    #[test]
    fn failed_is_terminal_and_reachable_from_anywhere() {
        assert_eq!(Read.advance(Failed), Some(Failed));
        for next in [Sent, Delivered, Read, Played, Failed] {
            assert_eq!(Failed.advance(next), None);
        }
    }
}
