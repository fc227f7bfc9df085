//! What an organisation (or one of its channels) says by itself around its office hours:
//! the out-of-hours receipt, the greeting on a new conversation, and the template for a
//! question whose 24-hour window expired unanswered.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{HoursError, HoursSpec, OfficeHours};
use crate::people::Locale;

/// In a text, the Dutch phrase for when we answer ("maandag vanaf 8.30 uur").
pub const WHEN_NL: &str = "{{wanneer}}";
/// In a text, the English phrase ("on Monday from 8:30").
pub const WHEN_EN: &str = "{{when}}";

/// The out-of-hours receipt in the formal tone (`u`).
pub const OUT_OF_HOURS_U: &str =
    "Bedankt voor uw bericht. We zijn nu gesloten en reageren {{wanneer}}.";
/// The out-of-hours receipt in the informal tone (`je`).
pub const OUT_OF_HOURS_JE: &str =
    "Bedankt voor je bericht. We zijn nu gesloten en reageren {{wanneer}}.";
/// The greeting in the formal tone, when `greeting = true`.
pub const GREETING_U: &str = "Welkom bij de WhatsApp-service van de gemeente. Stel gerust uw vraag: een medewerker beantwoordt die zo snel mogelijk.";
/// The greeting in the informal tone, when `greeting = true`.
pub const GREETING_JE: &str = "Welkom bij de WhatsApp-service van de gemeente. Stel gerust je vraag: een medewerker beantwoordt die zo snel mogelijk.";

/// No receipt when an agent replied in the conversation this recently (minutes): they are
/// evidently at work, and "we are closed" would contradict them.
pub const AGENT_REPLIED_WITHIN_MINUTES: u32 = 10;

/// Longest configured text, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;

/// An approved WhatsApp template without parameters, by name and language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpTemplate {
    pub name: String,
    pub language: String,
}

/// Office hours and the automatic messages around them, for one organisation or channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoReplyPolicy {
    pub hours: HoursSpec,
    /// The receipt outside office hours (with [`WHEN_NL`] / [`WHEN_EN`]); `None`: none.
    pub out_of_hours: Option<String>,
    /// Sent with the first message of a new conversation; `None`: none.
    pub greeting: Option<String>,
    pub agent_replied_within_minutes: u32,
    /// Sent on the next working morning when a window expired unanswered; `None`: none.
    pub follow_up: Option<FollowUpTemplate>,
}

/// The greeting's default in the organisation's tone.
pub fn default_greeting(informal: bool) -> &'static str {
    if informal { GREETING_JE } else { GREETING_U }
}

/// The receipt's default in the organisation's tone.
pub fn default_out_of_hours(informal: bool) -> &'static str {
    if informal {
        OUT_OF_HOURS_JE
    } else {
        OUT_OF_HOURS_U
    }
}

/// A text residents will read: 1 to [`MAX_TEXT_CHARS`] characters, and no `{{…}}` but
/// the phrases where `with_when` (the receipt) — a misspelt `{{wanner}}`, or a phrase in
/// the greeting, would reach residents as written.
pub fn check_text(text: &str, with_when: bool) -> Result<(), String> {
    if text.trim().is_empty() || text.chars().count() > MAX_TEXT_CHARS {
        return Err(format!("must hold 1 to {MAX_TEXT_CHARS} characters"));
    }
    let rest = if with_when {
        text.replace(WHEN_NL, "").replace(WHEN_EN, "")
    } else {
        text.to_owned()
    };
    if rest.contains("{{") || rest.contains("}}") {
        return Err(if with_when {
            format!("the only placeholders are {WHEN_NL} and {WHEN_EN}")
        } else {
            "placeholders such as {{wanneer}} belong in out_of_hours, not here".into()
        });
    }
    Ok(())
}

impl AutoReplyPolicy {
    /// The checked office hours.
    pub fn office_hours(&self) -> Result<OfficeHours, HoursError> {
        OfficeHours::new(self.hours.clone())
    }

    /// The receipt for a message at `now`, its phrases filled in. `None` when none is
    /// configured or the hours never open again (nothing true to promise).
    pub fn receipt_text(&self, hours: &OfficeHours, now: Timestamp) -> Option<String> {
        let text = self.out_of_hours.as_deref()?;
        let nl = hours.when_we_answer(now, Locale::Nl)?;
        let en = hours.when_we_answer(now, Locale::En)?;
        Some(text.replace(WHEN_NL, &nl).replace(WHEN_EN, &en))
    }
}
