//! The weekly schedule: for each weekday the intervals the organisation is open, in local
//! time, to the minute.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::HoursError;

/// Minutes in a day: an interval may end at `24:00`.
pub const DAY_MINUTES: u16 = 24 * 60;

/// One opening interval within a day, `[start, end)` in minutes after local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Interval {
    pub start: u16,
    pub end: u16,
}

impl Interval {
    /// `"08:30-17:00"` (also `8:30-17:00`, and `24:00` as an end).
    pub fn parse(text: &str) -> Result<Self, HoursError> {
        let bad = || HoursError::Interval(text.to_owned());
        let (start, end) = text.trim().split_once('-').ok_or_else(bad)?;
        let start = minutes(start).ok_or_else(bad)?;
        let end = minutes(end).ok_or_else(bad)?;
        if start >= end || start >= DAY_MINUTES {
            return Err(bad());
        }
        Ok(Self { start, end })
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        write!(f, "{}-{}", hm(self.start), hm(self.end))
    }
}

/// `"8:30"` / `"08:30"` / `"24:00"` → minutes after midnight.
fn minutes(text: &str) -> Option<u16> {
    let (h, m) = text.trim().split_once(':')?;
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(h) || m.len() != 2 || !all_digits(m) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    let total = h * 60 + m;
    (m < 60 && total <= DAY_MINUTES).then_some(total)
}

/// The intervals of each weekday, Monday first; each day's sorted and not overlapping.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekSchedule {
    days: [Vec<Interval>; 7],
}

/// The weekdays as the configuration names them, Monday first.
pub const WEEKDAY_KEYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl WeekSchedule {
    /// Open around the clock every day: what "no office hours configured" means.
    pub fn always() -> Self {
        let all = vec![Interval {
            start: 0,
            end: DAY_MINUTES,
        }];
        Self {
            days: std::array::from_fn(|_| all.clone()),
        }
    }

    /// Set a weekday's intervals (0 = Monday); they are sorted and must not overlap.
    pub fn set_day(&mut self, day: usize, mut intervals: Vec<Interval>) -> Result<(), HoursError> {
        intervals.sort();
        if intervals.windows(2).any(|w| w[0].end > w[1].start) {
            return Err(HoursError::Overlap(WEEKDAY_KEYS[day % 7]));
        }
        self.days[day % 7] = intervals;
        Ok(())
    }

    /// The intervals of a weekday, 0 = Monday.
    pub fn day(&self, day: usize) -> &[Interval] {
        &self.days[day % 7]
    }

    /// Whether the organisation is ever open (a week without any interval never opens).
    pub fn opens_at_all(&self) -> bool {
        self.days.iter().any(|d| !d.is_empty())
    }

    /// Checks what deserialisation cannot: sorted, non-overlapping, sensible intervals.
    pub(super) fn validate(&self) -> Result<(), HoursError> {
        for (day, intervals) in self.days.iter().enumerate() {
            for i in intervals {
                if i.start >= i.end || i.end > DAY_MINUTES {
                    return Err(HoursError::Interval(i.to_string()));
                }
            }
            if intervals.windows(2).any(|w| w[0].end > w[1].start) {
                return Err(HoursError::Overlap(WEEKDAY_KEYS[day]));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse_in_the_forms_people_write_them() {
        let i = Interval::parse("8:30-17:00").unwrap();
        assert_eq!((i.start, i.end), (510, 1020));
        assert_eq!(i.to_string(), "08:30-17:00");
        assert_eq!(Interval::parse(" 00:00-24:00 ").unwrap().end, DAY_MINUTES);
    }

    #[test]
    fn nonsense_intervals_are_refused() {
        for text in [
            "",
            "8-17",
            "17:00-08:30",
            "08:30-08:30",
            "08:60-09:00",
            "24:00-24:00",
            "25:00-26:00",
            "08:3-09:00",
            "a:bc-10:00",
            "08:30–17:00",
            "-1:00-02:00",
            "08:30-17:00-18:00",
        ] {
            assert!(Interval::parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn overlapping_intervals_on_one_day_are_refused() {
        let mut week = WeekSchedule::default();
        let a = Interval::parse("08:30-12:30").unwrap();
        let b = Interval::parse("12:00-17:00").unwrap();
        assert_eq!(
            week.set_day(0, vec![b, a]),
            Err(HoursError::Overlap("monday"))
        );
        let c = Interval::parse("12:30-17:00").unwrap();
        week.set_day(0, vec![c, a]).unwrap();
        assert_eq!(week.day(0), &[a, c], "sorted; touching intervals are fine");
    }
}
