//! SLA events (issue 12, point 6): each warning, breach and escalation is claimed once
//! per conversation, target and deadline; another organisation's conversation is not
//! found; a breach goes to the team's leads, else the organisation's.

use loket_domain::people::Role;
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn event(conversation: loket_domain::ConversationId, kind: &str, due: i64) -> SlaEventRecord {
    SlaEventRecord {
        conversation_id: conversation,
        target: "first_response".into(),
        kind: kind.into(),
        due_at: at(due),
        at: at(due + 1),
    }
}

#[tokio::test]
async fn an_sla_event_is_claimed_once_per_conversation_target_kind_and_deadline() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let (_, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let org = f.org.id;
        assert!(
            f.store
                .claim_sla_event(org, &event(conversation, "warning", 100))
                .await
                .unwrap()
        );
        assert!(
            !f.store
                .claim_sla_event(org, &event(conversation, "warning", 100))
                .await
                .unwrap()
        );
        assert!(
            f.store
                .claim_sla_event(org, &event(conversation, "breach", 100))
                .await
                .unwrap()
        );
        // A new question has a new deadline: its warning is announced again.
        assert!(
            f.store
                .claim_sla_event(org, &event(conversation, "warning", 900))
                .await
                .unwrap()
        );
        let result = other
            .store
            .claim_sla_event(other.org.id, &event(conversation, "escalated", 100))
            .await;
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        let listed = f.store.list_sla_events(org, conversation).await.unwrap();
        assert_eq!(
            listed,
            vec![
                event(conversation, "breach", 100),
                event(conversation, "warning", 100),
                event(conversation, "warning", 900),
            ]
        );
        assert_eq!(
            other
                .store
                .list_sla_events(other.org.id, conversation)
                .await
                .unwrap(),
            vec![],
            "another organisation reads none"
        );
        db.cleanup().await;
    }
}

async fn lead(f: &Fixture, email: &str) -> loket_domain::UserId {
    let user = NewUser {
        email: loket_domain::people::Email::parse(email).unwrap(),
        name: email.into(),
        operator: false,
        locale: Default::default(),
        password_hash: "$argon2id$not-checked-here".into(),
    };
    f.store
        .insert_user(&user, &[(f.org.id, Role::TeamLead)], at(1))
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn a_breach_goes_to_the_teams_leads_else_the_organisations() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let org = f.org.id;
        let agent = f.member("agent@utrecht.nl").await;
        let lead_a = lead(&f, "lead-a@utrecht.nl").await;
        let lead_b = lead(&f, "lead-b@utrecht.nl").await;
        lead(&other, "lead@amersfoort.nl").await;
        let team = f.team("burgerzaken").await;
        let empty = f.team("leeg").await;
        f.store.add_team_member(org, team, agent).await.unwrap();
        f.store.add_team_member(org, team, lead_b).await.unwrap();
        assert_eq!(
            f.store.sla_team_leads(org, Some(team)).await.unwrap(),
            vec![lead_b]
        );
        let mut all = vec![lead_a, lead_b];
        all.sort_by_key(|u| u.to_string());
        assert_eq!(f.store.sla_team_leads(org, Some(empty)).await.unwrap(), all);
        assert_eq!(f.store.sla_team_leads(org, None).await.unwrap(), all);
        f.store.set_user_active(lead_b, false, at(2)).await.unwrap();
        assert_eq!(
            f.store.sla_team_leads(org, Some(team)).await.unwrap(),
            vec![lead_a]
        );
        let orgs = f.store.enabled_organisations().await.unwrap();
        assert!(orgs.contains(&org) && orgs.contains(&other.org.id));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn erasing_a_conversation_removes_its_sla_events() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        f.store
            .claim_sla_event(f.org.id, &event(conversation, "breach", 100))
            .await
            .unwrap();
        resolve(&db, conversation, at(20)).await;
        // The conversation's delete would fail on the foreign key if the events stayed.
        while !f
            .store
            .erase_conversation_step(f.org.id, conversation, 10)
            .await
            .unwrap()
            .finished
        {}
        assert_eq!(
            f.store
                .list_sla_events(f.org.id, conversation)
                .await
                .unwrap(),
            vec![]
        );
        db.cleanup().await;
    }
}

fn status(to: loket_domain::conversation::ConversationStatus) -> ConversationPatch {
    ConversationPatch {
        status: Some(to),
        ..ConversationPatch::default()
    }
}

