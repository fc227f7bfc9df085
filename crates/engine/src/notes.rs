//! Internal notes: agents write them on a conversation for colleagues; they are stored and
//! shown in the conversation's timeline, and never sent to the resident (nothing here
//! queues a job or touches the outbox).

use loket_domain::input::{self, FieldProblem};
use loket_domain::{ConversationId, NoteId, OrgId, UserId};
use loket_store::{NewNote, NoteRecord};

use crate::bus::Event;
use crate::{Engine, EngineError};

impl Engine {
    /// Add a note by `author` (an active member of `org`) to `conversation`, mentioning
    /// `mentions` (each an active member of `org`). The body is trimmed and bounded
    /// (`input::check_note`); every problem is reported at once, before anything is stored.
    /// Publishes `note_added` (ids only) so other agents' views refresh and the mentioned
    /// colleagues can be notified. Another organisation's conversation → `NotFound`.
    pub async fn add_note(
        &self,
        org: OrgId,
        conversation: ConversationId,
        author: UserId,
        body: &str,
        mentions: &[UserId],
    ) -> Result<NoteId, EngineError> {
        let (body, mentions) = match input::check_note(body, mentions) {
            Ok(checked) => checked,
            Err(problems) => return Err(EngineError::InvalidFields(problems)),
        };
        let mut problems = Vec::new();
        if !self.store().is_active_member(org, author).await? {
            problems.push(FieldProblem::new(
                "author",
                "is no active member of this organisation",
            ));
        }
        for user in &mentions {
            if !self.store().is_active_member(org, *user).await? {
                problems.push(FieldProblem::new(
                    "mentions",
                    format!("{user} is no active member of this organisation"),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(EngineError::InvalidFields(problems));
        }
        let now = self.clock().now();
        let note = NewNote {
            id: NoteId::new_at(now),
            org_id: org,
            conversation_id: conversation,
            author_id: author,
            body,
            mentions,
            created_at: now,
        };
        self.store().insert_note(&note).await?;
        self.bus().publish(Event::NoteAdded {
            org_id: org,
            conversation_id: conversation,
            note_id: note.id,
            mentions: note.mentions,
        });
        Ok(note.id)
    }

    /// The conversation's notes, oldest first. Another organisation's conversation →
    /// `NotFound`.
    pub async fn list_notes(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> Result<Vec<NoteRecord>, EngineError> {
        Ok(self.store().list_notes(org, conversation).await?)
    }
}
