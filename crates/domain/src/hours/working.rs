//! Open or closed, the next opening, and working time (for SLA clocks in business time).
//! Everything is computed from the open spans of each local day, as instants, so a
//! daylight-saving change shortens or lengthens the day exactly as the wall clock does.

use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::Date;

use super::{DAY_MINUTES, OfficeHours, SEARCH_DAYS};

/// One open stretch, `[start, end)`.
pub type Span = (Timestamp, Timestamp);

impl OfficeHours {
    /// The open spans of one local date: none on a holiday or a closure.
    pub fn spans_on(&self, date: Date) -> Vec<Span> {
        if self.closed_on(date).is_some() {
            return Vec::new();
        }
        let weekday = date.weekday().to_monday_zero_offset() as usize;
        self.spec
            .week
            .day(weekday)
            .iter()
            .filter_map(|i| {
                let start = self.instant(date, i.start)?;
                let end = self.instant(date, i.end)?;
                (start < end).then_some((start, end))
            })
            .collect()
    }

    /// Local `date` at `minute` after midnight (`24:00` is the next midnight). A time in a
    /// daylight-saving gap counts as the moment after it; a repeated hour as its first pass.
    fn instant(&self, date: Date, minute: u16) -> Option<Timestamp> {
        let (date, minute) = if minute >= DAY_MINUTES {
            (date.tomorrow().ok()?, minute - DAY_MINUTES)
        } else {
            (date, minute)
        };
        let time = date.at((minute / 60) as i8, (minute % 60) as i8, 0, 0);
        self.tz.to_timestamp(time).ok()
    }

    /// Open spans from the local day of `at` on, day by day, for at most `days` days.
    fn spans_from(&self, at: Timestamp, days: i64) -> impl Iterator<Item = Span> + '_ {
        let first = self.local_date(at);
        (0..days)
            .map_while(move |n| first.checked_add(jiff::Span::new().days(n)).ok())
            .flat_map(|date| self.spans_on(date))
    }

    pub fn is_open(&self, at: Timestamp) -> bool {
        self.spans_on(self.local_date(at))
            .iter()
            .any(|&(start, end)| start <= at && at < end)
    }

    /// The first instant at or after `at` that is open (`at` itself when open now); `None`
    /// when nothing opens within [`SEARCH_DAYS`].
    pub fn next_opening(&self, at: Timestamp) -> Option<Timestamp> {
        self.spans_from(at, SEARCH_DAYS)
            .find(|&(_, end)| end > at)
            .map(|(start, _)| start.max(at))
    }

    /// The end of the open span holding `at`, if open.
    pub fn closing_after(&self, at: Timestamp) -> Option<Timestamp> {
        self.spans_on(self.local_date(at))
            .into_iter()
            .find(|&(start, end)| start <= at && at < end)
            .map(|(_, end)| end)
    }

    /// The instant when `working` open time has passed after `at` (a deadline in business
    /// time). Zero is `at` itself. `None` when the schedule does not reach that far.
    pub fn add_working(&self, at: Timestamp, working: Duration) -> Option<Timestamp> {
        let mut left = jiff::SignedDuration::try_from(working).ok()?;
        if left.is_zero() {
            return Some(at);
        }
        for (start, end) in self.spans_from(at, SEARCH_DAYS) {
            if end <= at {
                continue;
            }
            let start = start.max(at);
            let available = start.duration_until(end);
            if left <= available {
                return start.checked_add(left).ok();
            }
            left -= available;
        }
        None
    }

    /// Open time between `from` and `to` (nothing when `to` is not after `from`).
    pub fn working_between(&self, from: Timestamp, to: Timestamp) -> Duration {
        if to <= from {
            return Duration::ZERO;
        }
        let days = self
            .local_date(from)
            .duration_until(self.local_date(to))
            .as_hours()
            / 24
            + 1;
        let total = self
            .spans_from(from, days)
            .map(|(start, end)| (start.max(from), end.min(to)))
            .filter(|(start, end)| start < end)
            .fold(jiff::SignedDuration::ZERO, |sum, (start, end)| {
                sum + start.duration_until(end)
            });
        Duration::try_from(total).unwrap_or_default()
    }

    /// The start of the first open span on the local day of `at` — "this working
    /// morning" — when that day has one and it has begun.
    pub fn day_opened_at(&self, at: Timestamp) -> Option<Timestamp> {
        self.spans_on(self.local_date(at))
            .first()
            .map(|&(start, _)| start)
            .filter(|&start| start <= at)
    }

    /// The first opening of the last working day before the local day of `at`.
    pub fn previous_day_opened_at(&self, at: Timestamp) -> Option<Timestamp> {
        let today = self.local_date(at);
        (1..=SEARCH_DAYS)
            .map_while(|n| today.checked_sub(jiff::Span::new().days(n)).ok())
            .find_map(|date| self.spans_on(date).first().map(|&(start, _)| start))
    }
}
