//! The knowledge base: articles unique by external id per organisation, never seen or
//! changed through another organisation; feedback that names only the organisation's own
//! articles and conversations and survives the conversation's erasure without its id.
//! Synonyms, the change stamp and feedback counts: `knowledge_admin.rs`.

use loket_domain::{KbArticleId, KbFeedbackId, OrgId};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn article(org: OrgId, external_id: Option<&str>, title: &str) -> KnowledgeArticle {
    KnowledgeArticle {
        id: KbArticleId::new_at(at(1)),
        org_id: org,
        external_id: external_id.map(str::to_owned),
        title: title.into(),
        body: "Ga naar **het gemeentehuis**.".into(),
        short_answer_je: Some("Je kunt langskomen.".into()),
        short_answer_u: Some("U kunt langskomen.".into()),
        tags: vec!["Paspoort".into(), "Reizen".into()],
        department: Some("Burgerzaken".into()),
        review_date: Some(jiff::civil::date(2027, 3, 1)),
        source_url: Some("https://www.rijksoverheid.nl/vraag".into()),
        created_at: at(1),
        updated_at: at(1),
        edited_at: None,
        imported_at: Some(at(1)),
    }
}

#[tokio::test]
async fn articles_round_trip_and_are_listed_by_title() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let b = article(f.org.id, Some("b-1"), "Paspoort kwijt");
        let a = KnowledgeArticle {
            external_id: None,
            short_answer_je: None,
            review_date: None,
            tags: vec![],
            ..article(f.org.id, None, "Afval scheiden")
        };
        f.store.insert_kb_article(&b).await.unwrap();
        f.store.insert_kb_article(&a).await.unwrap();
        let listed = f.store.list_kb_articles(f.org.id).await.unwrap();
        assert_eq!(listed, vec![a.clone(), b.clone()]);
        assert_eq!(f.store.get_kb_article(f.org.id, b.id).await.unwrap(), b);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_external_id_is_unique_within_an_organisation_but_not_across_them() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        let first = article(f.org.id, Some("x-1"), "Een");
        f.store.insert_kb_article(&first).await.unwrap();
        let again = f
            .store
            .insert_kb_article(&article(f.org.id, Some("x-1"), "Twee"))
            .await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
        other
            .store
            .insert_kb_article(&article(other.org.id, Some("x-1"), "Een"))
            .await
            .unwrap();
        // Articles written in the editor have no external id: any number of them.
        for title in ["Drie", "Vier"] {
            f.store
                .insert_kb_article(&article(f.org.id, None, title))
                .await
                .unwrap();
        }
        assert_eq!(f.store.list_kb_articles(f.org.id).await.unwrap().len(), 3);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_article_is_read_changed_and_deleted_only_through_its_own_organisation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        let original = article(f.org.id, Some("x-1"), "Paspoort kwijt");
        f.store.insert_kb_article(&original).await.unwrap();
        let id = original.id;

        let stolen = KnowledgeArticle {
            org_id: other.org.id,
            title: "Weg".into(),
            ..original.clone()
        };
        let refused = other.store.update_kb_article(&stolen).await;
        assert!(matches!(refused, Err(StoreError::NotFound)));
        let read = other.store.get_kb_article(other.org.id, id).await;
        assert!(matches!(read, Err(StoreError::NotFound)));
        let delete = other.store.delete_kb_article(other.org.id, id).await;
        assert!(matches!(delete, Err(StoreError::NotFound)));
        assert!(
            other
                .store
                .list_kb_articles(other.org.id)
                .await
                .unwrap()
                .is_empty()
        );

        let edited = KnowledgeArticle {
            title: "Paspoort verloren".into(),
            body: "Meld het.".into(),
            short_answer_je: None,
            tags: vec!["Reizen".into()],
            department: None,
            review_date: None,
            source_url: None,
            updated_at: at(5),
            edited_at: Some(at(5)),
            ..original
        };
        f.store.update_kb_article(&edited).await.unwrap();
        assert_eq!(f.store.get_kb_article(f.org.id, id).await.unwrap(), edited);

        f.store.delete_kb_article(f.org.id, id).await.unwrap();
        let gone = f.store.get_kb_article(f.org.id, id).await;
        assert!(matches!(gone, Err(StoreError::NotFound)));
        db.cleanup().await;
    }
}

