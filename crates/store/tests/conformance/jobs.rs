use std::time::Duration;

use loket_domain::time::add;
use loket_store::JobLease;
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
        assert!(store.complete_job(again.lease()).await.unwrap());

        let next = store.claim_next_job(at(100), HOUR).await.unwrap().unwrap();
        assert_eq!(next.id, later);
        assert!(store.complete_job(next.lease()).await.unwrap());
        assert_eq!(store.queue_stats(at(1000)).await.unwrap().depth, 0);
        assert_eq!(store.claim_next_job(at(10_000), HOUR).await.unwrap(), None);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_retried_job_runs_again_later_with_its_error_and_a_failed_one_never() {
    for db in test_databases().await {
        let store = db.store.clone();
        store.enqueue_job(&job("send", at(0)), at(0)).await.unwrap();
        let first = store.claim_next_job(at(0), HOUR).await.unwrap().unwrap();
        store
            .retry_job(first.lease(), at(50), "timeout")
            .await
            .unwrap();
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

        store.fail_job(retried.lease(), "gave up").await.unwrap();
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
        let id = store.enqueue_job(&once, at(0)).await.unwrap();
        assert!(
            store
                .claim_next_job(at(0), Duration::from_secs(10))
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(store.fail_exhausted_jobs(at(5)).await.unwrap(), vec![]);
        // Its lease expires but it has no attempts left: never claimed again, and failed
        // (returned, so the worker shows it on its message or media) instead of lingering.
        assert_eq!(store.claim_next_job(at(100), HOUR).await.unwrap(), None);
        let failed = store.fail_exhausted_jobs(at(100)).await.unwrap();
        assert_eq!(failed.iter().map(|j| j.id).collect::<Vec<_>>(), vec![id]);
        assert_eq!(store.fail_exhausted_jobs(at(100)).await.unwrap(), vec![]);
        assert_eq!(store.queue_stats(at(100)).await.unwrap().depth, 0);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn unknown_job_ids_change_nothing() {
    for db in test_databases().await {
        let lease = JobLease {
            id: loket_domain::JobId::new_at(at(0)),
            claim: 1,
        };
        assert!(!db.store.complete_job(lease).await.unwrap());
        assert!(!db.store.fail_job(lease, "x").await.unwrap());
        assert!(!db.store.postpone_job(lease, at(0)).await.unwrap());
        db.cleanup().await;
    }
}

/// A worker whose lease expired while it was still busy (a long media fetch) and the worker
/// that took the job over both finish it: only the latest claim counts.
#[tokio::test]
async fn a_stale_worker_can_neither_complete_nor_retry_nor_fail_a_job_taken_over() {
    for db in test_databases().await {
        let store = db.store.clone();
        let id = store
            .enqueue_job(&job("fetch", at(0)), at(0))
            .await
            .unwrap();
        let stale = store
            .claim_next_job(at(0), Duration::from_secs(60))
            .await
            .unwrap()
            .unwrap();
        let current = store.claim_next_job(at(61), HOUR).await.unwrap().unwrap();
        assert_eq!(current.id, id);
        assert_ne!(stale.lease(), current.lease());

        // The stale worker finishes first: none of its verdicts lands.
        assert!(!store.complete_job(stale.lease()).await.unwrap());
        assert!(
            !store
                .retry_job(stale.lease(), at(62), "late")
                .await
                .unwrap()
        );
        assert!(!store.postpone_job(stale.lease(), at(62)).await.unwrap());
        assert!(!store.fail_job(stale.lease(), "late").await.unwrap());
        // Still leased to the current worker: nobody can claim it, nothing was retried.
        assert_eq!(store.claim_next_job(at(100), HOUR).await.unwrap(), None);
        assert_eq!(store.queue_stats(at(100)).await.unwrap().depth, 1);

        // The current worker fails it, then the stale one's completion comes in: it stays
        // failed, and it never runs again.
        assert!(
            store
                .retry_job(current.lease(), at(200), "try later")
                .await
                .unwrap()
        );
        assert!(!store.complete_job(stale.lease()).await.unwrap());
        let third = store.claim_next_job(at(200), HOUR).await.unwrap().unwrap();
        assert_eq!(
            (third.attempts, third.last_error.as_deref()),
            (3, Some("try later"))
        );
        assert!(store.fail_job(third.lease(), "gave up").await.unwrap());
        assert!(!store.complete_job(third.lease()).await.unwrap());
        assert!(!store.complete_job(current.lease()).await.unwrap());
        assert_eq!(store.queue_stats(at(10_000)).await.unwrap().depth, 0);
        assert_eq!(store.claim_next_job(at(10_000), HOUR).await.unwrap(), None);
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
        assert!(store.postpone_job(claimed.lease(), at(30)).await.unwrap());
        assert_eq!(store.claim_next_job(at(29), HOUR).await.unwrap(), None);
        let stats = store.queue_stats(at(30)).await.unwrap();
        assert_eq!((stats.depth, stats.oldest_due), (1, Some(at(30))));
        let second = store.claim_next_job(at(30), HOUR).await.unwrap().unwrap();
        assert_eq!(second.attempts, 1);
        assert!(store.postpone_job(second.lease(), at(60)).await.unwrap());
        let again = store.claim_next_job(at(60), HOUR).await.unwrap().unwrap();
        assert_eq!((again.id, again.attempts, again.run_at), (id, 1, at(60)));
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
            .retry_job(claimed.lease(), super::support::at(2), "still broken")
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

#[tokio::test]
async fn a_worker_may_extend_its_lease_before_a_long_transfer_but_not_once_taken_over() {
    for db in test_databases().await {
        let store = db.store.clone();
        store
            .enqueue_job(&job("fetch", at(0)), at(0))
            .await
            .unwrap();
        let first = store
            .claim_next_job(at(0), Duration::from_secs(60))
            .await
            .unwrap()
            .unwrap();
        assert!(store.extend_lease(first.lease(), at(600)).await.unwrap());
        // A shorter extension never shortens the lease.
        assert!(store.extend_lease(first.lease(), at(30)).await.unwrap());
        assert_eq!(store.claim_next_job(at(599), HOUR).await.unwrap(), None);

        let second = store.claim_next_job(at(601), HOUR).await.unwrap().unwrap();
        assert!(!store.extend_lease(first.lease(), at(10_000)).await.unwrap());
        assert!(store.complete_job(second.lease()).await.unwrap());
        assert!(
            !store
                .extend_lease(second.lease(), at(10_000))
                .await
                .unwrap()
        );
        db.cleanup().await;
    }
}
