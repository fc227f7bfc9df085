//! The second factor and assignment to people and teams, on every backend.

use std::time::Duration;

use loket_domain::people::Role;
use loket_engine::EngineError;
use loket_engine::people::{
    RECOVERY_CODES, SecondFactorOutcome, SessionState, SignInOutcome, totp_code,
};
use loket_engine::records::ConversationPatch;
use loket_store::testing::test_databases;
use secrecy::ExposeSecret;

use super::people_support::{ADDRESS, People};

fn unix(p: &People) -> u64 {
    u64::try_from(loket_domain::Clock::now(&*p.clock).as_second()).unwrap()
}

/// Enrol `email` (signed in at `veilig`, which requires 2FA); returns the secret and the
/// recovery codes.
async fn enrol(p: &People, email: &str) -> (String, Vec<String>) {
    let s = p.signed_in(email).await;
    assert_eq!(s.session.state, SessionState::NeedsEnrolment);
    let token = s.token.expose();
    let enrolment = p.engine.begin_totp_enrolment(token).await.unwrap();
    assert!(enrolment.qr_svg.contains("<svg"));
    assert!(enrolment.otpauth_url.starts_with("otpauth://totp/Loket:"));
    let wrong = p.engine.confirm_totp_enrolment(token, "000000").await;
    assert!(matches!(wrong, Err(EngineError::InvalidFields(_))) || wrong.is_ok());
    let code = totp_code(&enrolment.secret_base32, unix(p)).unwrap();
    let codes = match wrong {
        Ok(codes) => codes, // "000000" happened to be right: vanishingly rare
        Err(_) => p.engine.confirm_totp_enrolment(token, &code).await.unwrap(),
    };
    assert_eq!(codes.len(), RECOVERY_CODES);
    let view = p.engine.session(token).await.unwrap().unwrap();
    assert_eq!(view.state, SessionState::Complete);
    let codes = codes.iter().map(|c| c.expose_secret().to_owned()).collect();
    (enrolment.secret_base32, codes)
}

