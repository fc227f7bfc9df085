//! WhatsApp's 24-hour customer service window: free-form replies are allowed for 24 hours
//! after the resident's last message; after that only approved templates.

use serde::{Deserialize, Serialize};
use std::time::Duration;

use crate::time::{Timestamp, add};

pub const SERVICE_WINDOW: Duration = Duration::from_secs(24 * 3600);

/// How long Meta keeps redelivering a webhook it could not hand over: a message's own
/// timestamp can honestly be this much older than its receipt, and no more.
pub const MAX_REDELIVERY_DELAY: Duration = Duration::from_secs(7 * 24 * 3600);

/// When a resident's message opened the window. The provider's timestamp is the sender's
/// clock, so it counts only when plausible: not after we received the message, and not
/// further before than Meta's redelivery allows. Otherwise (a timestamp in the future,
/// missing or garbage: 1970) the time of receipt counts.
pub fn window_opened_at(sent_at: Timestamp, received_at: Timestamp) -> Timestamp {
    let earliest = crate::time::sub(received_at, MAX_REDELIVERY_DELAY);
    if sent_at <= received_at && sent_at >= earliest {
        sent_at
    } else {
        received_at
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum WindowState {
    /// Free-form replies are allowed until `closes_at`.
    Open { closes_at: Timestamp },
    /// The window closed at `closed_at`: only templates can be sent.
    Closed { closed_at: Timestamp },
    /// The resident never wrote: only templates can be sent.
    NeverOpened,
}

impl WindowState {
    /// The window as it stands at `now`, given the resident's last inbound message.
    pub fn at(last_inbound: Option<Timestamp>, now: Timestamp) -> Self {
        match last_inbound {
            None => Self::NeverOpened,
            Some(last) => {
                let closes_at = add(last, SERVICE_WINDOW);
                if now < closes_at {
                    Self::Open { closes_at }
                } else {
                    Self::Closed {
                        closed_at: closes_at,
                    }
                }
            }
        }
    }

    pub fn is_open(&self) -> bool {
        matches!(self, Self::Open { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(s).unwrap()
    }

    #[test]
    fn the_window_is_open_for_24_hours_after_the_last_inbound_message() {
        let last = 1_750_000_000;
        assert_eq!(
            WindowState::at(Some(at(last)), at(last + 86_399)),
            WindowState::Open {
                closes_at: at(last + 86_400)
            }
        );
        assert_eq!(
            WindowState::at(Some(at(last)), at(last + 86_400)),
            WindowState::Closed {
                closed_at: at(last + 86_400)
            }
        );
    }

    #[test]
    fn a_plausible_provider_timestamp_opens_the_window() {
        let received = at(1_750_000_000);
        assert_eq!(window_opened_at(received, received), received);
        let late = at(1_750_000_000 - 7 * 86_400);
        assert_eq!(
            window_opened_at(late, received),
            late,
            "redelivered after 7 days"
        );
    }

    #[test]
    fn an_implausible_provider_timestamp_is_replaced_by_the_time_of_receipt() {
        let received = at(1_750_000_000);
        for sent in [
            at(99_999_999_999),
            at(1_750_000_001),
            at(1_750_000_000 - 7 * 86_400 - 1),
            Timestamp::UNIX_EPOCH,
        ] {
            assert_eq!(window_opened_at(sent, received), received, "{sent}");
        }
    }

    #[test]
    fn without_an_inbound_message_the_window_never_opened() {
        assert_eq!(WindowState::at(None, at(1)), WindowState::NeverOpened);
        assert!(!WindowState::NeverOpened.is_open());
    }
}
