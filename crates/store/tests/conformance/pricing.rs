//! What status webhooks say besides the status (pricing, the recipient's user id), and the
//! pruning of statuses that never found their message.

use std::time::Duration;

use loket_domain::Timestamp;
use loket_domain::delivery::DeliveryStatus::{self, *};
use loket_domain::delivery::Pricing;
use loket_domain::time::add;
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn service() -> Pricing {
    Pricing {
        pricing_model: Some("PMP".into()),
        kind: Some("free_customer_service".into()),
        category: Some("service".into()),
        billable: Some(false),
    }
}

/// A status item as Meta sends it for a resident known by a business-scoped user id.
fn status_with(
    f: &Fixture,
    provider_id: &str,
    status: DeliveryStatus,
    when: Timestamp,
    pricing: Option<Pricing>,
) -> IngestItem {
    let mut update = status_update(provider_id, status, when);
    update.pricing = pricing;
    update.recipient.user_id = Some("NL.1234567890".into());
    IngestItem::Status {
        org_id: f.org.id,
        channel_id: f.channel.id,
        update,
    }
}

async fn reply_sent_as(f: &Fixture, provider_id: &str) -> MessageRecord {
    let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
    let reply = f.outbound(conversation, at(20)).await;
    f.store
        .record_provider_message_id(f.org.id, reply.id, provider_id, at(21))
        .await
        .unwrap()
}

#[tokio::test]
async fn the_pricing_of_a_status_is_kept_even_when_the_status_itself_comes_too_late() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let reply = reply_sent_as(&f, "wamid.out").await;
        assert_eq!(
            (reply.pricing.clone(), reply.recipient_user_id.clone()),
            (None, None)
        );
        // `read` overtook `delivered`, and only `delivered` carries the pricing.
        f.ingest(
            at(30),
            vec![status_with(&f, "wamid.out", Read, at(30), None)],
        )
        .await;
        let outcomes = f
            .ingest(
                at(31),
                vec![status_with(
                    &f,
                    "wamid.out",
                    Delivered,
                    at(29),
                    Some(service()),
                )],
            )
            .await;
        assert_eq!(outcomes, vec![ItemOutcome::StatusIgnored]);

        let stored = f.store.get_message(f.org.id, reply.id).await.unwrap();
        assert_eq!(stored.status, Some(Read));
        assert_eq!(stored.pricing, Some(service()));
        assert_eq!(stored.recipient_user_id.as_deref(), Some("NL.1234567890"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_pricing_of_a_status_that_came_before_the_wamid_was_known_is_kept() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
        let reply = f.outbound(conversation, at(20)).await;
        let marketing = Pricing {
            pricing_model: Some("PMP".into()),
            kind: Some("regular".into()),
            category: Some("marketing".into()),
            billable: None,
        };
        let early = status_with(
            &f,
            "wamid.early",
            Delivered,
            at(22),
            Some(marketing.clone()),
        );
        assert_eq!(
            f.ingest(at(22), vec![early]).await,
            vec![ItemOutcome::StatusPending]
        );

        let recorded = f
            .store
            .record_provider_message_id(f.org.id, reply.id, "wamid.early", at(23))
            .await
            .unwrap();
        assert_eq!(recorded.status, Some(Delivered));
        assert_eq!(recorded.pricing, Some(marketing));
        assert_eq!(recorded.recipient_user_id.as_deref(), Some("NL.1234567890"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn pending_statuses_older_than_meta_s_redelivery_horizon_are_pruned() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.in", "31612345678", at(10))).await;
        let old = f.outbound(conversation, at(20)).await;
        let recent = f.outbound(conversation, at(20)).await;
        let week = Duration::from_secs(7 * 24 * 3600);
        // Received when Meta says they happened: the prune key is the time of receipt.
        f.ingest(at(0), vec![f.status_item("wamid.old", Delivered, at(0))])
            .await;
        let items = vec![f.status_item("wamid.recent", Delivered, at(3600))];
        f.ingest(at(3600), items).await;

        assert_eq!(
            f.store
                .prune_pending_statuses(add(at(0), week))
                .await
                .unwrap(),
            0
        );
        let now = add(at(1), week);
        assert_eq!(f.store.prune_pending_statuses(now).await.unwrap(), 1);
        assert_eq!(f.store.prune_pending_statuses(now).await.unwrap(), 0);

        let record = |id, wamid| f.store.record_provider_message_id(f.org.id, id, wamid, now);
        assert_eq!(
            record(old.id, "wamid.old").await.unwrap().status,
            Some(Sent)
        );
        assert_eq!(
            record(recent.id, "wamid.recent").await.unwrap().status,
            Some(Delivered),
            "a status inside the horizon is still applied"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_pending_status_dated_in_the_future_is_pruned_by_its_time_of_receipt() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let week = Duration::from_secs(7 * 24 * 3600);
        let year_5138 = add(at(0), Duration::from_secs(99_999_999_999));
        let future = vec![f.status_item("wamid.future", Delivered, year_5138)];
        assert_eq!(
            f.ingest(at(0), future).await,
            vec![ItemOutcome::StatusPending]
        );
        assert_eq!(
            f.store
                .prune_pending_statuses(add(at(1), week))
                .await
                .unwrap(),
            1,
            "never trust the sender's clock"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_requeued_message_forgets_the_pricing_of_its_previous_attempt() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let reply = reply_sent_as(&f, "wamid.first").await;
        let delivered = status_with(&f, "wamid.first", Delivered, at(22), Some(service()));
        f.ingest(at(22), vec![delivered]).await;
        f.store
            .set_message_status(f.org.id, reply.id, Failed, None, at(23))
            .await
            .unwrap();
        let job = NewJob {
            kind: "message.send".into(),
            payload: serde_json::json!({}),
            run_at: at(24),
            max_attempts: 3,
        };
        let requeued = f
            .store
            .requeue_message(f.org.id, reply.id, &job, at(24))
            .await
            .unwrap();
        assert_eq!(requeued.provider_message_id, None);
        assert_eq!(requeued.pricing, None);
        db.cleanup().await;
    }
}