#[tokio::test]
async fn an_organisation_requiring_2fa_asks_for_enrolment_then_for_a_code_at_each_sign_in() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.add("anna@veilig.nl", "veilig", Role::Agent).await;
        let (secret, _) = enrol(&p, "anna@veilig.nl").await;
        p.clock.advance(Duration::from_secs(60));
        let s = p.signed_in("anna@veilig.nl").await;
        assert_eq!(s.session.state, SessionState::NeedsSecondFactor);
        // Before the second factor, no organisation switch and no enrolment.
        let early = p.engine.begin_totp_enrolment(s.token.expose()).await;
        assert!(matches!(early, Err(EngineError::NotFound)));
        let code = totp_code(&secret, unix(&p)).unwrap();
        let passed = p
            .engine
            .verify_second_factor(s.token.expose(), &code, ADDRESS)
            .await
            .unwrap();
        let SecondFactorOutcome::Passed(new) = passed else {
            panic!("{passed:?}")
        };
        assert_eq!(new.session.state, SessionState::Complete);
        assert_ne!(new.token.expose(), s.token.expose(), "rotated");
        assert!(p.engine.session(s.token.expose()).await.unwrap().is_none());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_totp_code_is_accepted_once_and_a_neighbouring_step_is_tolerated() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.add("anna@veilig.nl", "veilig", Role::Agent).await;
        let (secret, _) = enrol(&p, "anna@veilig.nl").await;
        p.clock.advance(Duration::from_secs(90));
        let code = totp_code(&secret, unix(&p)).unwrap();
        let first = p.signed_in("anna@veilig.nl").await;
        let ok = p
            .engine
            .verify_second_factor(first.token.expose(), &code, ADDRESS)
            .await
            .unwrap();
        assert!(matches!(ok, SecondFactorOutcome::Passed(_)));
        // The same code again (a replay), within its validity: refused.
        let second = p.signed_in("anna@veilig.nl").await;
        let replay = p
            .engine
            .verify_second_factor(second.token.expose(), &code, ADDRESS)
            .await
            .unwrap();
        assert!(matches!(replay, SecondFactorOutcome::Refused), "{replay:?}");
        // The previous step's code once the clock moved on: drift of one step is fine,
        // but only if later than the last accepted one: here it is not.
        p.clock.advance(Duration::from_secs(30));
        let next = totp_code(&secret, unix(&p)).unwrap();
        let ok = p
            .engine
            .verify_second_factor(second.token.expose(), &next, ADDRESS)
            .await
            .unwrap();
        assert!(matches!(ok, SecondFactorOutcome::Passed(_)), "{ok:?}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_recovery_code_works_once() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.add("anna@veilig.nl", "veilig", Role::Agent).await;
        let (_, codes) = enrol(&p, "anna@veilig.nl").await;
        let s = p.signed_in("anna@veilig.nl").await;
        let upper = codes[3].to_uppercase();
        let ok = p
            .engine
            .verify_second_factor(s.token.expose(), &upper, ADDRESS)
            .await
            .unwrap();
        let SecondFactorOutcome::Passed(new) = ok else {
            panic!("{ok:?}")
        };
        assert_eq!(
            p.engine
                .recovery_codes_left(new.token.expose())
                .await
                .unwrap(),
            9
        );
        let s = p.signed_in("anna@veilig.nl").await;
        let again = p
            .engine
            .verify_second_factor(s.token.expose(), &codes[3], ADDRESS)
            .await
            .unwrap();
        assert!(matches!(again, SecondFactorOutcome::Refused));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn guessing_codes_locks_the_second_factor_out() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.add("anna@veilig.nl", "veilig", Role::Agent).await;
        enrol(&p, "anna@veilig.nl").await;
        let s = p.signed_in("anna@veilig.nl").await;
        let mut last = SecondFactorOutcome::Refused;
        for guess in [
            "bad-guess-1",
            "bad-guess-2",
            "bad-guess-3",
            "bad-guess-4",
            "bad-guess-5",
        ] {
            last = p
                .engine
                .verify_second_factor(s.token.expose(), guess, ADDRESS)
                .await
                .unwrap();
        }
        assert!(
            matches!(last, SecondFactorOutcome::LockedOut { .. }),
            "{last:?}"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn resetting_2fa_revokes_sessions_and_asks_for_enrolment_again() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.add("anna@veilig.nl", "veilig", Role::Agent).await;
        enrol(&p, "anna@veilig.nl").await;
        let s = p.signed_in("anna@veilig.nl").await;
        p.engine.reset_two_factor("anna@veilig.nl").await.unwrap();
        assert!(p.engine.session(s.token.expose()).await.unwrap().is_none());
        let again = p.signed_in("anna@veilig.nl").await;
        assert_eq!(again.session.state, SessionState::NeedsEnrolment);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_conversation_is_assigned_only_to_members_and_teams_of_its_organisation() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let anna = p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let zeist_agent = p.add("bert@zeist.nl", "zeist", Role::Agent).await;
        let gone = p.add("carla@utrecht.nl", "utrecht", Role::Agent).await;
        p.engine.disable_user("carla@utrecht.nl").await.unwrap();
        let teams = p.engine.list_teams(utrecht).await.unwrap();
        assert_eq!(teams.len(), 2);
        assert!(teams.iter().all(|t| t.declared && t.enabled));
        let afval = p.engine.list_teams(p.org_id("zeist").await).await.unwrap()[0].id;
        let conversation = super::a_conversation(&p.engine, &db, utrecht).await;
        let patch = |assignee, team| ConversationPatch {
            assignee: Some(assignee),
            team: Some(team),
            ..Default::default()
        };
        for (bad, fields) in [
            (patch(Some(zeist_agent), None), vec!["assignee"]),
            (patch(Some(gone), Some(afval)), vec!["assignee", "team"]),
            (
                patch(
                    Some(loket_domain::UserId::new_at(super::people_support::now(&p))),
                    None,
                ),
                vec!["assignee"],
            ),
        ] {
            match p
                .engine
                .update_conversation(utrecht, conversation, bad)
                .await
            {
                Err(EngineError::InvalidFields(problems)) => {
                    let named: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
                    assert_eq!(named, fields);
                }
                other => panic!("{other:?}"),
            }
        }
        let ok = p
            .engine
            .update_conversation(utrecht, conversation, patch(Some(anna), Some(teams[0].id)))
            .await
            .unwrap();
        assert_eq!(
            (ok.conversation.assignee, ok.conversation.team),
            (Some(anna), Some(teams[0].id))
        );
        // Another organisation's team cannot be joined either.
        let joined = p.engine.add_team_member(utrecht, afval, anna).await;
        assert!(matches!(joined, Err(EngineError::NotFound)));
        p.engine
            .add_team_member(utrecht, teams[0].id, anna)
            .await
            .unwrap();
        let members = p.engine.list_team_members(utrecht, teams[0].id).await;
        assert_eq!(members.unwrap(), vec![anna]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_team_no_longer_declared_is_disabled_and_cannot_be_assigned() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let conversation = super::a_conversation(&p.engine, &db, utrecht).await;
        let spec = loket_engine::provision::Provisioning {
            apps: vec![],
            organisations: vec![super::people_support::org("utrecht", true, &["wmo"])],
        };
        p.engine.provision(&spec).await.unwrap();
        let teams = p.engine.list_teams(utrecht).await.unwrap();
        let enabled: Vec<(&str, bool)> =
            teams.iter().map(|t| (t.slug.as_str(), t.enabled)).collect();
        assert_eq!(enabled, vec![("burgerzaken", false), ("wmo", true)]);
        let org = p.engine.find_organisation_by_slug("utrecht").await.unwrap();
        assert!(org.unwrap().require_2fa);
        let patch = ConversationPatch {
            team: Some(Some(teams[0].id)),
            ..Default::default()
        };
        let refused = p
            .engine
            .update_conversation(utrecht, conversation, patch)
            .await;
        assert!(
            matches!(refused, Err(EngineError::InvalidFields(_))),
            "{refused:?}"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_sign_in_outcome_never_prints_the_token() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let outcome = p
            .sign_in("anna@utrecht.nl", super::people_support::PASSWORD)
            .await;
        let SignInOutcome::SignedIn(s) = &outcome else {
            panic!()
        };
        let printed = format!("{outcome:?}");
        assert!(!printed.contains(s.token.expose()));
        assert!(!printed.contains(&s.session.csrf_token));
        assert!(!printed.contains("anna@utrecht.nl"));
        db.cleanup().await;
    }
}
