//! The knowledge base through the engine: checked articles, searched with the Dutch
//! analyser in the organisation's own index (rebuilt after every change), an import that
//! is idempotent and never overwrites an edited article, and feedback.

use loket_engine::EngineError;
use loket_engine::knowledge::{ArticleInput, ImportReport, ImportRow};
use loket_store::testing::test_databases;

use super::people_support::People;

fn input(title: &str, body: &str) -> ArticleInput {
    ArticleInput {
        title: title.into(),
        body: body.into(),
        short_answer_u: Some("U kunt een afspraak maken.".into()),
        tags: vec!["Reisdocumenten".into()],
        ..Default::default()
    }
}

fn row(id: &str, title: &str, body: &str) -> ImportRow {
    ImportRow {
        external_id: id.into(),
        input: input(title, body),
    }
}

#[tokio::test]
async fn an_informal_question_finds_the_article_and_edits_show_in_the_next_search() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let zeist = p.org_id("zeist").await;
        let paspoort = (p.engine)
            .create_kb_article(
                utrecht,
                input(
                    "Wat moet ik doen als mijn paspoort kwijt is?",
                    "Doe aangifte van vermissing bij de gemeente.",
                ),
            )
            .await
            .unwrap();
        (p.engine)
            .create_kb_article(
                utrecht,
                input("Hoe scheid ik mijn afval?", "Gebruik de groene container."),
            )
            .await
            .unwrap();
        let hits = (p.engine)
            .search_knowledge(utrecht, "me paspoort kwijt", 10)
            .await
            .unwrap();
        assert_eq!(hits[0].id, paspoort.id);
        assert_eq!(hits[0].external_id, None);
        assert!(hits[0].score > 0.0);
        assert!(!hits[0].snippet.contains("**"));
        // Another organisation's index does not hold it.
        assert!(
            (p.engine)
                .search_knowledge(zeist, "paspoort", 10)
                .await
                .unwrap()
                .is_empty()
        );

        (p.engine)
            .update_kb_article(
                utrecht,
                paspoort.id,
                input("Rijbewijs verlengen", "Bij de balie."),
            )
            .await
            .unwrap();
        let hits = (p.engine)
            .search_knowledge(utrecht, "rijbewijs", 10)
            .await
            .unwrap();
        assert_eq!(hits[0].title, "Rijbewijs verlengen");
        (p.engine)
            .delete_kb_article(utrecht, paspoort.id)
            .await
            .unwrap();
        assert!(
            (p.engine)
                .search_knowledge(utrecht, "rijbewijs", 10)
                .await
                .unwrap()
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_empty_or_too_long_query_and_invalid_fields_are_refused_with_every_problem() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        for q in ["", "   ", &"a".repeat(501)] {
            let refused = (p.engine).search_knowledge(utrecht, q, 10).await;
            assert!(matches!(refused, Err(EngineError::Invalid(_))), "{q:?}");
        }
        let bad = ArticleInput {
            title: " ".into(),
            source_url: Some("javascript:alert(1)".into()),
            short_answer_je: Some("x".repeat(4_097)),
            ..Default::default()
        };
        match (p.engine).create_kb_article(utrecht, bad).await {
            Err(EngineError::InvalidFields(problems)) => {
                let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
                assert_eq!(fields, ["title", "short_answer_je", "source_url"]);
            }
            other => panic!("expected refused fields, got {other:?}"),
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_import_inserts_updates_and_leaves_the_same_and_edited_articles_alone() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let first = vec![
            row("a", "Paspoort kwijt", "Aangifte."),
            row("b", "Afval", "Container."),
        ];
        let report = (p.engine)
            .import_kb_articles(utrecht, first.clone())
            .await
            .unwrap();
        assert_eq!(
            report,
            ImportReport {
                inserted: 2,
                ..Default::default()
            }
        );
        let again = (p.engine).import_kb_articles(utrecht, first).await.unwrap();
        assert_eq!(
            again,
            ImportReport {
                unchanged: 2,
                ..Default::default()
            }
        );

        let b = (p.engine)
            .list_kb_articles(utrecht)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.external_id.as_deref() == Some("b"))
            .unwrap();
        (p.engine)
            .update_kb_article(utrecht, b.id, input("Afval (onze tekst)", "Eigen tekst."))
            .await
            .unwrap();

        let upstream = vec![
            row("a", "Paspoort kwijt", "Aangifte bij de gemeente."),
            row("b", "Afval", "Nieuwe tekst."),
            row("c", "", "Zonder titel."),
        ];
        let report = (p.engine)
            .import_kb_articles(utrecht, upstream)
            .await
            .unwrap();
        assert_eq!(report.updated, 1);
        assert_eq!(report.kept_edited, ["b"]);
        assert_eq!(report.invalid.len(), 1);
        assert_eq!(report.invalid[0].0, "c");
        let articles = (p.engine).list_kb_articles(utrecht).await.unwrap();
        let body_of = |id: &str| {
            articles
                .iter()
                .find(|a| a.external_id.as_deref() == Some(id))
                .unwrap()
                .body
                .clone()
        };
        assert_eq!(body_of("a"), "Aangifte bij de gemeente.");
        assert_eq!(body_of("b"), "Eigen tekst.");
        let hits = (p.engine)
            .search_knowledge(utrecht, "gemeente aangifte", 10)
            .await
            .unwrap();
        assert_eq!(hits[0].external_id.as_deref(), Some("a"));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn feedback_is_kept_per_article_and_a_long_comment_is_refused() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let zeist = p.org_id("zeist").await;
        let anna = p
            .add(
                "anna@utrecht.nl",
                "utrecht",
                loket_domain::people::Role::Agent,
            )
            .await;
        let article = (p.engine)
            .create_kb_article(utrecht, input("Paspoort", "Tekst"))
            .await
            .unwrap();
        let conversation = super::a_conversation(&p.engine, &db, utrecht).await;
        (p.engine)
            .give_kb_feedback(
                utrecht,
                article.id,
                Some(conversation),
                anna,
                true,
                Some("  "),
            )
            .await
            .unwrap();
        let long = "x".repeat(1_001);
        let refused = (p.engine)
            .give_kb_feedback(utrecht, article.id, None, anna, false, Some(&long))
            .await;
        assert!(matches!(refused, Err(EngineError::InvalidFields(_))));
        let foreign = (p.engine)
            .give_kb_feedback(zeist, article.id, None, anna, true, None)
            .await;
        assert!(matches!(foreign, Err(EngineError::NotFound)));
        let kept = (p.engine)
            .list_kb_feedback(utrecht, article.id)
            .await
            .unwrap();
        assert_eq!(kept.len(), 1);
        assert!(kept[0].helpful);
        assert_eq!(kept[0].comment, None);
        assert_eq!(kept[0].conversation_id, Some(conversation));
        db.cleanup().await;
    }
}
