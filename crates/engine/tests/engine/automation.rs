//! Automation rules through the engine (issue 12, point 7), on both databases, with time
//! moved by a `ManualClock` over weekdays 8.30–17.00: a rule labels and routes a message
//! and logs why, fires once also with two workers, a time rule escalates after two
//! working hours (the night not counted), and a disabled rule does nothing.

use std::sync::Arc;

use loket_domain::automation::{Action, Condition, Rule, RuleDefinition, Trigger};
use loket_domain::people::{Email, Role};
use loket_domain::{OrgId, TeamId};
use loket_engine::{Engine, EngineError};
use loket_store::testing::{TestDb, test_databases};
use loket_store::{NewTeam, NewUser};

use super::hours::{Setup, local, policy, setup};

async fn team(db: &TestDb, org: OrgId, name: &str) -> TeamId {
    let new = NewTeam {
        slug: name.to_lowercase(),
        name: name.into(),
    };
    let at = local("2025-11-01T00:00");
    db.store.insert_team(org, &new, at).await.unwrap().id
}

fn paspoort(team: TeamId) -> Rule {
    Rule {
        name: "Paspoort naar Burgerzaken".into(),
        enabled: true,
        definition: RuleDefinition {
            trigger: Trigger::MessageReceived,
            conditions: vec![Condition::ContainsAny {
                words: vec!["paspoort".into(), "id-kaart".into()],
            }],
            actions: vec![
                Action::AddLabel {
                    label: "Paspoort".into(),
                },
                Action::SetTeam { team },
            ],
        },
    }
}

async fn rule_setup(db: &TestDb) -> (Setup, TeamId) {
    let s = setup(db, "2025-11-24T09:00", Some(policy())).await;
    let team = team(db, s.org, "Burgerzaken").await;
    (s, team)
}

