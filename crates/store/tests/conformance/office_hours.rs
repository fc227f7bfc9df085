//! Office hours (issue 12): policies as configured, per organisation and channel; the
//! record of automatic messages that keeps each to once per period; and the search for
//! conversations whose resident is still waiting.

use loket_domain::conversation::ConversationStatus;
use loket_domain::hours::{AutoReplyPolicy, FollowUpTemplate, HoursSpec, Interval, WeekSchedule};
use loket_domain::message::{Content, MessageContext, SenderKind};
use loket_domain::{ConversationId, MessageId, OrgId};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn policy(text: &str) -> AutoReplyPolicy {
    let mut week = WeekSchedule::default();
    week.set_day(0, vec![Interval::parse("08:30-17:00").unwrap()])
        .unwrap();
    AutoReplyPolicy {
        hours: HoursSpec {
            week,
            ..HoursSpec::default()
        },
        out_of_hours: Some(text.into()),
        greeting: None,
        agent_replied_within_minutes: 10,
        follow_up: Some(FollowUpTemplate {
            name: "nog_antwoord_nodig".into(),
            language: "nl".into(),
        }),
    }
}

async fn write(f: &Fixture, conversation: ConversationId, sender: SenderKind, secs: i64) {
    let when = at(secs);
    let message = NewOutboundMessage {
        message_id: MessageId::new_at(when),
        org_id: f.org.id,
        conversation_id: conversation,
        sender,
        content: Content::Text {
            body: "Wij zijn gesloten.".into(),
        },
        context: MessageContext::default(),
        created_at: when,
        preview_url: false,
        media: None,
        jobs: vec![],
        sender_user_id: None,
        opt_in: None,
    };
    f.store.insert_outbound_message(&message).await.unwrap();
}

