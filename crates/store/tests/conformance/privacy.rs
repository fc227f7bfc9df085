//! Privacy (issue 10): each organisation's policy as configured, and the findings stored
//! with a message — through the set-based path and the one-by-one path alike.

use loket_domain::MessageId;
use loket_domain::delivery::DeliveryStatus;
use loket_domain::pii::PiiKind;
use loket_domain::privacy::masking::StoredFinding;
use loket_domain::privacy::{KindAction, OutboundBsn, PrivacyPolicy};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn masked_bsn() -> StoredFinding {
    StoredFinding {
        kind: PiiKind::Bsn,
        value: None,
        start: 8,
        end: 13,
        masked: true,
    }
}

fn item_with_findings(f: &Fixture, provider_id: &str, secs: i64) -> (MessageId, IngestItem) {
    let mut item = f.item(text(provider_id, "31611111111", at(secs)));
    let IngestItem::Message {
        message_id,
        pii,
        findings,
        ..
    } = &mut item
    else {
        unreachable!()
    };
    *pii = vec![PiiKind::Bsn];
    *findings = vec![masked_bsn()];
    (*message_id, item)
}

#[tokio::test]
async fn an_organisation_without_a_policy_gets_the_defaults_and_a_set_one_round_trips() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "amersfoort", "2002").await;
        assert_eq!(
            f.store.privacy_policy(f.org.id).await.unwrap(),
            PrivacyPolicy::default()
        );
        let mut policy = PrivacyPolicy::default();
        policy.actions.insert(PiiKind::Email, KindAction::Mask);
        policy.outbound_bsn = OutboundBsn::Confirm;
        policy.notice = "Deel uw BSN liever niet. \u{1F600} <b>".into();
        f.store
            .set_privacy_policy(f.org.id, Some(&policy))
            .await
            .unwrap();
        assert_eq!(f.store.privacy_policy(f.org.id).await.unwrap(), policy);
        // Another organisation's policy is its own.
        assert_eq!(
            other.store.privacy_policy(other.org.id).await.unwrap(),
            PrivacyPolicy::default()
        );
        // Removed from the configuration: back to the defaults.
        f.store.set_privacy_policy(f.org.id, None).await.unwrap();
        assert_eq!(
            f.store.privacy_policy(f.org.id).await.unwrap(),
            PrivacyPolicy::default()
        );
    }
}

#[tokio::test]
async fn a_policy_for_an_unknown_organisation_is_not_found() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let unknown = loket_domain::OrgId::new_at(at(5));
        let err = f
            .store
            .set_privacy_policy(unknown, Some(&PrivacyPolicy::default()))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound), "{err:?}");
    }
}

#[tokio::test]
async fn findings_are_stored_with_the_message_on_the_set_based_path() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (id, item) = item_with_findings(&f, "wamid.f1", 10);
        f.ingest(at(10), vec![item]).await;
        let stored = f.store.get_message(f.org.id, id).await.unwrap();
        assert_eq!(stored.findings, vec![masked_bsn()]);
        assert_eq!(stored.pii, vec![PiiKind::Bsn]);
    }
}

#[tokio::test]
async fn findings_are_stored_with_the_message_on_the_one_by_one_path() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (id, item) = item_with_findings(&f, "wamid.f2", 10);
        // A status in the same request sends the whole request one by one.
        let status = f.status_item("wamid.unknown", DeliveryStatus::Sent, at(10));
        f.ingest(at(10), vec![item, status]).await;
        let stored = f.store.get_message(f.org.id, id).await.unwrap();
        assert_eq!(stored.findings, vec![masked_bsn()]);
        // A message without findings reads back an empty list.
        let (plain, _, _) = f.ingest_new(text("wamid.f3", "31611111111", at(20))).await;
        let plain = f.store.get_message(f.org.id, plain).await.unwrap();
        assert!(plain.findings.is_empty());
    }
}
