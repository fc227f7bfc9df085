//! Creating a request: check the addressee and fields, store the request (its expectation
//! `pending` when a message will go), then tell the resident and record what became of it.
//! Storing first means a resident is never told about a request that does not exist; a
//! refused message is visible on the request with its reason.

use loket_domain::contact_requests::{self as rules, Draft, Kind};
use loket_domain::input::FieldProblem;
use loket_domain::message::SenderKind;
use loket_domain::outbound::{TemplateMessage, TemplateParams};
use loket_domain::{ContactRequestId, ConversationId, OrgId, UserId};
use loket_store::{Expectation, NewContactRequest};

use super::settings::{ContactRequestSettings, TemplateField};
use super::{Addressee, Created};
use crate::outbound::{Outgoing, SendRequest};
use crate::{Engine, EngineError};

/// Why an expectation message failed, as recorded on the request: a stable code (the
/// pages translate it), never the message or the resident's data.
pub const FAILED_WINDOW_CLOSED: &str = "window_closed";
pub const FAILED_PERSONAL_DATA: &str = "personal_data";
pub const FAILED_REFUSED: &str = "refused";
pub const FAILED_ERROR: &str = "error";

/// What the resident is to be told, decided before anything is stored.
struct Telling {
    outgoing: Option<Outgoing>,
    /// The text the resident reads, when it goes as text.
    text: Option<String>,
}

impl Engine {
    pub(super) async fn create_of_kind(
        &self,
        org: OrgId,
        conversation: ConversationId,
        by: UserId,
        to: Addressee,
        draft: &Draft,
        kind: Kind,
    ) -> Result<Created, EngineError> {
        let conv = self.store().get_conversation(org, conversation).await?;
        let settings = self.contact_request_settings(org);
        let to_name = self.check_addressee(org, by, to, draft, &settings).await?;
        let draft = rules::check_draft(draft).map_err(EngineError::InvalidFields)?;
        let now = self.clock().now();
        let hours = self.office_hours(org, Some(conv.channel_id)).await?;
        let due_at = rules::due_at(&hours, now, settings.working);
        let when = due_at.map_or_else(
            || "zo snel mogelijk".to_owned(),
            |due| rules::due_phrase(&hours, now, due),
        );
        let open = crate::query::window_of(&conv, now).is_open();
        let telling = telling(&settings, kind, open, &to_name, &when);
        let request = NewContactRequest {
            id: ContactRequestId::new_at(now),
            org_id: org,
            conversation_id: conversation,
            kind,
            team_id: to.team,
            assignee_id: to.assignee,
            question: draft.question,
            contact_details: draft.contact_details,
            internal_note: draft.internal_note,
            extra: draft.extra,
            due_at,
            expectation: match telling.outgoing {
                Some(_) => Expectation::Pending,
                None => Expectation::NotSent,
            },
            created_by: by,
            created_at: now,
        };
        self.store().insert_contact_request(&request).await?;
        let (expectation, problem) = match telling.outgoing {
            Some(outgoing) => self.tell(org, conversation, request.id, outgoing).await?,
            None => (Expectation::NotSent, None),
        };
        Ok(Created {
            id: request.id,
            due_at,
            message: telling.text.filter(|_| expectation == Expectation::Sent),
            expectation,
            problem,
        })
    }

