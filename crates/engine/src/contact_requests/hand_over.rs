//! One click from the conversation's side panel: a press question to Communicatie or a
//! signal to the newsroom, as a contactverzoek of that kind to the configured team, with
//! the resident's last question as its question and their name and number as contact.

use loket_domain::contact_requests::{Draft, Kind, MAX_TEXT_CHARS};
use loket_domain::message::{Content, Direction};
use loket_domain::{ConversationId, OrgId, TeamId, UserId};

use super::{Addressee, Created};
use crate::{Engine, EngineError};

/// The question when the resident wrote no text (only a photo, a location): the request
/// points at the conversation instead.
pub const NO_TEXT_QUESTION: &str = "Zie het gesprek.";

impl Engine {
    /// The team a one-click `kind` goes to; `None`: not configured (no button).
    pub fn hand_over_team(&self, org: OrgId, kind: Kind) -> Option<TeamId> {
        let settings = self.contact_request_settings(org);
        match kind {
            Kind::Persvraag => settings.press_team,
            Kind::Signaal => settings.signal_team,
            Kind::Vraag => None,
        }
    }

    /// Hand `conversation` over in one click as a `kind` request (`persvraag`, `signaal`)
    /// to its configured team. `NotFound` when that kind is not configured for `org` (or
    /// the conversation is not `org`'s).
    pub async fn hand_over(
        &self,
        org: OrgId,
        conversation: ConversationId,
        by: UserId,
        kind: Kind,
    ) -> Result<Created, EngineError> {
        let team = self
            .hand_over_team(org, kind)
            .ok_or(EngineError::NotFound)?;
        let resident = self.resident(org, conversation).await?;
        let messages = self.store().list_messages(org, conversation).await?;
        let question = (messages.iter().rev())
            .filter(|m| m.direction == Direction::Inbound)
            .find_map(|m| match &m.content {
                Content::Text { body } if !body.trim().is_empty() => Some(body.clone()),
                _ => None,
            })
            .map(|q| q.chars().take(MAX_TEXT_CHARS).collect())
            .unwrap_or_else(|| NO_TEXT_QUESTION.to_owned());
        let mut contact = Vec::new();
        if let Some(name) = &resident.contact.display_name {
            contact.push(name.clone());
        }
        if let Some(wa_id) = &resident.contact.identity.wa_id {
            contact.push(format!("+{wa_id}"));
        }
        let draft = Draft {
            question,
            contact_details: contact.join(", "),
            internal_note: String::new(),
            extra: Vec::new(),
        };
        let to = Addressee {
            team: Some(team),
            assignee: None,
        };
        self.create_of_kind(org, conversation, by, to, &draft, kind)
            .await
    }
}
