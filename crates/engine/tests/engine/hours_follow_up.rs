//! The next-morning follow-up template through the engine (issue 12), on both databases,
//! with time moved by a `ManualClock`: a window that expired unanswered gets it once, on the
//! next working morning; a conversation an agent answered gets none.

use loket_domain::hours::FollowUpTemplate;
use loket_store::testing::test_databases;

use super::hours::{MONDAY, local, policy, setup};

#[tokio::test]
async fn a_window_that_expired_unanswered_gets_the_follow_up_template_once_on_the_next_working_morning()
 {
    for db in test_databases().await {
        let mut policy = policy();
        policy.follow_up = Some(FollowUpTemplate {
            name: "nog_antwoord_nodig".into(),
            language: "nl".into(),
        });
        let s = setup(&db, "2025-11-21T18:00", Some(policy)).await;
        let channel = db.store.list_channels(s.org).await.unwrap()[0].id;
        let template = loket_store::TemplateRecord {
            channel_id: channel,
            template_id: "1".into(),
            name: "nog_antwoord_nodig".into(),
            language: "nl".into(),
            status: "APPROVED".into(),
            category: "UTILITY".into(),
            parameter_format: Some("POSITIONAL".into()),
            components: serde_json::json!([{"type": "BODY", "text": "Heeft uw vraag nog antwoord nodig?"}]),
            updated_at: local("2025-11-01T00:00"),
        };
        db.store
            .replace_templates(s.org, channel, &[template])
            .await
            .unwrap();
        let conversation = s.resident_writes(&db, "1", "Vrijdagavondvraag").await;

        s.clock.set(local("2025-11-24T08:00"));
        assert_eq!(s.engine.send_follow_ups().await.unwrap(), 0, "not open yet");
        s.clock.set(local("2025-11-24T08:35"));
        assert_eq!(s.engine.send_follow_ups().await.unwrap(), 1);
        assert_eq!(s.engine.send_follow_ups().await.unwrap(), 0, "once");
        s.clock.set(local("2025-11-25T08:35"));
        assert_eq!(
            s.engine.send_follow_ups().await.unwrap(),
            0,
            "once per conversation"
        );
        assert_eq!(
            s.automatic(&db, conversation).await,
            vec![MONDAY.to_owned(), "template nog_antwoord_nodig".to_owned()]
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_conversation_an_agent_answered_gets_no_follow_up() {
    for db in test_databases().await {
        let mut policy = policy();
        policy.follow_up = Some(FollowUpTemplate {
            name: "nog_antwoord_nodig".into(),
            language: "nl".into(),
        });
        let s = setup(&db, "2025-11-21T16:00", Some(policy)).await;
        let conversation = s.resident_writes(&db, "1", "Vraag").await;
        s.agent_replies(conversation).await;
        s.clock.set(local("2025-11-24T09:00"));
        assert_eq!(s.engine.send_follow_ups().await.unwrap(), 0);
        db.cleanup().await;
    }
}
