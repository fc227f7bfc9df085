//! Automatic replies to one inbound message. Several rules may want to answer the same
//! message (the privacy notice now; out-of-hours and receipt bots later): the resident gets
//! ONE message combining them, privacy first, instead of a burst of messages.

use loket_domain::message::SenderKind;
use loket_domain::{ConversationId, MessageId, OrgId};

use crate::outbound::{Outgoing, SendRequest};
use crate::{Engine, EngineError};

/// Why Loket answers by itself. The order here is the order in the combined message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// Personal data was removed from the conversation (the notice).
    Privacy,
    /// The organisation is closed (not built yet).
    OutOfHours,
    /// A receipt ("we got your message"; not built yet).
    Receipt,
}

/// The automatic replies gathered for one inbound message.
#[derive(Debug, Clone)]
pub struct AutoReplies {
    pub org: OrgId,
    pub conversation: ConversationId,
    parts: Vec<(Reason, String)>,
}

impl AutoReplies {
    pub fn new(org: OrgId, conversation: ConversationId) -> Self {
        Self {
            org,
            conversation,
            parts: Vec::new(),
        }
    }

    /// Add a reply for `reason`; the first one given for a reason counts, blank text none.
    pub fn add(&mut self, reason: Reason, text: impl Into<String>) {
        let text = text.into();
        let text = text.trim();
        if text.is_empty() || self.parts.iter().any(|(r, _)| *r == reason) {
            return;
        }
        self.parts.push((reason, text.to_owned()));
    }

    /// The one message the resident gets: every reply, privacy first, a blank line apart.
    pub fn combined(&self) -> Option<String> {
        let mut parts: Vec<&(Reason, String)> = self.parts.iter().collect();
        parts.sort_by_key(|(reason, _)| *reason);
        let text = parts
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        (!text.is_empty()).then_some(text)
    }
}

impl Engine {
    /// Queue the combined automatic reply through the outbox, like any reply (the window
    /// rule included). Nothing to say: nothing sent.
    pub async fn send_auto_replies(
        &self,
        replies: &AutoReplies,
    ) -> Result<Option<MessageId>, EngineError> {
        let Some(text) = replies.combined() else {
            return Ok(None);
        };
        let request = SendRequest {
            outgoing: Outgoing::Text {
                body: text,
                preview_url: false,
            },
            sender: SenderKind::Bot,
            reply_to: None,
            confirm_personal_data: false,
        };
        let sent = self
            .send_message(replies.org, replies.conversation, request)
            .await?;
        metrics::counter!("loket_auto_replies_total").increment(1);
        Ok(sent.first().map(|m| m.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use loket_domain::Timestamp;

    fn replies() -> AutoReplies {
        let at = Timestamp::from_second(1_750_000_000).unwrap();
        AutoReplies::new(OrgId::new_at(at), ConversationId::new_at(at))
    }

    #[test]
    fn several_replies_become_one_message_with_privacy_first() {
        let mut r = replies();
        r.add(Reason::Receipt, "We hebben je bericht ontvangen.");
        r.add(Reason::OutOfHours, "We zijn nu gesloten.");
        r.add(Reason::Privacy, "Deel je BSN liever niet via WhatsApp.");
        assert_eq!(
            r.combined().unwrap(),
            "Deel je BSN liever niet via WhatsApp.\n\nWe zijn nu gesloten.\n\nWe hebben je bericht ontvangen."
        );
    }

    #[test]
    fn one_reply_per_reason_and_nothing_to_say_sends_nothing() {
        let mut r = replies();
        assert_eq!(r.combined(), None);
        r.add(Reason::Privacy, "  ");
        assert_eq!(r.combined(), None);
        r.add(Reason::Privacy, "Eerste");
        r.add(Reason::Privacy, "Tweede");
        assert_eq!(r.combined().unwrap(), "Eerste");
    }
}
