//! What bounds AVG erasure per resident (issue 10 §5), on the store: a legal hold stops the
//! steps, another organisation cannot reach the resident, and every table of the schema is
//! registered as holding personal data (and erased) or not.

use loket_store::testing::test_databases;
use loket_store::*;

use super::erasure::{a_resident_everywhere, traces};
use super::support::*;

#[tokio::test]
async fn a_legal_hold_stops_erasure_and_another_organisation_cannot_reach_the_resident() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (contact, conversation) = a_resident_everywhere(&f).await;
        db.execute_sql(&format!("update conversations set legal_hold_at = 1, legal_hold_reason = 'bezwaar' where id = '{conversation}'")).await.unwrap();

        let holds = f
            .store
            .resident_legal_holds(f.org.id, contact)
            .await
            .unwrap();
        assert_eq!(holds.len(), 1);
        assert_eq!(
            (holds[0].conversation_id, holds[0].reason.as_deref()),
            (conversation, Some("bezwaar"))
        );
        let step = f
            .store
            .erase_conversation_step(f.org.id, conversation, 10)
            .await;
        assert!(matches!(step, Err(StoreError::Conflict(_))), "{step:?}");
        let contact_step = f.store.erase_contact(f.org.id, contact).await;
        assert!(
            matches!(contact_step, Err(StoreError::Conflict(_))),
            "conversations are left: {contact_step:?}"
        );

        let other = Fixture::named(&db, "zeist", "2002").await.org.id;
        assert!(matches!(
            f.store.resident_conversation_ids(other, contact).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            f.store.resident_legal_holds(other, contact).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            f.store.conversation_blob_keys(other, conversation).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            f.store
                .erase_conversation_step(other, conversation, 10)
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            f.store.erase_contact(other, contact).await,
            Err(StoreError::NotFound)
        ));
        assert!(
            traces(&db).await.iter().any(|t| t.starts_with("messages.")),
            "nothing was erased"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn every_table_in_the_schema_is_registered_as_holding_personal_data_or_not() {
    for db in test_databases().await {
        let tables = db.table_names().await.unwrap();
        let unregistered: Vec<&String> = tables
            .iter()
            .filter(|t| !TABLE_REGISTRY.iter().any(|(name, _)| name == t))
            .collect();
        assert!(
            unregistered.is_empty(),
            "tables not in loket_store::TABLE_REGISTRY (decide whether they hold personal data and how erasure removes it): {unregistered:?}"
        );
        let stale: Vec<&str> = TABLE_REGISTRY
            .iter()
            .map(|(name, _)| *name)
            .filter(|n| !tables.iter().any(|t| t == n))
            .collect();
        assert!(
            stale.is_empty(),
            "registered tables the schema does not have: {stale:?}"
        );
        db.cleanup().await;
    }
}
