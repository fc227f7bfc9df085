//! The knowledge base's admin side: each organisation's own synonym list (stored as typed,
//! replaced, never seen by another organisation), the change stamp every instance compares
//! to tell that its index is stale, the feedback counts and recent feedback the editor sees,
//! and retention clearing feedback comments with the conversation.

use loket_domain::{ConversationId, KbArticleId, KbFeedbackId, OrgId, UserId};
use loket_store::retention::RetentionTarget;
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn article(org: OrgId, title: &str, secs: i64) -> KnowledgeArticle {
    KnowledgeArticle {
        id: KbArticleId::new_at(at(secs)),
        org_id: org,
        external_id: None,
        title: title.into(),
        body: "Kom langs.".into(),
        short_answer_je: None,
        short_answer_u: None,
        tags: vec![],
        department: None,
        review_date: None,
        source_url: None,
        created_at: at(secs),
        updated_at: at(secs),
        edited_at: Some(at(secs)),
        imported_at: None,
    }
}

fn verdict(
    org: OrgId,
    article: KbArticleId,
    conversation: Option<ConversationId>,
    user: UserId,
    helpful: bool,
    secs: i64,
) -> KnowledgeFeedback {
    KnowledgeFeedback {
        id: KbFeedbackId::new_at(at(secs)),
        org_id: org,
        article_id: article,
        conversation_id: conversation,
        user_id: user,
        helpful,
        comment: (!helpful).then(|| format!("Mist de kosten ({secs})")),
        at: at(secs),
    }
}

