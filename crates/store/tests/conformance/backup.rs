//! `backup`: an online copy on SQLite; PostgreSQL defers to its own tools.

use loket_domain::message::Content;
use loket_store::testing::test_databases;
use loket_store::{Backend, PageRequest};

use super::support::*;

#[tokio::test]
async fn a_sqlite_backup_is_a_working_copy_and_postgres_points_to_its_own_tools() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.b1", "31612345678", at(10))).await;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("copy.db");
        let target = target.to_str().unwrap();
        match db.backend {
            Backend::Sqlite => {
                f.store.backup(target).await.unwrap();
                let copy = loket_store::connect(&format!("sqlite://{target}"))
                    .await
                    .unwrap();
                let page = copy
                    .list_conversations(
                        f.org.id,
                        &Default::default(),
                        PageRequest {
                            after: None,
                            limit: 10,
                        },
                    )
                    .await
                    .unwrap();
                assert_eq!(page.items.len(), 1);
                assert_eq!(page.items[0].id, conversation);
                let messages = copy.list_messages(f.org.id, conversation).await.unwrap();
                assert!(matches!(&messages[0].content, Content::Text { body } if !body.is_empty()));
                assert!(
                    f.store.backup(target).await.is_err(),
                    "an existing file is never overwritten"
                );
            }
            Backend::Postgres => {
                let err = f.store.backup(target).await.unwrap_err();
                assert!(err.to_string().contains("pg_dump"), "{err}");
            }
        }
        db.cleanup().await;
    }
}
