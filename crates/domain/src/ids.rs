//! Identifiers: UUIDv7 newtypes, so ids sort by creation time and cannot be mixed up.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

use crate::time::Timestamp;

/// Error for a string that is not a valid id.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not a valid id: {0:?}")]
pub struct InvalidId(pub String);

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new id whose time part is `at` (a UUIDv7; the rest is random).
            pub fn new_at(at: Timestamp) -> Self {
                Self(new_v7(at))
            }
            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, InvalidId> {
                Uuid::parse_str(s).map(Self).map_err(|_| InvalidId(s.to_owned()))
            }
        }
    };
}

/// Ids made in the same millisecond still sort in the order they were made (a counter in
/// the context), so "ordered by time, then id" is creation order.
fn new_v7(at: Timestamp) -> Uuid {
    static CONTEXT: std::sync::Mutex<uuid::ContextV7> =
        std::sync::Mutex::new(uuid::ContextV7::new());
    let secs = at.as_second().max(0) as u64;
    let nanos = at.subsec_nanosecond().max(0) as u32;
    let context = CONTEXT.lock().unwrap_or_else(|e| e.into_inner());
    Uuid::new_v7(uuid::Timestamp::from_unix(&*context, secs, nanos))
}

id_type!(/// A municipality (tenant).
    OrgId);
id_type!(/// A channel: one WhatsApp number, one web-chat widget, one mailbox…
    ChannelId);
id_type!(/// A resident as known to one organisation.
    ContactId);
id_type!(/// A conversation with a resident on one channel.
    ConversationId);
id_type!(/// A message in a conversation, inbound or outbound.
    MessageId);
id_type!(/// A background job.
    JobId);
id_type!(/// A stored fact (conversation event, unrouted webhook…).
    EventId);
id_type!(/// A person who signs in (an agent, team lead, admin or operator).
    UserId);
id_type!(/// A team of one organisation.
    TeamId);
id_type!(/// An internal note agents leave on a conversation (never sent to the resident).
    NoteId);
id_type!(/// A contactverzoek: a resident's question handed to a team or colleague (issue 12).
    ContactRequestId);
id_type!(/// A saved reply (snel antwoord) of one organisation.
    SavedReplyId);
id_type!(/// A knowledge-base article (kennisbankartikel) of one organisation.
    KbArticleId);
id_type!(/// An agent's feedback on a knowledge-base article.
    KbFeedbackId);
id_type!(/// One wrap-up of a conversation's resolution (issue 12 point 8).
    WrapUpId);
id_type!(/// An automation rule of one organisation (issue 12 point 7).
    AutomationRuleId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_created_later_sort_after_earlier_ones() {
        let a = MessageId::new_at(Timestamp::from_second(1_700_000_000).unwrap());
        let b = MessageId::new_at(Timestamp::from_second(1_700_000_001).unwrap());
        assert!(a < b);
    }

    #[test]
    fn ids_made_at_the_same_instant_sort_in_creation_order() {
        let at = Timestamp::from_second(1_700_000_000).unwrap();
        let ids: Vec<EventId> = (0..200).map(|_| EventId::new_at(at)).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
    }

    #[test]
    fn an_id_round_trips_through_its_text_form() {
        let id = ConversationId::new_at(Timestamp::from_second(1_700_000_000).unwrap());
        assert_eq!(id.to_string().parse::<ConversationId>().unwrap(), id);
        assert!("not-a-uuid".parse::<ConversationId>().is_err());
    }
}
