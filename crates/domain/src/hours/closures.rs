//! Custom closures: days the organisation is closed besides the public holidays (a
//! municipal move, the afternoon of Christmas Eve counted as a whole day, a strike).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{HoursError, MAX_CLOSURE_DAYS};

/// Longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 200;

/// Closed from `from` through `to` (both included, local dates), with a label for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub from: Date,
    pub to: Date,
    pub label: String,
}

impl Closure {
    pub fn covers(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }

    pub(super) fn validate(&self) -> Result<(), HoursError> {
        let err = |why| HoursError::Closure(self.label.clone(), why);
        if self.label.trim().is_empty() || self.label.chars().count() > MAX_LABEL_CHARS {
            return Err(err("the label must hold 1 to 200 characters"));
        }
        if self.to < self.from {
            return Err(err("it ends before it starts"));
        }
        if self.from.duration_until(self.to).as_hours() / 24 >= MAX_CLOSURE_DAYS {
            return Err(err("it is longer than a year"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn closure(from: Date, to: Date, label: &str) -> Closure {
        Closure {
            from,
            to,
            label: label.into(),
        }
    }

    #[test]
    fn a_closure_covers_its_first_and_last_day() {
        let c = closure(date(2025, 12, 24), date(2025, 12, 31), "Kerstsluiting");
        assert!(c.covers(date(2025, 12, 24)));
        assert!(c.covers(date(2025, 12, 31)));
        assert!(!c.covers(date(2026, 1, 1)));
        assert!(!c.covers(date(2025, 12, 23)));
    }

    #[test]
    fn backwards_endless_and_unlabelled_closures_are_refused() {
        let d = date(2025, 6, 1);
        assert!(closure(d, date(2025, 5, 31), "x").validate().is_err());
        assert!(closure(d, date(2026, 6, 2), "x").validate().is_err());
        assert!(closure(d, d, "  ").validate().is_err());
        assert!(closure(d, d, &"x".repeat(201)).validate().is_err());
        assert!(
            closure(d, date(2026, 5, 31), "Verbouwing")
                .validate()
                .is_ok()
        );
    }
}
