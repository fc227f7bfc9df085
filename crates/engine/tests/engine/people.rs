//! People and signing in, on every backend: users, lockout, sessions, organisations.

use std::time::Duration;

use loket_domain::people::{Locale, Role};
use loket_engine::people::{
    IDLE_TIMEOUT, LOCKOUT, MAX_FAILURES, NewUserRequest, SESSION_LIFETIME, SessionState,
    SignInOutcome,
};
use loket_engine::{Engine, EngineError};
use loket_store::testing::test_databases;
use secrecy::{ExposeSecret, SecretString};

use super::people_support::*;

#[tokio::test]
async fn the_right_password_signs_in_and_the_session_is_complete_for_a_single_membership() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let anna = p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let new = p.signed_in("Anna@Utrecht.NL ").await;
        assert_eq!(new.session.user_id, anna);
        assert_eq!(new.session.state, SessionState::Complete);
        assert_eq!(new.session.org_id, Some(p.org_id("utrecht").await));
        assert_eq!(new.session.role, Some(Role::Agent));
        assert_eq!(new.token.expose().len(), 43, "256 bits, base64url");
        let looked_up = p.engine.session(new.token.expose()).await.unwrap().unwrap();
        assert_eq!(looked_up.user_id, anna);
        assert!(Engine::csrf_matches(&looked_up, &new.session.csrf_token));
        assert!(!Engine::csrf_matches(&looked_up, "forged"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_wrong_password_an_unknown_address_and_a_disabled_user_are_refused_alike() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        p.add("bert@utrecht.nl", "utrecht", Role::Agent).await;
        p.engine.disable_user("bert@utrecht.nl").await.unwrap();
        for (email, password) in [
            ("anna@utrecht.nl", "wrong password here"),
            ("nobody@utrecht.nl", PASSWORD),
            ("not an address", PASSWORD),
            ("bert@utrecht.nl", PASSWORD),
            ("anna@utrecht.nl", &"x".repeat(1_000_000)),
        ] {
            assert!(
                matches!(p.sign_in(email, password).await, SignInOutcome::Refused),
                "{email}"
            );
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn repeated_failures_lock_the_address_and_account_out_until_the_window_passes() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        for _ in 0..MAX_FAILURES - 1 {
            assert!(matches!(
                p.sign_in("anna@utrecht.nl", "wrong password here").await,
                SignInOutcome::Refused
            ));
        }
        assert!(matches!(
            p.sign_in("anna@utrecht.nl", "wrong password here").await,
            SignInOutcome::LockedOut { .. }
        ));
        // Locked: even the right password is refused, from this address.
        assert!(matches!(
            p.sign_in("ANNA@utrecht.nl", PASSWORD).await,
            SignInOutcome::LockedOut { .. }
        ));
        // Another address is not locked out of this account.
        let elsewhere = p
            .engine
            .sign_in(
                "anna@utrecht.nl",
                SecretString::from(PASSWORD),
                "198.51.100.1",
                None,
            )
            .await
            .unwrap();
        assert!(matches!(elsewhere, SignInOutcome::SignedIn(_)));
        p.clock.advance(LOCKOUT);
        assert!(matches!(
            p.sign_in("anna@utrecht.nl", PASSWORD).await,
            SignInOutcome::SignedIn(_)
        ));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn disabling_a_user_or_resetting_their_password_revokes_every_session() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let first = p.signed_in("anna@utrecht.nl").await;
        let second = p.signed_in("anna@utrecht.nl").await;
        let generated = p
            .engine
            .reset_password("anna@utrecht.nl", None)
            .await
            .unwrap()
            .expect("a generated password");
        for s in [&first, &second] {
            assert!(p.engine.session(s.token.expose()).await.unwrap().is_none());
        }
        assert!(matches!(
            p.sign_in("anna@utrecht.nl", PASSWORD).await,
            SignInOutcome::Refused
        ));
        let third = match p
            .sign_in("anna@utrecht.nl", generated.expose_secret())
            .await
        {
            SignInOutcome::SignedIn(s) => s,
            other => panic!("{other:?}"),
        };
        p.engine.disable_user("anna@utrecht.nl").await.unwrap();
        assert!(
            p.engine
                .session(third.token.expose())
                .await
                .unwrap()
                .is_none()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_session_ends_when_it_expires_or_stays_idle_too_long() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let idle = p.signed_in("anna@utrecht.nl").await;
        p.clock.advance(IDLE_TIMEOUT);
        assert!(
            p.engine
                .session(idle.token.expose())
                .await
                .unwrap()
                .is_none()
        );

        // Kept busy, it still ends at its lifetime.
        let busy = p.signed_in("anna@utrecht.nl").await;
        let step = IDLE_TIMEOUT / 2;
        let mut elapsed = Duration::ZERO;
        while elapsed + step < SESSION_LIFETIME {
            p.clock.advance(step);
            elapsed += step;
            assert!(
                p.engine
                    .session(busy.token.expose())
                    .await
                    .unwrap()
                    .is_some()
            );
        }
        p.clock.advance(step);
        assert!(
            p.engine
                .session(busy.token.expose())
                .await
                .unwrap()
                .is_none()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn signing_in_again_rotates_the_token_and_signing_out_revokes_it() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let old = p.signed_in("anna@utrecht.nl").await;
        let rotated = p
            .engine
            .sign_in(
                "anna@utrecht.nl",
                SecretString::from(PASSWORD),
                ADDRESS,
                Some(old.token.expose()),
            )
            .await
            .unwrap();
        let SignInOutcome::SignedIn(new) = rotated else {
            panic!("{rotated:?}")
        };
        assert_ne!(new.token.expose(), old.token.expose());
        assert!(
            p.engine
                .session(old.token.expose())
                .await
                .unwrap()
                .is_none()
        );
        p.engine.sign_out(new.token.expose()).await.unwrap();
        assert!(
            p.engine
                .session(new.token.expose())
                .await
                .unwrap()
                .is_none()
        );
        assert!(p.engine.session("made-up-token").await.unwrap().is_none());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_member_of_two_organisations_chooses_and_cannot_switch_to_a_third() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.add("kcc@regio.nl", "utrecht", Role::Agent).await;
        // The same address again (any case) adds a membership, not a second user.
        let again = p
            .engine
            .add_user(NewUserRequest {
                email: "KCC@regio.nl".into(),
                name: "KCC".into(),
                membership: Some(("zeist".into(), Role::TeamLead)),
                operator: false,
                locale: Locale::En,
                password: None,
            })
            .await
            .unwrap();
        assert!(!again.created && again.generated_password.is_none());
        let new = p.signed_in("kcc@regio.nl").await;
        assert_eq!(new.session.state, SessionState::ChooseOrganisation);
        assert_eq!(new.session.memberships.len(), 2);
        let token = new.token.expose();
        let zeist = p
            .engine
            .switch_organisation(token, p.org_id("zeist").await)
            .await;
        let zeist = zeist.unwrap();
        assert_eq!(
            (zeist.state, zeist.role),
            (SessionState::Complete, Some(Role::TeamLead))
        );
        let refused = p
            .engine
            .switch_organisation(token, p.org_id("veilig").await)
            .await;
        assert!(matches!(refused, Err(EngineError::NotFound)), "{refused:?}");
        let unknown = p
            .engine
            .switch_organisation(token, loket_domain::OrgId::new_at(now(&p)))
            .await;
        assert!(matches!(unknown, Err(EngineError::NotFound)));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn e_mail_addresses_are_unique_whatever_their_case() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let operator = p
            .engine
            .add_user(NewUserRequest {
                email: "ANNA@UTRECHT.NL".into(),
                name: "Anna".into(),
                membership: None,
                operator: true,
                locale: Locale::Nl,
                password: None,
            })
            .await;
        assert!(
            matches!(operator, Err(EngineError::Conflict(_))),
            "{operator:?}"
        );
        let users = p.engine.list_users(None).await.unwrap();
        assert_eq!(users.len(), 1);
        assert_eq!(users[0].user.email.as_str(), "anna@utrecht.nl");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn hostile_user_input_is_refused_with_the_field_named() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let request = |email: &str, org: &str, password: Option<&str>| NewUserRequest {
            email: email.into(),
            name: "X".into(),
            membership: Some((org.into(), Role::Agent)),
            operator: false,
            locale: Locale::Nl,
            password: password.map(SecretString::from),
        };
        let huge = format!("{}@x.nl", "a".repeat(10_000));
        for (req, field) in [
            (request(&huge, "utrecht", None), "email"),
            (request("", "utrecht", None), "email"),
            (request("a@b.nl", "nergens", None), "org"),
            (request("a@b.nl", "utrecht", Some("kort")), "password"),
        ] {
            match p.engine.add_user(req).await {
                Err(EngineError::InvalidFields(problems)) => {
                    assert_eq!(problems[0].field, field)
                }
                other => panic!("{field}: {other:?}"),
            }
        }
        assert!(p.engine.list_users(None).await.unwrap().is_empty());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_operator_without_organisation_has_a_complete_session() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.engine
            .add_user(NewUserRequest {
                email: "ops@loket.example".into(),
                name: "Ops".into(),
                membership: None,
                operator: true,
                locale: Locale::En,
                password: Some(SecretString::from(PASSWORD)),
            })
            .await
            .unwrap();
        let new = p.signed_in("ops@loket.example").await;
        assert!(new.session.operator);
        assert_eq!(new.session.state, SessionState::Complete);
        assert_eq!(new.session.org_id, None);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_rotates_the_session() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let s = p.signed_in("anna@utrecht.nl").await;
        let token = s.token.expose();
        let wrong = p
            .engine
            .change_password(
                token,
                SecretString::from("not the current one"),
                SecretString::from("a brand new passphrase"),
            )
            .await;
        assert!(
            matches!(wrong, Err(EngineError::InvalidFields(_))),
            "{wrong:?}"
        );
        let new = p
            .engine
            .change_password(
                token,
                SecretString::from(PASSWORD),
                SecretString::from("a brand new passphrase"),
            )
            .await
            .unwrap();
        assert!(p.engine.session(token).await.unwrap().is_none());
        assert!(
            p.engine
                .session(new.token.expose())
                .await
                .unwrap()
                .is_some()
        );
        assert!(matches!(
            p.sign_in("anna@utrecht.nl", "a brand new passphrase").await,
            SignInOutcome::SignedIn(_)
        ));
        db.cleanup().await;
    }
}
