//! Contactverzoeken (issue 12, point 4): a resident's question handed from a conversation to
//! a back-office team or colleague, who calls or writes back. Pure rules: the states, who
//! may take which step, the "uiterlijk" time and the message the resident reads.
//!
//! States: `te_verwerken` (waiting for the back office) → `verwerkt` (answered, final) or
//! `terug_naar_kcc` (the back office cannot answer it: the KCC takes it back). Forwarding to
//! a colleague keeps it `te_verwerken` with another assignee.

use std::time::Duration;

use jiff::Timestamp;

use crate::hours::OfficeHours;
use crate::hours::phrase::{DAYS_NL, MONTHS_NL};
use crate::input::FieldProblem;
use crate::people::Role;

/// Working time until the resident hears from us when nothing is configured: one working
/// day of eight open hours.
pub const DEFAULT_WORKING: Duration = Duration::from_secs(8 * 3600);

/// Longest question, internal note or outcome, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;
/// Longest contact details (a phone number, an address), in characters.
pub const MAX_CONTACT_CHARS: usize = 500;
/// Longest answer to one of a team's extra questions, and the most questions a team has.
pub const MAX_EXTRA_CHARS: usize = 200;
pub const MAX_EXTRA_QUESTIONS: usize = 10;

/// In the expectation message: the team or colleague's name.
pub const TO_PLACEHOLDER: &str = "{{naar}}";
/// In the expectation message: when the resident hears from us at the latest.
pub const DUE_PLACEHOLDER: &str = "{{uiterlijk}}";
/// What the resident reads when nothing else is configured.
pub const DEFAULT_EXPECTATION: &str =
    "Ik heb je vraag doorgezet naar {{naar}}. Je hoort uiterlijk {{uiterlijk}} van ons.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    TeVerwerken,
    Verwerkt,
    TerugNaarKcc,
}

impl State {
    pub const ALL: [State; 3] = [State::TeVerwerken, State::Verwerkt, State::TerugNaarKcc];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::TeVerwerken => "te_verwerken",
            Self::Verwerkt => "verwerkt",
            Self::TerugNaarKcc => "terug_naar_kcc",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// What kind of request: an ordinary question for the back office, or one of the one-click
/// hand-overs from the conversation's side panel (a press question to Communicatie, a
/// signal to the newsroom).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Kind {
    #[default]
    Vraag,
    Persvraag,
    Signaal,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Vraag, Kind::Persvraag, Kind::Signaal];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Vraag => "vraag",
            Self::Persvraag => "persvraag",
            Self::Signaal => "signaal",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// What a signal's resident reads when nothing else is configured: a short thanks (a
/// signal promises no answer, so no "uiterlijk").
pub const DEFAULT_SIGNAL_THANKS: &str =
    "Bedankt voor je melding. Ik heb die doorgegeven aan {{naar}}.";

/// What one step did, as recorded in the request's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    Created,
    Completed,
    ReturnedToKcc,
    Forwarded,
}

impl StepKind {
    pub const ALL: [StepKind; 4] = [
        StepKind::Created,
        StepKind::Completed,
        StepKind::ReturnedToKcc,
        StepKind::Forwarded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Completed => "completed",
            Self::ReturnedToKcc => "returned_to_kcc",
            Self::Forwarded => "forwarded",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A step someone asks for (the outcome text is checked by [`check_outcome`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Answered: the outcome says how the resident was answered.
    Complete,
    /// The back office hands it back to the KCC, saying why.
    ReturnToKcc,
    /// On to a colleague (the engine checks they are a member).
    Forward,
}

impl Action {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "complete" => Some(Self::Complete),
            "return" => Some(Self::ReturnToKcc),
            "forward" => Some(Self::Forward),
            _ => None,
        }
    }
}

/// Why a step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the request is already done")]
    Finished,
    #[error("this role may not take this step in this state")]
    NotAllowed,
}

/// Who may do what: the back office works requests waiting for it (done, back, on); the
/// KCC roles may do the same and also pick up what came back (answer it themselves or send
/// it on again). A finished request takes no more steps.
pub fn transition(
    state: State,
    role: Role,
    action: Action,
) -> Result<(State, StepKind), TransitionError> {
    let kcc = role != Role::BackOffice;
    match (state, action) {
        (State::Verwerkt, _) => Err(TransitionError::Finished),
        (State::TeVerwerken, Action::Complete) => Ok((State::Verwerkt, StepKind::Completed)),
        (State::TeVerwerken, Action::ReturnToKcc) => {
            Ok((State::TerugNaarKcc, StepKind::ReturnedToKcc))
        }
        (State::TeVerwerken, Action::Forward) => Ok((State::TeVerwerken, StepKind::Forwarded)),
        (State::TerugNaarKcc, Action::Complete) if kcc => {
            Ok((State::Verwerkt, StepKind::Completed))
        }
        (State::TerugNaarKcc, Action::Forward) if kcc => {
            Ok((State::TeVerwerken, StepKind::Forwarded))
        }
        (State::TerugNaarKcc, _) => Err(TransitionError::NotAllowed),
    }
}

