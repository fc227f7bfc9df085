//! `[organisation.office_hours]` (issue 12): when the organisation is open, which holidays
//! and closures close it, and what Loket says by itself around that — the out-of-hours
//! receipt, the greeting, the next-morning follow-up template. A channel may override any
//! key in `[organisation.channel.office_hours]` (key by key; the rest comes from the
//! organisation's). Absent: always open, nothing sent by itself (as before). A wrong
//! entry stops the start, naming the organisation, the channel and the key.
//!
//! ```toml
//! [organisation.office_hours]
//! monday = ["08:30-12:30", "13:00-17:00"]       # a weekday left out is closed
//! good_friday = true                            # default false
//! liberation_day = "every_five_years"           # default "yearly"
//! out_of_hours = true                           # default: the receipt in the theme's tone
//! greeting = "Welkom bij Gemeente Voorbeeld."   # default false; true: in the theme's tone
//! agent_replied_within_minutes = 10
//! follow_up_template = "nog_antwoord_nodig"
//! [[organisation.office_hours.closures]]
//! from = "2025-12-24"
//! label = "Kerstavond"
//! ```

use jiff::civil::Date;
use loket_domain::hours::{
    self, AGENT_REPLIED_WITHIN_MINUTES, AutoReplyPolicy, Closure, DEFAULT_TIME_ZONE,
    FollowUpTemplate, HolidayRules, HoursSpec, Interval, LiberationDayRule, OfficeHours,
    WEEKDAY_KEYS, WeekSchedule,
};
use loket_engine::hours::OrgOfficeHours;
use serde::Deserialize;

use crate::settings::{OrgSettings, Settings};

/// Longest quiet time after an agent's reply (a day).
const MAX_QUIET_MINUTES: u32 = 24 * 60;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeHoursSettings {
    /// IANA zone; default Europe/Amsterdam.
    pub time_zone: Option<String>,
    pub monday: Option<Vec<String>>,
    pub tuesday: Option<Vec<String>>,
    pub wednesday: Option<Vec<String>>,
    pub thursday: Option<Vec<String>>,
    pub friday: Option<Vec<String>>,
    pub saturday: Option<Vec<String>>,
    pub sunday: Option<Vec<String>>,
    /// The Dutch public holidays close the organisation (default true).
    pub public_holidays: Option<bool>,
    pub good_friday: Option<bool>,
    /// `yearly` (default) or `every_five_years`.
    pub liberation_day: Option<String>,
    pub closures: Option<Vec<ClosureSettings>>,
    /// `true` (default): the receipt in the theme's tone; `false`: none; or a text.
    pub out_of_hours: Option<OnOrText>,
    /// `false` (default); `true`: the greeting in the theme's tone; or a text.
    pub greeting: Option<OnOrText>,
    pub agent_replied_within_minutes: Option<u32>,
    /// An approved template without parameters, by name.
    pub follow_up_template: Option<String>,
    /// The template's language (default `nl`).
    pub follow_up_language: Option<String>,
}

/// `true`, `false` or a text of one's own.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OnOrText {
    On(bool),
    Text(String),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosureSettings {
    /// `"YYYY-MM-DD"` (or a TOML date).
    pub from: DateText,
    /// Default: `from` (one day).
    pub to: Option<DateText>,
    pub label: String,
}

/// A date as a string, or as a TOML date literal (which the TOML reader hands over as its
/// private datetime table).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum DateText {
    Text(String),
    Toml {
        #[serde(rename = "$__toml_private_datetime")]
        value: String,
    },
}

impl DateText {
    fn as_str(&self) -> &str {
        match self {
            Self::Text(text) | Self::Toml { value: text } => text,
        }
    }
}

impl OfficeHoursSettings {
    /// `self` with every key `over` sets replaced by its value.
    fn overridden_by(&self, over: &Self) -> Self {
        macro_rules! pick {
            ($($field:ident),*) => { Self { $($field: over.$field.clone().or_else(|| self.$field.clone()),)* } };
        }
        pick!(
            time_zone,
            monday,
            tuesday,
            wednesday,
            thursday,
            friday,
            saturday,
            sunday,
            public_holidays,
            good_friday,
            liberation_day,
            closures,
            out_of_hours,
            greeting,
            agent_replied_within_minutes,
            follow_up_template,
            follow_up_language
        )
    }

    fn day(&self, day: usize) -> Option<&Vec<String>> {
        [
            &self.monday,
            &self.tuesday,
            &self.wednesday,
            &self.thursday,
            &self.friday,
            &self.saturday,
            &self.sunday,
        ][day]
            .as_ref()
    }
}

impl Settings {
    /// Every declared organisation's office hours by slug, for `Engine::apply_office_hours`
    /// (one without any clears what an earlier start stored).
    pub fn office_hours(&self) -> anyhow::Result<Vec<OrgOfficeHours>> {
        self.organisations.iter().map(org_hours).collect()
    }
}

fn org_hours(org: &OrgSettings) -> anyhow::Result<OrgOfficeHours> {
    let informal = org
        .theme
        .as_ref()
        .and_then(|t| t.tone.as_deref())
        .is_some_and(|t| t == "je");
    let own = org.office_hours.as_ref();
    let organisation = own
        .map(|s| policy(s, informal))
        .transpose()
        .map_err(|(key, what)| {
            anyhow::anyhow!("organisation {:?}: office_hours{key}: {what}", org.slug)
        })?;
    let mut channels = Vec::new();
    for channel in &org.channels {
        let Some(over) = &channel.office_hours else {
            continue;
        };
        let merged = own.cloned().unwrap_or_default().overridden_by(over);
        let policy = policy(&merged, informal).map_err(|(key, what)| {
            anyhow::anyhow!(
                "organisation {:?}: channel {:?}: office_hours{key}: {what}",
                org.slug,
                channel.name
            )
        })?;
        channels.push((channel.phone_number_id.clone(), policy));
    }
    Ok(OrgOfficeHours {
        slug: org.slug.clone(),
        organisation,
        channels,
    })
}

