//! The next-working-morning follow-up: a resident who wrote while nobody answered, and
//! whose 24-hour window has since expired, can only be reached with an approved template.
//! On each working morning the worker sends the configured one ("Heeft je vraag nog
//! antwoord nodig?") through the outbox, once per conversation.
//!
//! Which conversations: unresolved, no agent or bot reply since the resident's last
//! message, and the window expired between the previous working day's first opening and
//! today's — so each morning covers the stretch since the one before, and nothing older
//! is dug up (a first start does not message every old conversation).

use std::time::Duration;

use loket_domain::hours::FollowUpTemplate;
use loket_domain::message::SenderKind;
use loket_domain::outbound::TemplateMessage;
use loket_domain::time::sub;
use loket_domain::window::SERVICE_WINDOW;
use loket_domain::{ChannelId, OrgId, Timestamp};

use crate::outbound::{Outgoing, SendRequest};
use crate::{Engine, EngineError};

/// The `auto_replies_sent` kind of the follow-up (period: none, once per conversation).
pub const FOLLOW_UP: &str = "follow_up";

/// How often the worker looks (an indexed read per channel with a template configured).
pub const FOLLOW_UP_EVERY: Duration = Duration::from_secs(300);

/// Most conversations one sweep follows up per channel; the next sweep takes the rest.
const BATCH: u32 = 200;

impl Engine {
    /// Send the follow-up template where it is due now; returns how many were queued.
    pub async fn send_follow_ups(&self) -> Result<usize, EngineError> {
        let now = self.clock().now();
        let mut sent = 0;
        for org in self.store().organisations_with_office_hours().await? {
            for channel in self.store().list_channels(org).await? {
                if channel.enabled {
                    sent += self.follow_up_channel(org, channel.id, now).await?;
                }
            }
        }
        Ok(sent)
    }

    async fn follow_up_channel(
        &self,
        org: OrgId,
        channel: ChannelId,
        now: Timestamp,
    ) -> Result<usize, EngineError> {
        let Some(resolved) = self.auto_reply_policy(org, channel).await? else {
            return Ok(0);
        };
        let Some(template) = &resolved.policy.follow_up else {
            return Ok(0);
        };
        let hours = &resolved.hours;
        let (Some(morning), Some(before)) = (
            hours.day_opened_at(now).filter(|_| hours.is_open(now)),
            hours.previous_day_opened_at(now),
        ) else {
            return Ok(0);
        };
        // A window expired in [before, morning) when its last message came a window earlier.
        let due = self
            .store()
            .list_unanswered(
                org,
                channel,
                sub(before, SERVICE_WINDOW),
                sub(morning, SERVICE_WINDOW),
                FOLLOW_UP,
                BATCH,
            )
            .await?;
        let mut sent = 0;
        for waiting in due {
            let conversation = waiting.conversation;
            let claimed = self
                .store()
                .claim_auto_reply(org, conversation, FOLLOW_UP, Timestamp::UNIX_EPOCH, now)
                .await?;
            if !claimed {
                continue;
            }
            // Claimed first, so two workers never both send; a refused send is logged and
            // not tried again (a wrong template name would otherwise repeat every sweep).
            match self
                .send_message(org, conversation, follow_up(template))
                .await
            {
                Ok(_) => sent += 1,
                Err(e) => tracing::warn!(
                    %conversation, template = %template.name, error = %e,
                    "the follow-up template was not sent"
                ),
            }
        }
        if sent > 0 {
            tracing::info!(%org, %channel, sent, "follow-up templates queued");
            metrics::counter!("loket_follow_ups_total").increment(sent as u64);
        }
        Ok(sent)
    }
}

fn follow_up(template: &FollowUpTemplate) -> SendRequest {
    SendRequest {
        outgoing: Outgoing::Template(TemplateMessage {
            name: template.name.clone(),
            language: template.language.clone(),
            parameters: Default::default(),
            header_media: None,
            buttons: Vec::new(),
            rendered: None,
        }),
        // Automatic, like the receipt: the resident is still waiting for a person.
        sender: SenderKind::System,
        reply_to: None,
        confirm_personal_data: false,
    }
}
