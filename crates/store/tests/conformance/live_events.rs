//! The live event log: org-scoped reads after an id, ids in commit order even when
//! appends race, pruning by age, and (PostgreSQL) a notification per append.

use std::time::Duration;

use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn event(org: loket_domain::OrgId, data: &str, secs: i64) -> NewLiveEvent {
    NewLiveEvent {
        org_id: org,
        data: data.to_owned(),
        at: at(secs),
    }
}

#[tokio::test]
async fn live_events_are_read_after_an_id_and_only_for_their_organisation() {
    for db in test_databases().await {
        let a = Fixture::new(&db).await;
        let b = Fixture::named(&db, "andere", "2002").await;
        let ids = a
            .store
            .append_live_events(&[
                event(a.org.id, r#"{"n":1}"#, 1),
                event(b.org.id, r#"{"n":2}"#, 2),
                event(a.org.id, r#"{"n":3}"#, 3),
            ])
            .await
            .unwrap();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");

        let mine = a
            .store
            .live_events_after(ids[0], Some(a.org.id), 100)
            .await
            .unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!((mine[0].id, mine[0].data.as_str()), (ids[2], r#"{"n":3}"#));
        assert_eq!(mine[0].at, at(3));

        let all = a.store.live_events_after(0, None, 100).await.unwrap();
        assert_eq!(all.iter().map(|e| e.id).collect::<Vec<_>>(), ids);
        let limited = a.store.live_events_after(0, None, 2).await.unwrap();
        assert_eq!(limited.len(), 2);
        assert_eq!(
            a.store.live_event_bounds().await.unwrap(),
            Some((ids[0], ids[2]))
        );
        assert!(a.store.append_live_events(&[]).await.unwrap().is_empty());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn pruning_removes_old_events_and_ids_are_never_reused() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        assert_eq!(f.store.live_event_bounds().await.unwrap(), None);
        let first = f
            .store
            .append_live_events(&[event(f.org.id, "{}", 10), event(f.org.id, "{}", 20)])
            .await
            .unwrap();
        assert_eq!(f.store.prune_live_events(at(15)).await.unwrap(), 1);
        assert_eq!(f.store.prune_live_events(at(25)).await.unwrap(), 1);
        assert_eq!(f.store.live_event_bounds().await.unwrap(), None);
        let next = f
            .store
            .append_live_events(&[event(f.org.id, "{}", 30)])
            .await
            .unwrap();
        assert!(
            next[0] > first[1],
            "an id was reused: {first:?} then {next:?}"
        );
        db.cleanup().await;
    }
}

/// Many appenders at once: whenever a reader sees id N, every id below N that will ever
/// exist is already visible (a reader that resumes after N skips nothing).
#[tokio::test]
async fn racing_appends_become_visible_in_id_order() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let org = f.org.id;
        let mut writers = Vec::new();
        for w in 0..4 {
            let store = match db.backend {
                // Separate pools, as separate instances would have.
                Backend::Postgres => connect(&db.url).await.unwrap(),
                Backend::Sqlite => f.store.clone(),
            };
            writers.push(tokio::spawn(async move {
                for i in 0..25 {
                    store
                        .append_live_events(&[event(org, "{}", w * 100 + i)])
                        .await
                        .unwrap();
                }
            }));
        }
        let mut seen = 0;
        let mut delivered = Vec::new();
        while delivered.len() < 100 {
            for e in f.store.live_events_after(seen, None, 1000).await.unwrap() {
                seen = e.id;
                delivered.push(e.id);
            }
            tokio::task::yield_now().await;
        }
        for w in writers {
            w.await.unwrap();
        }
        let all: Vec<i64> = f
            .store
            .live_events_after(0, None, 1000)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(
            delivered, all,
            "a reader resuming after its last id skipped events"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn postgres_appends_notify_listeners_and_sqlite_has_none() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let listener = f.store.listen_live_events().await.unwrap();
        match (db.backend, listener) {
            (Backend::Sqlite, None) => {}
            (Backend::Postgres, Some(mut listener)) => {
                let other = connect(&db.url).await.unwrap();
                other
                    .append_live_events(&[event(f.org.id, "{}", 1)])
                    .await
                    .unwrap();
                let woke = tokio::time::timeout(Duration::from_secs(5), listener.wait())
                    .await
                    .expect("a notification within 5 s")
                    .unwrap();
                assert_eq!(woke, LiveWake::Appended);
            }
            (backend, listener) => panic!("{backend:?} listener: {}", listener.is_some()),
        }
        db.cleanup().await;
    }
}
