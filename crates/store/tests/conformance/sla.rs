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
