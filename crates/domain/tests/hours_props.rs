//! Office hours: the answers residents and SLA clocks depend on, as table tests, and the
//! laws that tie `is_open`, `next_opening`, `add_working` and `working_between` together
//! as property tests over random schedules (daylight-saving gaps included).

use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::date;
use loket_domain::hours::{
    Closure, HolidayRules, HoursSpec, Interval, LiberationDayRule, OfficeHours, WeekSchedule,
};
use loket_domain::people::Locale;
use proptest::prelude::*;

fn intervals(texts: &[&str]) -> Vec<Interval> {
    texts.iter().map(|t| Interval::parse(t).unwrap()).collect()
}

/// A municipality: weekdays 8.30–17.00 with lunch 12.30–13.00, Thursday evening too.
fn municipal(closures: Vec<Closure>) -> OfficeHours {
    let mut week = WeekSchedule::default();
    for day in 0..5 {
        week.set_day(day, intervals(&["08:30-12:30", "13:00-17:00"]))
            .unwrap();
    }
    week.set_day(3, intervals(&["08:30-12:30", "13:00-17:00", "18:00-20:00"]))
        .unwrap();
    OfficeHours::new(HoursSpec {
        time_zone: "Europe/Amsterdam".into(),
        week,
        holidays: HolidayRules::default(),
        closures,
    })
    .unwrap()
}

/// A local Amsterdam time as an instant.
fn local(text: &str) -> Timestamp {
    let dt: jiff::civil::DateTime = text.parse().unwrap();
    dt.to_zoned(jiff::tz::TimeZone::get("Europe/Amsterdam").unwrap())
        .unwrap()
        .timestamp()
}

fn phrase(hours: &OfficeHours, at: &str) -> String {
    hours.when_we_answer(local(at), Locale::Nl).unwrap()
}

#[test]
fn the_receipt_names_the_next_opening_the_way_people_say_it() {
    let hours = municipal(vec![]);
    for (at, nl) in [
        ("2025-11-22T22:00", "maandag vanaf 8.30 uur"), // Saturday night
        ("2025-11-23T22:00", "morgen vanaf 8.30 uur"),  // Sunday night
        ("2025-11-24T06:10", "vandaag vanaf 8.30 uur"), // Monday, early
        ("2025-11-24T12:45", "vandaag vanaf 13.00 uur"), // lunch
        ("2025-11-27T17:30", "vandaag vanaf 18.00 uur"), // Thursday evening opening
        ("2025-11-21T17:00", "maandag vanaf 8.30 uur"), // Friday, the moment it closes
        ("2026-04-04T22:00", "dinsdag vanaf 8.30 uur"), // Easter Saturday: Monday is a holiday
        ("2025-04-25T18:00", "maandag vanaf 8.30 uur"), // Koningsdag 2025 is a Saturday
    ] {
        assert_eq!(phrase(&hours, at), nl, "{at}");
    }
    assert_eq!(
        hours
            .when_we_answer(local("2025-11-22T22:00"), Locale::En)
            .unwrap(),
        "on Monday from 8:30"
    );
    assert_eq!(
        hours
            .when_we_answer(local("2025-11-24T12:45"), Locale::En)
            .unwrap(),
        "today from 13:00"
    );
}

#[test]
fn beyond_a_week_the_receipt_names_the_date() {
    let closure = Closure {
        from: date(2025, 12, 22),
        to: date(2026, 1, 2),
        label: "Kerstsluiting".into(),
    };
    let hours = municipal(vec![closure]);
    assert_eq!(
        phrase(&hours, "2025-12-19T18:00"),
        "op maandag 5 januari vanaf 8.30 uur"
    );
    assert_eq!(
        hours
            .when_we_answer(local("2025-12-19T18:00"), Locale::En)
            .unwrap(),
        "on Monday 5 January from 8:30"
    );
    assert_eq!(
        hours
            .when_we_answer(local("2025-11-24T10:00"), Locale::Nl)
            .unwrap(),
        "zo snel mogelijk",
        "open now"
    );
}

