use loket_domain::contact::ChannelIdentity;
use loket_domain::conversation::{ConversationEventKind, ConversationStatus, Priority};
use loket_domain::message::{Content, Direction, Media, MediaKind, SenderKind};
use loket_domain::{ChannelId, ConversationId};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

#[tokio::test]
async fn a_new_message_creates_a_contact_a_conversation_with_its_event_and_the_message() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let message = text("wamid.1", "31612345678", at(10));
        let (id, conversation, change) = f.ingest_new(message.clone()).await;
        assert_eq!(change, ConversationChange::Created);

        let c = f
            .store
            .get_conversation(f.org.id, conversation)
            .await
            .unwrap();
        assert_eq!(
            (c.status, c.priority, c.channel_id),
            (ConversationStatus::Open, Priority::Normal, f.channel.id)
        );
        assert_eq!(c.contact_name.as_deref(), Some("Jan Jansen"));
        assert_eq!(
            (c.last_inbound_at, c.last_message_at),
            (Some(at(10)), at(10))
        );
        assert!(c.labels.is_empty() && c.resolved_at.is_none() && c.assignee.is_none());

        let events = f
            .store
            .list_conversation_events(f.org.id, conversation)
            .await
            .unwrap();
        assert_eq!(
            events.iter().map(|e| e.kind.clone()).collect::<Vec<_>>(),
            vec![ConversationEventKind::Created]
        );

        let stored = f.store.get_message(f.org.id, id).await.unwrap();
        assert_eq!(
            (stored.direction, stored.sender),
            (Direction::Inbound, SenderKind::Resident)
        );
        assert_eq!(stored.provider_message_id.as_deref(), Some("wamid.1"));
        assert_eq!(
            (stored.content, stored.sent_at, stored.created_at),
            (message.content, at(10), at(10))
        );
        assert_eq!(
            (stored.status, stored.media, stored.reply_to_message_id),
            (None, None, None)
        );
        assert_eq!(
            f.store
                .list_messages(f.org.id, conversation)
                .await
                .unwrap()
                .len(),
            1
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_duplicate_delivery_creates_no_second_message() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let message = text("wamid.1", "31612345678", at(10));
        // Twice within one request…
        let outcomes = f
            .ingest(
                at(10),
                vec![f.item(message.clone()), f.item(message.clone())],
            )
            .await;
        let ItemOutcome::MessageCreated {
            message_id,
            conversation_id,
            ..
        } = outcomes[0]
        else {
            panic!("{outcomes:?}")
        };
        assert_eq!(
            outcomes[1],
            ItemOutcome::DuplicateMessage {
                existing: message_id
            }
        );
        // …and again in a later request, in a batch with another request.
        let results = f
            .store
            .ingest(&[
                IngestRequest {
                    received_at: at(20),
                    items: vec![f.item(message.clone())],
                },
                IngestRequest {
                    received_at: at(20),
                    items: vec![f.item(message)],
                },
            ])
            .await;
        for result in results {
            assert_eq!(
                result.unwrap().items,
                vec![ItemOutcome::DuplicateMessage {
                    existing: message_id
                }]
            );
        }
        assert_eq!(
            f.store
                .list_messages(f.org.id, conversation_id)
                .await
                .unwrap()
                .len(),
            1
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_message_soon_after_resolution_reopens_the_conversation_and_a_later_one_starts_a_new_one()
{
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, first, _) = f.ingest_new(text("wamid.1", "31612345678", at(0))).await;
        // Still open: the next message continues it.
        let (_, same, change) = f.ingest_new(text("wamid.2", "31612345678", at(60))).await;
        assert_eq!((same, change), (first, ConversationChange::Continued));

        resolve(&db, first, at(100)).await;
        let (_, reopened, change) = f
            .ingest_new(text("wamid.3", "31612345678", at(100 + 3600)))
            .await;
        assert_eq!((reopened, change), (first, ConversationChange::Reopened));
        let c = f.store.get_conversation(f.org.id, first).await.unwrap();
        assert_eq!((c.status, c.resolved_at), (ConversationStatus::Open, None));
        let kinds: Vec<_> = f
            .store
            .list_conversation_events(f.org.id, first)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(
            kinds,
            vec![
                ConversationEventKind::Created,
                ConversationEventKind::Reopened,
                ConversationEventKind::StatusChanged {
                    from: ConversationStatus::Resolved,
                    to: ConversationStatus::Open
                },
            ]
        );

        resolve(&db, first, at(10_000)).await;
        let late = at(10_000 + 72 * 3600);
        let (_, second, change) = f.ingest_new(text("wamid.4", "31612345678", late)).await;
        assert_eq!(change, ConversationChange::Created);
        assert_ne!(second, first);
        assert_eq!(
            f.store
                .get_conversation(f.org.id, first)
                .await
                .unwrap()
                .status,
            ConversationStatus::Resolved
        );
        assert_eq!(
            f.store.list_messages(f.org.id, first).await.unwrap().len(),
            3
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_failing_request_is_rolled_back_alone_and_the_others_commit() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let mut broken = f.item(text("wamid.2", "31600000002", at(10)));
        if let IngestItem::Message { channel_id, .. } = &mut broken {
            *channel_id = ChannelId::new_at(at(1));
        }
        let results = f
            .store
            .ingest(&[
                IngestRequest {
                    received_at: at(10),
                    items: vec![f.item(text("wamid.1", "31600000001", at(10)))],
                },
                // The good item before the broken one is rolled back with it.
                IngestRequest {
                    received_at: at(10),
                    items: vec![f.item(text("wamid.3", "31600000003", at(10))), broken],
                },
                IngestRequest {
                    received_at: at(10),
                    items: vec![f.item(text("wamid.4", "31600000004", at(10)))],
                },
            ])
            .await;
        assert_eq!(results.len(), 3);
        assert!(results[0].is_ok() && results[2].is_ok(), "{results:?}");
        assert!(results[1].is_err());
        let page = f
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
        assert_eq!(page.items.len(), 2);
        // The rolled-back message can be delivered again and is then new.
        let outcomes = f
            .ingest(at(20), vec![f.item(text("wamid.3", "31600000003", at(10)))])
            .await;
        assert!(
            matches!(outcomes[0], ItemOutcome::MessageCreated { .. }),
            "{outcomes:?}"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn jobs_are_enqueued_only_for_new_messages() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let message = text("wamid.1", "31612345678", at(10));
        for _ in 0..2 {
            let item = f.item_with_jobs(message.clone(), vec![job("notify", at(10))]);
            f.ingest(at(10), vec![item]).await;
        }
        assert_eq!(f.store.queue_stats(at(10)).await.unwrap().depth, 1);
        let claimed = f.store.claim_next_job(at(10), HOUR).await.unwrap().unwrap();
        assert_eq!(claimed.kind, "notify");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn media_starts_pending_and_its_state_can_be_updated() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let media = Content::Media(Media {
            kind: MediaKind::Image,
            provider_media_id: "media-1".into(),
            mime_type: Some("image/jpeg".into()),
            sha256: None,
            caption: Some("kapotte lantaarnpaal".into()),
            filename: None,
            voice: false,
            animated: false,
        });
        let identity = ChannelIdentity {
            wa_id: Some("31612345678".into()),
            ..Default::default()
        };
        let (id, _, _) = f
            .ingest_new(with_content("wamid.1", identity, at(10), media))
            .await;
        assert_eq!(
            f.store.get_message(f.org.id, id).await.unwrap().media,
            Some(MediaState::Pending)
        );
        let stored = MediaState::Stored {
            blob_key: "blobs/1".into(),
            size: 1234,
            mime_type: Some("image/jpeg".into()),
        };
        f.store
            .set_media_state(f.org.id, id, &stored)
            .await
            .unwrap();
        assert_eq!(
            f.store.get_message(f.org.id, id).await.unwrap().media,
            Some(stored)
        );
        // A file the attachment checks refused: only the reason is kept.
        let quarantined = MediaState::Quarantined {
            reason: "De bijlage is in quarantaine gezet: Loket.Test.Signature.".into(),
        };
        f.store
            .set_media_state(f.org.id, id, &quarantined)
            .await
            .unwrap();
        assert_eq!(
            f.store.get_message(f.org.id, id).await.unwrap().media,
            Some(quarantined)
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn edits_and_revocations_change_their_target_and_replies_link_to_theirs() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let identity = || ChannelIdentity {
            wa_id: Some("31612345678".into()),
            ..Default::default()
        };
        let (original, conversation, _) =
            f.ingest_new(text("wamid.1", "31612345678", at(10))).await;
        let (second, _, _) = f.ingest_new(text("wamid.2", "31612345678", at(11))).await;

        let new_text = Content::Text {
            body: "verbeterd".into(),
        };
        let edit = Content::Edit {
            original: "wamid.1".into(),
            content: Box::new(new_text.clone()),
        };
        f.ingest_new(with_content("wamid.3", identity(), at(20), edit))
            .await;
        let edited = f.store.get_message(f.org.id, original).await.unwrap();
        assert_eq!(
            (edited.edited_content, edited.edited_at),
            (Some(new_text), Some(at(20)))
        );

        let revoke = Content::Revoke {
            original: "wamid.2".into(),
        };
        f.ingest_new(with_content("wamid.4", identity(), at(30), revoke))
            .await;
        assert_eq!(
            f.store
                .get_message(f.org.id, second)
                .await
                .unwrap()
                .revoked_at,
            Some(at(30))
        );

        let mut reply = text("wamid.5", "31612345678", at(40));
        reply.context.reply_to = Some("wamid.1".into());
        let (reply_id, _, _) = f.ingest_new(reply).await;
        assert_eq!(
            f.store
                .get_message(f.org.id, reply_id)
                .await
                .unwrap()
                .reply_to_message_id,
            Some(original)
        );

        let reaction = Content::Reaction {
            target: "wamid.1".into(),
            emoji: Some("👍".into()),
        };
        f.ingest_new(with_content("wamid.6", identity(), at(50), reaction))
            .await;
        let all = f.store.list_messages(f.org.id, conversation).await.unwrap();
        let order: Vec<_> = all
            .iter()
            .map(|m| m.provider_message_id.clone().unwrap())
            .collect();
        // The edit (wamid.3) and the revocation (wamid.4) changed their targets and are
        // no messages of their own; the edit is in the conversation's history.
        assert_eq!(order, ["wamid.1", "wamid.2", "wamid.5", "wamid.6"]);
        let events = (f.store.list_conversation_events(f.org.id, conversation))
            .await
            .unwrap();
        assert!(events.iter().any(|e| e.kind
            == loket_domain::conversation::ConversationEventKind::MessageEdited {
                message_id: original
            }
            && e.at == at(20)));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_message_repeated_within_one_batch_is_stored_once_and_answered_as_a_duplicate() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let first = text("wamid.1", "31612345678", at(10));
        let requests = [
            IngestRequest {
                received_at: at(10),
                items: vec![f.item(first.clone()), f.item(first.clone())],
            },
            IngestRequest {
                received_at: at(10),
                items: vec![
                    f.item(text("wamid.2", "31612345678", at(11))),
                    f.item(first.clone()),
                ],
            },
        ];
        let results: Vec<_> = f
            .store
            .ingest(&requests)
            .await
            .into_iter()
            .map(|r| r.unwrap().items)
            .collect();
        let ItemOutcome::MessageCreated {
            message_id: stored,
            conversation_id,
            ..
        } = results[0][0]
        else {
            panic!("{results:?}")
        };
        let duplicate = ItemOutcome::DuplicateMessage { existing: stored };
        assert_eq!(results[0][1], duplicate);
        assert!(
            matches!(
                results[1][0],
                ItemOutcome::MessageCreated {
                    change: ConversationChange::Continued,
                    ..
                }
            ),
            "{results:?}"
        );
        assert_eq!(results[1][1], duplicate);
        let messages = f
            .store
            .list_messages(f.org.id, conversation_id)
            .await
            .unwrap();
        let ids: Vec<_> = messages
            .iter()
            .map(|m| m.provider_message_id.as_deref().unwrap())
            .collect();
        assert_eq!(ids, ["wamid.1", "wamid.2"]);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn many_messages_of_one_resident_in_one_batch_join_one_conversation_in_arrival_order() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        // A known resident whose conversation was resolved an hour ago, and a new one.
        let (_, earlier, _) = f.ingest_new(text("wamid.0", "31611111111", at(0))).await;
        resolve(&db, earlier, at(100)).await;
        let now = at(100 + 3600);
        let mut requests = Vec::new();
        for i in 1..=4 {
            requests.push(IngestRequest {
                received_at: now,
                items: vec![
                    f.item(text(&format!("wamid.k{i}"), "31611111111", now)),
                    f.item(text(&format!("wamid.n{i}"), "31622222222", now)),
                ],
            });
        }
        let outcomes: Vec<ItemOutcome> = f
            .store
            .ingest(&requests)
            .await
            .into_iter()
            .flat_map(|r| r.unwrap().items)
            .collect();
        let changes = |resident: usize| -> Vec<(ConversationId, ConversationChange)> {
            outcomes
                .iter()
                .skip(resident)
                .step_by(2)
                .map(|o| match o {
                    ItemOutcome::MessageCreated {
                        conversation_id,
                        change,
                        ..
                    } => (*conversation_id, *change),
                    other => panic!("{other:?}"),
                })
                .collect()
        };
        use ConversationChange::{Continued, Created, Reopened};
        let known = changes(0);
        assert_eq!(
            known.iter().map(|c| c.1).collect::<Vec<_>>(),
            [Reopened, Continued, Continued, Continued]
        );
        assert!(known.iter().all(|c| c.0 == earlier));
        let new = changes(1);
        assert_eq!(
            new.iter().map(|c| c.1).collect::<Vec<_>>(),
            [Created, Continued, Continued, Continued]
        );
        assert!(new.iter().all(|c| c.0 == new[0].0) && new[0].0 != earlier);

        for (conversation, prefix) in [(earlier, "wamid.k"), (new[0].0, "wamid.n")] {
            let ids: Vec<String> = f
                .store
                .list_messages(f.org.id, conversation)
                .await
                .unwrap()
                .into_iter()
                .filter_map(|m| m.provider_message_id)
                .filter(|id| id.starts_with(prefix))
                .collect();
            let expected: Vec<String> = (1..=4).map(|i| format!("{prefix}{i}")).collect();
            assert_eq!(ids, expected);
        }
        let kinds: Vec<_> = f
            .store
            .list_conversation_events(f.org.id, earlier)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                ConversationEventKind::Created,
                ConversationEventKind::Reopened,
                ConversationEventKind::StatusChanged {
                    from: ConversationStatus::Resolved,
                    to: ConversationStatus::Open
                }
            ]
        );
        let c = f.store.get_conversation(f.org.id, earlier).await.unwrap();
        assert_eq!(
            (c.status, c.last_inbound_at),
            (ConversationStatus::Open, Some(now))
        );
        db.cleanup().await;
    }
}
