use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_concurrent_deliveries_of_one_message_store_it_once() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        for round in 0..5 {
            let provider_id = format!("wamid.{round}");
            let wa_id = format!("3161234567{round}");
            let tasks: Vec<_> = (0..2)
                .map(|_| {
                    let store = f.store.clone();
                    let item = f.item(text(&provider_id, &wa_id, at(10)));
                    tokio::spawn(async move {
                        store
                            .ingest(&[IngestRequest {
                                received_at: at(10),
                                items: vec![item],
                            }])
                            .await
                    })
                })
                .collect();
            let mut created = 0;
            let mut duplicates = 0;
            for task in tasks {
                match task.await.unwrap().remove(0).unwrap().items.as_slice() {
                    [ItemOutcome::MessageCreated { .. }] => created += 1,
                    [ItemOutcome::DuplicateMessage { .. }] => duplicates += 1,
                    other => panic!("{other:?}"),
                }
            }
            assert_eq!((created, duplicates), (1, 1), "round {round}");
        }
        let page = f
            .store
            .list_conversations(
                f.org.id,
                &ConversationFilter::default(),
                PageRequest {
                    after: None,
                    limit: 50,
                },
            )
            .await
            .unwrap();
        assert_eq!(page.items.len(), 5, "one conversation per resident");
        for c in page.items {
            assert_eq!(
                f.store.list_messages(f.org.id, c.id).await.unwrap().len(),
                1
            );
        }
        db.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_first_messages_of_one_resident_share_one_contact_and_conversation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let tasks: Vec<_> = (0..4)
            .map(|i| {
                let store = f.store.clone();
                let item = f.item(text(&format!("wamid.{i}"), "31612345678", at(10)));
                tokio::spawn(async move {
                    store
                        .ingest(&[IngestRequest {
                            received_at: at(10),
                            items: vec![item],
                        }])
                        .await
                })
            })
            .collect();
        let mut conversations = Vec::new();
        for task in tasks {
            match task.await.unwrap().remove(0).unwrap().items.as_slice() {
                [
                    ItemOutcome::MessageCreated {
                        conversation_id, ..
                    },
                ] => conversations.push(*conversation_id),
                other => panic!("{other:?}"),
            }
        }
        conversations.dedup();
        assert_eq!(conversations.len(), 1, "{conversations:?}");
        assert_eq!(
            f.store
                .list_messages(f.org.id, conversations[0])
                .await
                .unwrap()
                .len(),
            4
        );
        db.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_status_racing_the_recording_of_its_provider_id_is_never_lost() {
    use loket_domain::delivery::DeliveryStatus::Delivered;
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
        for round in 0..10 {
            let reply = f.outbound(conversation, at(20 + round)).await;
            let provider_id = format!("wamid.out.{round}");
            let record = {
                let (store, org, id, provider_id) =
                    (f.store.clone(), f.org.id, reply.id, provider_id.clone());
                tokio::spawn(async move {
                    store
                        .record_provider_message_id(org, id, &provider_id, at(30))
                        .await
                })
            };
            let status = {
                let store = f.store.clone();
                let item = f.status_item(&provider_id, Delivered, at(31));
                tokio::spawn(async move {
                    store
                        .ingest(&[IngestRequest {
                            received_at: at(31),
                            items: vec![item],
                        }])
                        .await
                })
            };
            record.await.unwrap().unwrap();
            status.await.unwrap().remove(0).unwrap();
            let stored = f.store.get_message(f.org.id, reply.id).await.unwrap();
            assert_eq!(stored.status, Some(Delivered), "round {round}");
        }
        db.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_first_replies_record_one_first_response() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        for round in 0..5 {
            let wa_id = format!("3161234567{round}");
            let (_, conversation, _) = f
                .ingest_new(text(&format!("wamid.{round}"), &wa_id, at(10)))
                .await;
            let tasks: Vec<_> = (0..3)
                .map(|i| {
                    let store = f.store.clone();
                    let message = NewOutboundMessage {
                        message_id: loket_domain::MessageId::new_at(at(20 + i)),
                        org_id: f.org.id,
                        conversation_id: conversation,
                        sender: loket_domain::message::SenderKind::Agent,
                        content: loket_domain::message::Content::Text {
                            body: format!("antwoord {i}"),
                        },
                        context: Default::default(),
                        created_at: at(20 + i),
                        preview_url: false,
                        media: None,
                        jobs: Vec::new(),
                        sender_user_id: None,
                        opt_in: None,
                    };
                    tokio::spawn(async move { store.insert_outbound_message(&message).await })
                })
                .collect();
            for task in tasks {
                task.await.unwrap().unwrap();
            }
            let first_responses = f
                .store
                .list_conversation_events(f.org.id, conversation)
                .await
                .unwrap()
                .into_iter()
                .filter(|e| {
                    e.kind == loket_domain::conversation::ConversationEventKind::FirstResponse
                })
                .count();
            assert_eq!(first_responses, 1, "round {round}");
        }
        db.cleanup().await;
    }
}
