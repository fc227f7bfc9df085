//! Saved replies outside the admin page, on every database: the composer's picker answers
//! the replies matching what the agent typed, filled for the conversation (404 for
//! another organisation's conversation); the API lists, creates, changes and deletes them
//! with problem+json refusals, each answer as `openapi.json` documents it.

use serde_json::{Value, json};

use crate::contract::{call, contract};
use crate::conversation_view::signed_in;
use crate::support::{OTHER_TOKEN, TOKEN, spawn_apps};

#[tokio::test]
async fn the_picker_answers_matching_replies_filled_for_the_conversation() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Ik ben mijn paspoort kwijt").await;
        let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
            .unwrap()
            .unwrap()
            .id;
        let text = "Beste {{voornaam}}, meld het bij {{gemeente}}. Open: {{openingstijden}}.";
        (app.engine)
            .create_saved_reply(org, "paspoort", "Paspoort kwijt", text, None)
            .await
            .unwrap();
        (app.engine)
            .create_saved_reply(org, "afval", "Grofvuil", "Zie de website.", None)
            .await
            .unwrap();

        let mut v = signed_in(&app, "an@voorbeeld.nl", "voorbeeld").await;
        let page = v.get(&format!("/inbox/{conversation}")).await;
        assert!(
            page.body.contains("role=\"listbox\""),
            "the picker's listbox"
        );
        let answer = v.get(&format!("/inbox/{conversation}/replies?q=pas")).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let body: Value = serde_json::from_str(&answer.body).unwrap();
        let items = body["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["shortcut"], "paspoort");
        assert_eq!(
            items[0]["text"],
            "Beste Fatima, meld het bij Gemeente Voorbeeld. Open: {{openingstijden}}."
        );
        assert_eq!(items[0]["missing"], json!(["openingstijden"]));
        let all = v.get(&format!("/inbox/{conversation}/replies")).await;
        let all: Value = serde_json::from_str(&all.body).unwrap();
        assert_eq!(all["items"].as_array().unwrap().len(), 2);
        let huge = "x".repeat(1_000);
        let long = v
            .get(&format!("/inbox/{conversation}/replies?q={huge}"))
            .await;
        assert_eq!(long.status, 200);

        let mut other = signed_in(&app, "mo@andere.nl", "andere").await;
        let refused = other
            .get(&format!("/inbox/{conversation}/replies?q="))
            .await;
        assert_eq!(refused.status, 404);
        assert!(!refused.body.contains("Gemeente Voorbeeld"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn integrators_keep_saved_replies_through_the_api_with_problem_answers() {
    for app in spawn_apps().await {
        let contract = contract(&app).await;
        let list = ("GET", "/saved-replies");
        let create = ("POST", "/saved-replies");
        let patch = ("PATCH", "/saved-replies/{id}");
        let delete = ("DELETE", "/saved-replies/{id}");
        let team = app.team_id("voorbeeld", "burgerzaken").await;

        let body = json!({"shortcut": "/Paspoort", "title": "Paspoort",
                          "text": "Beste {{voornaam}}", "team": team});
        let (status, created) = call(
            &app,
            &contract,
            create,
            "/saved-replies",
            TOKEN,
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["shortcut"], "paspoort");
        assert_eq!(created["team"], json!(team));
        let id = created["id"].as_str().unwrap().to_owned();
        let path = format!("/saved-replies/{id}");

        let (status, taken) =
            call(&app, &contract, create, "/saved-replies", TOKEN, Some(body)).await;
        assert_eq!(status, 409, "{taken}");
        let bad = json!({"shortcut": "a b", "title": "", "text": "{{achternaam}}", "kleur": 1});
        let (status, problems) =
            call(&app, &contract, create, "/saved-replies", TOKEN, Some(bad)).await;
        assert_eq!(status, 400);
        let names: Vec<&str> = (problems["invalidParams"].as_array().unwrap().iter())
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, vec!["kleur"], "the body's shape is checked first");
        let bad = json!({"shortcut": "a b", "title": "", "text": "x".repeat(4097)});
        let (status, problems) =
            call(&app, &contract, create, "/saved-replies", TOKEN, Some(bad)).await;
        assert_eq!(status, 400);
        assert_eq!(problems["invalidParams"].as_array().unwrap().len(), 3);
        let nested = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        let response = (app.http.post(format!("{}/api/v1/saved-replies", app.url)))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(nested)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
        let wrong = json!({"shortcut": "x", "title": {"nl": "X"}, "text": "Y", "team": 7});
        let (status, problems) = call(
            &app,
            &contract,
            create,
            "/saved-replies",
            TOKEN,
            Some(wrong),
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(problems["invalidParams"].as_array().unwrap().len(), 2);
        let missing = json!({"title": "Zonder"});
        let (status, _) = call(
            &app,
            &contract,
            create,
            "/saved-replies",
            TOKEN,
            Some(missing),
        )
        .await;
        assert_eq!(status, 400);

        let change = json!({"title": "Paspoort kwijt", "team": null});
        let (status, changed) = call(&app, &contract, patch, &path, TOKEN, Some(change)).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!(changed["title"], "Paspoort kwijt");
        assert_eq!(changed["text"], "Beste {{voornaam}}");
        assert!(changed["team"].is_null());

        let (status, listed) =
            call(&app, &contract, list, "/saved-replies?q=pas", TOKEN, None).await;
        assert_eq!(status, 200);
        assert_eq!(listed["items"].as_array().unwrap().len(), 1);
        let (_, none) = call(&app, &contract, list, "/saved-replies?q=afval", TOKEN, None).await;
        assert!(none["items"].as_array().unwrap().is_empty());
        let (_, theirs) = call(&app, &contract, list, "/saved-replies", OTHER_TOKEN, None).await;
        assert!(theirs["items"].as_array().unwrap().is_empty());

        let (status, _) = call(&app, &contract, delete, &path, TOKEN, None).await;
        assert_eq!(status, 204);
        let (status, _) = call(&app, &contract, delete, &path, TOKEN, None).await;
        assert_eq!(status, 404);
        let (status, _) = call(
            &app,
            &contract,
            patch,
            "/saved-replies/nee",
            TOKEN,
            Some(json!({})),
        )
        .await;
        assert_eq!(status, 404);
        app.cleanup().await;
    }
}
