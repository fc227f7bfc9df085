//! `StoreError::Busy`: the database said "not now", provoked for real on each backend.

use std::str::FromStr;

use loket_store::testing::test_databases;
use loket_store::{Backend, StoreError};
use sqlx::Connection;
use sqlx::postgres::PgConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

#[tokio::test]
async fn a_write_lock_held_elsewhere_is_reported_as_busy() {
    for db in test_databases().await {
        if db.backend != Backend::Sqlite {
            db.cleanup().await;
            continue;
        }
        let options = SqliteConnectOptions::from_str(&db.url)
            .unwrap()
            .busy_timeout(std::time::Duration::ZERO);
        let mut holder = SqliteConnection::connect_with(&options).await.unwrap();
        let mut other = SqliteConnection::connect_with(&options).await.unwrap();
        sqlx::query("begin immediate")
            .execute(&mut holder)
            .await
            .unwrap();
        let refused = sqlx::query("begin immediate")
            .execute(&mut other)
            .await
            .unwrap_err();
        let error = StoreError::from(refused);
        assert!(error.is_busy(), "{error:?}");
        sqlx::query("rollback").execute(&mut holder).await.unwrap();
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_deadlock_between_two_transactions_is_reported_as_busy() {
    for db in test_databases().await {
        if db.backend != Backend::Postgres {
            db.cleanup().await;
            continue;
        }
        let mut a = PgConnection::connect(&db.url).await.unwrap();
        let mut b = PgConnection::connect(&db.url).await.unwrap();
        let lock = "select pg_advisory_xact_lock($1)";
        sqlx::query("begin").execute(&mut a).await.unwrap();
        sqlx::query("begin").execute(&mut b).await.unwrap();
        sqlx::query(lock).bind(1_i64).execute(&mut a).await.unwrap();
        sqlx::query(lock).bind(2_i64).execute(&mut b).await.unwrap();
        // Each now waits for the other's lock: PostgreSQL breaks the cycle by failing one.
        let (ra, rb) = tokio::join!(
            sqlx::query(lock).bind(2_i64).execute(&mut a),
            sqlx::query(lock).bind(1_i64).execute(&mut b),
        );
        let failed: Vec<StoreError> = [ra.err(), rb.err()]
            .into_iter()
            .flatten()
            .map(StoreError::from)
            .collect();
        assert_eq!(failed.len(), 1, "{failed:?}");
        assert!(failed[0].is_busy(), "{:?}", failed[0]);
        drop((a, b));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_broken_rule_is_a_conflict_and_not_busy() {
    for db in test_databases().await {
        let sql = "insert into organisations (id) values (null)";
        let error = db.execute_sql(sql).await.unwrap_err();
        assert!(!error.is_busy(), "{error:?}");
        db.cleanup().await;
    }
}
