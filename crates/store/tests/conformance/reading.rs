use loket_domain::conversation::ConversationStatus;
use loket_domain::delivery::ProviderError;
use loket_domain::inbound::{AddressedEvent, InboundEvent, TemplateStatusUpdate};
use loket_domain::{ConversationId, EventId};
use loket_store::testing::test_databases;
use loket_store::*;
use serde_json::json;

use super::support::*;

#[tokio::test]
async fn conversations_are_filtered_and_paged_by_recent_activity() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let mut ids: Vec<ConversationId> = Vec::new();
        for i in 0..7 {
            let (_, c, _) = f
                .ingest_new(text(
                    &format!("wamid.{i}"),
                    &format!("3160000000{i}"),
                    at(i * 10),
                ))
                .await;
            ids.push(c);
        }
        let second_channel = f
            .store
            .upsert_whatsapp_channel(f.org.id, &new_channel("1002"), at(0))
            .await
            .unwrap();
        let label = |c: ConversationId, l: &str| {
            format!(
                "insert into conversation_labels (conversation_id, label) values ('{c}', '{l}');"
            )
        };
        let anna_id = f.member("anna@utrecht.nl").await;
        db.execute_sql(&format!(
            "update conversations set assignee = '{anna_id}' where id in ('{}', '{}');
             update conversations set status = 'pending' where id = '{}';
             {} {} {}",
            ids[1],
            ids[4],
            ids[2],
            label(ids[3], "wmo"),
            label(ids[3], "afval"),
            label(ids[5], "wmo"),
        ))
        .await
        .unwrap();

        let list =
            |mut filter: ConversationFilter, after: Option<ConversationCursor>, limit: u32| {
                filter.order = ConversationOrder::Recent;
                let store = f.store.clone();
                let org = f.org.id;
                async move {
                    store
                        .list_conversations(org, &filter, PageRequest { after, limit })
                        .await
                        .unwrap()
                }
            };
        // Newest first, three at a time.
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = list(ConversationFilter::default(), after, 3).await;
            seen.extend(page.items.iter().map(|c| c.id));
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        let newest_first: Vec<_> = ids.iter().rev().copied().collect();
        assert_eq!(seen, newest_first);
        let exact = list(ConversationFilter::default(), None, 7).await;
        assert_eq!((exact.items.len(), exact.next), (7, None));

        let by = |f: ConversationFilter| async move {
            list(f, None, 50)
                .await
                .items
                .into_iter()
                .map(|c| c.id)
                .collect::<Vec<_>>()
        };
        let anna = ConversationFilter {
            assignee: Some(anna_id),
            ..Default::default()
        };
        assert_eq!(by(anna).await, vec![ids[4], ids[1]]);
        let pending = ConversationFilter {
            status: Some(ConversationStatus::Pending),
            ..Default::default()
        };
        assert_eq!(by(pending).await, vec![ids[2]]);
        let wmo = ConversationFilter {
            label: Some("wmo".into()),
            ..Default::default()
        };
        assert_eq!(by(wmo).await, vec![ids[5], ids[3]]);
        let here = ConversationFilter {
            channel: Some(f.channel.id),
            ..Default::default()
        };
        assert_eq!(by(here).await.len(), 7);
        let there = ConversationFilter {
            channel: Some(second_channel.id),
            ..Default::default()
        };
        assert!(by(there).await.is_empty());
        let combined = ConversationFilter {
            status: Some(ConversationStatus::Open),
            label: Some("wmo".into()),
            ..Default::default()
        };
        assert_eq!(by(combined).await, vec![ids[5], ids[3]]);

        let labelled = f.store.get_conversation(f.org.id, ids[3]).await.unwrap();
        assert_eq!(labelled.labels, vec!["afval".to_owned(), "wmo".to_owned()]);
        db.cleanup().await;
    }
}