#[test]
fn europe_amsterdam_comes_from_the_bundled_database_when_the_system_has_none() {
    let bundled = jiff::tz::TimeZoneDatabase::bundled();
    let tz = bundled
        .get("Europe/Amsterdam")
        .expect("bundled with the binary");
    let summer = date(2025, 7, 1).at(12, 0, 0, 0).to_zoned(tz).unwrap();
    assert_eq!(summer.offset().seconds(), 2 * 3600);
}

#[test]
fn a_day_with_the_clocks_going_forward_has_23_working_hours_around_the_clock() {
    let hours = OfficeHours::always_open();
    let day = hours.working_between(local("2025-03-30T00:00"), local("2025-03-31T00:00"));
    assert_eq!(day, Duration::from_secs(23 * 3600));
    let autumn = hours.working_between(local("2025-10-26T00:00"), local("2025-10-27T00:00"));
    assert_eq!(autumn, Duration::from_secs(25 * 3600));
}

#[test]
fn one_working_hour_from_friday_afternoon_ends_on_monday_morning() {
    let hours = municipal(vec![]);
    let deadline = hours
        .add_working(local("2025-11-21T16:30"), Duration::from_secs(3600))
        .unwrap();
    assert_eq!(deadline, local("2025-11-24T09:00"));
    assert_eq!(
        hours.day_opened_at(local("2025-11-24T10:00")),
        Some(local("2025-11-24T08:30"))
    );
    assert_eq!(
        hours.day_opened_at(local("2025-11-24T08:00")),
        None,
        "not yet begun"
    );
    assert_eq!(
        hours.previous_day_opened_at(local("2025-11-24T10:00")),
        Some(local("2025-11-21T08:30")),
        "Monday's previous working day is Friday"
    );
}

#[test]
fn bad_hours_are_refused_with_what_is_wrong() {
    let spec = |time_zone: &str, week: WeekSchedule| HoursSpec {
        time_zone: time_zone.into(),
        week,
        holidays: HolidayRules::default(),
        closures: vec![],
    };
    assert!(OfficeHours::new(spec("Europe/Atlantis", WeekSchedule::always())).is_err());
    assert!(OfficeHours::new(spec("Europe/Amsterdam", WeekSchedule::default())).is_err());
    let json = r#"{"days":[[{"start":600,"end":500}],[],[],[],[],[],[]]}"#;
    let backwards: WeekSchedule = serde_json::from_str(json).unwrap();
    assert!(OfficeHours::new(spec("Europe/Amsterdam", backwards)).is_err());
}

#[test]
fn hours_round_trip_through_json() {
    let hours = municipal(vec![Closure {
        from: date(2025, 12, 24),
        to: date(2025, 12, 24),
        label: "Kerstavond — \"middag\" 🎄".into(),
    }]);
    let json = serde_json::to_string(hours.spec()).unwrap();
    let back: HoursSpec = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, hours.spec());
}

// ----- properties -----

fn day_choice() -> impl Strategy<Value = Vec<&'static str>> {
    prop::sample::select(vec![
        vec![],
        vec!["08:30-17:00"],
        vec!["08:30-12:30", "13:00-17:00"],
        vec!["00:00-24:00"],
        vec!["02:00-03:30"], // across the spring-forward gap
        vec!["22:00-24:00"],
        vec!["00:00-01:00", "23:00-24:00"],
        vec!["09:15-09:16"],
    ])
}