fn feedback(
    f: &Fixture,
    article: KbArticleId,
    conversation: Option<loket_domain::ConversationId>,
    user: loket_domain::UserId,
    secs: i64,
) -> KnowledgeFeedback {
    KnowledgeFeedback {
        id: KbFeedbackId::new_at(at(secs)),
        org_id: f.org.id,
        article_id: article,
        conversation_id: conversation,
        user_id: user,
        helpful: secs % 2 == 0,
        comment: Some("Mist de kosten".into()),
        at: at(secs),
    }
}

#[tokio::test]
async fn feedback_names_only_the_organisations_own_articles_and_conversations_and_lists_per_conversation()
 {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        let anna = f.member("anna@utrecht.nl").await;
        let mine = article(f.org.id, None, "Paspoort");
        let theirs = article(other.org.id, None, "Rijbewijs");
        f.store.insert_kb_article(&mine).await.unwrap();
        other.store.insert_kb_article(&theirs).await.unwrap();
        let (_, their_conversation, _) = other.ingest_new(text("wamid.z", "31611", at(3))).await;
        let (_, my_conversation, _) = f.ingest_new(text("wamid.u", "31622", at(3))).await;

        let wrong_article = f
            .store
            .insert_kb_feedback(&feedback(&f, theirs.id, None, anna, 4))
            .await;
        assert!(matches!(wrong_article, Err(StoreError::NotFound)));
        let wrong_conversation = f
            .store
            .insert_kb_feedback(&feedback(&f, mine.id, Some(their_conversation), anna, 4))
            .await;
        assert!(matches!(wrong_conversation, Err(StoreError::NotFound)));

        let older = feedback(&f, mine.id, None, anna, 4);
        let newer = feedback(&f, mine.id, Some(my_conversation), anna, 5);
        f.store.insert_kb_feedback(&older).await.unwrap();
        f.store.insert_kb_feedback(&newer).await.unwrap();
        let listed = f.store.list_kb_feedback(f.org.id, mine.id).await.unwrap();
        assert_eq!(listed, vec![newer.clone(), older]);
        let foreign = other.store.list_kb_feedback(other.org.id, mine.id).await;
        assert!(matches!(foreign, Err(StoreError::NotFound)));
        let of_conversation = f
            .store
            .list_kb_feedback_of_conversation(f.org.id, my_conversation);
        assert_eq!(of_conversation.await.unwrap(), vec![newer.clone()]);
        let not_theirs = other
            .store
            .list_kb_feedback_of_conversation(other.org.id, my_conversation);
        assert!(not_theirs.await.unwrap().is_empty());

        // Deleting the article takes its feedback with it.
        f.store.delete_kb_article(f.org.id, mine.id).await.unwrap();
        f.store.insert_kb_article(&mine).await.unwrap();
        assert!(
            f.store
                .list_kb_feedback(f.org.id, mine.id)
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn erasing_a_conversation_keeps_its_feedbacks_verdict_without_the_conversation_id_or_comment()
{
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let anna = f.member("anna@utrecht.nl").await;
        let a = article(f.org.id, None, "Paspoort");
        f.store.insert_kb_article(&a).await.unwrap();
        let (_, conversation, _) = f.ingest_new(text("wamid.e", "31633", at(3))).await;
        let given = feedback(&f, a.id, Some(conversation), anna, 4);
        f.store.insert_kb_feedback(&given).await.unwrap();

        while !f
            .store
            .erase_conversation_step(f.org.id, conversation, 100)
            .await
            .unwrap()
            .finished
        {}

        let kept = f.store.list_kb_feedback(f.org.id, a.id).await.unwrap();
        let expected = KnowledgeFeedback {
            conversation_id: None,
            comment: None,
            ..given
        };
        assert_eq!(kept, vec![expected]);
        db.cleanup().await;
    }
}
