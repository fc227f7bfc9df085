//! People: users, memberships, teams, sessions, second factors — and migration 0009, which
//! clears the free-text assignee and team of before, saying so in an event.

use loket_domain::conversation::ConversationEventKind;
use loket_domain::people::{Email, Locale, Role};
use loket_store::testing::{TestDb, test_databases};
use loket_store::*;

use super::support::*;

/// The part of migration 0009 that clears free text, run again on a row written as before.
fn clearing_sql(db: &TestDb) -> &'static str {
    let file = match db.backend {
        Backend::Sqlite => include_str!("../../migrations/sqlite/0009_people.sql"),
        Backend::Postgres => include_str!("../../migrations/postgres/0009_people.sql"),
    };
    let start = file.find("insert into conversation_events").unwrap();
    let end = file.find("create index conversations_org_team").unwrap();
    &file[start..end]
}

#[tokio::test]
async fn free_text_assignees_and_teams_of_before_are_cleared_with_an_event_saying_so() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let (_, untouched, _) = f.ingest_new(text("wamid.2", "31687654321", at(11))).await;
        db.execute_sql(&format!(
            "update conversations set assignee = 'anna@utrecht.nl', team = 'Burgerzaken'
             where id = '{conversation}'"
        ))
        .await
        .unwrap();
        db.execute_sql(clearing_sql(&db)).await.unwrap();
        let record = f
            .store
            .get_conversation(f.org.id, conversation)
            .await
            .unwrap();
        assert_eq!((record.assignee, record.team), (None, None));
        let events = f
            .store
            .list_conversation_events(f.org.id, conversation)
            .await
            .unwrap();
        let cleared: Vec<_> = events
            .iter()
            .filter(|e| matches!(e.kind, ConversationEventKind::AssignmentCleared { .. }))
            .collect();
        assert_eq!(cleared.len(), 1, "{events:?}");
        assert_eq!(
            cleared[0].kind,
            ConversationEventKind::AssignmentCleared {
                assignee: Some("anna@utrecht.nl".into()),
                team: Some("Burgerzaken".into()),
            }
        );
        let others = f.store.list_conversation_events(f.org.id, untouched).await;
        assert!(
            others
                .unwrap()
                .iter()
                .all(|e| !matches!(e.kind, ConversationEventKind::AssignmentCleared { .. }))
        );
        db.cleanup().await;
    }
}

fn new_user(email: &str) -> NewUser {
    NewUser {
        email: Email::parse(email).unwrap(),
        name: "Anna".into(),
        operator: false,
        locale: Locale::En,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA".into(),
    }
}

