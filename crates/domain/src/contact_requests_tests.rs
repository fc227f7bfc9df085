use super::*;
use crate::hours::{HolidayRules, HoursSpec, Interval, WeekSchedule};

/// Weekdays 8.30–17.00 in Amsterdam: eight and a half open hours a day.
fn municipal() -> OfficeHours {
    let mut week = WeekSchedule::default();
    for day in 0..5 {
        week.set_day(day, vec![Interval::parse("08:30-17:00").unwrap()])
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

#[test]
fn states_and_steps_round_trip_through_their_names() {
    for state in State::ALL {
        assert_eq!(State::parse(state.as_str()), Some(state));
    }
    for kind in StepKind::ALL {
        assert_eq!(StepKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(State::parse("open"), None);
    assert_eq!(Action::parse("delete"), None);
}

#[test]
fn the_back_office_completes_returns_or_forwards_what_waits_for_it() {
    let s = State::TeVerwerken;
    let r = Role::BackOffice;
    assert_eq!(
        transition(s, r, Action::Complete),
        Ok((State::Verwerkt, StepKind::Completed))
    );
    assert_eq!(
        transition(s, r, Action::ReturnToKcc),
        Ok((State::TerugNaarKcc, StepKind::ReturnedToKcc))
    );
    assert_eq!(
        transition(s, r, Action::Forward),
        Ok((State::TeVerwerken, StepKind::Forwarded))
    );
}

#[test]
fn only_the_kcc_picks_up_a_request_that_came_back() {
    let s = State::TerugNaarKcc;
    for action in [Action::Complete, Action::ReturnToKcc, Action::Forward] {
        assert_eq!(
            transition(s, Role::BackOffice, action),
            Err(TransitionError::NotAllowed)
        );
    }
    assert_eq!(
        transition(s, Role::Agent, Action::Complete),
        Ok((State::Verwerkt, StepKind::Completed))
    );
    assert_eq!(
        transition(s, Role::TeamLead, Action::Forward),
        Ok((State::TeVerwerken, StepKind::Forwarded))
    );
    assert_eq!(
        transition(s, Role::Agent, Action::ReturnToKcc),
        Err(TransitionError::NotAllowed)
    );
}

#[test]
fn a_finished_request_takes_no_more_steps_from_anyone() {
    for role in [Role::Agent, Role::TeamLead, Role::Admin, Role::BackOffice] {
        for action in [Action::Complete, Action::ReturnToKcc, Action::Forward] {
            assert_eq!(
                transition(State::Verwerkt, role, action),
                Err(TransitionError::Finished)
            );
        }
    }
}

#[test]
fn completing_or_returning_must_say_how_but_forwarding_may_be_silent() {
    assert!(check_outcome(Action::Complete, "  ").is_err());
    assert!(check_outcome(Action::ReturnToKcc, "").is_err());
    assert_eq!(check_outcome(Action::Forward, " "), Ok(String::new()));
    assert_eq!(
        check_outcome(Action::Complete, " Gebeld, boete kwijtgescholden "),
        Ok("Gebeld, boete kwijtgescholden".into())
    );
    let huge = "x".repeat(MAX_TEXT_CHARS + 1);
    assert!(check_outcome(Action::Forward, &huge).is_err());
}

#[test]
fn a_draft_needs_a_question_and_bounded_fields_and_reports_every_problem() {
    let ok = check_draft(&Draft {
        question: "  Kan mijn parkeerboete vervallen? ".into(),
        contact_details: " 06 12345678 ".into(),
        internal_note: "".into(),
        extra: vec![("Kenmerk parkeerboete".into(), " PB-123 ".into())],
    })
    .unwrap();
    assert_eq!(ok.question, "Kan mijn parkeerboete vervallen?");
    assert_eq!(ok.contact_details, "06 12345678");
    assert_eq!(ok.extra[0].1, "PB-123");

    let problems = check_draft(&Draft {
        question: " ".into(),
        contact_details: "9".repeat(MAX_CONTACT_CHARS + 1),
        internal_note: "a\0b".into(),
        extra: vec![("q".into(), "a".repeat(MAX_EXTRA_CHARS + 1))],
    })
    .unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        ["question", "contact_details", "internal_note", "extra"]
    );
}

#[test]
fn an_extra_question_key_is_bounded_like_its_answer() {
    for key in ["k".repeat(MAX_EXTRA_CHARS + 1), "kenmerk\0".to_owned()] {
        let problems = check_draft(&Draft {
            question: "Parkeerboete?".into(),
            contact_details: "".into(),
            internal_note: "".into(),
            extra: vec![(key, "PB-1".into())],
        })
        .unwrap_err();
        assert_eq!(problems[0].field, "extra");
    }
}

#[test]
fn the_due_time_counts_open_hours_only_and_reads_the_way_people_say_it() {
    let hours = municipal();
    // Monday 10.00 + 8 working hours: 7 today (till 17.00), 1 on Tuesday.
    let now = local("2025-11-24T10:00");
    let due = due_at(&hours, now, DEFAULT_WORKING).unwrap();
    assert_eq!(due, local("2025-11-25T09:30"));
    assert_eq!(due_phrase(&hours, now, due), "morgen om 9.30 uur");
    // Friday afternoon: the weekend does not count.
    let friday = local("2025-11-28T15:00");
    let due = due_at(&hours, friday, DEFAULT_WORKING).unwrap();
    assert_eq!(due, local("2025-12-01T14:30"));
    assert_eq!(
        due_phrase(&hours, friday, due),
        "maandag 1 december om 14.30 uur"
    );
    // A short duration early in the day stays today.
    let due = due_at(&hours, now, Duration::from_secs(2 * 3600)).unwrap();
    assert_eq!(due_phrase(&hours, now, due), "vandaag om 12.00 uur");
}

#[test]
fn the_expectation_message_names_the_team_and_the_time() {
    assert_eq!(
        expectation_text(DEFAULT_EXPECTATION, "Burgerzaken", "morgen om 9.30 uur"),
        "Ik heb je vraag doorgezet naar Burgerzaken. Je hoort uiterlijk morgen om 9.30 uur van ons."
    );
}

#[test]
fn a_configured_text_must_promise_a_time_and_spell_its_placeholders_right() {
    assert!(check_message_text(DEFAULT_EXPECTATION, true).is_ok());
    assert!(check_message_text(DEFAULT_SIGNAL_THANKS, false).is_ok());
    assert!(check_message_text("Ik heb je vraag doorgezet naar {{naar}}.", true).is_err());
    assert!(check_message_text("Je hoort {{wanneer}} van ons.", false).is_err());
    assert!(check_message_text("  ", false).is_err());
    assert!(check_message_text(&"a".repeat(MAX_MESSAGE_CHARS + 1), false).is_err());
}
