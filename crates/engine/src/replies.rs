//! Saved replies (snelle antwoorden): the organisation's texts with `{{variables}}`, kept
//! by the functional admins (pages and API) and filled by the composer for one
//! conversation. The rules are the domain's (`loket_domain::replies`); here they meet the
//! store, the organisation's teams and the conversation's resident.

use loket_domain::replies::{self, Filled, Variables};
use loket_domain::{ConversationId, OrgId, SavedReplyId, TeamId, UserId};
use loket_store::SavedReply;

use crate::{Engine, EngineError};

/// The conflict's text when a shortcut is taken (the pages map it to their message).
pub const DUPLICATE_SHORTCUT: &str = "this shortcut is already used in this organisation";

/// Most replies the composer's picker offers at once.
pub const PICKER_LIMIT: usize = 20;

/// `{{openingstijden}}` per organisation slug (`[organisation] opening_hours_text`), until
/// office hours arrive (issue 12).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpeningHours(pub Vec<(String, String)>);

impl OpeningHours {
    fn of(&self, slug: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(s, _)| s == slug)
            .map(|(_, text)| text.clone())
    }
}

/// A change to a saved reply; `None` leaves a field as it is (`team: Some(None)` clears it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavedReplyPatch {
    pub shortcut: Option<String>,
    pub title: Option<String>,
    pub text: Option<String>,
    pub team: Option<Option<TeamId>>,
}

/// A saved reply filled for one conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct FilledReply {
    pub reply: SavedReply,
    pub filled: Filled,
}

impl Engine {
    /// Every problem at once (shortcut form, lengths, unknown variables, a team that is
    /// not one of the organisation's); a taken shortcut is a `Conflict`
    /// ([`DUPLICATE_SHORTCUT`]).
    pub async fn create_saved_reply(
        &self,
        org: OrgId,
        shortcut: &str,
        title: &str,
        text: &str,
        team: Option<TeamId>,
    ) -> Result<SavedReply, EngineError> {
        let now = self.clock().now();
        let reply = SavedReply {
            id: SavedReplyId::new_at(now),
            org_id: org,
            shortcut: String::new(),
            title: String::new(),
            body: String::new(),
            team_id: team,
            created_at: now,
            updated_at: now,
        };
        let reply = self.checked(reply, shortcut, title, text).await?;
        self.store()
            .insert_saved_reply(&reply)
            .await
            .map_err(duplicate)?;
        Ok(reply)
    }

    /// Apply `patch` to the organisation's reply `id` (another organisation's: `NotFound`).
    pub async fn update_saved_reply(
        &self,
        org: OrgId,
        id: SavedReplyId,
        patch: &SavedReplyPatch,
    ) -> Result<SavedReply, EngineError> {
        let mut reply = self.store().get_saved_reply(org, id).await?;
        let shortcut = patch.shortcut.clone().unwrap_or(reply.shortcut.clone());
        let title = patch.title.clone().unwrap_or(reply.title.clone());
        let text = patch.text.clone().unwrap_or(reply.body.clone());
        if let Some(team) = patch.team {
            reply.team_id = team;
        }
        reply.updated_at = self.clock().now();
        let reply = self.checked(reply, &shortcut, &title, &text).await?;
        self.store()
            .update_saved_reply(&reply)
            .await
            .map_err(duplicate)?;
        Ok(reply)
    }

    pub async fn delete_saved_reply(
        &self,
        org: OrgId,
        id: SavedReplyId,
    ) -> Result<(), EngineError> {
        Ok(self.store().delete_saved_reply(org, id).await?)
    }

    pub async fn get_saved_reply(
        &self,
        org: OrgId,
        id: SavedReplyId,
    ) -> Result<SavedReply, EngineError> {
        Ok(self.store().get_saved_reply(org, id).await?)
    }

    /// The organisation's replies matching `query` (shortcut start or title words; empty:
    /// all), by shortcut; with `for_user`, the replies of that user's teams first.
    pub async fn list_saved_replies(
        &self,
        org: OrgId,
        for_user: Option<UserId>,
        query: &str,
    ) -> Result<Vec<SavedReply>, EngineError> {
        let all = self.store().list_saved_replies(org, for_user).await?;
        Ok(all
            .into_iter()
            .filter(|r| match replies::Shortcut::parse(&r.shortcut) {
                Ok(shortcut) => replies::matches(query, &shortcut, &r.title),
                Err(_) => false,
            })
            .collect())
    }

    /// The composer's picker: the replies matching `query` (at most [`PICKER_LIMIT`]), the
    /// agent's teams' first, each filled for `conversation` (another organisation's:
    /// `NotFound`).
    pub async fn saved_replies_for(
        &self,
        org: OrgId,
        conversation: ConversationId,
        agent: UserId,
        query: &str,
    ) -> Result<Vec<FilledReply>, EngineError> {
        let values = self.reply_variables(org, conversation, agent).await?;
        let found = self.list_saved_replies(org, Some(agent), query).await?;
        Ok(found
            .into_iter()
            .take(PICKER_LIMIT)
            .map(|reply| FilledReply {
                filled: replies::fill(&reply.body, &values),
                reply,
            })
            .collect())
    }

    /// The variables' values in `conversation` for `agent`: the resident's name as agents
    /// see it, the organisation's name and opening hours, the agent's name, today's date.
    pub async fn reply_variables(
        &self,
        org: OrgId,
        conversation: ConversationId,
        agent: UserId,
    ) -> Result<Variables, EngineError> {
        let found = self.store().get_conversation(org, conversation).await?;
        let contact = self.store().get_contact(org, found.contact_id).await?;
        let name = contact.display_name.or(found.contact_name);
        let organisation = self.store().get_organisation(org).await?;
        let colleague = self.store().get_user(agent).await?;
        let now = self.clock().now();
        let date = match now.in_tz("Europe/Amsterdam") {
            Ok(zoned) => zoned.date(),
            Err(_) => now.to_zoned(jiff::tz::TimeZone::UTC).date(),
        };
        Ok(Variables {
            voornaam: name.as_deref().and_then(replies::first_name),
            naam: name,
            openingstijden: self.inner.options.opening_hours.of(&organisation.slug),
            gemeente: Some(organisation.name),
            medewerker: Some(colleague.name),
            datum: Some(replies::dutch_date(date)),
        })
    }

    /// Check the fields and the team, and put them in `reply`.
    async fn checked(
        &self,
        mut reply: SavedReply,
        shortcut: &str,
        title: &str,
        text: &str,
    ) -> Result<SavedReply, EngineError> {
        let checked = replies::check_reply(shortcut, title, text);
        let mut problems = checked.as_ref().err().cloned().unwrap_or_default();
        if let Some(team) = reply.team_id
            && !self.store().is_enabled_team(reply.org_id, team).await?
        {
            problems.push(loket_domain::input::FieldProblem::new(
                "team",
                "is no team of this organisation",
            ));
        }
        match checked {
            Ok(fields) if problems.is_empty() => {
                reply.shortcut = fields.shortcut.to_string();
                reply.title = fields.title;
                reply.body = fields.text;
                Ok(reply)
            }
            _ => Err(EngineError::InvalidFields(problems)),
        }
    }
}

/// A unique violation on insert or update can only be the shortcut (the id is new or
/// unchanged), so it is answered as that.
fn duplicate(e: loket_store::StoreError) -> EngineError {
    match e {
        loket_store::StoreError::Conflict(_) => EngineError::Conflict(DUPLICATE_SHORTCUT.into()),
        other => other.into(),
    }
}
