//! Automatic replies to one inbound message. Several rules may want to answer the same
//! message (the privacy notice, the greeting, the out-of-hours receipt): the resident gets
//! ONE message combining them, privacy first, instead of a burst of messages.
//!
//! They are sent as `SenderKind::System`: an automatic message is no answer, so the
//! conversation keeps waiting for a person (queue, unread count) and no first response is
//! recorded for SLA figures.

use std::collections::HashMap;

use loket_domain::message::SenderKind;
use loket_domain::{ChannelId, ConversationId, MessageId, OrgId, Timestamp, privacy, queue};
use loket_store::{ConversationChange, IngestItem, IngestOutcome, IngestRequest, ItemOutcome};

use crate::outbound::{Outgoing, SendRequest};
use crate::{Engine, EngineError};

/// Why Loket answers by itself. The order here is the order in the combined message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// Personal data was removed from the conversation (the notice).
    Privacy,
    /// The first message of a new conversation (office hours' greeting).
    Greeting,
    /// The organisation is closed: when it will answer (office hours' receipt).
    OutOfHours,
    /// A receipt during office hours ("we got your message"; not built yet).
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
            sender: SenderKind::System,
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

/// A new resident message, as the automatic replies need to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inbound {
    pub org: OrgId,
    pub channel: ChannelId,
    pub conversation: ConversationId,
    /// It started the conversation (not a reopened or continued one).
    pub new_conversation: bool,
    /// A BSN or IBAN of the resident was masked in it (issue 10).
    pub privacy_notice: bool,
    /// It asks for an answer (not a reaction, an edit or a revocation).
    pub asks_for_answer: bool,
}

/// What the requests' messages are, by the id ingestion gave them, before the commit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prepared {
    channel: ChannelId,
    privacy_notice: bool,
    asks_for_answer: bool,
}

pub(crate) fn prepare(requests: &[IngestRequest]) -> HashMap<MessageId, Prepared> {
    let mut prepared = HashMap::new();
    for request in requests {
        for item in &request.items {
            if let IngestItem::Message {
                message_id,
                channel_id,
                message,
                findings,
                ..
            } = item
            {
                let entry = Prepared {
                    channel: *channel_id,
                    privacy_notice: privacy::masking::earns_notice(findings),
                    asks_for_answer: queue::asks_for_answer(&message.content),
                };
                prepared.insert(*message_id, entry);
            }
        }
    }
    prepared
}

/// The new (not duplicate) messages of a committed request: a delivery that arrives twice
/// earns one automatic reply.
pub(crate) fn new_inbound(
    outcome: &IngestOutcome,
    prepared: &HashMap<MessageId, Prepared>,
) -> Vec<Inbound> {
    outcome
        .items
        .iter()
        .filter_map(|item| match item {
            ItemOutcome::MessageCreated {
                org_id,
                message_id,
                conversation_id,
                change,
            } => prepared.get(message_id).map(|p| Inbound {
                org: *org_id,
                channel: p.channel,
                conversation: *conversation_id,
                new_conversation: *change == ConversationChange::Created,
                privacy_notice: p.privacy_notice,
                asks_for_answer: p.asks_for_answer,
            }),
            _ => None,
        })
        .collect()
}

impl Engine {
    /// Queue each new message's automatic reply, received at `now`. A failure is logged
    /// (without content): the message itself is stored and masked either way.
    pub(crate) async fn answer_automatically(&self, inbound: Vec<Inbound>, now: Timestamp) {
        for message in inbound {
            let conversation = message.conversation;
            let result = async {
                let mut replies = AutoReplies::new(message.org, conversation);
                if message.privacy_notice {
                    let policy = self.privacy_policy(message.org).await?;
                    replies.add(Reason::Privacy, policy.notice.clone());
                }
                self.add_hours_replies(&message, now, &mut replies).await?;
                self.send_auto_replies(&replies).await
            }
            .await;
            match result {
                Ok(Some(_)) => tracing::debug!(%conversation, "automatic reply queued"),
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(%conversation, error = %e, "the automatic reply was not sent")
                }
            }
        }
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