fn hours_strategy() -> impl Strategy<Value = OfficeHours> {
    (
        prop::collection::vec(day_choice(), 7),
        any::<bool>(),
        any::<bool>(),
        prop::option::of((0i64..2900, 0i64..40)),
    )
        .prop_filter_map(
            "opens at some time",
            |(days, good_friday, lustrum, closure)| {
                let mut week = WeekSchedule::default();
                for (i, day) in days.iter().enumerate() {
                    week.set_day(i, intervals(day)).unwrap();
                }
                let closures = closure
                    .map(|(start, len)| {
                        let from = date(2024, 1, 1) + jiff::Span::new().days(start);
                        vec![Closure {
                            from,
                            to: from + jiff::Span::new().days(len),
                            label: "Gesloten".into(),
                        }]
                    })
                    .unwrap_or_default();
                OfficeHours::new(HoursSpec {
                    time_zone: "Europe/Amsterdam".into(),
                    week,
                    holidays: HolidayRules {
                        observed: true,
                        good_friday,
                        liberation_day: if lustrum {
                            LiberationDayRule::EveryFiveYears
                        } else {
                            LiberationDayRule::Yearly
                        },
                    },
                    closures,
                })
                .ok()
            },
        )
}

/// An instant between 2024 and 2031, to the second.
fn instant() -> impl Strategy<Value = Timestamp> {
    (1_704_067_200i64..1_956_528_000).prop_map(|s| Timestamp::from_second(s).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_next_opening_is_open_and_nothing_before_it_is(hours in hours_strategy(), at in instant()) {
        let next = hours.next_opening(at).expect("these hours open within the horizon");
        prop_assert!(next >= at);
        prop_assert!(hours.is_open(next), "{next} is not open");
        prop_assert_eq!(hours.working_between(at, next), Duration::ZERO);
        if next > at {
            prop_assert!(!hours.is_open(at));
            let middle = Timestamp::from_nanosecond(
                (at.as_nanosecond() + next.as_nanosecond()) / 2
            ).unwrap();
            prop_assert!(!hours.is_open(middle), "{middle} is open before {next}");
        }
    }

    #[test]
    fn add_working_and_working_between_agree(
        hours in hours_strategy(),
        at in instant(),
        minutes in 0u64..(3 * 24 * 60),
    ) {
        let wanted = Duration::from_secs(minutes * 60);
        let Some(end) = hours.add_working(at, wanted) else {
            // Only a schedule too sparse to hold that much within the horizon says none.
            let horizon = at.checked_add(jiff::SignedDuration::from_hours(24 * 1000)).unwrap();
            prop_assert!(hours.working_between(at, horizon) < wanted);
            return Ok(());
        };
        prop_assert!(end >= at);
        prop_assert_eq!(hours.working_between(at, end), wanted);
        if minutes > 0 {
            // The deadline is the earliest instant with that much working time behind it.
            let before = end.checked_sub(jiff::SignedDuration::from_secs(1)).unwrap();
            prop_assert!(hours.working_between(at, before) < wanted);
        }
    }

    #[test]
    fn working_time_adds_up_across_any_split(
        hours in hours_strategy(),
        a in instant(),
        gap1 in 0i64..(9 * 86_400),
        gap2 in 0i64..(9 * 86_400),
    ) {
        let b = a.checked_add(jiff::SignedDuration::from_secs(gap1)).unwrap();
        let c = b.checked_add(jiff::SignedDuration::from_secs(gap2)).unwrap();
        prop_assert_eq!(
            hours.working_between(a, b) + hours.working_between(b, c),
            hours.working_between(a, c)
        );
        prop_assert!(hours.working_between(a, c) <= a.duration_until(c).unsigned_abs());
    }

    #[test]
    fn an_open_instant_closes_after_it_and_its_next_opening_is_itself(
        hours in hours_strategy(),
        at in instant(),
    ) {
        if hours.is_open(at) {
            prop_assert_eq!(hours.next_opening(at), Some(at));
            let close = hours.closing_after(at).unwrap();
            prop_assert!(close > at);
            prop_assert_eq!(hours.working_between(at, close), at.duration_until(close).unsigned_abs());
        } else {
            prop_assert_eq!(hours.closing_after(at), None);
        }
    }
}
