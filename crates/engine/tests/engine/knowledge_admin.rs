//! The knowledge base's admin side through the engine, on both databases: the organisation's
//! own synonyms change what a search finds (and every problem is named with its line); two
//! engines on one database — two server instances — see each other's changes within the
//! stamp interval; feedback comments are stored masked and counted per article.

use std::sync::Arc;
use std::time::Duration;

use loket_engine::knowledge::{ArticleInput, STAMP_CHECK_EVERY};
use loket_engine::{Engine, EngineError, EngineOptions};
use loket_store::testing::{TestDb, test_databases};

use super::people_support::People;

fn input(title: &str, body: &str) -> ArticleInput {
    ArticleInput {
        title: title.into(),
        body: body.into(),
        ..Default::default()
    }
}

async fn titles(engine: &Engine, org: loket_domain::OrgId, q: &str) -> Vec<String> {
    let hits = engine.search_knowledge(org, q, 10).await.unwrap();
    hits.into_iter().map(|h| h.title).collect()
}

/// A second instance: its own engine (and index cache) on the same database and clock.
fn second_instance(p: &People, db: &TestDb, blobs: &tempfile::TempDir) -> Engine {
    let store =
        Arc::new(object_store::local::LocalFileSystem::new_with_prefix(blobs.path()).unwrap());
    Engine::with_options(
        db.store.clone(),
        p.clock.clone(),
        store,
        reqwest::Client::new(),
        EngineOptions::default(),
    )
}

fn past_the_interval() -> Duration {
    Duration::from_secs(STAMP_CHECK_EVERY.as_secs() as u64 + 1)
}