    /// Check the team (enabled, the organisation's, its extra questions), the colleague
    /// and the one filing it (active members: the API names them) and the fields; every
    /// problem at once. The addressee's name.
    async fn check_addressee(
        &self,
        org: OrgId,
        by: UserId,
        to: Addressee,
        draft: &Draft,
        settings: &ContactRequestSettings,
    ) -> Result<String, EngineError> {
        let mut problems = rules::check_draft(draft).err().unwrap_or_default();
        let mut to_name = None;
        if let Some(team) = to.team {
            match self.store().get_team(org, team).await {
                Ok(t) if t.enabled => {
                    to_name = Some(t.name.clone());
                    let asked = settings.questions.get(&t.slug).cloned().unwrap_or_default();
                    if draft.extra.iter().any(|(q, _)| !asked.contains(q)) {
                        problems.push(FieldProblem::new(
                            "extra",
                            "is not one of the team's questions",
                        ));
                    }
                }
                _ => problems.push(FieldProblem::new("team", "is no team of this organisation")),
            }
        }
        if let Some(user) = to.assignee {
            if !self.store().is_active_member(org, user).await? {
                problems.push(FieldProblem::new(
                    "assignee",
                    "is no active member of this organisation",
                ));
            } else if to_name.is_none() {
                to_name = Some(self.user(user).await?.name);
            }
        }
        if !self.store().is_active_member(org, by).await? {
            problems.push(FieldProblem::new(
                "created_by",
                "is no active member of this organisation",
            ));
        }
        if to.team.is_none() && to.assignee.is_none() {
            problems.push(FieldProblem::new("team", "name a team or a colleague"));
        }
        if !problems.is_empty() {
            return Err(EngineError::InvalidFields(problems));
        }
        Ok(to_name.unwrap_or_default())
    }

    /// Send the expectation message and record what became of it (`Failed` with its
    /// reason code when it was refused). Only a failing store is an error.
    async fn tell(
        &self,
        org: OrgId,
        conversation: ConversationId,
        id: ContactRequestId,
        outgoing: Outgoing,
    ) -> Result<(Expectation, Option<&'static str>), EngineError> {
        let sent_as = match &outgoing {
            Outgoing::Template(_) => Expectation::Template,
            _ => Expectation::Sent,
        };
        // Automatic, like the receipts: the conversation keeps waiting for a person.
        let request = SendRequest {
            outgoing,
            sender: SenderKind::System,
            reply_to: None,
            confirm_personal_data: false,
        };
        let (expectation, problem) = match self.send_message(org, conversation, request).await {
            Ok(_) => (sent_as, None),
            Err(error) => {
                let code = match &error {
                    EngineError::WindowClosed(_) => FAILED_WINDOW_CLOSED,
                    EngineError::PersonalData(_) => FAILED_PERSONAL_DATA,
                    EngineError::Conflict(_)
                    | EngineError::Invalid(_)
                    | EngineError::InvalidFields(_)
                    | EngineError::NotFound => FAILED_REFUSED,
                    EngineError::Store(_) | EngineError::Other(_) => FAILED_ERROR,
                };
                tracing::warn!(%org, request = %id, code, "the contactverzoek's expectation message failed");
                (Expectation::Failed, Some(code))
            }
        };
        (self.store())
            .set_contact_request_expectation(org, id, expectation, problem)
            .await?;
        Ok((expectation, problem))
    }
}

/// What the resident of a request of `kind` is told: a question or press question the
/// expectation (text in the window, the template outside it); a signal a short thanks in
/// the window and nothing outside it.
fn telling(
    settings: &ContactRequestSettings,
    kind: Kind,
    window_open: bool,
    to: &str,
    when: &str,
) -> Telling {
    let text = match kind {
        Kind::Vraag => settings.expectation.as_str(),
        Kind::Persvraag => (settings.press_text.as_deref()).unwrap_or(&settings.expectation),
        Kind::Signaal => settings.signal_text.as_str(),
    };
    if window_open {
        let body = rules::expectation_text(text, to, when);
        return Telling {
            outgoing: Some(Outgoing::Text {
                body: body.clone(),
                preview_url: false,
            }),
            text: Some(body),
        };
    }
    match (&settings.template, kind) {
        (Some(template), Kind::Vraag | Kind::Persvraag) => {
            let parameters = (settings.template_parameters.iter())
                .map(|field| match field {
                    TemplateField::Naar => to.to_owned(),
                    TemplateField::Uiterlijk => when.to_owned(),
                })
                .collect();
            Telling {
                outgoing: Some(Outgoing::Template(TemplateMessage {
                    name: template.name.clone(),
                    language: template.language.clone(),
                    parameters: TemplateParams::Positional(parameters),
                    header_media: None,
                    buttons: Vec::new(),
                    rendered: None,
                })),
                text: None,
            }
        }
        _ => Telling {
            outgoing: None,
            text: None,
        },
    }
}