#[tokio::test]
async fn a_user_round_trips_and_their_address_is_unique_whatever_its_case() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let roles = [(f.org.id, Role::TeamLead)];
        let user = f
            .store
            .insert_user(&new_user("Anna@Utrecht.nl"), &roles, at(5))
            .await
            .unwrap();
        assert_eq!(user.email.as_str(), "anna@utrecht.nl");
        assert_eq!(
            (user.active, user.locale, user.totp_enabled),
            (true, Locale::En, false)
        );
        assert_eq!(f.store.get_user(user.id).await.unwrap(), user);
        let again = f
            .store
            .insert_user(&new_user("ANNA@utrecht.NL"), &[], at(6))
            .await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
        let memberships = f.store.list_memberships(user.id).await.unwrap();
        assert_eq!(memberships.len(), 1);
        assert_eq!(
            (memberships[0].role, memberships[0].org_slug.as_str()),
            (Role::TeamLead, "utrecht")
        );
        assert!(f.store.is_active_member(f.org.id, user.id).await.unwrap());
        f.store
            .set_user_active(user.id, false, at(7))
            .await
            .unwrap();
        assert!(!f.store.is_active_member(f.org.id, user.id).await.unwrap());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn teams_and_memberships_belong_to_their_organisation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        let anna = f.member("anna@utrecht.nl").await;
        let team = f.team("wmo").await;
        let theirs = other.team("afval").await;
        assert!(f.store.is_enabled_team(f.org.id, team).await.unwrap());
        assert!(!f.store.is_enabled_team(f.org.id, theirs).await.unwrap());
        assert!(
            !other
                .store
                .is_active_member(other.org.id, anna)
                .await
                .unwrap()
        );
        let joined = f.store.add_team_member(f.org.id, theirs, anna).await;
        assert!(matches!(joined, Err(StoreError::NotFound)));
        let joined = other
            .store
            .add_team_member(other.org.id, theirs, anna)
            .await;
        assert!(
            matches!(joined, Err(StoreError::NotFound)),
            "no member there"
        );
        f.store.add_team_member(f.org.id, team, anna).await.unwrap();
        f.store.add_team_member(f.org.id, team, anna).await.unwrap();
        assert_eq!(
            f.store.list_team_members(f.org.id, team).await.unwrap(),
            vec![anna]
        );
        assert!(
            other
                .store
                .list_team_members(other.org.id, team)
                .await
                .unwrap()
                .is_empty()
        );
        let err = f.store.get_team(other.org.id, team).await;
        assert!(matches!(err, Err(StoreError::NotFound)));
        let duplicate = f
            .store
            .insert_team(
                f.org.id,
                &NewTeam {
                    slug: "wmo".into(),
                    name: "x".into(),
                },
                at(3),
            )
            .await;
        assert!(matches!(duplicate, Err(StoreError::Conflict(_))));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_totp_step_is_accepted_once_and_a_recovery_code_used_once() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let anna = f.member("anna@utrecht.nl").await;
        assert!(
            !f.store.accept_totp_step(anna, 10).await.unwrap(),
            "not enabled"
        );
        f.store
            .set_pending_totp(anna, "sealed", at(2))
            .await
            .unwrap();
        let codes = vec!["h1".to_owned(), "h2".to_owned()];
        f.store.enable_totp(anna, 10, &codes, at(3)).await.unwrap();
        let again = f.store.set_pending_totp(anna, "other", at(4)).await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "reset first");
        assert!(!f.store.accept_totp_step(anna, 10).await.unwrap(), "replay");
        assert!(f.store.accept_totp_step(anna, 11).await.unwrap());
        assert!(!f.store.accept_totp_step(anna, 11).await.unwrap(), "replay");
        assert!(f.store.use_recovery_code(anna, "h1", at(5)).await.unwrap());
        assert!(!f.store.use_recovery_code(anna, "h1", at(6)).await.unwrap());
        assert!(
            !f.store
                .use_recovery_code(anna, "unknown", at(6))
                .await
                .unwrap()
        );
        assert_eq!(f.store.count_unused_recovery_codes(anna).await.unwrap(), 1);
        f.store.reset_totp(anna, at(7)).await.unwrap();
        let user = f.store.get_user(anna).await.unwrap();
        assert_eq!((user.totp_secret, user.totp_enabled), (None, false));
        assert_eq!(f.store.count_unused_recovery_codes(anna).await.unwrap(), 0);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn sessions_are_found_by_their_hash_and_revoked_with_their_user() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let anna = f.member("anna@utrecht.nl").await;
        let session = |hash: &str| SessionRecord {
            token_hash: hash.into(),
            user_id: anna,
            org_id: Some(f.org.id),
            created_at: at(1),
            expires_at: at(1000),
            last_seen_at: at(1),
            second_factor: false,
            csrf_secret: "csrf".into(),
        };
        f.store.insert_session(&session("a")).await.unwrap();
        f.store.insert_session(&session("b")).await.unwrap();
        assert_eq!(f.store.find_session("a").await.unwrap(), Some(session("a")));
        f.store.update_session("a", None, true).await.unwrap();
        f.store.touch_session("a", at(50)).await.unwrap();
        let a = f.store.find_session("a").await.unwrap().unwrap();
        assert_eq!(
            (a.org_id, a.second_factor, a.last_seen_at),
            (None, true, at(50))
        );
        assert_eq!(f.store.delete_user_sessions(anna).await.unwrap(), 2);
        assert_eq!(f.store.find_session("b").await.unwrap(), None);
        let gone = f.store.touch_session("b", at(60)).await;
        assert!(matches!(gone, Err(StoreError::NotFound)));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn sign_in_attempts_are_kept_per_address_and_account() {
    for db in test_databases().await {
        let store = db.store.clone();
        let attempts = SignInAttempts {
            failures: 3,
            window_start: at(10),
            locked_until: Some(at(20)),
        };
        store
            .put_sign_in_attempts("192.0.2.1", "anna@x.nl", &attempts)
            .await
            .unwrap();
        let found = store
            .find_sign_in_attempts("192.0.2.1", "anna@x.nl")
            .await
            .unwrap();
        assert_eq!(found, Some(attempts));
        assert_eq!(
            store
                .find_sign_in_attempts("192.0.2.2", "anna@x.nl")
                .await
                .unwrap(),
            None
        );
        store
            .clear_sign_in_attempts("192.0.2.1", "anna@x.nl")
            .await
            .unwrap();
        assert_eq!(
            store
                .find_sign_in_attempts("192.0.2.1", "anna@x.nl")
                .await
                .unwrap(),
            None
        );
        db.cleanup().await;
    }
}
