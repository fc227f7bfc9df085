//! Retention through the engine: policies per organisation, channel and label; batches larger
//! than one transaction; blobs removed; legal hold and transfer keep a conversation; each run
//! recorded with counts.

use loket_domain::retention::{DAY, RetentionAction, RetentionRule};
use loket_domain::time::to_micros;
use loket_domain::{ConversationId, OrgId};
use loket_engine::EngineError;
use loket_engine::retention::{BATCH, OrgRetention, RetentionConfig};
use loket_store::testing::{TestDb, test_databases};
use object_store::ObjectStoreExt;
use object_store::path::Path;

use super::people_support::People;

const NUMBER: &str = "1122334455667";

fn rule(days: u32, action: RetentionAction) -> RetentionRule {
    RetentionRule {
        after: DAY * days,
        action,
    }
}

fn config(default: RetentionRule) -> RetentionConfig {
    RetentionConfig {
        organisations: vec![OrgRetention {
            slug: "utrecht".into(),
            default,
            channels: vec![],
            labels: vec![],
        }],
    }
}

/// `n` residents write in one webhook; their conversations, resolved now.
async fn resolved_conversations(p: &People, db: &TestDb, n: usize) -> Vec<ConversationId> {
    let events = (0..n).flat_map(|i| super::webhook(i, NUMBER)).collect();
    p.engine.submit(events).await.unwrap();
    let now = to_micros(p.engine.clock().now());
    let sql = format!("update conversations set status = 'resolved', resolved_at = {now}");
    db.execute_sql(&sql).await.unwrap();
    let rows = db
        .fetch_strings("select id from conversations order by id")
        .await
        .unwrap();
    let ids: Vec<ConversationId> = rows
        .iter()
        .map(|r| r[0].as_ref().unwrap().parse().unwrap())
        .collect();
    assert_eq!(ids.len(), n);
    ids
}

async fn conversations_left(db: &TestDb) -> usize {
    db.fetch_strings("select id from conversations")
        .await
        .unwrap()
        .len()
}

