//! Contactverzoeken through the engine: the resident is told when to expect an answer (text
//! in the window, the template outside it, or nothing and the agent is told), the back
//! office sees only its own requests and works them, and nothing crosses organisations.

use std::collections::HashMap;
use std::time::Duration;

use loket_domain::contact_requests::{Action, Draft, State, StepKind};
use loket_domain::hours::FollowUpTemplate;
use loket_domain::message::{Content, Direction, SenderKind};
use loket_domain::people::Role;
use loket_domain::{ConversationId, OrgId, TeamId};
use loket_engine::EngineError;
use loket_engine::contact_requests::{Addressee, ContactRequestSettings, Viewer};
use loket_store::testing::{TestDb, test_databases};
use loket_store::{ContactRequestFilter, Expectation};

use super::people_support::People;

fn draft(question: &str) -> Draft {
    Draft {
        question: question.into(),
        contact_details: "06 12345678".into(),
        internal_note: "Belt liever na 12 uur".into(),
        extra: vec![],
    }
}

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
async fn a_request_to_burgerzaken_tells_the_resident_when_and_only_its_back_office_sees_and_closes_it()
 {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let anna = p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let bo = p.add("bo@utrecht.nl", "utrecht", Role::BackOffice).await;
        let wim = p.add("wim@utrecht.nl", "utrecht", Role::BackOffice).await;
        let burgerzaken = team(&p, utrecht, "burgerzaken").await;
        let wmo = team(&p, utrecht, "wmo").await;
        p.engine
            .add_team_member(utrecht, burgerzaken, bo)
            .await
            .unwrap();
        p.engine.add_team_member(utrecht, wmo, wim).await.unwrap();
        let conversation = super::a_conversation(&p.engine, &db, utrecht).await;
        let to = Addressee {
            team: Some(burgerzaken),
            assignee: None,
        };

        let created = (p.engine)
            .create_contact_request(
                utrecht,
                conversation,
                anna,
                to,
                &draft("Verhuizing doorgeven?"),
            )
            .await
            .unwrap();

        assert_eq!(created.expectation, Expectation::Sent);
        // Always open (no office hours): eight working hours after 10.30 in Amsterdam.
        let told = "Ik heb je vraag doorgezet naar Team burgerzaken. Je hoort uiterlijk vandaag om 18.30 uur van ons.";
        assert_eq!(
            automatic(&db, utrecht, conversation).await,
            vec![told.to_owned()]
        );
        let bo_view = Viewer {
            user: bo,
            role: Role::BackOffice,
        };
        let wim_view = Viewer {
            user: wim,
            role: Role::BackOffice,
        };
        let agent = Viewer {
            user: anna,
            role: Role::Agent,
        };
        let mine = p
            .engine
            .list_contact_requests(utrecht, bo_view, Default::default())
            .await
            .unwrap();
        assert_eq!(
            mine.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![created.id]
        );
        let theirs = p
            .engine
            .list_contact_requests(utrecht, wim_view, Default::default())
            .await
            .unwrap();
        assert!(theirs.is_empty(), "another team's back office sees nothing");
        assert!(matches!(
            p.engine
                .get_contact_request(utrecht, wim_view, created.id)
                .await,
            Err(EngineError::NotFound)
        ));
        assert_eq!(
            p.engine
                .list_contact_requests(utrecht, agent, Default::default())
                .await
                .unwrap()
                .len(),
            1
        );

        let empty = p
            .engine
            .step_contact_request(utrecht, bo_view, created.id, Action::Complete, " ", None)
            .await;
        assert!(
            matches!(empty, Err(EngineError::InvalidFields(_))),
            "{empty:?}"
        );
        let done = (p.engine)
            .step_contact_request(
                utrecht,
                bo_view,
                created.id,
                Action::Complete,
                "Gebeld, verhuizing verwerkt",
                None,
            )
            .await
            .unwrap();
        assert_eq!(done.request.state, State::Verwerkt);
        let kinds: Vec<StepKind> = done.steps.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [StepKind::Created, StepKind::Completed]);
        assert_eq!(
            (done.steps[1].actor_id, done.steps[1].outcome.as_str()),
            (bo, "Gebeld, verhuizing verwerkt")
        );
        let again = p
            .engine
            .step_contact_request(
                utrecht,
                bo_view,
                created.id,
                Action::Complete,
                "nog eens",
                None,
            )
            .await;
        assert!(matches!(again, Err(EngineError::Conflict(_))), "{again:?}");
        let open = ContactRequestFilter {
            state: Some(State::TeVerwerken),
            ..Default::default()
        };
        assert!(
            p.engine
                .list_contact_requests(utrecht, bo_view, open)
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_request_goes_back_to_the_kcc_and_on_to_a_colleague_who_then_sees_it() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let anna = p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let bo = p.add("bo@utrecht.nl", "utrecht", Role::BackOffice).await;
        let cas = p.add("cas@utrecht.nl", "utrecht", Role::BackOffice).await;
        let conversation = super::a_conversation(&p.engine, &db, utrecht).await;
        let to = Addressee {
            team: None,
            assignee: Some(bo),
        };
        let created = (p.engine)
            .create_contact_request(utrecht, conversation, anna, to, &draft("Bijstand?"))
            .await
            .unwrap();
        let bo_view = Viewer {
            user: bo,
            role: Role::BackOffice,
        };
        let cas_view = Viewer {
            user: cas,
            role: Role::BackOffice,
        };
        let agent = Viewer {
            user: anna,
            role: Role::Agent,
        };

        let back = (p.engine)
            .step_contact_request(
                utrecht,
                bo_view,
                created.id,
                Action::ReturnToKcc,
                "Niet ons terrein",
                None,
            )
            .await
            .unwrap();
        assert_eq!(back.request.state, State::TerugNaarKcc);
        let refused = p
            .engine
            .step_contact_request(utrecht, bo_view, created.id, Action::Complete, "toch", None)
            .await;
        assert!(
            matches!(refused, Err(EngineError::Conflict(_))),
            "the back office cannot take it back"
        );
        assert!(
            p.engine
                .get_contact_request(utrecht, cas_view, created.id)
                .await
                .is_err()
        );
        let on = (p.engine)
            .step_contact_request(utrecht, agent, created.id, Action::Forward, "", Some(cas))
            .await
            .unwrap();
        assert_eq!(
            (on.request.state, on.request.assignee_id),
            (State::TeVerwerken, Some(cas))
        );
        assert_eq!(on.steps[2].to_user_id, Some(cas));
        assert!(
            p.engine
                .get_contact_request(utrecht, cas_view, created.id)
                .await
                .is_ok()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn outside_the_window_the_template_goes_or_the_agent_learns_nothing_was_sent() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let anna = p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let conversation = super::a_conversation(&p.engine, &db, utrecht).await;
        let to = Addressee {
            team: Some(team(&p, utrecht, "wmo").await),
            assignee: None,
        };
        p.clock.advance(Duration::from_secs(26 * 3600));

        let silent = (p.engine)
            .create_contact_request(utrecht, conversation, anna, to, &draft("Eerste vraag"))
            .await
            .unwrap();
        assert_eq!(silent.expectation, Expectation::NotSent);
        assert!(automatic(&db, utrecht, conversation).await.is_empty());

        let settings = ContactRequestSettings {
            template: Some(FollowUpTemplate {
                name: "contactverzoek".into(),
                language: "nl".into(),
            }),
            ..Default::default()
        };
        p.engine.set_contact_request_settings(utrecht, settings);
        let channel = db.store.list_channels(utrecht).await.unwrap()[0].id;
        let template = loket_store::TemplateRecord {
            channel_id: channel,
            template_id: "1".into(),
            name: "contactverzoek".into(),
            language: "nl".into(),
            status: "APPROVED".into(),
            category: "UTILITY".into(),
            parameter_format: Some("POSITIONAL".into()),
            components: serde_json::json!([{"type": "BODY", "text": "We nemen contact met u op."}]),
            updated_at: super::people_support::now(&p),
        };
        db.store
            .replace_templates(utrecht, channel, &[template])
            .await
            .unwrap();
        let templated = (p.engine)
            .create_contact_request(utrecht, conversation, anna, to, &draft("Tweede vraag"))
            .await
            .unwrap();
        assert_eq!(templated.expectation, Expectation::Template);
        assert_eq!(
            automatic(&db, utrecht, conversation).await,
            vec!["template contactverzoek".to_owned()]
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn strangers_teams_and_unasked_questions_are_refused_and_other_organisations_see_nothing() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let zeist = p.org_id("zeist").await;
        let anna = p.add("anna@utrecht.nl", "utrecht", Role::Agent).await;
        let bert = p.add("bert@zeist.nl", "zeist", Role::Agent).await;
        let conversation = super::a_conversation(&p.engine, &db, utrecht).await;
        let afval = team(&p, zeist, "afval").await;
        let burgerzaken = team(&p, utrecht, "burgerzaken").await;
        let mut questions = HashMap::new();
        questions.insert(
            "burgerzaken".to_owned(),
            vec!["Kenmerk parkeerboete".to_owned()],
        );
        p.engine.set_contact_request_settings(
            utrecht,
            ContactRequestSettings {
                questions,
                ..Default::default()
            },
        );
        assert_eq!(
            p.engine
                .contact_request_questions(utrecht, burgerzaken)
                .await
                .unwrap(),
            vec!["Kenmerk parkeerboete".to_owned()]
        );

        let cases = [
            (
                Addressee {
                    team: Some(afval),
                    assignee: None,
                },
                draft("Vraag"),
            ),
            (
                Addressee {
                    team: None,
                    assignee: Some(bert),
                },
                draft("Vraag"),
            ),
            (Addressee::default(), draft("Vraag")),
            (
                Addressee {
                    team: Some(burgerzaken),
                    assignee: None,
                },
                draft("  "),
            ),
            (
                Addressee {
                    team: Some(burgerzaken),
                    assignee: None,
                },
                Draft {
                    extra: vec![("Geheime vraag".into(), "x".into())],
                    ..draft("Vraag")
                },
            ),
        ];
        for (to, d) in cases {
            let refused = p
                .engine
                .create_contact_request(utrecht, conversation, anna, to, &d)
                .await;
            assert!(
                matches!(refused, Err(EngineError::InvalidFields(_))),
                "{to:?}: {refused:?}"
            );
        }
        let to = Addressee {
            team: Some(burgerzaken),
            assignee: None,
        };
        let with_extra = Draft {
            extra: vec![("Kenmerk parkeerboete".into(), "PB-1".into())],
            ..draft("Boete?")
        };
        let created = p
            .engine
            .create_contact_request(utrecht, conversation, anna, to, &with_extra)
            .await
            .unwrap();
        let in_zeist = p
            .engine
            .create_contact_request(zeist, conversation, bert, to, &draft("Vraag"))
            .await;
        assert!(
            matches!(in_zeist, Err(EngineError::NotFound)),
            "{in_zeist:?}"
        );
        let bert_view = Viewer {
            user: bert,
            role: Role::Agent,
        };
        assert!(matches!(
            p.engine
                .get_contact_request(zeist, bert_view, created.id)
                .await,
            Err(EngineError::NotFound)
        ));
        assert!(
            p.engine
                .list_contact_requests(zeist, bert_view, Default::default())
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}
