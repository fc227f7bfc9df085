//! What office hours add to the automatic reply to one inbound message: the greeting when
//! it starts a conversation, and outside office hours the receipt saying when the
//! municipality will answer — once per conversation per closed period, and not when an
//! agent has just replied (they are evidently at work).

use std::time::Duration;

use loket_domain::Timestamp;
use loket_domain::time::sub;

use super::Resolved;
use crate::privacy::auto_replies::{AutoReplies, Inbound, Reason};
use crate::{Engine, EngineError};

/// The `auto_replies_sent` kind of the receipt; its period is the opening it announced.
pub(crate) const OUT_OF_HOURS: &str = "out_of_hours";

impl Engine {
    /// Add the greeting and the out-of-hours receipt that `inbound`, received at `now`,
    /// earns under its channel's office hours.
    pub(crate) async fn add_hours_replies(
        &self,
        inbound: &Inbound,
        now: Timestamp,
        replies: &mut AutoReplies,
    ) -> Result<(), EngineError> {
        if !inbound.asks_for_answer {
            return Ok(());
        }
        let Some(resolved) = self.auto_reply_policy(inbound.org, inbound.channel).await? else {
            return Ok(());
        };
        if inbound.new_conversation
            && let Some(greeting) = &resolved.policy.greeting
        {
            replies.add(Reason::Greeting, greeting.clone());
        }
        if let Some(text) = self.out_of_hours_receipt(inbound, &resolved, now).await? {
            replies.add(Reason::OutOfHours, text);
        }
        Ok(())
    }

    async fn out_of_hours_receipt(
        &self,
        inbound: &Inbound,
        resolved: &Resolved,
        now: Timestamp,
    ) -> Result<Option<String>, EngineError> {
        let hours = &resolved.hours;
        if resolved.policy.out_of_hours.is_none() || hours.is_open(now) {
            return Ok(None);
        }
        // The closed period is named by the opening that ends it.
        let (Some(opening), Some(text)) = (
            hours.next_opening(now),
            resolved.policy.receipt_text(hours, now),
        ) else {
            return Ok(None);
        };
        let (org, conversation) = (inbound.org, inbound.conversation);
        let quiet =
            Duration::from_secs(u64::from(resolved.policy.agent_replied_within_minutes) * 60);
        let last_reply = self.store().last_agent_reply_at(org, conversation).await?;
        if !quiet.is_zero() && last_reply.is_some_and(|at| at >= sub(now, quiet)) {
            return Ok(None);
        }
        let first = self
            .store()
            .claim_auto_reply(org, conversation, OUT_OF_HOURS, opening, now)
            .await?;
        Ok(first.then_some(text))
    }
}
