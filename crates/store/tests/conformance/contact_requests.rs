//! Contactverzoeken: stored with their first step, listed per state and for a back-office
//! colleague's teams, a step applies only to the state it was decided on, and another
//! organisation's ids are not found.

use loket_domain::contact_requests::{Kind, State, StepKind};
use loket_domain::{ContactRequestId, ConversationId, OrgId, TeamId, UserId};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn request(
    org: OrgId,
    conversation: ConversationId,
    by: UserId,
    team: Option<TeamId>,
    assignee: Option<UserId>,
    secs: i64,
) -> NewContactRequest {
    NewContactRequest {
        id: ContactRequestId::new_at(at(secs)),
        org_id: org,
        conversation_id: conversation,
        kind: Kind::Vraag,
        team_id: team,
        assignee_id: assignee,
        question: "Kan mijn parkeerboete vervallen?".into(),
        contact_details: "06 12345678".into(),
        internal_note: "Belt liever na 12 uur".into(),
        extra: vec![("Kenmerk parkeerboete".into(), "PB-123".into())],
        due_at: Some(at(secs + 3600)),
        expectation: Expectation::Sent,
        created_by: by,
        created_at: at(secs),
    }
}

fn step(
    kind: StepKind,
    actor: UserId,
    to: Option<UserId>,
    outcome: &str,
    secs: i64,
) -> ContactRequestStep {
    ContactRequestStep {
        kind,
        actor_id: actor,
        to_user_id: to,
        outcome: outcome.into(),
        at: at(secs),
    }
}

