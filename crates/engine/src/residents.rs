//! The resident panel (name, notes, block, other conversations) and the organisation's
//! labels taxonomy, for the conversation page's side panel and `/admin/labels`.

use loket_domain::input::FieldProblem;
use loket_domain::{ConversationId, OrgId, UserId};
use loket_store::{ContactConversation, ContactPatch, ContactRecord, Label};

use crate::bus::Event;
use crate::{Engine, EngineError};

/// At most this many characters of notes about a resident.
pub const MAX_NOTES_CHARS: usize = 2000;
/// At most this many characters in a resident's name, a label's name or group.
pub const MAX_NAME_CHARS: usize = 100;
/// At most this many characters in a label's slug.
pub const MAX_SLUG_CHARS: usize = 50;
/// The other conversations the panel links.
const OTHER_CONVERSATIONS: u32 = 20;

/// The resident of a conversation, as the side panel shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Resident {
    pub contact: ContactRecord,
    /// Their conversations on every channel (this one included), newest first.
    pub conversations: Vec<ContactConversation>,
}

impl Engine {
    /// The resident of conversation `id` of `org`; `NotFound` for another organisation's.
    pub async fn resident(&self, org: OrgId, id: ConversationId) -> Result<Resident, EngineError> {
        let conversation = self.store().get_conversation(org, id).await?;
        let contact = self
            .store()
            .get_contact(org, conversation.contact_id)
            .await?;
        let conversations = (self.store())
            .list_contact_conversations(org, contact.id, OTHER_CONVERSATIONS)
            .await?;
        Ok(Resident {
            contact,
            conversations,
        })
    }

    /// Set the name and the notes of the resident of conversation `id` (blank: back to the
    /// channel's profile name / no notes). Bounded; every problem at once.
    pub async fn update_resident(
        &self,
        org: OrgId,
        id: ConversationId,
        name: Option<&str>,
        notes: Option<&str>,
    ) -> Result<ContactRecord, EngineError> {
        let mut problems = Vec::new();
        let name = name.map(str::trim);
        if let Some(problem) = too_long("name", name, MAX_NAME_CHARS) {
            problems.push(problem);
        }
        let notes = notes.map(str::trim);
        if let Some(problem) = too_long("notes", notes, MAX_NOTES_CHARS) {
            problems.push(problem);
        }
        if !problems.is_empty() {
            return Err(EngineError::InvalidFields(problems));
        }
        let blank_is_none = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        let patch = ContactPatch {
            name: name.map(blank_is_none),
            notes: notes.map(blank_is_none),
        };
        let conversation = self.store().get_conversation(org, id).await?;
        let now = self.clock().now();
        let contact = (self.store())
            .update_contact(org, conversation.contact_id, &patch, now)
            .await?;
        self.publish_resident(org, id);
        Ok(contact)
    }

    /// Block (or unblock) the resident of conversation `id`: their messages are still
    /// stored but open, reopen or wake no conversation. Recorded on `id` with `by`.
    pub async fn block_resident(
        &self,
        org: OrgId,
        id: ConversationId,
        blocked: bool,
        by: Option<UserId>,
    ) -> Result<ContactRecord, EngineError> {
        let now = self.clock().now();
        let contact = (self.store())
            .set_contact_blocked(org, id, blocked, by, now)
            .await?;
        self.publish_resident(org, id);
        Ok(contact)
    }

    fn publish_resident(&self, org: OrgId, id: ConversationId) {
        self.bus().publish(Event::ConversationUpdated {
            org_id: org,
            conversation_id: id,
            changed: vec!["resident".to_owned()],
        });
    }

    /// The organisation's labels, by group and name.
    pub async fn labels(&self, org: OrgId) -> Result<Vec<Label>, EngineError> {
        Ok(self.store().list_labels(org).await?)
    }

    /// Add a label, or rename, regroup, (de)activate the one with its slug.
    pub async fn put_label(&self, org: OrgId, label: Label) -> Result<Label, EngineError> {
        let label = Label {
            slug: label.slug.trim().to_lowercase(),
            name: label.name.trim().to_owned(),
            group: label.group.trim().to_owned(),
            active: label.active,
        };
        let problems = check_label(&label);
        if !problems.is_empty() {
            return Err(EngineError::InvalidFields(problems));
        }
        let now = self.clock().now();
        self.store().put_label(org, &label, now).await?;
        Ok(label)
    }

    /// Labels a conversation may get: once the organisation has a taxonomy, only its active
    /// labels, or ones the conversation already carries (deactivated ones stay). Without a
    /// taxonomy any label is accepted (the API's free labels from before it).
    pub(crate) async fn check_taxonomy(
        &self,
        org: OrgId,
        id: ConversationId,
        labels: &[String],
    ) -> Result<Option<FieldProblem>, EngineError> {
        let taxonomy = self.store().list_labels(org).await?;
        if taxonomy.is_empty() || labels.is_empty() {
            return Ok(None);
        }
        let current = self.store().get_conversation(org, id).await?.labels;
        let unknown: Vec<&str> = labels
            .iter()
            .filter(|l| !current.contains(l))
            .filter(|l| !taxonomy.iter().any(|t| t.active && &t.slug == *l))
            .map(String::as_str)
            .collect();
        Ok((!unknown.is_empty()).then(|| {
            FieldProblem::new(
                "labels",
                format!(
                    "{} not in the organisation's labels ({} unknown)",
                    if unknown.len() == 1 { "is" } else { "are" },
                    unknown.len()
                ),
            )
        }))
    }
}

fn too_long(field: &str, value: Option<&str>, max: usize) -> Option<FieldProblem> {
    let len = value?.chars().count();
    (len > max).then(|| {
        FieldProblem::new(
            field,
            format!("must be at most {max} characters ({len} given)"),
        )
    })
}

/// A slug of lowercase letters, digits and dashes; a name; a group.
fn check_label(label: &Label) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let slug_ok = !label.slug.is_empty()
        && label.slug.chars().count() <= MAX_SLUG_CHARS
        && (label.slug.chars()).all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !slug_ok {
        problems.push(FieldProblem::new(
            "slug",
            format!("must be 1 to {MAX_SLUG_CHARS} lowercase letters, digits or dashes"),
        ));
    }
    for (field, value) in [("name", &label.name), ("group", &label.group)] {
        let len = value.chars().count();
        if len == 0 || len > MAX_NAME_CHARS {
            problems.push(FieldProblem::new(
                field,
                format!("must be 1 to {MAX_NAME_CHARS} characters"),
            ));
        }
    }
    problems
}