fn unrouted(phone_number_id: &str) -> IngestItem {
    IngestItem::Unrouted {
        phone_number_id: phone_number_id.into(),
        event: AddressedEvent {
            account_id: "waba-9".into(),
            phone_number_id: Some(phone_number_id.into()),
            display_phone_number: None,
            event: InboundEvent::Other {
                field: "account_update".into(),
                raw: json!({ "n": phone_number_id }),
            },
            signed_by: vec!["default".into()],
        },
    }
}

#[tokio::test]
async fn unrouted_events_are_kept_listed_and_marked_replayed() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let outcomes = f
            .ingest(at(10), vec![unrouted("9001"), unrouted("9002")])
            .await;
        let ids: Vec<EventId> = outcomes
            .iter()
            .map(|o| match o {
                ItemOutcome::Unrouted { event_id } => *event_id,
                other => panic!("{other:?}"),
            })
            .collect();
        f.ingest(at(20), vec![unrouted("9001")]).await;

        let for_9001 = f.store.unrouted_for("9001").await.unwrap();
        assert_eq!(for_9001.len(), 2);
        assert_eq!(for_9001[0].id, ids[0]);
        assert_eq!(
            (for_9001[0].received_at, for_9001[0].replayed_at),
            (at(10), None)
        );
        assert_eq!(for_9001[0].event.phone_number_id.as_deref(), Some("9001"));
        assert_eq!(f.store.list_unrouted(false, 10).await.unwrap().len(), 3);
        assert_eq!(f.store.list_unrouted(false, 2).await.unwrap().len(), 2);

        let replayed: Vec<EventId> = for_9001.iter().map(|e| e.id).collect();
        f.store
            .mark_unrouted_replayed(&replayed, at(30))
            .await
            .unwrap();
        assert!(f.store.unrouted_for("9001").await.unwrap().is_empty());
        assert_eq!(f.store.list_unrouted(false, 10).await.unwrap().len(), 1);
        let all = f.store.list_unrouted(true, 10).await.unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(
            all.iter().filter(|e| e.replayed_at == Some(at(30))).count(),
            2
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn template_verdicts_and_channel_notices_are_recorded() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let update = TemplateStatusUpdate {
            template_id: "tpl-1".into(),
            name: "afspraak_herinnering".into(),
            language: "nl".into(),
            event: "APPROVED".into(),
            reason: None,
            at: Some(at(5)),
            raw: json!({ "event": "APPROVED" }),
        };
        let error = ProviderError {
            code: 131_056,
            title: "Pair rate limit hit".into(),
            details: Some("slow down".into()),
        };
        let outcomes = f
            .ingest(
                at(10),
                vec![
                    IngestItem::TemplateStatus {
                        org_id: Some(f.org.id),
                        channel_id: None,
                        account_id: "waba-1".into(),
                        update: update.clone(),
                    },
                    IngestItem::ChannelEvent {
                        org_id: f.org.id,
                        channel_id: f.channel.id,
                        kind: "error".into(),
                        errors: vec![error.clone()],
                        raw: json!({ "errors": [] }),
                    },
                ],
            )
            .await;
        assert_eq!(
            outcomes,
            vec![
                ItemOutcome::TemplateStatusRecorded,
                ItemOutcome::ChannelEventRecorded
            ]
        );
        let templates = f.store.list_template_statuses("waba-1").await.unwrap();
        assert_eq!(
            templates,
            vec![TemplateStatusRecord {
                account_id: "waba-1".into(),
                update,
                received_at: at(10)
            }]
        );
        assert!(
            f.store
                .list_template_statuses("waba-2")
                .await
                .unwrap()
                .is_empty()
        );
        let events = f
            .store
            .list_channel_events(f.org.id, f.channel.id, 10)
            .await
            .unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(
            (
                events[0].kind.as_str(),
                events[0].errors.clone(),
                events[0].received_at
            ),
            ("error", vec![error], at(10))
        );
        db.cleanup().await;
    }
}
