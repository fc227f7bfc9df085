//! Office hours (issue 12): a weekly schedule in the organisation's time zone (by default
//! Europe/Amsterdam), the Dutch public holidays and custom closures. Answers "are we open",
//! "when do we open next", working time for SLA clocks, and the phrase that tells a
//! resident when the municipality will answer.
//!
//! Pure: every question takes the instant it is asked about (from the caller's `Clock`).
//! The tz database is bundled into the binary (jiff's `tzdb-bundle-always`) and only used
//! when the system has none, so Europe/Amsterdam works in a bare container too.

mod closures;
mod holidays;
pub(crate) mod phrase;
mod policy;
mod schedule;
mod working;

pub use closures::{Closure, MAX_LABEL_CHARS};
pub use holidays::{Holiday, HolidayRules, LiberationDayRule, easter_sunday, holidays_in};
pub use phrase::answer_phrase;
pub use policy::{
    AGENT_REPLIED_WITHIN_MINUTES, AutoReplyPolicy, FollowUpTemplate, GREETING_JE, GREETING_U,
    MAX_TEXT_CHARS, OUT_OF_HOURS_JE, OUT_OF_HOURS_U, WHEN_EN, WHEN_NL, check_text,
    default_greeting, default_out_of_hours,
};
pub use schedule::{DAY_MINUTES, Interval, WEEKDAY_KEYS, WeekSchedule};
pub use working::Span;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// The zone office hours are kept in unless configured otherwise.
pub const DEFAULT_TIME_ZONE: &str = "Europe/Amsterdam";

/// How far ahead (and back) the schedule is searched for an opening: a closure longer
/// than this would mean "never", which configuration refuses anyway.
pub const SEARCH_DAYS: i64 = 3 * 366;

/// The longest closure accepted (a year): longer is a mistake or a closed organisation.
pub const MAX_CLOSURE_DAYS: i64 = 366;

/// What is wrong with office hours, naming the part (the configuration adds the key).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("{0:?} is not an interval like \"08:30-17:00\"")]
    Interval(String),
    #[error("intervals on {0} overlap")]
    Overlap(&'static str),
    #[error("unknown time zone {0:?}")]
    TimeZone(String),
    #[error("the week has no opening interval: the organisation would never open")]
    NeverOpen,
    #[error("closure {0:?}: {1}")]
    Closure(String, &'static str),
}

/// Office hours as stored and configured: plain data, checked by [`OfficeHours::new`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursSpec {
    pub time_zone: String,
    pub week: WeekSchedule,
    pub holidays: HolidayRules,
    #[serde(default)]
    pub closures: Vec<Closure>,
}

impl Default for HoursSpec {
    /// Open around the clock, no holidays: what an organisation without office hours gets.
    fn default() -> Self {
        Self {
            time_zone: DEFAULT_TIME_ZONE.to_owned(),
            week: WeekSchedule::always(),
            holidays: HolidayRules::none(),
            closures: Vec::new(),
        }
    }
}

/// Checked office hours with their time zone resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeHours {
    spec: HoursSpec,
    tz: TimeZone,
}

/// Why a day is closed although its weekday has hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClosedDay<'a> {
    Holiday(Holiday),
    Closure(&'a str),
}

impl OfficeHours {
    pub fn new(spec: HoursSpec) -> Result<Self, HoursError> {
        let tz = TimeZone::get(&spec.time_zone)
            .map_err(|_| HoursError::TimeZone(spec.time_zone.clone()))?;
        spec.week.validate()?;
        if !spec.week.opens_at_all() {
            return Err(HoursError::NeverOpen);
        }
        for closure in &spec.closures {
            closure.validate()?;
        }
        Ok(Self { spec, tz })
    }

    /// Open around the clock, every day.
    pub fn always_open() -> Self {
        Self::new(HoursSpec::default()).expect("the default hours are valid")
    }

    pub fn spec(&self) -> &HoursSpec {
        &self.spec
    }

    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// Why `date` is closed although its weekday may have hours: a holiday first, then a
    /// closure.
    pub fn closed_on(&self, date: Date) -> Option<ClosedDay<'_>> {
        if let Some(holiday) = self.spec.holidays.on(date) {
            return Some(ClosedDay::Holiday(holiday));
        }
        self.spec
            .closures
            .iter()
            .find(|c| c.covers(date))
            .map(|c| ClosedDay::Closure(&c.label))
    }

    /// The local date of an instant.
    pub fn local_date(&self, at: jiff::Timestamp) -> Date {
        self.tz.to_datetime(at).date()
    }
}