#[tokio::test]
async fn the_events_of_many_conversations_are_read_at_once_and_only_the_organisations_own() {
    use loket_domain::conversation::{ConversationEventKind, ConversationStatus};
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let org = f.org.id;
        let (_, first, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let (_, second, _) = f.ingest_new(text("wamid.2", "31687654321", at(11))).await;
        let (_, theirs, _) = other
            .ingest_new(text("wamid.3", "31611111111", at(12)))
            .await;
        for (when, to) in [
            (20, ConversationStatus::Pending),
            (30, ConversationStatus::Open),
        ] {
            f.store
                .update_conversation(org, first, &status(to), at(when))
                .await
                .unwrap();
        }
        other
            .store
            .update_conversation(
                other.org.id,
                theirs,
                &status(ConversationStatus::Pending),
                at(21),
            )
            .await
            .unwrap();
        let events = f
            .store
            .list_events_of_conversations(org, &[first, second, theirs])
            .await
            .unwrap();
        let kinds: Vec<_> = events.iter().map(|e| (e.conversation_id, e.at)).collect();
        assert_eq!(kinds, vec![(first, at(20)), (first, at(30))], "{events:?}");
        assert!(matches!(
            events[0].kind,
            ConversationEventKind::StatusChanged {
                to: ConversationStatus::Pending,
                ..
            }
        ));
        // The same as one conversation's own history, read one by one.
        let one: Vec<_> = (f.store.list_conversation_events(org, first).await.unwrap())
            .into_iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    ConversationEventKind::StatusChanged { .. } | ConversationEventKind::Reopened
                )
            })
            .collect();
        assert_eq!(one, events);
        assert_eq!(
            f.store
                .list_events_of_conversations(org, &[])
                .await
                .unwrap(),
            vec![]
        );
        // More ids than one statement binds are read in several.
        let mut many = vec![second; SLA_BATCH_MAX];
        many.push(first);
        assert_eq!(
            f.store
                .list_events_of_conversations(org, &many)
                .await
                .unwrap(),
            events
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_sla_events_of_many_conversations_are_read_at_once_and_only_the_organisations_own() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let (_, first, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let (_, second, _) = f.ingest_new(text("wamid.2", "31687654321", at(11))).await;
        let (_, theirs, _) = other
            .ingest_new(text("wamid.3", "31611111111", at(12)))
            .await;
        for (org, c, kind) in [
            (f.org.id, first, "warning"),
            (f.org.id, second, "breach"),
            (other.org.id, theirs, "breach"),
        ] {
            let store = if org == f.org.id {
                &f.store
            } else {
                &other.store
            };
            store
                .claim_sla_event(org, &event(c, kind, 100))
                .await
                .unwrap();
        }
        let listed = f
            .store
            .list_sla_events_of(f.org.id, &[first, second, theirs])
            .await
            .unwrap();
        assert_eq!(
            listed,
            vec![event(first, "warning", 100), event(second, "breach", 100)]
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_sla_risk_candidates_are_the_unresolved_conversations_with_a_deadline_that_may_hold() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let org = f.org.id;
        let (_, late, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let (_, soon, _) = f.ingest_new(text("wamid.2", "31687654321", at(11))).await;
        let (_, answered, _) = f.ingest_new(text("wamid.3", "31622222222", at(12))).await;
        let (_, resolved, _) = f.ingest_new(text("wamid.4", "31633333333", at(13))).await;
        let (_, theirs, _) = other
            .ingest_new(text("wamid.5", "31611111111", at(14)))
            .await;
        f.store
            .claim_sla_event(org, &event(soon, "warning", 300))
            .await
            .unwrap();
        f.store
            .claim_sla_event(org, &event(late, "breach", 200))
            .await
            .unwrap();
        f.store
            .claim_sla_event(org, &event(answered, "breach", 100))
            .await
            .unwrap();
        f.store
            .claim_sla_event(org, &event(resolved, "breach", 100))
            .await
            .unwrap();
        other
            .store
            .claim_sla_event(other.org.id, &event(theirs, "breach", 50))
            .await
            .unwrap();
        // An agent's reply ends the wait: that question's deadline no longer holds.
        f.outbound(answered, at(150)).await;
        resolve(&db, resolved, at(150)).await;
        let ids: Vec<_> = (f.store.sla_risk_candidates(org, 10).await.unwrap())
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ids, vec![late, soon], "the earliest deadline first");
        let ids: Vec<_> = (f.store.sla_risk_candidates(org, 1).await.unwrap())
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ids, vec![late]);
        db.cleanup().await;
    }
}