#[tokio::test]
async fn a_request_is_stored_with_its_created_step_and_read_back_whole() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let anna = f.member("anna@utrecht.nl").await;
        let team = f.team("burgerzaken").await;
        let (_, conversation, _) = f.ingest_new(text("wamid.c1", "31611111111", at(10))).await;
        let new = request(f.org.id, conversation, anna, Some(team), None, 20);
        f.store.insert_contact_request(&new).await.unwrap();

        let got = f.store.get_contact_request(f.org.id, new.id).await.unwrap();
        assert_eq!(got.question, new.question);
        assert_eq!(got.extra, new.extra);
        assert_eq!(got.state, State::TeVerwerken);
        assert_eq!(got.team_id, Some(team));
        assert_eq!(got.team_name.as_deref(), Some("burgerzaken"));
        assert_eq!(got.due_at, new.due_at);
        assert_eq!(got.expectation, Expectation::Sent);
        let steps = f
            .store
            .list_contact_request_steps(f.org.id, new.id)
            .await
            .unwrap();
        assert_eq!(steps, vec![step(StepKind::Created, anna, None, "", 20)]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_list_filters_by_state_conversation_and_a_colleagues_teams() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let anna = f.member("anna@utrecht.nl").await;
        let bo = f.member("bo@utrecht.nl").await;
        let burgerzaken = f.team("burgerzaken").await;
        let parkeren = f.team("parkeren").await;
        let (_, conversation, _) = f.ingest_new(text("wamid.c2", "31611111111", at(10))).await;
        let (_, other, _) = f.ingest_new(text("wamid.c3", "31622222222", at(11))).await;
        let to_team = request(f.org.id, conversation, anna, Some(burgerzaken), None, 20);
        let to_bo = request(f.org.id, other, anna, Some(parkeren), Some(bo), 21);
        let elsewhere = request(f.org.id, other, anna, Some(parkeren), None, 22);
        for r in [&to_team, &to_bo, &elsewhere] {
            f.store.insert_contact_request(r).await.unwrap();
        }
        let ids = |list: Vec<ContactRequest>| list.into_iter().map(|r| r.id).collect::<Vec<_>>();

        let all = f
            .store
            .list_contact_requests(f.org.id, &ContactRequestFilter::default(), 50, 0)
            .await
            .unwrap();
        assert_eq!(
            ids(all),
            vec![elsewhere.id, to_bo.id, to_team.id],
            "newest first"
        );
        let mine = ContactRequestFilter {
            for_user: Some((bo, vec![burgerzaken])),
            ..Default::default()
        };
        let list = f
            .store
            .list_contact_requests(f.org.id, &mine, 50, 0)
            .await
            .unwrap();
        assert_eq!(ids(list), vec![to_bo.id, to_team.id]);
        let nothing = ContactRequestFilter {
            for_user: Some((anna, vec![])),
            ..Default::default()
        };
        assert!(
            f.store
                .list_contact_requests(f.org.id, &nothing, 50, 0)
                .await
                .unwrap()
                .is_empty()
        );
        let of_conversation = ContactRequestFilter {
            conversation: Some(conversation),
            ..Default::default()
        };
        let list = f
            .store
            .list_contact_requests(f.org.id, &of_conversation, 50, 0)
            .await
            .unwrap();
        assert_eq!(ids(list), vec![to_team.id]);
        let done = ContactRequestFilter {
            state: Some(State::Verwerkt),
            ..Default::default()
        };
        assert!(
            f.store
                .list_contact_requests(f.org.id, &done, 50, 0)
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_step_is_recorded_and_a_second_step_decided_on_the_old_state_conflicts() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let anna = f.member("anna@utrecht.nl").await;
        let bo = f.member("bo@utrecht.nl").await;
        let cas = f.member("cas@utrecht.nl").await;
        let (_, conversation, _) = f.ingest_new(text("wamid.c4", "31611111111", at(10))).await;
        let new = request(f.org.id, conversation, anna, None, Some(bo), 20);
        f.store.insert_contact_request(&new).await.unwrap();

        let forward = StepChange {
            from: State::TeVerwerken,
            to: State::TeVerwerken,
            new_assignee: Some(cas),
            step: step(StepKind::Forwarded, bo, Some(cas), "Cas weet dit", 30),
        };
        f.store
            .apply_contact_request_step(f.org.id, new.id, &forward)
            .await
            .unwrap();
        let complete = StepChange {
            from: State::TeVerwerken,
            to: State::Verwerkt,
            new_assignee: None,
            step: step(StepKind::Completed, cas, None, "Gebeld: boete vervalt", 40),
        };
        f.store
            .apply_contact_request_step(f.org.id, new.id, &complete)
            .await
            .unwrap();
        let again = f
            .store
            .apply_contact_request_step(f.org.id, new.id, &complete)
            .await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");

        let got = f.store.get_contact_request(f.org.id, new.id).await.unwrap();
        assert_eq!((got.state, got.assignee_id), (State::Verwerkt, Some(cas)));
        assert_eq!(got.updated_at, at(40));
        let steps = f
            .store
            .list_contact_request_steps(f.org.id, new.id)
            .await
            .unwrap();
        let kinds: Vec<StepKind> = steps.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [StepKind::Created, StepKind::Forwarded, StepKind::Completed]
        );
        assert_eq!(steps[2].outcome, "Gebeld: boete vervalt");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisations_requests_and_conversations_are_not_found() {
    for db in test_databases().await {
        let a = Fixture::new(&db).await;
        let b = Fixture::named(&db, "andere", "2002").await;
        let anna = a.member("anna@utrecht.nl").await;
        let (_, conversation, _) = a.ingest_new(text("wamid.c5", "31611111111", at(10))).await;
        let new = request(a.org.id, conversation, anna, None, Some(anna), 20);
        a.store.insert_contact_request(&new).await.unwrap();

        let theirs = request(b.org.id, conversation, anna, None, Some(anna), 21);
        assert!(matches!(
            a.store.insert_contact_request(&theirs).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            a.store.get_contact_request(b.org.id, new.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            a.store.list_contact_request_steps(b.org.id, new.id).await,
            Err(StoreError::NotFound)
        ));
        let change = StepChange {
            from: State::TeVerwerken,
            to: State::Verwerkt,
            new_assignee: None,
            step: step(StepKind::Completed, anna, None, "klaar", 30),
        };
        assert!(matches!(
            a.store
                .apply_contact_request_step(b.org.id, new.id, &change)
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(
            a.store
                .list_contact_requests(b.org.id, &ContactRequestFilter::default(), 50, 0)
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_press_request_keeps_its_kind_pages_by_team_and_records_a_failed_expectation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let anna = f.member("anna@utrecht.nl").await;
        let communicatie = f.team("communicatie").await;
        let burgerzaken = f.team("burgerzaken").await;
        let (_, conversation, _) = f.ingest_new(text("wamid.k1", "31611111111", at(10))).await;
        let mut press = request(f.org.id, conversation, anna, Some(communicatie), None, 20);
        press.kind = Kind::Persvraag;
        press.expectation = Expectation::Pending;
        let older = request(f.org.id, conversation, anna, Some(communicatie), None, 15);
        let other = request(f.org.id, conversation, anna, Some(burgerzaken), None, 25);
        for r in [&press, &older, &other] {
            f.store.insert_contact_request(r).await.unwrap();
        }

        let to_communicatie = ContactRequestFilter {
            team: Some(communicatie),
            ..Default::default()
        };
        let first = (f.store)
            .list_contact_requests(f.org.id, &to_communicatie, 1, 0)
            .await
            .unwrap();
        let second = (f.store)
            .list_contact_requests(f.org.id, &to_communicatie, 1, 1)
            .await
            .unwrap();
        assert_eq!(first[0].id, press.id);
        assert_eq!(first[0].kind, Kind::Persvraag);
        assert_eq!(first[0].expectation, Expectation::Pending);
        assert_eq!(second[0].id, older.id);
        assert_eq!(second[0].kind, Kind::Vraag);

        (f.store)
            .set_contact_request_expectation(
                f.org.id,
                press.id,
                Expectation::Failed,
                Some("het venster is gesloten"),
            )
            .await
            .unwrap();
        let stored = f
            .store
            .get_contact_request(f.org.id, press.id)
            .await
            .unwrap();
        assert_eq!(stored.expectation, Expectation::Failed);
        assert_eq!(
            stored.expectation_problem.as_deref(),
            Some("het venster is gesloten")
        );

        let stranger = Fixture::named(&db, "zeist", "2003").await;
        assert!(matches!(
            (f.store)
                .set_contact_request_expectation(stranger.org.id, press.id, Expectation::Sent, None)
                .await,
            Err(StoreError::NotFound)
        ));
        db.cleanup().await;
    }
}
