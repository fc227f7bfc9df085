use std::time::Duration;

use loket_domain::time::add;
use loket_store::testing::test_databases;

use super::support::*;

#[tokio::test]
async fn a_job_is_claimed_once_when_due_and_again_when_its_lease_expires() {
    for db in test_databases().await {
        let store = db.store.clone();
        assert_eq!(store.claim_next_job(at(0), HOUR).await.unwrap(), None);
        let later = store
            .enqueue_job(&job("later", at(100)), at(0))
            .await
            .unwrap();
        let now = store.enqueue_job(&job("now", at(0)), at(0)).await.unwrap();

        let stats = store.queue_stats(at(0)).await.unwrap();
        assert_eq!((stats.depth, stats.oldest_due), (2, Some(at(0))));
        let claimed = store
            .claim_next_job(at(0), Duration::from_secs(60))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (claimed.id, claimed.attempts, claimed.max_attempts),
            (now, 1, 3)
        );
        assert_eq!(claimed.payload, serde_json::json!({ "kind": "now" }));
        // Leased: nobody else gets it; the other job is not due yet.
        assert_eq!(store.claim_next_job(at(10), HOUR).await.unwrap(), None);
        assert_eq!(store.queue_stats(at(10)).await.unwrap().oldest_due, None);

        // The worker died: after the lease the job is due again, counting a second attempt.
        let again = store
            .claim_next_job(add(at(0), Duration::from_secs(61)), HOUR)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((again.id, again.attempts), (now, 2));
        store.complete_job(now).await.unwrap();

        let next = store.claim_next_job(at(100), HOUR).await.unwrap().unwrap();
        assert_eq!(next.id, later);
        store.complete_job(later).await.unwrap();
        assert_eq!(store.queue_stats(at(1000)).await.unwrap().depth, 0);
        assert_eq!(store.claim_next_job(at(10_000), HOUR).await.unwrap(), None);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_retried_job_runs_again_later_with_its_error_and_a_failed_one_never() {
    for db in test_databases().await {
        let store = db.store.clone();
        let id = store.enqueue_job(&job("send", at(0)), at(0)).await.unwrap();
        store.claim_next_job(at(0), HOUR).await.unwrap().unwrap();
        store.retry_job(id, at(50), "timeout").await.unwrap();
        assert_eq!(store.claim_next_job(at(49), HOUR).await.unwrap(), None);
        let retried = store.claim_next_job(at(50), HOUR).await.unwrap().unwrap();
        assert_eq!(
            (
                retried.attempts,
                retried.last_error.as_deref(),
                retried.run_at
            ),
            (2, Some("timeout"), at(50))
        );

        store.fail_job(id, "gave up").await.unwrap();
        assert_eq!(store.claim_next_job(at(100_000), HOUR).await.unwrap(), None);
        assert_eq!(store.queue_stats(at(100_000)).await.unwrap().depth, 0);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_job_out_of_attempts_is_not_claimed_again() {
    for db in test_databases().await {
        let store = db.store.clone();
        let mut once = job("once", at(0));
        once.max_attempts = 1;
        store.enqueue_job(&once, at(0)).await.unwrap();
        assert!(
            store
                .claim_next_job(at(0), Duration::from_secs(10))
                .await
                .unwrap()
                .is_some()
        );
        // Its lease expires but it has no attempts left: it fails instead of lingering.
        assert_eq!(store.claim_next_job(at(100), HOUR).await.unwrap(), None);
        assert_eq!(store.queue_stats(at(100)).await.unwrap().depth, 0);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn unknown_job_ids_answer_not_found() {
    for db in test_databases().await {
        let id = loket_domain::JobId::new_at(at(0));
        assert!(matches!(
            db.store.complete_job(id).await,
            Err(loket_store::StoreError::NotFound)
        ));
        assert!(matches!(
            db.store.fail_job(id, "x").await,
            Err(loket_store::StoreError::NotFound)
        ));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_postponed_job_runs_later_without_consuming_an_attempt() {
    for db in test_databases().await {
        let store = db.store.clone();
        let mut once = job("send", at(0));
        once.max_attempts = 1;
        let id = store.enqueue_job(&once, at(0)).await.unwrap();
        let claimed = store.claim_next_job(at(0), HOUR).await.unwrap().unwrap();
        assert_eq!(claimed.attempts, 1);

        // Rate limited twice: nothing was tried, the single attempt is still there.
        store.postpone_job(id, at(30)).await.unwrap();
        assert_eq!(store.claim_next_job(at(29), HOUR).await.unwrap(), None);
        let stats = store.queue_stats(at(30)).await.unwrap();
        assert_eq!((stats.depth, stats.oldest_due), (1, Some(at(30))));
        assert_eq!(
            store
                .claim_next_job(at(30), HOUR)
                .await
                .unwrap()
                .unwrap()
                .attempts,
            1
        );
        store.postpone_job(id, at(60)).await.unwrap();
        let again = store.claim_next_job(at(60), HOUR).await.unwrap().unwrap();
        assert_eq!((again.id, again.attempts, again.run_at), (id, 1, at(60)));

        let unknown = loket_domain::JobId::new_at(at(0));
        assert!(matches!(
            store.postpone_job(unknown, at(0)).await,
            Err(loket_store::StoreError::NotFound)
        ));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_retry_without_attempts_left_fails_the_job_instead_of_leaving_it_stuck() {
    for db in loket_store::testing::test_databases().await {
        let store = db.store.clone();
        let job = loket_store::NewJob {
            kind: "test.once".into(),
            payload: serde_json::json!({}),
            run_at: super::support::at(0),
            max_attempts: 1,
        };
        store
            .enqueue_job(&job, super::support::at(0))
            .await
            .unwrap();
        let claimed = store
            .claim_next_job(super::support::at(1), std::time::Duration::from_secs(60))
            .await
            .unwrap()
            .unwrap();
        store
            .retry_job(claimed.id, super::support::at(2), "still broken")
            .await
            .unwrap();
        assert_eq!(
            store
                .queue_stats(super::support::at(10))
                .await
                .unwrap()
                .depth,
            0,
            "failed, not queued forever"
        );
        assert!(
            store
                .claim_next_job(super::support::at(10), std::time::Duration::from_secs(60))
                .await
                .unwrap()
                .is_none()
        );
        db.cleanup().await;
    }
}
