//! The knowledge base on the API, on every database: search best first with plain-text
//! snippets and `external_id` null for editor articles, one article by id, problem+json for
//! bad parameters (empty, huge, unknown, a limit out of range), 404 for another
//! organisation's article — each answer as `openapi.json` documents it.

use loket_engine::knowledge::{ArticleInput, ImportRow};
use serde_json::Value;

use crate::contract::{call, contract};
use crate::support::{OTHER_TOKEN, TOKEN, spawn_apps};

fn input(title: &str, body: &str) -> ArticleInput {
    ArticleInput {
        title: title.into(),
        body: body.into(),
        short_answer_u: Some("U doet aangifte.".into()),
        tags: vec!["Reisdocumenten".into()],
        ..Default::default()
    }
}

fn invalid_names(problems: &Value) -> Vec<&str> {
    (problems["invalidParams"].as_array().unwrap().iter())
        .map(|p| p["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn integrators_search_the_knowledge_base_best_first_and_read_one_article() {
    for app in spawn_apps().await {
        let contract = contract(&app).await;
        let search = ("GET", "/knowledge/search");
        let one = ("GET", "/knowledge/{id}");
        let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
            .unwrap()
            .unwrap()
            .id;
        let rows = vec![ImportRow {
            external_id: "rijk-1".into(),
            input: input(
                "Wat moet ik doen als mijn paspoort kwijt is?",
                "Doe **aangifte** van vermissing bij de gemeente.",
            ),
        }];
        app.engine.import_kb_articles(org, rows).await.unwrap();
        let own = (app.engine)
            .create_kb_article(org, input("Grofvuil laten ophalen", "Meld het aan."))
            .await
            .unwrap();

        let (status, found) = call(
            &app,
            &contract,
            search,
            "/knowledge/search?q=me%20paspoort%20kwijt",
            TOKEN,
            None,
        )
        .await;
        assert_eq!(status, 200, "{found}");
        let items = found["items"].as_array().unwrap();
        assert_eq!(items[0]["external_id"], "rijk-1");
        assert_eq!(
            items[0]["title"],
            "Wat moet ik doen als mijn paspoort kwijt is?"
        );
        let snippet = items[0]["snippet"].as_str().unwrap();
        assert!(
            snippet.contains("aangifte") && !snippet.contains("**"),
            "{snippet}"
        );
        assert!(items[0]["score"].as_f64().unwrap() > 0.0);

        let (_, found) = call(
            &app,
            &contract,
            search,
            "/knowledge/search?q=grofvuil&limit=1",
            TOKEN,
            None,
        )
        .await;
        let items = found["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["id"], own.id.to_string());
        assert!(items[0]["external_id"].is_null());

        let path = format!("/knowledge/{}", own.id);
        let (status, article) = call(&app, &contract, one, &path, TOKEN, None).await;
        assert_eq!(status, 200, "{article}");
        assert_eq!(article["short_answer_u"], "U doet aangifte.");
        assert_eq!(article["tags"][0], "Reisdocumenten");

        let (status, _) = call(&app, &contract, one, &path, OTHER_TOKEN, None).await;
        assert_eq!(status, 404);
        let (status, _) = call(&app, &contract, one, "/knowledge/geen-id", TOKEN, None).await;
        assert_eq!(status, 404);
        let (_, theirs) = call(
            &app,
            &contract,
            search,
            "/knowledge/search?q=grofvuil",
            OTHER_TOKEN,
            None,
        )
        .await;
        assert!(theirs["items"].as_array().unwrap().is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_bad_search_parameter_is_a_problem_naming_every_one() {
    for app in spawn_apps().await {
        let contract = contract(&app).await;
        let search = ("GET", "/knowledge/search");
        let huge = "a".repeat(501);
        for (query, names) in [
            ("", vec!["q"]),
            ("?q=%20%20", vec!["q"]),
            (&format!("?q={huge}") as &str, vec!["q"]),
            ("?q=paspoort&limit=51", vec!["limit"]),
            ("?q=paspoort&limit=0", vec!["limit"]),
            ("?q=paspoort&limit=tien", vec!["limit"]),
            ("?limit=-1&kleur=rood", vec!["kleur", "limit", "q"]),
        ] {
            let (status, problems) = call(
                &app,
                &contract,
                search,
                &format!("/knowledge/search{query}"),
                TOKEN,
                None,
            )
            .await;
            assert_eq!(status, 400, "{query}: {problems}");
            assert_eq!(invalid_names(&problems), names, "{query}");
        }
        // Many words, odd characters: answered, never a panic.
        let odd = "paspoort%20".repeat(40) + "%22*%28%29%3A%5E-";
        let (status, _) = call(
            &app,
            &contract,
            search,
            &format!("/knowledge/search?q={odd}"),
            TOKEN,
            None,
        )
        .await;
        assert_eq!(status, 200);
        app.cleanup().await;
    }
}
