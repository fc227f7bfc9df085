//! When the municipality will answer, as a resident reads it: "vandaag vanaf 13.00 uur",
//! "morgen vanaf 8.30 uur", "maandag vanaf 8.30 uur", and beyond a week the date:
//! "op maandag 5 januari vanaf 8.30 uur".

use jiff::Timestamp;
use jiff::civil::DateTime;

use super::OfficeHours;
use crate::people::Locale;

pub(crate) const DAYS_NL: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];
const DAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
pub(crate) const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Beyond this many days the phrase also names the year.
const YEAR_AFTER_DAYS: i64 = 180;

impl OfficeHours {
    /// When the organisation will answer a message sent at `now`: the phrase for its next
    /// opening, or `None` when it does not open within the search horizon.
    pub fn when_we_answer(&self, now: Timestamp, locale: Locale) -> Option<String> {
        let opening = self.next_opening(now)?;
        Some(answer_phrase(self, now, opening, locale))
    }
}

/// The phrase for `opening` as seen at `now`, both read in the office hours' time zone.
pub fn answer_phrase(
    hours: &OfficeHours,
    now: Timestamp,
    opening: Timestamp,
    locale: Locale,
) -> String {
    if opening <= now {
        return match locale {
            Locale::Nl => "zo snel mogelijk".into(),
            Locale::En => "as soon as possible".into(),
        };
    }
    let tz = hours.time_zone();
    let (today, when) = (tz.to_datetime(now), tz.to_datetime(opening));
    let days = today.date().duration_until(when.date()).as_hours() / 24;
    match locale {
        Locale::Nl => dutch(days, when),
        Locale::En => english(days, when),
    }
}

fn weekday(when: DateTime) -> usize {
    when.date().weekday().to_monday_zero_offset() as usize
}

fn dutch(days: i64, when: DateTime) -> String {
    let time = format!("{}.{:02} uur", when.hour(), when.minute());
    match days {
        0 => format!("vandaag vanaf {time}"),
        1 => format!("morgen vanaf {time}"),
        2..=6 => format!("{} vanaf {time}", DAYS_NL[weekday(when)]),
        _ => format!(
            "op {} {} {}{} vanaf {time}",
            DAYS_NL[weekday(when)],
            when.day(),
            MONTHS_NL[(when.month() - 1) as usize],
            year_if_far(days, when)
        ),
    }
}

fn english(days: i64, when: DateTime) -> String {
    let time = format!("{}:{:02}", when.hour(), when.minute());
    match days {
        0 => format!("today from {time}"),
        1 => format!("tomorrow from {time}"),
        2..=6 => format!("on {} from {time}", DAYS_EN[weekday(when)]),
        _ => format!(
            "on {} {} {}{} from {time}",
            DAYS_EN[weekday(when)],
            when.day(),
            MONTHS_EN[(when.month() - 1) as usize],
            year_if_far(days, when)
        ),
    }
}

fn year_if_far(days: i64, when: DateTime) -> String {
    if days > YEAR_AFTER_DAYS {
        format!(" {}", when.year())
    } else {
        String::new()
    }
}
