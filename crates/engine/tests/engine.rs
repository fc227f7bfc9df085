//! Engine behaviour that HTTP tests cannot pin down: group commit, secrets at rest.

#[path = "engine/assignment.rs"]
mod assignment;
#[path = "engine/attachments.rs"]
mod attachments;
#[path = "engine/automation.rs"]
mod automation;
#[path = "engine/avg.rs"]
mod avg;
#[path = "engine/contact_requests.rs"]
mod contact_requests;
#[path = "engine/contact_requests_hand_over.rs"]
mod contact_requests_hand_over;
#[path = "engine/hours.rs"]
mod hours;
#[path = "engine/hours_follow_up.rs"]
mod hours_follow_up;
#[path = "engine/knowledge.rs"]
mod knowledge;
#[path = "engine/knowledge_admin.rs"]
mod knowledge_admin;
#[path = "engine/notes.rs"]
mod notes;
#[path = "engine/people.rs"]
mod people;
#[path = "engine/people_2fa.rs"]
mod people_2fa;
#[path = "engine/people_support.rs"]
mod people_support;
#[path = "engine/replies.rs"]
mod replies;
#[path = "engine/retention.rs"]
mod retention;
#[path = "engine/secrets.rs"]
mod secrets;
#[path = "engine/sla.rs"]
mod sla;

use std::sync::Arc;
use std::time::Duration;

use loket_domain::contact::{ChannelIdentity, ContactProfile};
use loket_domain::inbound::{AddressedEvent, InboundEvent, InboundMessage};
use loket_domain::message::Content;
use loket_domain::time::ManualClock;
use loket_engine::commit::GroupCommitConfig;
use loket_engine::provision::{OrgSpec, Provisioning};
use loket_engine::{Engine, EngineOptions};
use loket_store::testing::test_databases;
use loket_store::{MetaApp, NewWhatsappChannel};

fn engine_on(
    store: loket_store::DynStore,
    config: GroupCommitConfig,
    blobs: &std::path::Path,
) -> Engine {
    let clock = Arc::new(ManualClock::new("2026-11-19T09:30:00Z".parse().unwrap()));
    let options = EngineOptions {
        group_commit: config,
        ..Default::default()
    };
    let blobs = Arc::new(object_store::local::LocalFileSystem::new_with_prefix(blobs).unwrap());
    Engine::with_options(store, clock, blobs, reqwest::Client::new(), options)
}

fn provisioning() -> Provisioning {
    Provisioning {
        apps: vec![MetaApp {
            name: "default".into(),
            app_secret: "secret".into(),
            verify_token: "verify".into(),
            graph_base_url: "http://127.0.0.1:9/v23.0".into(),
        }],
        organisations: vec![OrgSpec {
            slug: "voorbeeld".into(),
            name: "Gemeente Voorbeeld".into(),
            api_tokens: vec![],
            reopen_within: None,
            teams: vec![],
            require_2fa: false,
            whatsapp_channels: vec![NewWhatsappChannel {
                name: "WhatsApp".into(),
                app_name: "default".into(),
                phone_number_id: "1122334455667".into(),
                display_phone_number: "31850601234".into(),
                waba_id: "102290129340398".into(),
                access_token: "token".into(),
            }],
        }],
    }
}

/// A resident writes to the channel of [`provisioning`] (provisioned into `org`); their
/// conversation.
async fn a_conversation(
    engine: &Engine,
    db: &loket_store::testing::TestDb,
    org: loket_domain::OrgId,
) -> loket_domain::ConversationId {
    engine.submit(webhook(1, "1122334455667")).await.unwrap();
    let page = loket_store::PageRequest {
        after: None,
        limit: 1,
    };
    let filter = loket_store::ConversationFilter::default();
    let list = db.store.list_conversations(org, &filter, page);
    list.await.unwrap().items[0].id
}

fn webhook(i: usize, number: &str) -> Vec<AddressedEvent> {
    let message = InboundMessage {
        provider_message_id: format!("wamid.gc{i}"),
        sent_at: "2026-11-19T09:29:00Z".parse().unwrap(),
        from: ContactProfile {
            identity: ChannelIdentity {
                wa_id: Some(format!("3161234{i:04}")),
                ..Default::default()
            },
            name: Some(format!("Inwoner {i}")),
        },
        content: Content::Text {
            body: format!("Vraag {i}"),
        },
        context: Default::default(),
        referral: None,
        errors: vec![],
        raw: serde_json::json!({}),
    };
    vec![AddressedEvent {
        account_id: "102290129340398".into(),
        phone_number_id: Some(number.into()),
        display_phone_number: None,
        event: InboundEvent::Message(message),
        signed_by: Vec::new(),
    }]
}

