//! The floor benchmark's table: every row inserted, the unique index enforced, nothing left.

use loket_store::Backend;
use loket_store::floor::{FloorRow, floor};
use loket_store::testing::{TestDb, test_databases};
use sqlx::Connection;

fn rows(n: usize) -> Vec<FloorRow> {
    (0..n)
        .map(|i| FloorRow {
            channel: "channel-1".into(),
            provider_message_id: format!("wamid.{i}"),
            payload: format!("{{\"body\":\"bericht {i}\"}}"),
        })
        .collect()
}

/// What the floor may have left behind: files beside the SQLite database, PostgreSQL schemas.
async fn leftovers(db: &TestDb) -> Vec<String> {
    match db.backend {
        Backend::Sqlite => {
            let path = db.url.trim_start_matches("sqlite://");
            let dir = std::path::Path::new(path).parent().unwrap();
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with("loket-floor-"))
                .collect()
        }
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
            sqlx::query_scalar(
                "select schema_name::text from information_schema.schemata
                 where schema_name like 'loket_floor_%'",
            )
            .fetch_all(&mut conn)
            .await
            .unwrap()
        }
    }
}

#[tokio::test]
async fn the_floor_inserts_every_row_in_statements_of_the_given_size_and_leaves_nothing_behind() {
    for db in test_databases().await {
        let report = floor(&db.url, &rows(250), 100).await.unwrap();
        assert_eq!((report.rows, report.commits), (250, 3));
        assert!(report.throughput() > 0.0);
        assert_eq!(leftovers(&db).await, Vec::<String>::new());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_floor_table_refuses_a_provider_id_twice_like_the_messages_table() {
    for db in test_databases().await {
        let mut twice = rows(3);
        twice.push(twice[0].clone());
        assert!(floor(&db.url, &twice, 10).await.is_err());
        assert_eq!(leftovers(&db).await, Vec::<String>::new());
        db.cleanup().await;
    }
}
