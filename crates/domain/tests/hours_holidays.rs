//! The Dutch public holidays of 2025–2030 against the official dates.
//!
//! Source of the expected dates: Rijksoverheid, "Welke feestdagen zijn officiële
//! feestdagen in Nederland?" (rijksoverheid.nl, onderwerp "Werken op feestdagen"), which
//! lists the days of the Algemene termijnenwet art. 3 — Easter-dependent dates as published
//! in the yearly overviews (e.g. 2026: Goede Vrijdag 3 april, Pasen 5–6 april, Koningsdag
//! 27 april, Hemelvaartsdag 14 mei, Pinksteren 24–25 mei; 2028: Pasen 16–17 april,
//! Hemelvaartsdag 25 mei, Pinksteren 4–5 juni), and the Besluit van 2013 on Koningsdag
//! (27 April, the Saturday before when it is a Sunday: 26 April 2025). Cross-checked with
//! the public calendars at alle-feestdagen.be/nederland and kalender-365.nl.

use jiff::civil::{Date, date};
use loket_domain::hours::{Holiday, HolidayRules, LiberationDayRule, easter_sunday, holidays_in};

/// A month and day.
type Md = (i8, i8);

/// Per year: Goede Vrijdag, Eerste Paasdag, Tweede Paasdag, Koningsdag, Hemelvaartsdag,
/// Eerste Pinksterdag, Tweede Pinksterdag.
#[rustfmt::skip]
const MOVING: [(i16, [Md; 7]); 6] = [
    (2025, [(4, 18), (4, 20), (4, 21), (4, 26), (5, 29), (6, 8), (6, 9)]),
    (2026, [(4, 3), (4, 5), (4, 6), (4, 27), (5, 14), (5, 24), (5, 25)]),
    (2027, [(3, 26), (3, 28), (3, 29), (4, 27), (5, 6), (5, 16), (5, 17)]),
    (2028, [(4, 14), (4, 16), (4, 17), (4, 27), (5, 25), (6, 4), (6, 5)]),
    (2029, [(3, 30), (4, 1), (4, 2), (4, 27), (5, 10), (5, 20), (5, 21)]),
    (2030, [(4, 19), (4, 21), (4, 22), (4, 27), (5, 30), (6, 9), (6, 10)]),
];

fn on(year: i16, (month, day): (i8, i8)) -> Date {
    date(year, month, day)
}

fn expected(year: i16, rules: &HolidayRules) -> Vec<(Date, Holiday)> {
    let row = MOVING.iter().find(|r| r.0 == year).unwrap().1;
    let mut days = vec![
        (date(year, 1, 1), Holiday::NewYearsDay),
        (on(year, row[1]), Holiday::EasterSunday),
        (on(year, row[2]), Holiday::EasterMonday),
        (on(year, row[3]), Holiday::KingsDay),
        (on(year, row[4]), Holiday::AscensionDay),
        (on(year, row[5]), Holiday::WhitSunday),
        (on(year, row[6]), Holiday::WhitMonday),
        (date(year, 12, 25), Holiday::ChristmasDay),
        (date(year, 12, 26), Holiday::BoxingDay),
    ];
    if rules.good_friday {
        days.push((on(year, row[0]), Holiday::GoodFriday));
    }
    if rules.liberation_day == LiberationDayRule::Yearly || year % 5 == 0 {
        days.push((date(year, 5, 5), Holiday::LiberationDay));
    }
    days.sort();
    days
}

#[test]
fn the_holidays_of_2025_to_2030_are_the_official_dates_under_every_option() {
    for good_friday in [false, true] {
        for liberation_day in [LiberationDayRule::Yearly, LiberationDayRule::EveryFiveYears] {
            let rules = HolidayRules {
                observed: true,
                good_friday,
                liberation_day,
            };
            for year in 2025..=2030 {
                assert_eq!(
                    holidays_in(year, &rules),
                    expected(year, &rules),
                    "{year} {rules:?}"
                );
            }
        }
    }
}

#[test]
fn kings_day_moves_to_saturday_only_when_the_27th_is_a_sunday() {
    let rules = HolidayRules::default();
    assert_eq!(rules.on(date(2025, 4, 26)), Some(Holiday::KingsDay));
    assert_eq!(
        rules.on(date(2025, 4, 27)),
        None,
        "a Sunday, not Koningsdag"
    );
    // The first Koningsdag, 2014, was Saturday 26 April for the same reason; so are 2031's
    // and 2036's.
    for year in [2014, 2031, 2036] {
        assert_eq!(
            rules.on(date(year, 4, 26)),
            Some(Holiday::KingsDay),
            "{year}"
        );
        assert_eq!(rules.on(date(year, 4, 27)), None, "{year}");
    }
    assert_eq!(
        rules.on(date(2030, 4, 27)),
        Some(Holiday::KingsDay),
        "a Saturday stays"
    );
}

#[test]
fn bevrijdingsdag_every_five_years_falls_in_lustrum_years_only() {
    let rules = HolidayRules {
        liberation_day: LiberationDayRule::EveryFiveYears,
        ..HolidayRules::default()
    };
    let years: Vec<i16> = (2024..=2036)
        .filter(|y| rules.on(date(*y, 5, 5)) == Some(Holiday::LiberationDay))
        .collect();
    assert_eq!(years, vec![2025, 2030, 2035]);
    assert!(HolidayRules::default().on(date(2026, 5, 5)).is_some());
}

#[test]
fn easter_follows_the_computus_for_known_years() {
    // Easter Sundays published by the Dutch church calendars and almanacs.
    for (year, month, day) in [
        (2000, 4, 23),
        (2008, 3, 23),
        (2011, 4, 24),
        (2019, 4, 21),
        (2024, 3, 31),
        (2038, 4, 25),
        (2285, 3, 22),
    ] {
        assert_eq!(easter_sunday(year), Some(date(year, month, day)), "{year}");
    }
    assert_eq!(easter_sunday(1500), None, "no Gregorian Easter before 1583");
}

#[test]
fn rules_that_observe_nothing_close_on_no_holiday() {
    assert_eq!(HolidayRules::none().on(date(2025, 12, 25)), None);
}
