use loket_domain::delivery::DeliveryStatus::{self, *};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

/// An inbound message (for its conversation) and an outbound reply that the provider took as `provider_id`.
async fn sent_reply(f: &Fixture, provider_id: &str) -> MessageRecord {
    let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
    let reply = f.outbound(conversation, at(20)).await;
    f.store
        .record_provider_message_id(f.org.id, reply.id, provider_id, at(21))
        .await
        .unwrap()
}

#[tokio::test]
async fn an_outbound_message_is_queued_with_its_job_then_sent() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
        let reply = f.outbound(conversation, at(20)).await;
        assert_eq!(
            (reply.status, reply.provider_message_id.clone()),
            (Some(Queued), None)
        );
        assert_eq!(reply.direction, loket_domain::message::Direction::Outbound);
        assert_eq!(
            f.store
                .get_conversation(f.org.id, conversation)
                .await
                .unwrap()
                .last_message_at,
            at(20)
        );
        assert_eq!(
            f.store
                .claim_next_job(at(20), HOUR)
                .await
                .unwrap()
                .unwrap()
                .kind,
            "send"
        );

        assert!(
            f.store
                .set_message_status(f.org.id, reply.id, Uncertain, None, at(21))
                .await
                .unwrap()
        );
        assert!(
            !f.store
                .set_message_status(f.org.id, reply.id, Queued, None, at(22))
                .await
                .unwrap()
        );
        let sent = f
            .store
            .record_provider_message_id(f.org.id, reply.id, "wamid.out", at(23))
            .await
            .unwrap();
        assert_eq!((sent.status, sent.status_at), (Some(Sent), Some(at(23))));
        assert_eq!(sent.provider_message_id.as_deref(), Some("wamid.out"));
        assert_eq!(
            f.store
                .list_messages(f.org.id, conversation)
                .await
                .unwrap()
                .len(),
            2
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn statuses_never_move_backwards() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let reply = sent_reply(&f, "wamid.out").await;
        let outcomes = f
            .ingest(
                at(40),
                vec![
                    f.status_item("wamid.out", Read, at(32)),
                    f.status_item("wamid.out", Delivered, at(31)),
                    f.status_item("wamid.out", Read, at(33)),
                ],
            )
            .await;
        assert_eq!(
            outcomes,
            vec![
                ItemOutcome::StatusApplied {
                    org_id: f.org.id,
                    message_id: reply.id,
                    conversation_id: reply.conversation_id,
                    status: Read,
                    error_code: None,
                },
                ItemOutcome::StatusIgnored,
                ItemOutcome::StatusIgnored,
            ]
        );
        let stored = f.store.get_message(f.org.id, reply.id).await.unwrap();
        assert_eq!(
            (stored.status, stored.status_at),
            (Some(Read), Some(at(32)))
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn failed_is_terminal_and_keeps_the_providers_error() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let reply = sent_reply(&f, "wamid.out").await;
        let outcomes = f
            .ingest(
                at(40),
                vec![
                    f.status_item("wamid.out", Failed, at(31)),
                    f.status_item("wamid.out", Read, at(32)),
                ],
            )
            .await;
        assert!(
            matches!(
                outcomes[0],
                ItemOutcome::StatusApplied { status: Failed, .. }
            ),
            "{outcomes:?}"
        );
        assert_eq!(outcomes[1], ItemOutcome::StatusIgnored);
        assert!(
            !f.store
                .set_message_status(f.org.id, reply.id, Sent, None, at(41))
                .await
                .unwrap()
        );
        let stored = f.store.get_message(f.org.id, reply.id).await.unwrap();
        assert_eq!(
            (stored.status, stored.error),
            (Some(Failed), Some(provider_error()))
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_status_for_an_unknown_id_waits_until_the_id_is_recorded() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
        let reply = f.outbound(conversation, at(20)).await;
        // The provider's statuses overtake the send's response.
        let outcomes = f
            .ingest(
                at(22),
                vec![
                    f.status_item("wamid.out", Read, at(22)),
                    f.status_item("wamid.out", Delivered, at(21)),
                    f.status_item("wamid.out", Read, at(22)),
                ],
            )
            .await;
        assert_eq!(outcomes, vec![ItemOutcome::StatusPending; 3]);
        let recorded = f
            .store
            .record_provider_message_id(f.org.id, reply.id, "wamid.out", at(23))
            .await
            .unwrap();
        assert_eq!(
            (recorded.status, recorded.status_at),
            (Some(Read), Some(at(22)))
        );
        // Applied once: a repeat now is simply ignored.
        let again = f
            .ingest(at(24), vec![f.status_item("wamid.out", Delivered, at(21))])
            .await;
        assert_eq!(again, vec![ItemOutcome::StatusIgnored]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_failure_set_by_the_sender_keeps_its_error() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
        let reply = f.outbound(conversation, at(20)).await;
        let error = provider_error();
        assert!(
            f.store
                .set_message_status(
                    f.org.id,
                    reply.id,
                    DeliveryStatus::Failed,
                    Some(&error),
                    at(21)
                )
                .await
                .unwrap()
        );
        let stored = f.store.get_message(f.org.id, reply.id).await.unwrap();
        assert_eq!(
            (stored.status, stored.error, stored.status_at),
            (Some(Failed), Some(error), Some(at(21)))
        );
        db.cleanup().await;
    }
}
