//! Internal notes: stored on a conversation of the organisation, listed oldest first with
//! their mentions, and another organisation's conversation reads and writes as not found.

use loket_domain::{ConversationId, NoteId, OrgId, UserId};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn note(
    org: OrgId,
    conversation: ConversationId,
    author: UserId,
    body: &str,
    mentions: Vec<UserId>,
    secs: i64,
) -> NewNote {
    NewNote {
        id: NoteId::new_at(at(secs)),
        org_id: org,
        conversation_id: conversation,
        author_id: author,
        body: body.into(),
        mentions,
        created_at: at(secs),
    }
}

#[tokio::test]
async fn notes_are_listed_oldest_first_with_their_author_and_mentions() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let anna = f.member("anna@utrecht.nl").await;
        let bram = f.member("bram@utrecht.nl").await;
        let (_, conversation, _) = f.ingest_new(text("wamid.n1", "31611111111", at(10))).await;
        let (_, other, _) = f.ingest_new(text("wamid.n2", "31622222222", at(11))).await;

        let later = note(
            f.org.id,
            conversation,
            anna,
            "Bel @bram even",
            vec![bram],
            30,
        );
        let earlier = note(
            f.org.id,
            conversation,
            bram,
            "Paspoort <b>kwijt</b>",
            vec![],
            20,
        );
        f.store.insert_note(&later).await.unwrap();
        f.store.insert_note(&earlier).await.unwrap();
        let elsewhere = note(f.org.id, other, anna, "Andere zaak", vec![], 25);
        f.store.insert_note(&elsewhere).await.unwrap();

        let notes = f.store.list_notes(f.org.id, conversation).await.unwrap();
        assert_eq!(notes, vec![earlier, later]);
        assert!(f.store.list_notes(f.org.id, other).await.unwrap().len() == 1);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisations_conversation_has_no_notes_to_read_or_write() {
    for db in test_databases().await {
        let a = Fixture::new(&db).await;
        let b = Fixture::named(&db, "andere", "2002").await;
        let anna = a.member("anna@utrecht.nl").await;
        let (_, conversation, _) = a.ingest_new(text("wamid.n3", "31611111111", at(10))).await;
        a.store
            .insert_note(&note(
                a.org.id,
                conversation,
                anna,
                "Alleen voor ons",
                vec![],
                20,
            ))
            .await
            .unwrap();

        let foreign = note(b.org.id, conversation, anna, "Inbraak", vec![], 21);
        assert!(matches!(
            b.store.insert_note(&foreign).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            b.store.list_notes(b.org.id, conversation).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            a.store
                .list_notes(a.org.id, ConversationId::new_at(at(1)))
                .await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            a.store
                .list_notes(a.org.id, conversation)
                .await
                .unwrap()
                .len(),
            1
        );
        db.cleanup().await;
    }
}
