//! Wrap-ups (issue 12 point 8): the organisation's result list, the facts recorded per
//! resolution, counted for the reports, never seen or written through another organisation.

use loket_domain::wrap_up::WrapUpPolicy;
use loket_domain::{ConversationId, KbArticleId, OrgId, WrapUpId};
use loket_store::testing::test_databases;
use loket_store::*;

use super::support::*;

fn article(org: OrgId, secs: i64) -> KnowledgeArticle {
    KnowledgeArticle {
        id: KbArticleId::new_at(at(secs)),
        org_id: org,
        external_id: None,
        title: format!("Artikel {secs}"),
        body: String::new(),
        short_answer_je: None,
        short_answer_u: None,
        tags: vec![],
        department: None,
        review_date: None,
        source_url: None,
        created_at: at(secs),
        updated_at: at(secs),
        edited_at: None,
        imported_at: None,
    }
}

fn wrap_up(
    org: OrgId,
    conversation: ConversationId,
    result: &str,
    articles: Vec<KbArticleId>,
    secs: i64,
) -> WrapUpRecord {
    WrapUpRecord {
        id: WrapUpId::new_at(at(secs)),
        org_id: org,
        conversation_id: Some(conversation),
        result: result.into(),
        question: None,
        articles,
        user_id: None,
        at: at(secs),
    }
}

#[tokio::test]
async fn a_wrap_up_with_a_180_character_emoji_question_round_trips() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, conversation, _) = f.ingest_new(text("wamid.w1", "31612345678", at(10))).await;
        let kb = article(f.org.id, 5);
        f.store.insert_kb_article(&kb).await.unwrap();
        let anna = f.member("anna@utrecht.nl").await;
        let question = format!("{}{}", "🙂".repeat(90), "é".repeat(90));
        let first = WrapUpRecord {
            question: Some(question.clone()),
            user_id: Some(anna),
            ..wrap_up(f.org.id, conversation, "zelf-afgehandeld", vec![kb.id], 20)
        };
        // Reopened and resolved again: a second wrap-up, kept beside the first.
        let second = wrap_up(f.org.id, conversation, "doorverbonden", vec![], 30);
        f.store.insert_wrap_up(&first).await.unwrap();
        f.store.insert_wrap_up(&second).await.unwrap();
        let stored = f
            .store
            .conversation_wrap_ups(f.org.id, conversation)
            .await
            .unwrap();
        assert_eq!(stored, vec![first, second]);
        assert_eq!(stored[0].question.as_deref(), Some(question.as_str()));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisations_conversation_or_article_is_not_found_and_nothing_is_written() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        let (_, ours, _) = f.ingest_new(text("wamid.w1", "31612345678", at(10))).await;
        let (_, theirs, _) = other
            .ingest_new(text("wamid.w2", "31687654321", at(10)))
            .await;
        let their_article = article(other.org.id, 5);
        other.store.insert_kb_article(&their_article).await.unwrap();

        let on_theirs = wrap_up(f.org.id, theirs, "zelf-afgehandeld", vec![], 20);
        let with_their_article = wrap_up(
            f.org.id,
            ours,
            "zelf-afgehandeld",
            vec![their_article.id],
            21,
        );
        for w in [on_theirs, with_their_article] {
            let refused = f.store.insert_wrap_up(&w).await;
            assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
        }
        let read = f.store.conversation_wrap_ups(f.org.id, theirs).await;
        assert!(matches!(read, Err(StoreError::NotFound)), "{read:?}");
        assert!((f.store.conversation_wrap_ups(f.org.id, ours).await.unwrap()).is_empty());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn counts_per_result_say_how_many_found_their_answer_in_the_knowledge_base() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        let (_, c, _) = f.ingest_new(text("wamid.w1", "31612345678", at(10))).await;
        let (_, theirs, _) = other
            .ingest_new(text("wamid.w2", "31687654321", at(10)))
            .await;
        let kb = article(f.org.id, 5);
        f.store.insert_kb_article(&kb).await.unwrap();
        for w in [
            wrap_up(f.org.id, c, "zelf-afgehandeld", vec![kb.id], 20),
            wrap_up(f.org.id, c, "zelf-afgehandeld", vec![], 21),
            wrap_up(f.org.id, c, "doorverbonden", vec![], 22),
            // Outside the period.
            wrap_up(f.org.id, c, "doorverbonden", vec![], 99),
        ] {
            f.store.insert_wrap_up(&w).await.unwrap();
        }
        (other.store)
            .insert_wrap_up(&wrap_up(other.org.id, theirs, "doorverbonden", vec![], 20))
            .await
            .unwrap();
        let counts = f
            .store
            .wrap_up_counts(f.org.id, at(0), at(50))
            .await
            .unwrap();
        let counted = |result: &str, total, with_articles| WrapUpCount {
            result: result.into(),
            total,
            with_articles,
        };
        assert_eq!(
            counts,
            vec![
                counted("doorverbonden", 1, 0),
                counted("zelf-afgehandeld", 2, 1)
            ]
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_result_list_is_the_default_until_stored_and_belongs_to_its_organisation() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let other = Fixture::named(&db, "zeist", "2002").await;
        assert_eq!(f.store.wrap_up_policy(f.org.id).await.unwrap(), None);
        let mut policy = WrapUpPolicy::default();
        policy.add_result("Terugbelverzoek", false).unwrap();
        policy.results[1].active = false;
        policy.required = true;
        f.store.set_wrap_up_policy(f.org.id, &policy).await.unwrap();
        assert_eq!(
            f.store.wrap_up_policy(f.org.id).await.unwrap(),
            Some(policy.clone())
        );
        assert_eq!(
            other.store.wrap_up_policy(other.org.id).await.unwrap(),
            None
        );
        let unknown = f
            .store
            .set_wrap_up_policy(OrgId::new_at(at(1)), &policy)
            .await;
        assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn erasing_the_conversation_clears_the_question_and_keeps_the_facts_for_the_reports() {
    for db in test_databases().await {
        let f = Fixture::new(&db).await;
        let (_, c, _) = f.ingest_new(text("wamid.w1", "31612345678", at(10))).await;
        let w = WrapUpRecord {
            question: Some("paspoort kwijt in Zeist".into()),
            ..wrap_up(f.org.id, c, "zelf-afgehandeld", vec![], 20)
        };
        f.store.insert_wrap_up(&w).await.unwrap();
        while !(f
            .store
            .erase_conversation_step(f.org.id, c, 100)
            .await
            .unwrap())
        .finished
        {}
        let linked_or_worded = db
            .fetch_strings(
                "select id from conversation_wrap_ups
                 where question is not null or conversation_id is not null",
            )
            .await
            .unwrap();
        assert!(linked_or_worded.is_empty(), "{linked_or_worded:?}");
        let counts = f
            .store
            .wrap_up_counts(f.org.id, at(0), at(50))
            .await
            .unwrap();
        assert_eq!(counts.len(), 1);
        assert_eq!(counts[0].total, 1);
        db.cleanup().await;
    }
}
