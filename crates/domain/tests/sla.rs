//! SLA clocks in business time: table tests for the states a conversation goes through,
//! and property tests for the laws (pausing never brings a due time forward; done before
//! due is met, after it breached).

use std::time::Duration;

use jiff::Timestamp;
use loket_domain::hours::{HolidayRules, HoursSpec, Interval, OfficeHours, WeekSchedule};
use loket_domain::sla::{SlaFacts, SlaPolicy, TargetState, evaluate};
use proptest::prelude::*;

/// Weekdays 9.00–17.00 in Amsterdam, with the public holidays.
fn office() -> OfficeHours {
    let mut week = WeekSchedule::default();
    for day in 0..5 {
        week.set_day(day, vec![Interval::parse("09:00-17:00").unwrap()])
            .unwrap();
    }
    OfficeHours::new(HoursSpec {
        time_zone: "Europe/Amsterdam".into(),
        week,
        holidays: HolidayRules::default(),
        closures: vec![],
    })
    .unwrap()
}

fn local(text: &str) -> Timestamp {
    let dt: jiff::civil::DateTime = text.parse().unwrap();
    dt.to_zoned(jiff::tz::TimeZone::get("Europe/Amsterdam").unwrap())
        .unwrap()
        .timestamp()
}

fn minutes(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

fn waiting(since: &str) -> SlaFacts {
    SlaFacts {
        waiting_since: Some(local(since)),
        started_at: Some(local(since)),
        ..SlaFacts::default()
    }
}

#[test]
fn a_question_asked_on_friday_evening_is_due_an_hour_into_monday() {
    let status = evaluate(
        &SlaPolicy::default(),
        &office(),
        &waiting("2025-11-21T18:00"),
        local("2025-11-22T12:00"),
    );
    let first = status.first_response.unwrap();
    assert_eq!(first.due_at, Some(local("2025-11-24T10:00")));
    assert_eq!(first.state, TargetState::Ok);
    assert_eq!(first.remaining, minutes(60));
    // The answer within one working day: eight working hours, Monday 17.00.
    assert_eq!(
        status.resolution.unwrap().due_at,
        Some(local("2025-11-24T17:00"))
    );
}

#[test]
fn the_clock_warns_fifteen_working_minutes_before_and_then_breaches() {
    let facts = waiting("2025-11-24T09:00");
    let at = |t| evaluate(&SlaPolicy::default(), &office(), &facts, local(t));
    assert_eq!(
        at("2025-11-24T09:44").first_response.unwrap().state,
        TargetState::Ok
    );
    let warning = at("2025-11-24T09:46").first_response.unwrap();
    assert_eq!(warning.state, TargetState::Warning);
    assert_eq!(warning.remaining, minutes(14));
    let breached = at("2025-11-24T10:30").first_response.unwrap();
    assert_eq!(breached.state, TargetState::Breached);
    assert_eq!(breached.overdue, minutes(30));
    assert_eq!(
        at("2025-11-24T10:30").worst().unwrap().state,
        TargetState::Breached
    );
}

#[test]
fn a_pending_conversation_stands_still_and_continues_where_it_was() {
    let mut facts = waiting("2025-11-24T09:00");
    facts.pauses = vec![(local("2025-11-24T09:20"), None)];
    let policy = SlaPolicy::default();
    let paused = evaluate(&policy, &office(), &facts, local("2025-11-24T15:00"));
    let first = paused.first_response.unwrap();
    assert_eq!(first.state, TargetState::Paused);
    assert_eq!(first.remaining, minutes(40));
    assert_eq!(first.due_at, None);

    facts.pauses = vec![(local("2025-11-24T09:20"), Some(local("2025-11-24T14:00")))];
    let resumed = evaluate(&policy, &office(), &facts, local("2025-11-24T14:10"));
    assert_eq!(
        resumed.first_response.unwrap().due_at,
        Some(local("2025-11-24T14:40"))
    );
    assert_eq!(resumed.first_response.unwrap().remaining, minutes(30));
}

#[test]
fn a_conversation_resolved_in_time_has_met_its_answer_target() {
    let mut facts = waiting("2025-11-24T09:00");
    facts.waiting_since = None;
    facts.resolved_at = Some(local("2025-11-24T16:00"));
    let status = evaluate(
        &SlaPolicy::default(),
        &office(),
        &facts,
        local("2025-11-26T09:00"),
    );
    assert_eq!(status.first_response, None);
    assert_eq!(status.resolution.unwrap().state, TargetState::Met);
}

#[test]
fn a_policy_refuses_zero_targets_and_a_warning_longer_than_a_target() {
    let mut policy = SlaPolicy::default();
    assert!(policy.validate().is_ok());
    policy.first_response = Duration::ZERO;
    assert!(policy.validate().is_err());
    policy.first_response = minutes(10);
    assert!(policy.validate().is_err());
}

/// An instant within a few weeks of late 2025, to the minute.
fn instant() -> impl Strategy<Value = Timestamp> {
    (0i64..60 * 24 * 28)
        .prop_map(|m| local("2025-11-17T00:00") + jiff::SignedDuration::from_mins(m))
}

fn pauses() -> impl Strategy<Value = Vec<(Timestamp, Option<Timestamp>)>> {
    prop::collection::vec((instant(), 0i64..60 * 24 * 3), 0..4).prop_map(|mut raw| {
        raw.sort();
        let mut out: Vec<(Timestamp, Option<Timestamp>)> = Vec::new();
        for (start, length) in raw {
            // Pauses do not overlap: each starts after the previous one ended.
            if out
                .last()
                .is_some_and(|&(_, end)| end.is_none_or(|end| end >= start))
            {
                continue;
            }
            out.push((start, Some(start + jiff::SignedDuration::from_mins(length))));
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn pausing_never_makes_a_due_time_earlier(
        start in instant(), pauses in pauses(), target in 1u64..2000,
    ) {
        let policy = SlaPolicy { first_response: minutes(target), resolution: minutes(target), warn_before: Duration::ZERO };
        let now = start;
        let plain = SlaFacts { waiting_since: Some(start), ..SlaFacts::default() };
        let paused = SlaFacts { pauses, ..plain.clone() };
        let a = evaluate(&policy, &office(), &plain, now).first_response.unwrap();
        let b = evaluate(&policy, &office(), &paused, now).first_response.unwrap();
        prop_assert!(b.due_at.unwrap() >= a.due_at.unwrap());
    }

    #[test]
    fn done_before_due_is_met_and_after_it_breached(
        start in instant(), pauses in pauses(), target in 1u64..2000, done in instant(),
    ) {
        prop_assume!(done >= start);
        let policy = SlaPolicy { first_response: minutes(target), resolution: minutes(target), warn_before: Duration::ZERO };
        let facts = SlaFacts { started_at: Some(start), resolved_at: Some(done), pauses, ..SlaFacts::default() };
        let status = evaluate(&policy, &office(), &facts, done).resolution.unwrap();
        let due = status.due_at.unwrap();
        if done <= due {
            prop_assert_eq!(status.state, TargetState::Met);
        } else {
            prop_assert_eq!(status.state, TargetState::Breached);
            prop_assert!(status.overdue > Duration::ZERO || office().working_between(due, done).is_zero());
        }
    }

    #[test]
    fn an_unpaused_clock_runs_exactly_the_target_in_working_time(
        start in instant(), target in 1u64..2000,
    ) {
        let policy = SlaPolicy { first_response: minutes(target), resolution: minutes(target * 8), warn_before: Duration::ZERO };
        let facts = SlaFacts { waiting_since: Some(start), ..SlaFacts::default() };
        let status = evaluate(&policy, &office(), &facts, start).first_response.unwrap();
        prop_assert_eq!(office().working_between(start, status.due_at.unwrap()), minutes(target));
        prop_assert_eq!(status.remaining, minutes(target));
    }
}