/// Keep a media file for the first message of `conversation`; its blob key.
async fn with_media(p: &People, db: &TestDb, org: OrgId, conversation: ConversationId) -> Path {
    let messages = db.store.list_messages(org, conversation).await.unwrap();
    let key = format!("orgs/{org}/media/{}", messages[0].id);
    let path = Path::from(key.as_str());
    p.engine
        .blobs()
        .put(&path, b"png".to_vec().into())
        .await
        .unwrap();
    let media = format!(r#"{{"state":"stored","blob_key":"{key}","size":3}}"#);
    let sql = format!(
        "update messages set media = '{media}' where id = '{}'",
        messages[0].id
    );
    db.execute_sql(&sql).await.unwrap();
    path
}

#[tokio::test]
async fn due_conversations_go_in_batches_with_their_blobs_but_held_and_untransferred_ones_stay() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let org = p.org_id("utrecht").await;
        let n = BATCH + 5;
        let ids = resolved_conversations(&p, &db, n).await;
        let blob = with_media(&p, &db, org, ids[0]).await;
        let (held, marked) = (ids[1], ids[2]);
        (p.engine
            .set_legal_hold(org, held, "lead", "Bezwaarprocedure loopt"))
        .await
        .unwrap();
        p.engine
            .mark_for_transfer(org, marked, true, "lead")
            .await
            .unwrap();
        let policy = config(rule(30, RetentionAction::Delete));

        p.clock.advance(DAY * 29);
        let early = p.engine.run_retention(&policy, false).await.unwrap();
        assert_eq!(early[0].counts.conversations_deleted, 0);

        p.clock.advance(DAY * 2);
        let report = p.engine.run_retention(&policy, false).await.unwrap();
        let counts = report[0].counts;
        assert_eq!(report[0].error, None);
        assert_eq!(counts.conversations_deleted, n as u64 - 2);
        assert_eq!(counts.messages_deleted, n as u64 - 2);
        assert_eq!(counts.media_removed, 1);
        assert_eq!(counts.contacts_removed, n as u64 - 2);
        assert!(matches!(
            p.engine.blobs().get(&blob).await,
            Err(object_store::Error::NotFound { .. })
        ));
        assert_eq!(conversations_left(&db).await, 2);

        // Once transferred, the marked conversation goes too; the held one stays.
        p.engine
            .mark_transferred(org, marked, "lead")
            .await
            .unwrap();
        let report = p.engine.run_retention(&policy, false).await.unwrap();
        assert_eq!(report[0].counts.conversations_deleted, 1);
        assert_eq!(conversations_left(&db).await, 1);
        p.engine.lift_legal_hold(org, held, "lead").await.unwrap();
        p.engine.run_retention(&policy, false).await.unwrap();
        assert_eq!(conversations_left(&db).await, 0);

        let runs = p.engine.retention_runs(org, 10).await.unwrap();
        assert_eq!(runs.len(), 4);
        assert_eq!(runs[2].counts, counts, "newest first, counts as reported");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_dry_run_counts_what_is_due_and_removes_nothing() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let org = p.org_id("utrecht").await;
        let ids = resolved_conversations(&p, &db, 3).await;
        let blob = with_media(&p, &db, org, ids[0]).await;
        p.clock.advance(DAY * 400);
        let policy = config(rule(365, RetentionAction::Anonymise));
        let report = p.engine.run_retention(&policy, true).await.unwrap();
        assert!(report[0].dry_run);
        assert_eq!(report[0].counts.conversations_anonymised, 3);
        assert!(p.engine.blobs().get(&blob).await.is_ok());
        let runs = p.engine.retention_runs(org, 10).await.unwrap();
        assert!(runs[0].dry_run);
        let messages = db.store.list_messages(org, ids[0]).await.unwrap();
        assert!(matches!(
            messages[0].content,
            loket_domain::message::Content::Text { .. }
        ));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn channel_and_label_rules_override_the_default_and_anonymising_keeps_the_facts() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let org = p.org_id("utrecht").await;
        let ids = resolved_conversations(&p, &db, 3).await;
        let sql = format!(
            "insert into conversation_labels (conversation_id, label) values ('{}', 'klacht')",
            ids[0]
        );
        db.execute_sql(&sql).await.unwrap();
        let events_before = db
            .store
            .list_conversation_events(org, ids[1])
            .await
            .unwrap();
        let mut policy = config(rule(365, RetentionAction::Delete));
        let declared = &mut policy.organisations[0];
        declared.channels = vec![(NUMBER.into(), rule(10, RetentionAction::Anonymise))];
        declared.labels = vec![("klacht".into(), rule(730, RetentionAction::Delete))];

        p.clock.advance(DAY * 11);
        let report = p.engine.run_retention(&policy, false).await.unwrap();
        assert_eq!(
            report[0].counts.conversations_anonymised, 2,
            "the channel's 10 days"
        );
        assert_eq!(report[0].counts.conversations_deleted, 0);
        let events_after = db
            .store
            .list_conversation_events(org, ids[1])
            .await
            .unwrap();
        assert_eq!(events_after, events_before, "events stay for reports");
        assert_eq!(db.store.list_messages(org, ids[1]).await.unwrap().len(), 1);
        // Anonymised once: the next run has nothing left to do on them.
        let again = p.engine.run_retention(&policy, false).await.unwrap();
        assert_eq!(again[0].counts.conversations_anonymised, 0);

        p.clock.advance(DAY * 720);
        let report = p.engine.run_retention(&policy, false).await.unwrap();
        assert_eq!(
            report[0].counts.conversations_deleted, 1,
            "the label's 730 days"
        );
        assert_eq!(conversations_left(&db).await, 2);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_legal_hold_needs_a_reason_and_another_organisation_cannot_set_or_lift_it() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let org = p.org_id("utrecht").await;
        let zeist = p.org_id("zeist").await;
        let id = resolved_conversations(&p, &db, 1).await[0];
        let e = &p.engine;
        for bad in ["", "   ", &"x".repeat(501)] {
            let refused = e.set_legal_hold(org, id, "lead", bad).await;
            assert!(
                matches!(refused, Err(EngineError::InvalidFields(_))),
                "{bad:?}"
            );
        }
        let state = e
            .set_legal_hold(org, id, "lead", "  WOO-verzoek  ")
            .await
            .unwrap();
        let hold = state.legal_hold.unwrap();
        assert_eq!(
            (hold.by.as_str(), hold.reason.as_str()),
            ("lead", "WOO-verzoek")
        );
        assert!(matches!(
            e.lift_legal_hold(zeist, id, "lead").await,
            Err(EngineError::NotFound)
        ));
        let stolen = e.set_legal_hold(zeist, id, "x", "nee").await;
        assert!(matches!(stolen, Err(EngineError::NotFound)));
        assert!(matches!(
            e.mark_transferred(org, id, "lead").await,
            Err(EngineError::Conflict(_))
        ));
        let state = e.retention_state(org, id).await.unwrap();
        assert!(state.legal_hold.is_some());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn unrouted_events_are_kept_thirty_days_and_then_removed() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        // A webhook for a number no organisation has: kept for an operator to replay.
        p.engine
            .submit(super::webhook(1, "9999999999999"))
            .await
            .unwrap();
        let count = async || {
            db.fetch_strings("select id from unrouted_events")
                .await
                .unwrap()
                .len()
        };
        assert_eq!(count().await, 1);
        p.clock.advance(DAY * 29);
        assert_eq!(p.engine.prune_unrouted_events().await.unwrap(), 0);
        assert_eq!(count().await, 1, "within its thirty days");
        p.clock.advance(DAY * 2);
        assert_eq!(p.engine.prune_unrouted_events().await.unwrap(), 1);
        assert_eq!(count().await, 0);
        db.cleanup().await;
    }
}
