use loket_domain::conversation::ConversationEventKind;
use loket_domain::delivery::DeliveryStatus::{self, *};
use loket_domain::message::{Content, MessageContext, SenderKind};
use loket_domain::{ConversationId, MessageId, OrgId, Timestamp};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

/// An outbound text message from `sender` in `conversation`, with a send job.
fn reply(
    org: OrgId,
    conversation: ConversationId,
    sender: SenderKind,
    when: Timestamp,
) -> NewOutboundMessage {
    NewOutboundMessage {
        message_id: MessageId::new_at(when),
        org_id: org,
        conversation_id: conversation,
        sender,
        content: Content::Text {
            body: "Wij kijken ernaar.".into(),
        },
        context: MessageContext::default(),
        created_at: when,
        preview_url: false,
        media: None,
        jobs: vec![job("send", when)],
        sender_user_id: None,
        opt_in: None,
    }
}

async fn first_responses(
    f: &Fixture,
    conversation: ConversationId,
) -> Vec<loket_domain::Timestamp> {
    f.store
        .list_conversation_events(f.org.id, conversation)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == ConversationEventKind::FirstResponse)
        .map(|e| e.at)
        .collect()
}

#[tokio::test]
async fn the_window_closed_mark_keeps_the_latest_and_a_new_inbound_message_clears_it() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let get = || f.store.get_conversation(f.org.id, conversation);
        assert_eq!(get().await.unwrap().window_closed_at, None);

        f.store
            .mark_window_closed(f.org.id, conversation, at(100))
            .await
            .unwrap();
        f.store
            .mark_window_closed(f.org.id, conversation, at(90))
            .await
            .unwrap();
        assert_eq!(get().await.unwrap().window_closed_at, Some(at(100)));
        let listed = f
            .store
            .list_conversations(
                f.org.id,
                &ConversationFilter::default(),
                PageRequest {
                    after: None,
                    limit: 10,
                },
            )
            .await
            .unwrap();
        assert_eq!(listed.items[0].window_closed_at, Some(at(100)));

        f.ingest_new(text("wamid.2", "31612345678", at(200))).await;
        assert_eq!(get().await.unwrap().window_closed_at, None);

        let other = Fixture::named(&db, "amersfoort", "2002").await;
        assert!(matches!(
            other
                .store
                .mark_window_closed(other.org.id, conversation, at(300))
                .await,
            Err(StoreError::NotFound)
        ));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_failed_status_carries_the_error_code_of_its_first_error() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
        let message = f.outbound(conversation, at(20)).await;
        f.store
            .record_provider_message_id(f.org.id, message.id, "wamid.out", at(21))
            .await
            .unwrap();
        let outcomes = f
            .ingest(
                at(40),
                vec![
                    f.status_item("wamid.out", Delivered, at(30)),
                    f.status_item("wamid.out", Failed, at(31)),
                ],
            )
            .await;
        let applied =
            |status: DeliveryStatus, error_code: Option<i64>| ItemOutcome::StatusApplied {
                org_id: f.org.id,
                message_id: message.id,
                conversation_id: conversation,
                status,
                error_code,
            };
        assert_eq!(
            outcomes,
            vec![applied(Delivered, None), applied(Failed, Some(131_026))]
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_uncertain_or_failed_message_is_requeued_with_a_new_send_job() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
        let store = &f.store;

        // Uncertain (the send timed out) → queued, with a new job.
        let uncertain = f.outbound(conversation, at(20)).await;
        store.claim_next_job(at(20), HOUR).await.unwrap().unwrap();
        store
            .set_message_status(f.org.id, uncertain.id, Uncertain, None, at(21))
            .await
            .unwrap();
        let requeued = store
            .requeue_message(f.org.id, uncertain.id, &job("send-again", at(30)), at(30))
            .await
            .unwrap();
        assert_eq!(
            (requeued.status, requeued.status_at, requeued.error),
            (Some(Queued), Some(at(30)), None)
        );
        assert_eq!(
            store
                .claim_next_job(at(30), HOUR)
                .await
                .unwrap()
                .unwrap()
                .kind,
            "send-again"
        );

        // Failed with the provider's error → queued, the error and the old provider id gone.
        let failed = f.outbound(conversation, at(40)).await;
        store
            .record_provider_message_id(f.org.id, failed.id, "wamid.out", at(41))
            .await
            .unwrap();
        f.ingest(at(42), vec![f.status_item("wamid.out", Failed, at(42))])
            .await;
        assert_eq!(
            store.get_message(f.org.id, failed.id).await.unwrap().error,
            Some(provider_error())
        );
        let requeued = store
            .requeue_message(f.org.id, failed.id, &job("send-again", at(50)), at(50))
            .await
            .unwrap();
        assert_eq!(
            (
                requeued.status,
                requeued.status_at,
                requeued.error.clone(),
                requeued.provider_message_id.clone()
            ),
            (Some(Queued), Some(at(50)), None, None)
        );
        assert_eq!(
            store.get_message(f.org.id, failed.id).await.unwrap(),
            requeued
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn requeueing_a_queued_sent_or_inbound_message_is_a_conflict_and_another_orgs_not_found() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (inbound, conversation, _) =
            f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
        let store = &f.store;
        let queued = f.outbound(conversation, at(20)).await;
        let sent = f.outbound(conversation, at(21)).await;
        store
            .record_provider_message_id(f.org.id, sent.id, "wamid.out", at(22))
            .await
            .unwrap();
        let depth = store.queue_stats(at(30)).await.unwrap().depth;

        for id in [queued.id, sent.id, inbound] {
            let result = store
                .requeue_message(f.org.id, id, &job("send", at(30)), at(30))
                .await;
            assert!(matches!(result, Err(StoreError::Conflict(_))), "{result:?}");
        }
        assert_eq!(
            store.get_message(f.org.id, sent.id).await.unwrap().status,
            Some(Sent)
        );
        assert_eq!(
            store.queue_stats(at(30)).await.unwrap().depth,
            depth,
            "no job enqueued"
        );

        store
            .set_message_status(f.org.id, queued.id, Uncertain, None, at(31))
            .await
            .unwrap();
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let result = other
            .store
            .requeue_message(other.org.id, queued.id, &job("send", at(32)), at(32))
            .await;
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn first_response_is_recorded_once_for_the_first_agent_message_only() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
        let store = &f.store;

        // A system message is no response.
        store
            .insert_outbound_message(&reply(f.org.id, conversation, SenderKind::System, at(15)))
            .await
            .unwrap();
        assert_eq!(first_responses(&f, conversation).await, vec![]);

        store
            .insert_outbound_message(&reply(f.org.id, conversation, SenderKind::Agent, at(20)))
            .await
            .unwrap();
        store
            .insert_outbound_message(&reply(f.org.id, conversation, SenderKind::Agent, at(30)))
            .await
            .unwrap();
        store
            .insert_outbound_message(&reply(f.org.id, conversation, SenderKind::Bot, at(40)))
            .await
            .unwrap();
        assert_eq!(first_responses(&f, conversation).await, vec![at(20)]);
        assert_eq!(
            store
                .get_conversation(f.org.id, conversation)
                .await
                .unwrap()
                .last_message_at,
            at(40)
        );

        // An earlier-dated message does not move last_message_at back.
        store
            .insert_outbound_message(&reply(f.org.id, conversation, SenderKind::Agent, at(35)))
            .await
            .unwrap();
        assert_eq!(
            store
                .get_conversation(f.org.id, conversation)
                .await
                .unwrap()
                .last_message_at,
            at(40)
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_bot_reply_counts_as_the_first_response() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
        f.store
            .insert_outbound_message(&reply(f.org.id, conversation, SenderKind::Bot, at(11)))
            .await
            .unwrap();
        f.store
            .insert_outbound_message(&reply(f.org.id, conversation, SenderKind::Agent, at(20)))
            .await
            .unwrap();
        assert_eq!(first_responses(&f, conversation).await, vec![at(11)]);

        let other = Fixture::named(&db, "amersfoort", "2002").await;
        let result = other
            .store
            .insert_outbound_message(&reply(
                other.org.id,
                conversation,
                SenderKind::Agent,
                at(30),
            ))
            .await;
        assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
        assert_eq!(first_responses(&f, conversation).await, vec![at(11)]);
        db.cleanup().await;
    }
}