#[tokio::test]
async fn a_synonym_list_is_stored_as_typed_replaced_and_kept_per_organisation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        assert_eq!(f.store.get_kb_synonyms(f.org.id).await.unwrap(), None);
        // Accents, quotes, a tab and Windows line ends come back byte for byte.
        let first = KbSynonymList {
            text: "# Eigen woorden\r\nmilieustraat, milieuparkje\r\n'café', \"koffie\"\tbar => horeca\n".into(),
            updated_at: at(5),
        };
        f.store.set_kb_synonyms(f.org.id, &first).await.unwrap();
        assert_eq!(
            f.store.get_kb_synonyms(f.org.id).await.unwrap(),
            Some(first)
        );
        assert_eq!(
            other.store.get_kb_synonyms(other.org.id).await.unwrap(),
            None
        );

        let second = KbSynonymList {
            text: String::new(),
            updated_at: at(6),
        };
        f.store.set_kb_synonyms(f.org.id, &second).await.unwrap();
        assert_eq!(
            f.store.get_kb_synonyms(f.org.id).await.unwrap(),
            Some(second)
        );
        let big = KbSynonymList {
            text: "a, b\n".repeat(20_000),
            updated_at: at(7),
        };
        other
            .store
            .set_kb_synonyms(other.org.id, &big)
            .await
            .unwrap();
        assert_eq!(
            other.store.get_kb_synonyms(other.org.id).await.unwrap(),
            Some(big)
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_stamp_changes_with_every_insert_edit_delete_and_synonym_save_of_its_organisation_only()
{
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        let empty = f.store.kb_stamp(f.org.id).await.unwrap();
        assert_eq!(empty, KbStamp::default());

        let a = article(f.org.id, "Paspoort", 10);
        f.store.insert_kb_article(&a).await.unwrap();
        let inserted = f.store.kb_stamp(f.org.id).await.unwrap();
        assert_eq!(
            (inserted.articles, inserted.articles_changed),
            (1, Some(at(10)))
        );

        let b = article(f.org.id, "Afval", 11);
        f.store.insert_kb_article(&b).await.unwrap();
        let two = f.store.kb_stamp(f.org.id).await.unwrap();
        let edited = KnowledgeArticle {
            title: "Paspoort kwijt".into(),
            updated_at: at(12),
            ..a.clone()
        };
        f.store.update_kb_article(&edited).await.unwrap();
        let after_edit = f.store.kb_stamp(f.org.id).await.unwrap();
        f.store.delete_kb_article(f.org.id, b.id).await.unwrap();
        let after_delete = f.store.kb_stamp(f.org.id).await.unwrap();
        let list = KbSynonymList {
            text: "a, b".into(),
            updated_at: at(13),
        };
        f.store.set_kb_synonyms(f.org.id, &list).await.unwrap();
        let after_synonyms = f.store.kb_stamp(f.org.id).await.unwrap();
        let stamps = [
            empty,
            inserted,
            two,
            after_edit,
            after_delete,
            after_synonyms,
        ];
        for (i, s) in stamps.iter().enumerate() {
            for t in &stamps[i + 1..] {
                assert_ne!(s, t, "every change shows: {stamps:?}");
            }
        }
        assert_eq!(after_synonyms.synonyms_changed, Some(at(13)));

        // Another organisation's changes leave this one's stamp alone.
        other
            .store
            .insert_kb_article(&article(other.org.id, "Rijbewijs", 20))
            .await
            .unwrap();
        other
            .store
            .set_kb_synonyms(other.org.id, &list)
            .await
            .unwrap();
        assert_eq!(f.store.kb_stamp(f.org.id).await.unwrap(), after_synonyms);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn feedback_is_counted_per_article_and_the_newest_is_listed_first_within_its_organisation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        let anna = f.member("anna@utrecht.nl").await;
        let mo = other.member("mo@zeist.nl").await;
        let a = article(f.org.id, "Paspoort", 1);
        let b = article(f.org.id, "Afval", 2);
        let theirs = article(other.org.id, "Rijbewijs", 3);
        f.store.insert_kb_article(&a).await.unwrap();
        f.store.insert_kb_article(&b).await.unwrap();
        other.store.insert_kb_article(&theirs).await.unwrap();
        for (article, helpful, secs) in [(a.id, true, 10), (a.id, false, 11), (a.id, true, 12)] {
            let given = verdict(f.org.id, article, None, anna, helpful, secs);
            f.store.insert_kb_feedback(&given).await.unwrap();
        }
        f.store
            .insert_kb_feedback(&verdict(f.org.id, b.id, None, anna, false, 13))
            .await
            .unwrap();
        other
            .store
            .insert_kb_feedback(&verdict(other.org.id, theirs.id, None, mo, false, 14))
            .await
            .unwrap();

        let mut counts = f.store.kb_feedback_counts(f.org.id).await.unwrap();
        counts.sort_by_key(|c| c.article_id);
        let mut expected = vec![
            KbFeedbackCounts {
                article_id: a.id,
                helped: 2,
                not_helped: 1,
            },
            KbFeedbackCounts {
                article_id: b.id,
                helped: 0,
                not_helped: 1,
            },
        ];
        expected.sort_by_key(|c| c.article_id);
        assert_eq!(counts, expected);

        let recent = f.store.recent_kb_feedback(f.org.id, a.id, 2).await.unwrap();
        let times: Vec<_> = recent.iter().map(|r| r.at).collect();
        assert_eq!(times, vec![at(12), at(11)]);
        assert_eq!(recent[1].comment.as_deref(), Some("Mist de kosten (11)"));
        let foreign = f.store.recent_kb_feedback(f.org.id, theirs.id, 5).await;
        assert!(matches!(foreign, Err(StoreError::NotFound)), "{foreign:?}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn retention_clears_the_comments_of_feedback_given_on_a_removed_or_anonymised_conversation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let anna = f.member("anna@utrecht.nl").await;
        let a = article(f.org.id, "Paspoort", 1);
        f.store.insert_kb_article(&a).await.unwrap();
        let (_, deleted, _) = f.ingest_new(text("wamid.d", "31611", at(2))).await;
        let (_, anonymised, _) = f.ingest_new(text("wamid.a", "31622", at(2))).await;
        let (_, kept, _) = f.ingest_new(text("wamid.k", "31633", at(2))).await;
        for (conversation, secs) in [(deleted, 10), (anonymised, 11), (kept, 12)] {
            let given = verdict(f.org.id, a.id, Some(conversation), anna, false, secs);
            f.store.insert_kb_feedback(&given).await.unwrap();
            resolve(&db, conversation, at(20)).await;
        }
        let target = |id| RetentionTarget {
            id,
            resolved_at: at(20),
        };
        (f.store)
            .delete_conversations(f.org.id, &[target(deleted)])
            .await
            .unwrap();
        (f.store)
            .anonymise_conversations(f.org.id, &[target(anonymised)], at(30))
            .await
            .unwrap();

        let left = f.store.list_kb_feedback(f.org.id, a.id).await.unwrap();
        let seen: Vec<_> = (left.iter())
            .map(|l| (l.conversation_id, l.helpful, l.comment.as_deref()))
            .collect();
        assert_eq!(
            seen,
            vec![
                (Some(kept), false, Some("Mist de kosten (12)")),
                (Some(anonymised), false, None),
                (None, false, None),
            ]
        );
        db.cleanup().await;
    }
}
