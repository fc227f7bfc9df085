//! The resident panel's store side: an agent's name and notes survive the resident's next
//! message; a blocked resident's messages are stored on both ingest paths (set-based and
//! one by one) without reopening, waking or queueing anything; the labels taxonomy.

use loket_domain::conversation::ConversationStatus;
use loket_domain::delivery::DeliveryStatus;
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

const RESIDENT: &str = "31612345678";

fn resolved() -> ConversationPatch {
    ConversationPatch {
        status: Some(ConversationStatus::Resolved),
        ..Default::default()
    }
}

#[tokio::test]
async fn an_agents_name_and_notes_for_a_resident_survive_their_next_message() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.1", RESIDENT, at(10))).await;
        let contact = f
            .store
            .get_conversation(f.org.id, conversation)
            .await
            .unwrap()
            .contact_id;
        let patch = ContactPatch {
            name: Some(Some("Mevr. De Vries".into())),
            notes: Some(Some("Slechthorend".into())),
        };
        f.store
            .update_contact(f.org.id, contact, &patch, at(11))
            .await
            .unwrap();
        f.ingest_new(text("wamid.2", RESIDENT, at(12))).await;
        let found = f.store.get_contact(f.org.id, contact).await.unwrap();
        assert_eq!(found.display_name.as_deref(), Some("Mevr. De Vries"));
        assert_eq!(found.notes.as_deref(), Some("Slechthorend"));
        assert_eq!(found.name_set_at, Some(at(11)));
        let other = Fixture::named(&db, "andere", "pnid-andere").await.org.id;
        let refused = f.store.update_contact(other, contact, &patch, at(13)).await;
        assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
    }
}

#[tokio::test]
async fn a_blocked_residents_messages_are_kept_on_both_ingest_paths_without_reopening_or_queueing()
{
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.1", RESIDENT, at(10))).await;
        f.store
            .update_conversation(f.org.id, conversation, &resolved(), at(11))
            .await
            .unwrap();
        let agent = f.member("agent@utrecht.nl").await;
        let blocked = (f.store)
            .set_contact_blocked(f.org.id, conversation, true, Some(agent), at(12))
            .await
            .unwrap();
        assert_eq!(
            (blocked.blocked_at, blocked.blocked_by),
            (Some(at(12)), Some(agent))
        );

        // Set-based: a run of plain messages. One by one: a message beside a status.
        let (_, set_based, _) = f.ingest_new(text("wamid.2", RESIDENT, at(20))).await;
        let items = vec![
            f.item(text("wamid.3", RESIDENT, at(30))),
            f.status_item("wamid.unknown", DeliveryStatus::Read, at(30)),
        ];
        let outcomes = f.ingest(at(30), items).await;
        let ItemOutcome::MessageCreated {
            conversation_id: one_by_one,
            change,
            ..
        } = &outcomes[0]
        else {
            panic!("{outcomes:?}");
        };
        assert_eq!((set_based, *one_by_one), (conversation, conversation));
        assert_eq!(*change, ConversationChange::Continued);
        let c = f
            .store
            .get_conversation(f.org.id, conversation)
            .await
            .unwrap();
        assert_eq!(c.status, ConversationStatus::Resolved);
        assert!(c.waiting_since.is_none(), "not in the queue");
        assert_eq!(
            f.store
                .list_messages(f.org.id, conversation)
                .await
                .unwrap()
                .len(),
            3
        );
        let kinds: Vec<&str> = (f
            .store
            .list_conversation_events(f.org.id, conversation)
            .await)
            .unwrap()
            .iter()
            .map(|e| e.kind.name())
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        assert!(
            kinds.contains(&"resident_blocked") && !kinds.contains(&"reopened"),
            "{kinds:?}"
        );

        f.store
            .set_contact_blocked(f.org.id, conversation, false, Some(agent), at(40))
            .await
            .unwrap();
        let (_, again, change) = f.ingest_new(text("wamid.4", RESIDENT, at(50))).await;
        assert_eq!(
            (again, change),
            (conversation, ConversationChange::Reopened)
        );
    }
}

#[tokio::test]
async fn labels_are_kept_per_organisation_renamed_and_deactivated_by_slug() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let label = |name: &str, active| Label {
            slug: "paspoort".into(),
            name: name.into(),
            group: "Producten".into(),
            active,
        };
        f.store
            .put_label(f.org.id, &label("Paspoort", true), at(1))
            .await
            .unwrap();
        f.store
            .put_label(f.org.id, &label("Paspoort aanvragen", false), at(2))
            .await
            .unwrap();
        let labels = f.store.list_labels(f.org.id).await.unwrap();
        assert_eq!(labels, vec![label("Paspoort aanvragen", false)]);
        let other = Fixture::named(&db, "andere", "pnid-andere").await.org.id;
        assert!(f.store.list_labels(other).await.unwrap().is_empty());
    }
}
