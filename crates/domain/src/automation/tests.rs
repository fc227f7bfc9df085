use std::time::Duration;

use proptest::prelude::*;

use super::*;
use crate::conversation::{ConversationStatus, Priority};
use crate::{ChannelId, TeamId};

fn channel() -> ChannelId {
    "01900000-0000-7000-8000-000000000001".parse().unwrap()
}

fn team() -> TeamId {
    "01900000-0000-7000-8000-000000000002".parse().unwrap()
}

fn facts<'a>(event: Event<'a>, labels: &'a [String]) -> Facts<'a> {
    Facts {
        event,
        channel: channel(),
        team: None,
        labels,
        status: ConversationStatus::Open,
        priority: Priority::Normal,
    }
}

fn paspoort_rule() -> RuleDefinition {
    RuleDefinition {
        trigger: Trigger::MessageReceived,
        conditions: vec![
            Condition::ContainsAny {
                words: vec!["paspoort".into(), "id kaart".into()],
            },
            Condition::HasNoTeam,
        ],
        actions: vec![
            Action::AddLabel {
                label: "Paspoort".into(),
            },
            Action::SetTeam { team: team() },
        ],
    }
}

fn message(text: &str) -> Event<'_> {
    Event::Message { text, first: false }
}

#[test]
fn a_word_matches_its_inflections_case_and_accents() {
    let rule = paspoort_rule();
    let why = evaluate(&rule, &facts(message("Mijn PASPOORTEN zijn weg"), &[])).unwrap();
    assert_eq!(
        why.describe_nl(),
        "bericht ontvangen; bericht bevat 'paspoort'; nog geen team"
    );
    assert!(evaluate(&rule, &facts(message("Mijn paspoortaanvraag"), &[])).is_some());
    assert!(evaluate(&rule, &facts(message("Waar is de ID-kaart balie?"), &[])).is_some());
    assert!(evaluate(&rule, &facts(message("Mijn rijbewijs is weg"), &[])).is_none());
}

#[test]
fn the_explanation_never_holds_the_residents_text() {
    let text = "Mijn paspoort en BSN 123456782";
    let why = evaluate(&paspoort_rule(), &facts(message(text), &[])).unwrap();
    assert!(!why.describe_nl().contains("123456782"));
    assert!(!why.describe_nl().contains("Mijn"));
}

#[test]
fn every_condition_must_hold() {
    let mut f = facts(message("paspoort"), &[]);
    f.team = Some(team());
    assert!(evaluate(&paspoort_rule(), &f).is_none());
}

#[test]
fn label_conditions_ignore_case() {
    let labels = vec!["paspoort".to_owned()];
    let rule = RuleDefinition {
        trigger: Trigger::MessageReceived,
        conditions: vec![Condition::LacksLabel {
            label: "Paspoort".into(),
        }],
        actions: vec![Action::Escalate],
    };
    assert!(evaluate(&rule, &facts(message("x"), &labels)).is_none());
    assert!(evaluate(&rule, &facts(message("x"), &[])).is_some());
}

#[test]
fn conversation_created_fires_only_on_the_first_message() {
    let rule = RuleDefinition {
        trigger: Trigger::ConversationCreated,
        conditions: vec![],
        actions: vec![Action::Escalate],
    };
    let first = Event::Message {
        text: "hoi",
        first: true,
    };
    assert!(evaluate(&rule, &facts(first, &[])).is_some());
    assert!(evaluate(&rule, &facts(message("hoi"), &[])).is_none());
}

#[test]
fn a_time_rule_fires_once_the_wait_is_long_enough() {
    let rule = RuleDefinition {
        trigger: Trigger::NoReplyWithin {
            working_minutes: 120,
        },
        conditions: vec![],
        actions: vec![Action::Escalate],
    };
    let waited = |m: u64| Event::Waiting {
        working: Duration::from_secs(m * 60),
    };
    assert!(evaluate(&rule, &facts(waited(119), &[])).is_none());
    let why = evaluate(&rule, &facts(waited(120), &[])).unwrap();
    assert_eq!(why.describe_nl(), "wacht 2 werkuren zonder antwoord");
    assert!(evaluate(&rule, &facts(message("x"), &[])).is_none());
}

#[test]
fn a_checked_rule_reports_every_problem_at_once() {
    let rule = Rule {
        name: "  ".into(),
        enabled: true,
        definition: RuleDefinition {
            trigger: Trigger::NoReplyWithin { working_minutes: 0 },
            conditions: vec![Condition::ContainsAny {
                words: vec!["x".repeat(61)],
            }],
            actions: vec![],
        },
    };
    let problems = check_rule(rule).unwrap_err();
    let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        ["name", "trigger", "conditions", "conditions", "actions"]
    );
    assert!(problems.iter().all(|p| !p.reason.contains("xxxx")));
}

#[test]
fn a_checked_rule_is_trimmed() {
    let rule = Rule {
        name: " Paspoort ".into(),
        enabled: true,
        definition: RuleDefinition {
            trigger: Trigger::MessageReceived,
            conditions: vec![Condition::ContainsAny {
                words: vec![" paspoort ".into(), "".into()],
            }],
            actions: vec![Action::AddLabel {
                label: " Paspoort ".into(),
            }],
        },
    };
    let checked = check_rule(rule).unwrap();
    assert_eq!(checked.name, "Paspoort");
    assert_eq!(
        checked.definition.conditions,
        [Condition::ContainsAny {
            words: vec!["paspoort".into()]
        }]
    );
    assert_eq!(
        checked.definition.actions,
        [Action::AddLabel {
            label: "Paspoort".into()
        }]
    );
}

#[test]
fn a_definition_round_trips_through_json() {
    let rule = paspoort_rule();
    let json = serde_json::to_string(&rule).unwrap();
    assert_eq!(serde_json::from_str::<RuleDefinition>(&json).unwrap(), rule);
}

proptest! {
    #[test]
    fn no_text_or_word_makes_evaluation_panic(text in "\\PC{0,200}", word in "\\PC{0,70}") {
        let rule = RuleDefinition {
            trigger: Trigger::MessageReceived,
            conditions: vec![Condition::ContainsAny { words: vec![word] }],
            actions: vec![Action::Escalate],
        };
        let _ = evaluate(&rule, &facts(message(&text), &[]));
    }
}