#[tokio::test]
async fn concurrent_webhooks_share_commits_and_each_gets_its_own_answer() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let config = GroupCommitConfig {
            max_batch: 64,
            max_wait: Duration::from_millis(300),
            queue: 1024,
            ..GroupCommitConfig::default()
        };
        let engine = engine_on(db.store.clone(), config, blobs.path());
        engine.provision(&provisioning()).await.unwrap();
        // 40 new messages, one duplicate of the first, and one for a number nobody knows.
        let mut deliveries: Vec<Vec<AddressedEvent>> =
            (0..40).map(|i| webhook(i, "1122334455667")).collect();
        deliveries.push(webhook(0, "1122334455667"));
        deliveries.push(webhook(99, "9999999999"));
        let tasks: Vec<_> = deliveries
            .into_iter()
            .map(|d| {
                let engine = engine.clone();
                tokio::spawn(async move { engine.submit(d).await })
            })
            .collect();
        let mut created = 0;
        let mut duplicates = 0;
        let mut unrouted = 0;
        for task in tasks {
            let receipt = task.await.unwrap().unwrap();
            created += receipt.messages_created;
            duplicates += receipt.duplicates;
            unrouted += receipt.unrouted;
        }
        assert_eq!(
            (created, duplicates, unrouted),
            (40, 1, 1),
            "each webhook learns its own fate"
        );
        let stats = engine.commit_stats();
        assert_eq!(stats.requests, 42);
        assert!(stats.commits < 42, "webhooks shared commits: {stats:?}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_lone_webhook_is_committed_at_once_without_waiting_for_company() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let engine = engine_on(db.store.clone(), GroupCommitConfig::default(), blobs.path());
        engine.provision(&provisioning()).await.unwrap();
        let receipt = engine.submit(webhook(1, "1122334455667")).await.unwrap();
        assert_eq!(receipt.messages_created, 1);
        assert_eq!(engine.commit_stats().commits, 1);
        db.cleanup().await;
    }
}

/// An unrouted row as older versions wrote it, straight into the table.
fn insert_unrouted_sql(address: &str, event_json: &str) -> String {
    let id = loket_domain::EventId::new_at("2026-11-19T09:00:00Z".parse().unwrap());
    let received = 1_763_542_800_000_000i64;
    format!(
        "insert into unrouted_events (id, phone_number_id, received_at, event, replayed_at)
         values ('{id}', '{address}', {received}, '{}', null)",
        event_json.replace('\'', "''")
    )
}

#[tokio::test]
async fn provisioning_replays_what_it_can_and_skips_an_unrouted_event_it_cannot_read() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let engine = engine_on(db.store.clone(), GroupCommitConfig::default(), blobs.path());
        // A flow reply whose response nests 127 levels, stored as JSON by older versions.
        let deep = format!("{}1{}", r#"{"a":"#.repeat(127), "}".repeat(127));
        let mut flow = serde_json::to_value(&webhook(1, "1122334455667")[0]).unwrap();
        flow["event"]["content"] = serde_json::json!({"type": "flow_reply", "response": "DEEP"});
        let flow = flow.to_string().replace("\"DEEP\"", &deep);
        // A template status update with the key `event` twice (the old encoding).
        let template = r#"{"account_id":"102290129340398","event":{"event":"template_status",
            "template_id":"1234567890","name":"afspraak_bevestigd","language":"nl",
            "event":"APPROVED","raw":{}}}"#;
        for sql in [
            insert_unrouted_sql("1122334455667", &flow),
            insert_unrouted_sql("102290129340398", template),
            insert_unrouted_sql("1122334455667", r#"{"account_id": "#),
        ] {
            db.execute_sql(&sql).await.unwrap();
        }

        let report = engine.provision(&provisioning()).await.unwrap();
        assert_eq!(report.replayed, 2, "the flow reply and the template status");
        let left = db.store.list_unrouted(false, 10).await.unwrap();
        assert_eq!(left.len(), 1, "the unreadable row stays for an admin");
        assert!(left[0].unreadable);
        // Starting again replays nothing twice and still does not fail.
        assert_eq!(engine.provision(&provisioning()).await.unwrap().replayed, 0);
        db.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn several_committers_keep_each_resident_in_one_conversation_and_every_message_once() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let config = GroupCommitConfig {
            committers: Some(4),
            ..GroupCommitConfig::default()
        };
        let engine = engine_on(db.store.clone(), config, blobs.path());
        engine.provision(&provisioning()).await.unwrap();
        // Three residents writing at once, every fifth webhook delivered twice.
        let mut deliveries = Vec::new();
        for i in 0..90 {
            let mut delivery = webhook(i, "1122334455667");
            if let InboundEvent::Message(m) = &mut delivery[0].event {
                m.from.identity.wa_id = Some(format!("3161111000{}", i % 3));
            }
            if i % 5 == 0 {
                deliveries.push(delivery.clone());
            }
            deliveries.push(delivery);
        }
        let tasks: Vec<_> = deliveries
            .into_iter()
            .map(|d| {
                let engine = engine.clone();
                tokio::spawn(async move { engine.submit(d).await })
            })
            .collect();
        let (mut created, mut duplicates) = (0, 0);
        for task in tasks {
            let receipt = task.await.unwrap().unwrap();
            created += receipt.messages_created;
            duplicates += receipt.duplicates;
        }
        assert_eq!((created, duplicates), (90, 18));
        let org = db
            .store
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap();
        let page = db
            .store
            .list_conversations(
                org.id,
                &Default::default(),
                loket_store::PageRequest {
                    after: None,
                    limit: 50,
                },
            )
            .await
            .unwrap();
        assert_eq!(page.items.len(), 3, "one conversation per resident");
        for c in page.items {
            let messages = db.store.list_messages(org.id, c.id).await.unwrap();
            assert_eq!(messages.len(), 30);
        }
        db.cleanup().await;
    }
}
