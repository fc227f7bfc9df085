//! Automation rules (issue 12, point 7): rules are the organisation's own, a damaged one is
//! listed as damaged without breaking the list, a run is claimed once, the cursor only moves
//! forward, and the log goes with its conversation.

use loket_domain::automation::{Action, Condition, Rule, RuleDefinition, Trigger};
use loket_domain::{AutomationRuleId, ConversationId};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn rule(name: &str, enabled: bool) -> Rule {
    Rule {
        name: name.into(),
        enabled,
        definition: RuleDefinition {
            trigger: Trigger::MessageReceived,
            conditions: vec![Condition::ContainsAny {
                words: vec!["paspoort".into()],
            }],
            actions: vec![Action::AddLabel {
                label: "Paspoort 🛂".into(),
            }],
        },
    }
}

fn run(rule: AutomationRuleId, conversation: ConversationId, key: &str) -> NewAutomationRun {
    NewAutomationRun {
        rule_id: rule,
        rule_name: "Paspoort".into(),
        conversation_id: conversation,
        run_key: key.into(),
        trigger: "message_received".into(),
        why: "bericht bevat 'paspoort'".into(),
        actions: "add_label".into(),
        at: at(50),
    }
}

#[tokio::test]
async fn a_rule_round_trips_and_another_organisations_rule_is_not_found() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let id = AutomationRuleId::new_at(at(1));
        f.store
            .put_automation_rule(f.org.id, id, &rule("Paspoort", true), at(1))
            .await
            .unwrap();
        let listed = f.store.list_automation_rules(f.org.id).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(
            listed[0].definition,
            Some(rule("Paspoort", true).definition)
        );
        assert_eq!(listed[0].enabled_since, at(1));
        assert!(
            other
                .store
                .list_automation_rules(other.org.id)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            f.store.organisations_with_automation().await.unwrap(),
            vec![f.org.id]
        );
        let foreign = [
            other
                .store
                .put_automation_rule(other.org.id, id, &rule("x", true), at(2))
                .await,
            other
                .store
                .set_automation_rule_enabled(other.org.id, id, false, at(2))
                .await,
            other.store.delete_automation_rule(other.org.id, id).await,
        ];
        for result in foreign {
            assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        }
        // Switching off and on again restarts the rule's time; editing while on keeps it.
        f.store
            .set_automation_rule_enabled(f.org.id, id, false, at(3))
            .await
            .unwrap();
        assert!(
            f.store
                .organisations_with_automation()
                .await
                .unwrap()
                .is_empty()
        );
        f.store
            .set_automation_rule_enabled(f.org.id, id, true, at(4))
            .await
            .unwrap();
        f.store
            .put_automation_rule(f.org.id, id, &rule("Paspoort 2", true), at(5))
            .await
            .unwrap();
        let listed = f.store.list_automation_rules(f.org.id).await.unwrap();
        assert_eq!(
            (listed[0].name.as_str(), listed[0].enabled_since),
            ("Paspoort 2", at(4))
        );
        f.store.delete_automation_rule(f.org.id, id).await.unwrap();
        assert!(
            f.store
                .list_automation_rules(f.org.id)
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_damaged_rule_is_listed_as_damaged_and_the_others_still_read() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let good = AutomationRuleId::new_at(at(1));
        let bad = AutomationRuleId::new_at(at(2));
        for (id, secs) in [(good, 1), (bad, 2)] {
            f.store
                .put_automation_rule(f.org.id, id, &rule("r", true), at(secs))
                .await
                .unwrap();
        }
        db.execute_sql(&format!(
            "update automation_rules set definition = '{{\"trigger\":{{\"kind\":\"later\"}}' where id = '{bad}'"
        ))
        .await
        .unwrap();
        let listed = f.store.list_automation_rules(f.org.id).await.unwrap();
        assert_eq!(listed.len(), 2);
        assert!(listed[0].definition.is_some());
        assert_eq!((listed[1].id, listed[1].definition.clone()), (bad, None));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_run_is_claimed_once_and_logged_newest_first() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let (message, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let id = AutomationRuleId::new_at(at(1));
        let first = run(id, conversation, &message.to_string());
        assert!(
            f.store
                .claim_automation_run(f.org.id, &first)
                .await
                .unwrap()
        );
        assert!(
            !f.store
                .claim_automation_run(f.org.id, &first)
                .await
                .unwrap()
        );
        let mut later = run(id, conversation, "wait:100");
        later.at = at(60);
        assert!(
            f.store
                .claim_automation_run(f.org.id, &later)
                .await
                .unwrap()
        );
        f.store
            .finish_automation_run(f.org.id, &first, "toegepast")
            .await
            .unwrap();
        let result = other.store.claim_automation_run(other.org.id, &first).await;
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        let log = f.store.list_automation_runs(f.org.id, 0, 10).await.unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!((log[0].run.clone(), log[0].outcome.clone()), (later, None));
        assert_eq!(log[1].outcome.as_deref(), Some("toegepast"));
        assert_eq!(log[1].run, first);
        assert_eq!(
            f.store
                .list_automation_runs(f.org.id, 1, 10)
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(
            other
                .store
                .list_automation_runs(other.org.id, 0, 10)
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_event_pass_reads_residents_messages_after_its_cursor() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (first, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        f.outbound(conversation, at(11)).await;
        let (second, _, _) = f.ingest_new(text("wamid.2", "31612345678", at(12))).await;
        assert_eq!(f.store.automation_cursor(f.org.id).await.unwrap(), None);
        let messages = f.store.automation_messages(f.org.id, 0, 10).await.unwrap();
        let seen: Vec<_> = messages
            .iter()
            .map(|m| (m.id, m.first, m.text.clone()))
            .collect();
        assert_eq!(
            seen,
            vec![
                (first, true, Some("bericht wamid.1".to_owned())),
                (second, false, Some("bericht wamid.2".to_owned())),
            ]
        );
        let after_first = messages[0].seq;
        f.store
            .set_automation_cursor(f.org.id, messages[1].seq)
            .await
            .unwrap();
        // Racing workers never move it back.
        f.store
            .set_automation_cursor(f.org.id, after_first)
            .await
            .unwrap();
        assert_eq!(
            f.store.automation_cursor(f.org.id).await.unwrap(),
            Some(messages[1].seq)
        );
        assert!(f.store.latest_message_seq(f.org.id).await.unwrap() >= messages[1].seq);
        let rest = f
            .store
            .automation_messages(f.org.id, after_first, 10)
            .await
            .unwrap();
        assert_eq!(rest.iter().map(|m| m.id).collect::<Vec<_>>(), vec![second]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn erasing_a_conversation_removes_its_automation_log() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (message, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let id = AutomationRuleId::new_at(at(1));
        f.store
            .claim_automation_run(f.org.id, &run(id, conversation, &message.to_string()))
            .await
            .unwrap();
        resolve(&db, conversation, at(20)).await;
        while !f
            .store
            .erase_conversation_step(f.org.id, conversation, 10)
            .await
            .unwrap()
            .finished
        {}
        assert!(
            f.store
                .list_automation_runs(f.org.id, 0, 10)
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}
