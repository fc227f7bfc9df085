//! Availability and auto-assignment's candidates: offline until said otherwise; only online
//! agents and team leads of the organisation (of the team, when asked), with how many open
//! conversations they hold; another organisation's colleague cannot be set.

use loket_domain::assignment::Availability;
use loket_domain::conversation::ConversationStatus;
use loket_domain::people::Role;
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

#[tokio::test]
async fn a_colleague_is_offline_until_they_say_otherwise_and_only_in_their_own_organisation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        let anna = f.member("anna@utrecht.nl").await;
        let store = &f.store;
        assert_eq!(
            store.availability(f.org.id, anna).await.unwrap(),
            Availability::Offline
        );
        store
            .set_availability(f.org.id, anna, Availability::Away, at(2))
            .await
            .unwrap();
        assert_eq!(
            store.availability(f.org.id, anna).await.unwrap(),
            Availability::Away
        );
        let foreign =
            (store.set_availability(other.org.id, anna, Availability::Online, at(3))).await;
        assert!(matches!(foreign, Err(StoreError::NotFound)), "{foreign:?}");
        assert_eq!(
            store.availability(other.org.id, anna).await.unwrap(),
            Availability::Offline
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn candidates_are_the_online_agents_with_their_open_load_and_round_robin_order() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let store = &f.store;
        let anna = f.member("anna@utrecht.nl").await;
        let bram = f.member("bram@utrecht.nl").await;
        let cees = f.member("cees@utrecht.nl").await;
        let admin = f.member("beheer@utrecht.nl").await;
        store
            .upsert_membership(admin, f.org.id, Role::Admin, at(1))
            .await
            .unwrap();
        let team = f.team("burgerzaken").await;
        store.add_team_member(f.org.id, team, bram).await.unwrap();
        for (user, availability) in [
            (anna, Availability::Online),
            (bram, Availability::Online),
            (cees, Availability::Away),
            (admin, Availability::Online),
        ] {
            store
                .set_availability(f.org.id, user, availability, at(2))
                .await
                .unwrap();
        }
        let (_, first, _) = f.ingest_new(text("wamid.1", "31611", at(3))).await;
        let (_, second, _) = f.ingest_new(text("wamid.2", "31622", at(3))).await;
        let assign = |status| ConversationPatch {
            assignee: Some(Some(anna)),
            status,
            ..Default::default()
        };
        store
            .update_conversation(f.org.id, first, &assign(None), at(4))
            .await
            .unwrap();
        let resolved = assign(Some(ConversationStatus::Resolved));
        store
            .update_conversation(f.org.id, second, &resolved, at(4))
            .await
            .unwrap();
        store
            .mark_auto_assigned(f.org.id, anna, at(4))
            .await
            .unwrap();

        let all = store.assignment_candidates(f.org.id, None).await.unwrap();
        let mut found: Vec<_> = all
            .iter()
            .map(|c| (c.user, c.open, c.last_assigned_at))
            .collect();
        found.sort();
        let mut expected = vec![(anna, 1, Some(at(4))), (bram, 0, None)];
        expected.sort();
        assert_eq!(
            found, expected,
            "the away agent and the admin are no candidates"
        );
        let of_team = store.assignment_candidates(f.org.id, Some(team)).await;
        let of_team: Vec<_> = of_team.unwrap().iter().map(|c| c.user).collect();
        assert_eq!(of_team, vec![bram]);

        let held = store.assigned_unresolved(f.org.id, anna).await.unwrap();
        assert_eq!(held, vec![first]);
        let other = Fixture::named(&db, "zeist", "2002").await;
        assert!(
            (store.assignment_candidates(other.org.id, None).await)
                .unwrap()
                .is_empty()
        );
        assert!(
            (store.assigned_unresolved(other.org.id, anna).await)
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}
