//! One click from the side panel (a press question to Communicatie, a signal to the
//! newsroom) and the order of storing and telling: the request exists before the resident
//! reads about it, and a refused message is recorded on it with its reason.

use std::time::Duration;

use loket_domain::contact_requests::Kind;
use loket_domain::hours::FollowUpTemplate;
use loket_domain::message::{Content, Direction, SenderKind};
use loket_domain::people::Role;
use loket_domain::{ConversationId, OrgId, TeamId};
use loket_engine::EngineError;
use loket_engine::contact_requests::{ContactRequestSettings, Viewer};
use loket_store::Expectation;
use loket_store::testing::{TestDb, test_databases};

use super::people_support::People;

async fn team(p: &People, org: OrgId, slug: &str) -> TeamId {
    let teams = p.engine.list_teams(org).await.unwrap();
    teams.into_iter().find(|t| t.slug == slug).unwrap().id
}

async fn automatic(db: &TestDb, org: OrgId, conversation: ConversationId) -> Vec<String> {
    let messages = db.store.list_messages(org, conversation).await.unwrap();
    messages
        .into_iter()
        .filter(|m| m.direction == Direction::Outbound && m.sender == SenderKind::System)
        .map(|m| match m.content {
            Content::Text { body } => body,
            Content::Template(t) => format!("template {}", t.name),
            other => panic!("unexpected {other:?}"),
        })
        .collect()
}

#[tokio::test]
async fn a_press_click_hands_the_last_question_to_communicatie_and_tells_the_resident() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let anna = p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let communicatie = team(&p, utrecht, "wmo").await;
        let conversation = super::a_conversation(&p.engine, &db, utrecht).await;
        assert!(matches!(
            p.engine
                .hand_over(utrecht, conversation, anna, Kind::Persvraag)
                .await,
            Err(EngineError::NotFound)
        ));
        let settings = ContactRequestSettings {
            press_team: Some(communicatie),
            signal_team: Some(communicatie),
            ..Default::default()
        };
        p.engine.set_contact_request_settings(utrecht, settings);

        let press = (p.engine)
            .hand_over(utrecht, conversation, anna, Kind::Persvraag)
            .await
            .unwrap();
        let signal = (p.engine)
            .hand_over(utrecht, conversation, anna, Kind::Signaal)
            .await
            .unwrap();

        assert_eq!(press.expectation, Expectation::Sent);
        assert_eq!(signal.expectation, Expectation::Sent);
        assert_eq!(
            automatic(&db, utrecht, conversation).await,
            vec![
                "Ik heb je vraag doorgezet naar Team wmo. Je hoort uiterlijk vandaag om 18.30 uur van ons."
                    .to_owned(),
                "Bedankt voor je melding. Ik heb die doorgegeven aan Team wmo.".to_owned(),
            ]
        );
        let agent = Viewer {
            user: anna,
            role: Role::Agent,
        };
        let view = (p.engine)
            .get_contact_request(utrecht, agent, press.id)
            .await
            .unwrap();
        assert_eq!(view.request.kind, Kind::Persvraag);
        assert_eq!(view.request.team_id, Some(communicatie));
        assert_eq!(view.request.question, "Vraag 1", "the resident's last text");
        assert_eq!(view.request.contact_details, "Inwoner 1, +31612340001");
        assert_eq!(view.request.expectation, Expectation::Sent);
        let signal = (p.engine)
            .get_contact_request(utrecht, agent, signal.id)
            .await
            .unwrap();
        assert_eq!(signal.request.kind, Kind::Signaal);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_refused_expectation_leaves_the_request_stored_with_its_reason_and_a_late_signal_says_nothing()
 {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let anna = p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let communicatie = team(&p, utrecht, "wmo").await;
        let conversation = super::a_conversation(&p.engine, &db, utrecht).await;
        // A template nobody synced (not approved): the send is refused.
        let settings = ContactRequestSettings {
            press_team: Some(communicatie),
            signal_team: Some(communicatie),
            template: Some(FollowUpTemplate {
                name: "bestaat_niet".into(),
                language: "nl".into(),
            }),
            ..Default::default()
        };
        p.engine.set_contact_request_settings(utrecht, settings);
        p.clock.advance(Duration::from_secs(26 * 3600));

        let press = (p.engine)
            .hand_over(utrecht, conversation, anna, Kind::Persvraag)
            .await
            .unwrap();
        let signal = (p.engine)
            .hand_over(utrecht, conversation, anna, Kind::Signaal)
            .await
            .unwrap();

        assert_eq!(press.expectation, Expectation::Failed);
        assert_eq!(press.message, None);
        assert_eq!(signal.expectation, Expectation::NotSent);
        assert!(automatic(&db, utrecht, conversation).await.is_empty());
        let agent = Viewer {
            user: anna,
            role: Role::Agent,
        };
        let stored = (p.engine)
            .get_contact_request(utrecht, agent, press.id)
            .await
            .unwrap();
        assert_eq!(stored.request.expectation, Expectation::Failed);
        assert_eq!(
            stored.request.expectation_problem.as_deref(),
            Some("refused")
        );
        db.cleanup().await;
    }
}