#[tokio::test]
async fn the_organisations_own_synonyms_find_what_the_built_in_list_does_not() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let zeist = p.org_id("zeist").await;
        for org in [utrecht, zeist] {
            (p.engine)
                .create_kb_article(org, input("Openingstijden milieustraat", "Kom langs."))
                .await
                .unwrap();
        }
        assert!(
            titles(&p.engine, utrecht, "afvalbrengpunt")
                .await
                .is_empty()
        );

        let saved = (p.engine)
            .set_kb_synonyms(
                utrecht,
                "# Eigen woorden\r\nafvalbrengpunt, milieustraat\r\n",
            )
            .await
            .unwrap();
        assert_eq!(
            saved.text,
            "# Eigen woorden\nafvalbrengpunt, milieustraat\n"
        );
        let stored = p.engine.kb_synonyms(utrecht).await.unwrap().unwrap();
        assert_eq!(stored, saved);
        assert_eq!(
            titles(&p.engine, utrecht, "afvalbrengpunt").await,
            vec!["Openingstijden milieustraat"]
        );
        assert!(
            titles(&p.engine, zeist, "afvalbrengpunt").await.is_empty(),
            "another organisation's list does not apply"
        );
        // The built-in list still works beside the organisation's own.
        let explained = (p.engine)
            .explain_knowledge_query(utrecht, "brp afvalbrengpunt")
            .await
            .unwrap();
        let words: Vec<Vec<String>> = (explained.groups.iter())
            .map(|g| {
                (g.alternatives.iter())
                    .map(|a| {
                        (a.terms.iter())
                            .map(|t| t.forms[0].clone())
                            .collect::<Vec<_>>()
                    })
                    .map(|w| w.join(" "))
                    .collect()
            })
            .collect();
        assert!(
            words[0].contains(&"basisregistratie personen".to_owned()),
            "{words:?}"
        );
        assert!(words[1].contains(&"milieustraat".to_owned()), "{words:?}");

        let refused = (p.engine)
            .set_kb_synonyms(utrecht, "a, b\nalleen\nc,,d\n")
            .await;
        match refused {
            Err(EngineError::InvalidFields(problems)) => {
                let reasons: Vec<&str> = problems.iter().map(|p| p.reason.as_str()).collect();
                assert!(reasons[0].starts_with("line 2: "), "{reasons:?}");
                assert!(reasons[1].starts_with("line 3: "), "{reasons:?}");
                assert!(problems.iter().all(|p| p.field == "text"));
            }
            other => panic!("expected the lines refused, got {other:?}"),
        }
        assert_eq!(p.engine.kb_synonyms(utrecht).await.unwrap().unwrap(), saved);

        p.engine.set_kb_synonyms(utrecht, "").await.unwrap();
        assert!(
            titles(&p.engine, utrecht, "afvalbrengpunt")
                .await
                .is_empty()
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn another_instance_sees_an_edit_a_delete_and_new_synonyms_within_the_stamp_interval() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let blobs = tempfile::tempdir().unwrap();
        let other = second_instance(&p, &db, &blobs);
        let utrecht = p.org_id("utrecht").await;
        let article = (p.engine)
            .create_kb_article(utrecht, input("Paspoort aanvragen", "Maak een afspraak."))
            .await
            .unwrap();
        assert_eq!(
            titles(&other, utrecht, "paspoort").await,
            vec!["Paspoort aanvragen"]
        );

        p.clock.advance(Duration::from_secs(1));
        (p.engine)
            .update_kb_article(utrecht, article.id, input("Rijbewijs aanvragen", "Balie."))
            .await
            .unwrap();
        assert_eq!(
            titles(&p.engine, utrecht, "rijbewijs").await,
            vec!["Rijbewijs aanvragen"]
        );
        // The other instance trusts its index for a few seconds, then asks the store.
        assert!(titles(&other, utrecht, "rijbewijs").await.is_empty());
        p.clock.advance(past_the_interval());
        assert_eq!(
            titles(&other, utrecht, "rijbewijs").await,
            vec!["Rijbewijs aanvragen"]
        );

        p.engine
            .set_kb_synonyms(utrecht, "rijbewijs, rijpas")
            .await
            .unwrap();
        p.clock.advance(past_the_interval());
        assert_eq!(
            titles(&other, utrecht, "rijpas").await,
            vec!["Rijbewijs aanvragen"]
        );

        p.engine
            .delete_kb_article(utrecht, article.id)
            .await
            .unwrap();
        p.clock.advance(past_the_interval());
        assert!(titles(&other, utrecht, "rijbewijs").await.is_empty());
        // And the other way round: the first instance sees the second's article.
        other
            .create_kb_article(utrecht, input("Afval scheiden", "Groene bak."))
            .await
            .unwrap();
        p.clock.advance(past_the_interval());
        assert_eq!(
            titles(&p.engine, utrecht, "afval").await,
            vec!["Afval scheiden"]
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_comment_is_stored_without_a_bsn_or_iban_and_verdicts_are_counted_per_article() {
    for db in test_databases().await {
        let p = People::on(&db).await;
        let utrecht = p.org_id("utrecht").await;
        let anna = p
            .add(
                "anna@utrecht.nl",
                "utrecht",
                loket_domain::people::Role::Agent,
            )
            .await;
        let article = (p.engine)
            .create_kb_article(utrecht, input("Paspoort", "Maak een afspraak."))
            .await
            .unwrap();
        let comment = "Inwoner noemde BSN 111222333 en NL91ABNA0417164300; mist de kosten";
        let given = (p.engine)
            .give_kb_feedback(utrecht, article.id, None, anna, false, Some(comment))
            .await
            .unwrap();
        let stored = given.comment.unwrap();
        assert!(
            !stored.contains("111222333") && !stored.contains("NL91ABNA"),
            "{stored}"
        );
        assert!(stored.contains("mist de kosten"));
        for helpful in [true, true] {
            p.clock.advance(Duration::from_secs(1));
            (p.engine)
                .give_kb_feedback(utrecht, article.id, None, anna, helpful, None)
                .await
                .unwrap();
        }
        let counts = p.engine.kb_feedback_counts(utrecht).await.unwrap();
        let counted = counts[&article.id];
        assert_eq!((counted.helped, counted.not_helped), (2, 1));
        let recent = p
            .engine
            .recent_kb_feedback(utrecht, article.id)
            .await
            .unwrap();
        assert_eq!(recent.len(), 3);
        assert_eq!(recent[2].comment.as_deref(), Some(stored.as_str()));
        let zeist = p.org_id("zeist").await;
        assert!(p.engine.kb_feedback_counts(zeist).await.unwrap().is_empty());
        let foreign = p.engine.recent_kb_feedback(zeist, article.id).await;
        assert!(matches!(foreign, Err(EngineError::NotFound)));
        db.cleanup().await;
    }
}
