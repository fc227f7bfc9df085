//! SLA clocks through the engine (issue 12, point 6), on both databases, with time moved
//! by a `ManualClock` over weekdays 8.30–17.00: the worker warns once, records the breach
//! once and escalates it to the team lead; a pending conversation's clock stands still.

use loket_domain::conversation::ConversationStatus;
use loket_domain::people::{Email, Role};
use loket_domain::sla::TargetState;
use loket_store::ConversationPatch;
use loket_store::NewUser;
use loket_store::testing::test_databases;

use super::hours::{Setup, local, policy, setup};

#[tokio::test]
async fn the_worker_warns_once_then_records_the_breach_and_escalates_it_to_the_team_lead() {
    for db in test_databases().await {
        let s = setup(&db, "2025-11-24T09:00", Some(policy())).await;
        let lead = NewUser {
            email: Email::parse("lead@voorbeeld.nl").unwrap(),
            name: "Teamleider".into(),
            operator: false,
            locale: Default::default(),
            password_hash: "$argon2id$not-checked-here".into(),
        };
        db.store
            .insert_user(&lead, &[(s.org, Role::TeamLead)], local("2025-11-01T00:00"))
            .await
            .unwrap();
        let conversation = s.resident_writes(&db, "1", "Mijn paspoort is kwijt").await;
        assert_eq!(s.engine.check_sla().await.unwrap(), 0, "an hour to go");

        s.clock.set(local("2025-11-24T09:50"));
        assert_eq!(s.engine.check_sla().await.unwrap(), 1, "the warning");
        assert_eq!(s.engine.check_sla().await.unwrap(), 0, "once");
        assert!(!s.engine.sla_escalated(s.org, conversation).await.unwrap());

        s.clock.set(local("2025-11-24T10:05"));
        assert_eq!(
            s.engine.check_sla().await.unwrap(),
            2,
            "breach and escalation"
        );
        assert_eq!(s.engine.check_sla().await.unwrap(), 0, "once");
        assert!(s.engine.sla_escalated(s.org, conversation).await.unwrap());
        let among = (s.engine)
            .sla_escalated_among(s.org, &[conversation])
            .await
            .unwrap();
        assert!(among.contains(&conversation));
        let row = db
            .store
            .get_conversation(s.org, conversation)
            .await
            .unwrap();
        let status = s.engine.conversation_sla(&row).await.unwrap();
        let first = status.first_response.unwrap();
        assert_eq!(first.state, TargetState::Breached);
        assert_eq!(first.due_at, Some(local("2025-11-24T10:00")));
        assert_eq!(status.resolution.unwrap().state, TargetState::Ok);

        // The agent's reply ends the wait: nothing to announce any more.
        s.agent_replies(conversation).await;
        let row = db
            .store
            .get_conversation(s.org, conversation)
            .await
            .unwrap();
        assert_eq!(
            s.engine
                .conversation_sla(&row)
                .await
                .unwrap()
                .first_response,
            None
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_pending_conversations_clock_stands_still_and_runs_on_when_it_opens_again() {
    for db in test_databases().await {
        let s = setup(&db, "2025-11-24T09:00", Some(policy())).await;
        let conversation = s.resident_writes(&db, "1", "Vraag over afval").await;
        let status = |to| ConversationPatch {
            status: Some(to),
            ..ConversationPatch::default()
        };
        s.clock.set(local("2025-11-24T09:30"));
        (s.engine)
            .update_conversation(s.org, conversation, status(ConversationStatus::Pending))
            .await
            .unwrap();
        s.clock.set(local("2025-11-24T15:00"));
        let row = db
            .store
            .get_conversation(s.org, conversation)
            .await
            .unwrap();
        let first = s
            .engine
            .conversation_sla(&row)
            .await
            .unwrap()
            .first_response
            .unwrap();
        assert_eq!(first.state, TargetState::Paused);
        assert_eq!(first.remaining, std::time::Duration::from_secs(30 * 60));
        assert_eq!(
            s.engine.check_sla().await.unwrap(),
            0,
            "pending is not checked"
        );

        (s.engine)
            .update_conversation(s.org, conversation, status(ConversationStatus::Open))
            .await
            .unwrap();
        s.clock.set(local("2025-11-24T15:20"));
        let row = db
            .store
            .get_conversation(s.org, conversation)
            .await
            .unwrap();
        let first = s
            .engine
            .conversation_sla(&row)
            .await
            .unwrap()
            .first_response
            .unwrap();
        assert_eq!(first.state, TargetState::Warning);
        assert_eq!(first.due_at, Some(local("2025-11-24T15:30")));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_risk_view_lists_the_warned_and_breached_conversations_most_urgent_first() {
    for db in test_databases().await {
        let s = setup(&db, "2025-11-24T09:00", Some(policy())).await;
        let breached = s.resident_from(&db, "31600000001", "1", "Paspoort").await;
        s.clock.set(local("2025-11-24T09:10"));
        let warned = s.resident_from(&db, "31600000002", "2", "Afval").await;
        s.clock.set(local("2025-11-24T09:20"));
        let calm = s.resident_from(&db, "31600000003", "3", "Parkeren").await;
        s.clock.set(local("2025-11-24T10:04"));
        assert_eq!(at_risk(&s).await, vec![], "nothing announced yet");
        s.engine.check_sla().await.unwrap();
        assert_eq!(at_risk(&s).await, vec![breached, warned]);

        // The batched clocks are the one-by-one clocks.
        let mut records = Vec::new();
        for c in [breached, warned, calm] {
            records.push(db.store.get_conversation(s.org, c).await.unwrap());
        }
        let batched = s.engine.inbox_sla(s.org, &records).await.unwrap();
        for row in &records {
            assert_eq!(
                batched[&row.id],
                s.engine.conversation_sla(row).await.unwrap()
            );
        }

        // Answered: its deadline no longer holds, the view drops it.
        s.agent_replies(breached).await;
        assert_eq!(at_risk(&s).await, vec![warned]);
        db.cleanup().await;
    }
}

async fn at_risk(s: &Setup) -> Vec<loket_domain::ConversationId> {
    let found = s.engine.sla_at_risk(s.org, 50).await.unwrap();
    found
        .into_iter()
        .map(|(item, _)| item.conversation.id)
        .collect()
}