/// A problem: the key below `office_hours` (with its leading dot) and what is wrong.
type Problem = (String, String);

fn at(key: &str) -> impl Fn(String) -> Problem + '_ {
    move |what| (format!(".{key}"), what)
}

fn policy(s: &OfficeHoursSettings, informal: bool) -> Result<AutoReplyPolicy, Problem> {
    let spec = HoursSpec {
        time_zone: s
            .time_zone
            .clone()
            .unwrap_or_else(|| DEFAULT_TIME_ZONE.into()),
        week: week(s)?,
        holidays: holiday_rules(s)?,
        closures: closures(s)?,
    };
    // Checked as a whole here too (zone, a week that opens), so the start stops now.
    OfficeHours::new(spec.clone()).map_err(|e| {
        let key = match e {
            hours::HoursError::TimeZone(_) => ".time_zone",
            _ => "",
        };
        (key.to_owned(), e.to_string())
    })?;
    let quiet = s
        .agent_replied_within_minutes
        .unwrap_or(AGENT_REPLIED_WITHIN_MINUTES);
    if quiet > MAX_QUIET_MINUTES {
        return Err(at("agent_replied_within_minutes")(format!(
            "at most {MAX_QUIET_MINUTES} minutes"
        )));
    }
    Ok(AutoReplyPolicy {
        hours: spec,
        out_of_hours: text(
            "out_of_hours",
            s.out_of_hours.as_ref(),
            true,
            hours::default_out_of_hours(informal),
        )?,
        greeting: text(
            "greeting",
            s.greeting.as_ref(),
            false,
            hours::default_greeting(informal),
        )?,
        agent_replied_within_minutes: quiet,
        follow_up: follow_up(s)?,
    })
}

/// `true` → `default`, `false` → none, a text → that text, checked; absent → `default`
/// when `on_when_absent`, else none.
fn text(
    key: &str,
    value: Option<&OnOrText>,
    on_when_absent: bool,
    default: &str,
) -> Result<Option<String>, Problem> {
    match value {
        None if on_when_absent => Ok(Some(default.to_owned())),
        None | Some(OnOrText::On(false)) => Ok(None),
        Some(OnOrText::On(true)) => Ok(Some(default.to_owned())),
        Some(OnOrText::Text(t)) => {
            hours::check_text(t, key == "out_of_hours").map_err(at(key))?;
            Ok(Some(t.clone()))
        }
    }
}

fn week(s: &OfficeHoursSettings) -> Result<WeekSchedule, Problem> {
    let mut week = WeekSchedule::default();
    for (day, key) in WEEKDAY_KEYS.iter().enumerate() {
        let Some(texts) = s.day(day) else { continue };
        let intervals = texts
            .iter()
            .map(|t| Interval::parse(t).map_err(|e| at(key)(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        week.set_day(day, intervals)
            .map_err(|e| at(key)(e.to_string()))?;
    }
    Ok(week)
}

fn holiday_rules(s: &OfficeHoursSettings) -> Result<HolidayRules, Problem> {
    let liberation_day = match s.liberation_day.as_deref() {
        None => LiberationDayRule::default(),
        Some(text) => LiberationDayRule::parse(text).ok_or_else(|| {
            at("liberation_day")(format!(
                "{text:?} is not \"yearly\" or \"every_five_years\""
            ))
        })?,
    };
    Ok(HolidayRules {
        observed: s.public_holidays.unwrap_or(true),
        good_friday: s.good_friday.unwrap_or(false),
        liberation_day,
    })
}

fn closures(s: &OfficeHoursSettings) -> Result<Vec<Closure>, Problem> {
    let mut closures = Vec::new();
    for (i, c) in s.closures.iter().flatten().enumerate() {
        let key = |field: &str| format!("closures[{i}].{field}");
        let date = |field: &str, text: &DateText| {
            let text = text.as_str();
            text.parse::<Date>()
                .map_err(|_| at(&key(field))(format!("{text:?} is not a date like \"2025-12-24\"")))
        };
        let from = date("from", &c.from)?;
        let to = match &c.to {
            Some(to) => date("to", to)?,
            None => from,
        };
        let closure = Closure {
            from,
            to,
            label: c.label.clone(),
        };
        OfficeHours::new(HoursSpec {
            closures: vec![closure.clone()],
            ..HoursSpec::default()
        })
        .map_err(|e| (format!(".closures[{i}]"), e.to_string()))?;
        closures.push(closure);
    }
    Ok(closures)
}

fn follow_up(s: &OfficeHoursSettings) -> Result<Option<FollowUpTemplate>, Problem> {
    let Some(name) = &s.follow_up_template else {
        if s.follow_up_language.is_some() {
            return Err(at("follow_up_language")("needs follow_up_template".into()));
        }
        return Ok(None);
    };
    let meta_name = |t: &str| {
        !t.is_empty()
            && t.len() <= 512
            && t.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    if !meta_name(name) {
        return Err(at("follow_up_template")(format!(
            "{name:?} is not a template name (lower case letters, digits and _)"
        )));
    }
    let language = s.follow_up_language.clone().unwrap_or_else(|| "nl".into());
    let code = |t: &str| {
        (2..=15).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_')
    };
    if !code(&language) {
        return Err(at("follow_up_language")(format!(
            "{language:?} is not a language code like \"nl\" or \"en_US\""
        )));
    }
    Ok(Some(FollowUpTemplate {
        name: name.clone(),
        language,
    }))
}