#[tokio::test]
async fn policies_round_trip_per_organisation_and_channel_and_are_replaced_whole() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        assert_eq!(f.store.auto_reply_policies(f.org.id).await.unwrap(), vec![]);
        let scoped = vec![
            ScopedPolicy {
                channel: None,
                policy: policy("Gesloten; we reageren {{wanneer}}. \u{1F319} <b>'\"</b>"),
            },
            ScopedPolicy {
                channel: Some(f.channel.id),
                policy: policy("Chat: {{when}}"),
            },
        ];
        f.store
            .set_auto_reply_policies(f.org.id, &scoped)
            .await
            .unwrap();
        assert_eq!(f.store.auto_reply_policies(f.org.id).await.unwrap(), scoped);
        assert_eq!(
            other.store.auto_reply_policies(other.org.id).await.unwrap(),
            vec![],
            "another organisation's are its own"
        );
        // Removed from the configuration: none left, always open again.
        f.store
            .set_auto_reply_policies(f.org.id, &[])
            .await
            .unwrap();
        assert_eq!(f.store.auto_reply_policies(f.org.id).await.unwrap(), vec![]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_policy_for_an_unknown_organisation_or_another_ones_channel_is_not_found() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let unknown = OrgId::new_at(at(5));
        let org_wide = ScopedPolicy {
            channel: None,
            policy: policy("x"),
        };
        let result = f.store.set_auto_reply_policies(unknown, &[org_wide]).await;
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        let theirs = ScopedPolicy {
            channel: Some(other.channel.id),
            policy: policy("x"),
        };
        let result = f.store.set_auto_reply_policies(f.org.id, &[theirs]).await;
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        assert_eq!(f.store.auto_reply_policies(f.org.id).await.unwrap(), vec![]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_automatic_message_is_claimed_once_per_conversation_kind_and_period() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let (_, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let claim = |kind: &'static str, period: i64| {
            f.store
                .claim_auto_reply(f.org.id, conversation, kind, at(period), at(11))
        };
        assert!(claim("out_of_hours", 1000).await.unwrap());
        assert!(
            !claim("out_of_hours", 1000).await.unwrap(),
            "the same night"
        );
        assert!(claim("out_of_hours", 2000).await.unwrap(), "the next night");
        assert!(claim("follow_up", 1000).await.unwrap(), "another kind");
        let result = other
            .store
            .claim_auto_reply(other.org.id, conversation, "follow_up", at(0), at(11))
            .await;
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn concurrent_claims_for_one_period_let_exactly_one_through() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let store = f.store.clone();
                let org = f.org.id;
                tokio::spawn(async move {
                    store
                        .claim_auto_reply(org, conversation, "out_of_hours", at(500), at(11))
                        .await
                })
            })
            .collect();
        let mut won = 0;
        for task in tasks {
            won += usize::from(task.await.unwrap().unwrap());
        }
        assert_eq!(won, 1);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_last_agent_reply_is_an_agents_not_an_automatic_message() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let (_, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let last = || f.store.last_agent_reply_at(f.org.id, conversation);
        assert_eq!(last().await.unwrap(), None);
        write(&f, conversation, SenderKind::Agent, 20).await;
        write(&f, conversation, SenderKind::System, 30).await;
        write(&f, conversation, SenderKind::Bot, 40).await;
        assert_eq!(last().await.unwrap(), Some(at(20)));
        let result = other
            .store
            .last_agent_reply_at(other.org.id, conversation)
            .await;
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn unanswered_conversations_are_those_no_agent_or_bot_answered_and_not_yet_followed_up() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let mut conversations = Vec::new();
        for (i, wa_id) in [
            "31611111111",
            "31622222222",
            "31633333333",
            "31644444444",
            "31655555555",
        ]
        .into_iter()
        .enumerate()
        {
            let message = text(&format!("wamid.{i}"), wa_id, at(100 + i as i64));
            conversations.push(f.ingest_new(message).await.1);
        }
        let [waiting, receipt_only, answered, resolved, followed] = conversations[..] else {
            unreachable!()
        };
        other
            .ingest_new(text("wamid.x", "31699999999", at(100)))
            .await;
        write(&f, receipt_only, SenderKind::System, 200).await;
        write(&f, answered, SenderKind::Agent, 200).await;
        let done = ConversationPatch {
            status: Some(ConversationStatus::Resolved),
            ..Default::default()
        };
        f.store
            .update_conversation(f.org.id, resolved, &done, at(200))
            .await
            .unwrap();
        f.store
            .claim_auto_reply(f.org.id, followed, "follow_up", at(0), at(200))
            .await
            .unwrap();

        let list = |from: i64, to: i64| {
            f.store
                .list_unanswered(f.org.id, f.channel.id, at(from), at(to), "follow_up", 50)
        };
        let found: Vec<ConversationId> = list(0, 1000)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.conversation)
            .collect();
        assert_eq!(found, vec![waiting, receipt_only], "oldest first");
        assert_eq!(list(0, 100).await.unwrap(), vec![], "`to` is excluded");
        assert_eq!(
            list(101, 1000).await.unwrap().len(),
            1,
            "`from` is included"
        );
        let theirs = other
            .store
            .list_unanswered(f.org.id, other.channel.id, at(0), at(1000), "follow_up", 50)
            .await
            .unwrap();
        assert_eq!(
            theirs,
            vec![],
            "another organisation's channel lists nothing"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn what_a_conversation_was_sent_goes_with_the_conversation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        f.store
            .claim_auto_reply(f.org.id, conversation, "out_of_hours", at(99), at(11))
            .await
            .unwrap();
        let done = ConversationPatch {
            status: Some(ConversationStatus::Resolved),
            ..Default::default()
        };
        f.store
            .update_conversation(f.org.id, conversation, &done, at(12))
            .await
            .unwrap();
        while !f
            .store
            .erase_conversation_step(f.org.id, conversation, 100)
            .await
            .unwrap()
            .finished
        {}
        let rows = db
            .fetch_strings("select conversation_id from auto_replies_sent")
            .await
            .unwrap();
        assert_eq!(rows, Vec::<Vec<Option<String>>>::new());
        db.cleanup().await;
    }
}