#[tokio::test]
async fn a_message_containing_paspoort_gets_the_label_and_the_team_and_the_log_says_why() {
    for db in test_databases().await {
        let (s, team) = rule_setup(&db).await;
        (s.engine)
            .put_automation_rule(s.org, None, paspoort(team))
            .await
            .unwrap();
        let conversation = s
            .resident_writes(&db, "1", "Mijn paspoorten zijn weg!")
            .await;
        // The resident's next message in the same conversation does not hold the word.
        s.resident_writes(&db, "2", "Wanneer wordt het afval opgehaald?")
            .await;
        assert_eq!(s.engine.run_automation_events().await.unwrap(), 1);
        let row = db
            .store
            .get_conversation(s.org, conversation)
            .await
            .unwrap();
        assert_eq!(row.labels, vec!["Paspoort".to_owned()]);
        assert_eq!(row.team, Some(team));
        let (log, more) = s.engine.automation_log(s.org, 0).await.unwrap();
        assert!(!more);
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].run.conversation_id, conversation);
        assert_eq!(
            log[0].run.why,
            "bericht ontvangen; bericht bevat 'paspoort'"
        );
        assert_eq!(log[0].run.actions, "label 'Paspoort'; team Burgerzaken");
        assert_eq!(log[0].outcome.as_deref(), Some("toegepast"));
        assert!(!log[0].run.why.contains("weg"), "never the resident's text");
        // Read again (the cursor waits for older messages to settle): nothing new fires.
        assert_eq!(s.engine.run_automation_events().await.unwrap(), 0);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_rule_fires_once_per_message_even_when_two_workers_run_it() {
    for db in test_databases().await {
        let (s, team) = rule_setup(&db).await;
        (s.engine)
            .put_automation_rule(s.org, None, paspoort(team))
            .await
            .unwrap();
        s.resident_writes(&db, "1", "paspoort").await;
        let blobs = tempfile::tempdir().unwrap();
        let store =
            Arc::new(object_store::local::LocalFileSystem::new_with_prefix(blobs.path()).unwrap());
        let second = Engine::new(
            db.store.clone(),
            s.clock.clone(),
            store,
            reqwest::Client::new(),
        );
        let (a, b) = tokio::join!(
            s.engine.run_automation_events(),
            second.run_automation_events()
        );
        assert_eq!(a.unwrap() + b.unwrap(), 1);
        assert_eq!(s.engine.automation_log(s.org, 0).await.unwrap().0.len(), 1);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn no_reply_within_2_working_hours_escalates_not_counting_the_night() {
    for db in test_databases().await {
        let s = setup(&db, "2025-11-24T16:30", Some(policy())).await;
        let lead = NewUser {
            email: Email::parse("lead@voorbeeld.nl").unwrap(),
            name: "Teamleider".into(),
            operator: false,
            locale: Default::default(),
            password_hash: "$argon2id$not-checked-here".into(),
        };
        (db.store)
            .insert_user(&lead, &[(s.org, Role::TeamLead)], local("2025-11-01T00:00"))
            .await
            .unwrap();
        let rule = Rule {
            name: "Te lang stil".into(),
            enabled: true,
            definition: RuleDefinition {
                trigger: Trigger::NoReplyWithin {
                    working_minutes: 120,
                },
                conditions: vec![],
                actions: vec![Action::Escalate],
            },
        };
        s.engine
            .put_automation_rule(s.org, None, rule)
            .await
            .unwrap();
        let conversation = s.resident_writes(&db, "1", "Hallo?").await;
        // 16.30–17.00 and 8.30–9.00: one working hour, although 16.5 hours passed.
        s.clock.set(local("2025-11-25T09:00"));
        assert_eq!(s.engine.run_automation_timers().await.unwrap(), 0);
        assert!(!s.engine.sla_escalated(s.org, conversation).await.unwrap());
        s.clock.set(local("2025-11-25T10:00"));
        assert_eq!(s.engine.run_automation_timers().await.unwrap(), 1);
        assert_eq!(s.engine.run_automation_timers().await.unwrap(), 0, "once");
        assert!(s.engine.sla_escalated(s.org, conversation).await.unwrap());
        let (log, _) = s.engine.automation_log(s.org, 0).await.unwrap();
        assert_eq!(log[0].run.why, "wacht 2 werkuren zonder antwoord");
        assert_eq!(log[0].outcome.as_deref(), Some("toegepast"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_disabled_rule_does_nothing() {
    for db in test_databases().await {
        let (s, team) = rule_setup(&db).await;
        let mut rule = paspoort(team);
        rule.enabled = false;
        let id = s
            .engine
            .put_automation_rule(s.org, None, rule)
            .await
            .unwrap();
        let conversation = s.resident_writes(&db, "1", "paspoort").await;
        assert_eq!(s.engine.run_automation_events().await.unwrap(), 0);
        // Switched on later, it does not fire on the message from before.
        s.clock.set(local("2025-11-24T09:01"));
        (s.engine)
            .set_automation_rule_enabled(s.org, id, true)
            .await
            .unwrap();
        assert_eq!(s.engine.run_automation_events().await.unwrap(), 0);
        let row = db
            .store
            .get_conversation(s.org, conversation)
            .await
            .unwrap();
        assert!(row.labels.is_empty());
        assert!(
            s.engine
                .automation_log(s.org, 0)
                .await
                .unwrap()
                .0
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_rule_naming_another_organisations_team_is_refused_with_every_problem() {
    for db in test_databases().await {
        let (s, _) = rule_setup(&db).await;
        let stranger = TeamId::new_at(local("2025-11-01T00:00"));
        let mut rule = paspoort(stranger);
        rule.name = String::new();
        let refused = s.engine.put_automation_rule(s.org, None, rule).await;
        let Err(EngineError::InvalidFields(problems)) = refused else {
            panic!("{refused:?}");
        };
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            ["name"],
            "the references are checked once the rule is sound"
        );
        let refused = s
            .engine
            .put_automation_rule(s.org, None, paspoort(stranger))
            .await;
        let Err(EngineError::InvalidFields(problems)) = refused else {
            panic!("{refused:?}");
        };
        assert_eq!(problems[0].field, "actions");
        assert!(s.engine.automation_rules(s.org).await.unwrap().is_empty());
        db.cleanup().await;
    }
}