/// The outcome text of a step: completing and returning must say something (how the
/// resident was answered, why it goes back); forwarding may.
pub fn check_outcome(action: Action, text: &str) -> Result<String, FieldProblem> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(FieldProblem::new("outcome", "is too long"));
    }
    if text.is_empty() && action != Action::Forward {
        return Err(FieldProblem::new("outcome", "is required"));
    }
    Ok(text.to_owned())
}

/// What an agent typed into the form, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub question: String,
    pub contact_details: String,
    pub internal_note: String,
    /// Answers to the team's extra questions, in the team's order: (question, answer).
    pub extra: Vec<(String, String)>,
}

/// Trim and bound every field; every problem at once.
pub fn check_draft(draft: &Draft) -> Result<Draft, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let question = draft.question.trim();
    if question.is_empty() {
        problems.push(FieldProblem::new("question", "is required"));
    }
    let bounded = |name: &'static str, text: &str, max: usize, problems: &mut Vec<_>| {
        if text.chars().count() > max || text.contains('\0') {
            problems.push(FieldProblem::new(
                name,
                "is too long or holds a NUL character",
            ));
        }
    };
    bounded("question", question, MAX_TEXT_CHARS, &mut problems);
    let contact = draft.contact_details.trim();
    bounded("contact_details", contact, MAX_CONTACT_CHARS, &mut problems);
    let note = draft.internal_note.trim();
    bounded("internal_note", note, MAX_TEXT_CHARS, &mut problems);
    if draft.extra.len() > MAX_EXTRA_QUESTIONS {
        problems.push(FieldProblem::new("extra", "has too many answers"));
    }
    let extra: Vec<(String, String)> = draft
        .extra
        .iter()
        .map(|(q, a)| (q.trim().to_owned(), a.trim().to_owned()))
        .collect();
    // The question keys are bounded too: without a team nothing else checks them.
    for (question, answer) in &extra {
        bounded("extra", question, MAX_EXTRA_CHARS, &mut problems);
        bounded("extra", answer, MAX_EXTRA_CHARS, &mut problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Draft {
        question: question.to_owned(),
        contact_details: contact.to_owned(),
        internal_note: note.to_owned(),
        extra,
    })
}

/// When the resident hears from us at the latest: `working` open time after `now`.
/// `None` when the office hours do not reach that far.
pub fn due_at(hours: &OfficeHours, now: Timestamp, working: Duration) -> Option<Timestamp> {
    hours.add_working(now, working)
}

/// The due time as a resident reads it (residents are written to in Dutch), in the office
/// hours' zone: "vandaag om 16.00 uur", "morgen om 12.30 uur", "maandag 30 november om
/// 9.00 uur".
pub fn due_phrase(hours: &OfficeHours, now: Timestamp, due: Timestamp) -> String {
    let tz = hours.time_zone();
    let (today, when) = (tz.to_datetime(now), tz.to_datetime(due));
    let days = today.date().duration_until(when.date()).as_hours() / 24;
    let weekday = when.date().weekday().to_monday_zero_offset() as usize;
    let month = (when.month() - 1) as usize;
    let time = format!("{}.{:02} uur", when.hour(), when.minute());
    match days {
        0 => format!("vandaag om {time}"),
        1 => format!("morgen om {time}"),
        _ => format!(
            "{} {} {} om {time}",
            DAYS_NL[weekday],
            when.day(),
            MONTHS_NL[month]
        ),
    }
}

/// Longest configured message text, in characters.
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// A configured message text (checked at start): 1 to [`MAX_MESSAGE_CHARS`] characters,
/// no placeholder but `{{naar}}` and `{{uiterlijk}}` (a misspelt one would reach residents
/// as written), and `{{uiterlijk}}` where `promises` — the expectation's whole point is
/// the time, so a text without it is refused rather than silently promising nothing.
pub fn check_message_text(text: &str, promises: bool) -> Result<(), String> {
    if text.trim().is_empty() || text.chars().count() > MAX_MESSAGE_CHARS {
        return Err(format!("must hold 1 to {MAX_MESSAGE_CHARS} characters"));
    }
    let rest = text
        .replace(TO_PLACEHOLDER, "")
        .replace(DUE_PLACEHOLDER, "");
    if rest.contains("{{") || rest.contains("}}") {
        return Err(format!(
            "the only placeholders are {TO_PLACEHOLDER} and {DUE_PLACEHOLDER}"
        ));
    }
    if promises && !text.contains(DUE_PLACEHOLDER) {
        return Err(format!("must say when, with {DUE_PLACEHOLDER}"));
    }
    Ok(())
}

/// The expectation message with its placeholders filled in.
pub fn expectation_text(template: &str, to: &str, due: &str) -> String {
    template
        .replace(TO_PLACEHOLDER, to)
        .replace(DUE_PLACEHOLDER, due)
}

#[cfg(test)]
#[path = "contact_requests_tests.rs"]
mod tests;
