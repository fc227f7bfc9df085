//! One bad row never breaks a read: rows that do not decode are shown as unreadable, and
//! rows written in older encodings still read back.

use loket_domain::inbound::InboundEvent;
use loket_domain::message::Content;
use loket_store::testing::test_databases;
use loket_store::*;
use serde_json::json;

use super::support::*;

/// `{"a":{"a":…1…}}`, `levels` objects deep.
fn nested(levels: usize) -> String {
    format!("{}1{}", r#"{"a":"#.repeat(levels), "}".repeat(levels))
}

fn insert_unrouted(id: &str, address: &str, event: &str) -> String {
    format!(
        "insert into unrouted_events (id, phone_number_id, received_at, event, replayed_at)
         values ('{id}', '{address}', 1750000000000000, '{}', null);",
        event.replace('\'', "''")
    )
}

#[tokio::test]
async fn a_message_whose_content_is_not_json_is_listed_as_unreadable() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (first, conversation, _) = f.ingest_new(text("wamid.1", "31600000001", at(0))).await;
        let (second, _, _) = f.ingest_new(text("wamid.2", "31600000001", at(10))).await;
        db.execute_sql(&format!(
            "update messages set content = '{{\"type\": \"text\", \"bo', context = 'null'
             where id = '{first}'"
        ))
        .await
        .unwrap();

        let messages = f.store.list_messages(f.org.id, conversation).await.unwrap();
        assert_eq!(messages.len(), 2, "the conversation still reads");
        assert_eq!(messages[0].id, first);
        assert_eq!(messages[0].content, Content::Unreadable);
        assert_eq!(messages[1].id, second);
        assert!(matches!(messages[1].content, Content::Text { .. }));
        let one = f.store.get_message(f.org.id, first).await.unwrap();
        assert_eq!(one.content, Content::Unreadable);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_message_nested_deeper_than_the_json_reader_allows_still_reads_back() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (id, conversation, _) = f.ingest_new(text("wamid.1", "31600000001", at(0))).await;
        // As older versions stored a 127-deep flow response.
        let content = format!(r#"{{"type":"flow_reply","response":{}}}"#, nested(127));
        db.execute_sql(&format!(
            "update messages set content = '{content}' where id = '{id}'"
        ))
        .await
        .unwrap();
        let messages = f.store.list_messages(f.org.id, conversation).await.unwrap();
        assert!(
            matches!(&messages[0].content, Content::FlowReply { .. }),
            "{:?}",
            messages[0].content.kind_name()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_unrouted_event_that_is_not_json_is_listed_as_unreadable_and_not_offered_for_replay() {
    for db in test_databases().await {
        let id = loket_domain::EventId::new_at(at(0));
        db.execute_sql(&insert_unrouted(
            &id.to_string(),
            "1001",
            r#"{"account_id": "#,
        ))
        .await
        .unwrap();
        let listed = db.store.list_unrouted(true, 10).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].id, id);
        assert!(listed[0].unreadable);
        assert_eq!(listed[0].phone_number_id, "1001");
        let for_replay = db.store.unrouted_for("1001").await.unwrap();
        assert_eq!(
            for_replay.len(),
            1,
            "listed, so the caller can log and skip it"
        );
        assert!(for_replay[0].unreadable);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_unrouted_template_status_with_the_key_event_twice_still_reads_back() {
    for db in test_databases().await {
        let id = loket_domain::EventId::new_at(at(0));
        let old = r#"{"account_id":"waba-1","event":{"event":"template_status",
            "template_id":"1234567890","name":"afspraak_bevestigd","language":"nl",
            "event":"REJECTED","reason":"INVALID_FORMAT","raw":{"event":"REJECTED"}}}"#;
        db.execute_sql(&insert_unrouted(&id.to_string(), "waba-1", old))
            .await
            .unwrap();
        let listed = db.store.list_unrouted(true, 10).await.unwrap();
        assert!(!listed[0].unreadable);
        let InboundEvent::TemplateStatus(update) = &listed[0].event.event else {
            panic!("not a template status: {:?}", listed[0].event.event);
        };
        assert_eq!(update.event, "REJECTED");
        assert_eq!(update.name, "afspraak_bevestigd");
        assert_eq!(update.raw, json!({"event": "REJECTED"}));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_unrouted_template_status_round_trips_through_the_store() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let event = loket_domain::inbound::AddressedEvent {
            account_id: "waba-9".into(),
            phone_number_id: None,
            display_phone_number: None,
            event: InboundEvent::TemplateStatus(loket_domain::inbound::TemplateStatusUpdate {
                template_id: "1".into(),
                name: "afspraak".into(),
                language: "nl".into(),
                event: "APPROVED".into(),
                reason: None,
                at: Some(at(0)),
                raw: json!({"event": "APPROVED"}),
            }),
            signed_by: vec![],
        };
        let item = IngestItem::Unrouted {
            phone_number_id: "waba-9".into(),
            event: event.clone(),
        };
        f.ingest(at(1), vec![item]).await;
        let listed = f.store.list_unrouted(true, 10).await.unwrap();
        assert_eq!(listed[0].event, event);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_template_with_damaged_components_still_lists_with_the_others() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let c = f.channel.id;
        let template = |id: &str, name: &str| TemplateRecord {
            channel_id: c,
            template_id: id.into(),
            name: name.into(),
            language: "nl".into(),
            status: "APPROVED".into(),
            category: "UTILITY".into(),
            parameter_format: None,
            components: json!([{ "type": "BODY", "text": "Hallo" }]),
            updated_at: at(1),
        };
        let synced = [template("1", "afspraak"), template("2", "herinnering")];
        f.store
            .replace_templates(f.org.id, c, &synced)
            .await
            .unwrap();
        db.execute_sql("update templates set components = '[{\"type\": ' where template_id = '1'")
            .await
            .unwrap();

        let listed = f.store.list_templates(f.org.id, Some(c)).await.unwrap();
        assert_eq!(listed.len(), 2, "the list still reads");
        assert_eq!(listed[0].components, serde_json::Value::Null);
        assert_eq!(listed[1].components, synced[1].components);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_template_status_event_with_a_damaged_raw_body_still_lists() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let update = loket_domain::inbound::TemplateStatusUpdate {
            template_id: "1".into(),
            name: "afspraak".into(),
            language: "nl".into(),
            event: "APPROVED".into(),
            reason: None,
            at: Some(at(100)),
            raw: json!({ "event": "APPROVED" }),
        };
        let item = IngestItem::TemplateStatus {
            org_id: Some(f.org.id),
            channel_id: Some(f.channel.id),
            account_id: "waba-1".into(),
            update,
        };
        f.ingest(at(101), vec![item]).await;
        db.execute_sql("update template_status_events set raw = '{\"ev'")
            .await
            .unwrap();

        let listed = f.store.list_template_statuses("waba-1").await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].update.raw, serde_json::Value::Null);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_job_with_a_damaged_payload_is_claimed_with_a_null_payload() {
    for db in test_databases().await {
        let store = db.store.clone();
        let id = store.enqueue_job(&job("kind", at(0)), at(0)).await.unwrap();
        db.execute_sql(&format!(
            "update jobs set payload = '{{\"org' where id = '{id}'"
        ))
        .await
        .unwrap();

        let claimed = store
            .claim_next_job(at(0), std::time::Duration::from_secs(60))
            .await
            .unwrap()
            .expect("the damaged job is still claimed");
        assert_eq!(claimed.id, id);
        assert_eq!(claimed.payload, serde_json::Value::Null);
        db.cleanup().await;
    }
}
