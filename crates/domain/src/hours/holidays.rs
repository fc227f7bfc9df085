//! Dutch public holidays (the "algemeen erkende feestdagen" of the Algemene termijnenwet,
//! art. 3), computed, so they never run out the way a data file does.

use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

/// One public holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Holiday {
    NewYearsDay,
    GoodFriday,
    EasterSunday,
    EasterMonday,
    KingsDay,
    LiberationDay,
    AscensionDay,
    WhitSunday,
    WhitMonday,
    ChristmasDay,
    BoxingDay,
}

impl Holiday {
    /// The Dutch name, as residents know it.
    pub fn name_nl(self) -> &'static str {
        match self {
            Self::NewYearsDay => "Nieuwjaarsdag",
            Self::GoodFriday => "Goede Vrijdag",
            Self::EasterSunday => "Eerste Paasdag",
            Self::EasterMonday => "Tweede Paasdag",
            Self::KingsDay => "Koningsdag",
            Self::LiberationDay => "Bevrijdingsdag",
            Self::AscensionDay => "Hemelvaartsdag",
            Self::WhitSunday => "Eerste Pinksterdag",
            Self::WhitMonday => "Tweede Pinksterdag",
            Self::ChristmasDay => "Eerste Kerstdag",
            Self::BoxingDay => "Tweede Kerstdag",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::NewYearsDay => "New Year's Day",
            Self::GoodFriday => "Good Friday",
            Self::EasterSunday => "Easter Sunday",
            Self::EasterMonday => "Easter Monday",
            Self::KingsDay => "King's Day",
            Self::LiberationDay => "Liberation Day",
            Self::AscensionDay => "Ascension Day",
            Self::WhitSunday => "Whit Sunday",
            Self::WhitMonday => "Whit Monday",
            Self::ChristmasDay => "Christmas Day",
            Self::BoxingDay => "Boxing Day",
        }
    }
}

/// When Bevrijdingsdag (5 May) is a day off: the law names it every year, but many
/// collective agreements give it off only in lustrum years (2025, 2030, …).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiberationDayRule {
    #[default]
    Yearly,
    EveryFiveYears,
}

impl LiberationDayRule {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "yearly" => Some(Self::Yearly),
            "every_five_years" => Some(Self::EveryFiveYears),
            _ => None,
        }
    }
}

/// Which holidays close the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayRules {
    /// Off: no public holiday closes (used for "always open").
    pub observed: bool,
    /// Goede Vrijdag is not a general day off; an organisation opts in.
    #[serde(default)]
    pub good_friday: bool,
    #[serde(default)]
    pub liberation_day: LiberationDayRule,
}

impl Default for HolidayRules {
    fn default() -> Self {
        Self {
            observed: true,
            good_friday: false,
            liberation_day: LiberationDayRule::Yearly,
        }
    }
}

impl HolidayRules {
    /// No holiday closes anything.
    pub fn none() -> Self {
        Self {
            observed: false,
            ..Self::default()
        }
    }

    /// The holiday on `date` that closes the organisation, if any.
    pub fn on(&self, date: Date) -> Option<Holiday> {
        // February and July to November hold no holiday (Easter's are March to June).
        if !self.observed || matches!(date.month(), 2 | 7..=11) {
            return None;
        }
        holidays_in(date.year(), self)
            .into_iter()
            .find(|(d, _)| *d == date)
            .map(|(_, h)| h)
    }
}

/// The holidays of `year` that the rules observe, in date order.
pub fn holidays_in(year: i16, rules: &HolidayRules) -> Vec<(Date, Holiday)> {
    let mut days = Vec::with_capacity(11);
    let mut push = |date: Option<Date>, holiday| {
        if let Some(date) = date {
            days.push((date, holiday));
        }
    };
    let fixed = |month, day| Date::new(year, month, day).ok();
    let easter = easter_sunday(year);
    let from_easter =
        |offset: i64| easter.and_then(|e| e.checked_add(jiff::Span::new().days(offset)).ok());
    push(fixed(1, 1), Holiday::NewYearsDay);
    if rules.good_friday {
        push(from_easter(-2), Holiday::GoodFriday);
    }
    push(easter, Holiday::EasterSunday);
    push(from_easter(1), Holiday::EasterMonday);
    push(kings_day(year), Holiday::KingsDay);
    if rules.liberation_day == LiberationDayRule::Yearly || year % 5 == 0 {
        push(fixed(5, 5), Holiday::LiberationDay);
    }
    push(from_easter(39), Holiday::AscensionDay);
    push(from_easter(49), Holiday::WhitSunday);
    push(from_easter(50), Holiday::WhitMonday);
    push(fixed(12, 25), Holiday::ChristmasDay);
    push(fixed(12, 26), Holiday::BoxingDay);
    days.sort();
    days
}

/// 27 April, the King's birthday; when that is a Sunday, the Saturday before (Besluit
/// van 2013 over de viering van Koningsdag).
fn kings_day(year: i16) -> Option<Date> {
    let day = Date::new(year, 4, 27).ok()?;
    if day.weekday() == Weekday::Sunday {
        day.yesterday().ok()
    } else {
        Some(day)
    }
}

/// Western (Gregorian) Easter Sunday by the anonymous Gregorian computus
/// (Meeus/Jones/Butcher).
pub fn easter_sunday(year: i16) -> Option<Date> {
    let y = i32::from(year);
    if y < 1583 {
        return None;
    }
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}
