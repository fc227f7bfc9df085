//! `GET /api/v1/messages/search` (issue 11): hits of the organisation's messages with
//! code-point highlights, paging, filters, problem+json for bad parameters, answers
//! matching `openapi.json`, and the search audited as a read of content.

use serde_json::Value;

use crate::contract::{call, contract};
use crate::conversation_view::signed_in;
use crate::support::{OTHER_TOKEN, TOKEN, TestApp, spawn_apps};

const SEARCH: (&str, &str) = ("GET", "/messages/search");

fn encode(q: &str) -> String {
    url::form_urlencoded::byte_serialize(q.as_bytes()).collect()
}

/// Three messages of a resident, indexed as the worker would.
async fn three_messages(app: &TestApp) -> String {
    app.resident_writes("Mijn paspoort is kwijt").await;
    app.resident_writes("Hoe vraag ik een nieuw rijbewijs aan?")
        .await;
    let conversation = app.resident_writes("Één paspoort-vraag nog").await;
    app.engine.index_all_pending_messages().await.unwrap();
    conversation
}

#[tokio::test]
async fn a_search_answers_the_matching_messages_newest_first_with_code_point_highlights() {
    for app in spawn_apps().await {
        let contract = contract(&app).await;
        let conversation = three_messages(&app).await;
        let (status, body) = call(
            &app,
            &contract,
            SEARCH,
            "/messages/search?q=paspoort",
            TOKEN,
            None,
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let items = body["items"].as_array().unwrap();
        assert_eq!(items.len(), 2, "{body}");
        assert_eq!(items[0]["text"], "Één paspoort-vraag nog");
        assert_eq!(items[0]["conversation_id"], conversation.as_str());
        assert_eq!(items[0]["highlights"], serde_json::json!([[4, 12]]));
        assert_eq!(items[1]["highlights"], serde_json::json!([[5, 13]]));
        assert!(body["next"].is_null());

        // Paging: one at a time, following `next`.
        let (_, first) = call(
            &app,
            &contract,
            SEARCH,
            "/messages/search?q=paspoort&limit=1",
            TOKEN,
            None,
        )
        .await;
        let next = first["next"].as_str().expect("a next page").to_owned();
        let path = format!("/messages/search?q=paspoort&limit=1&cursor={next}");
        let (_, second) = call(&app, &contract, SEARCH, &path, TOKEN, None).await;
        assert_eq!(second["items"][0]["text"], "Mijn paspoort is kwijt");
        assert!(second["next"].is_null());

        // Filters: a date range that holds nothing, a channel, a label nobody has.
        let (_, none) = call(
            &app,
            &contract,
            SEARCH,
            "/messages/search?q=paspoort&until=2000-01-01",
            TOKEN,
            None,
        )
        .await;
        assert_eq!(none["items"], serde_json::json!([]));
        let (_, labelled) = call(
            &app,
            &contract,
            SEARCH,
            "/messages/search?q=paspoort&label=nergens",
            TOKEN,
            None,
        )
        .await;
        assert_eq!(labelled["items"], serde_json::json!([]));
        let channel = items[0]["channel_id"].as_str().unwrap();
        let path = format!("/messages/search?q=rijbewijs&channel={channel}&from=2000-01-01");
        let (_, on_channel) = call(&app, &contract, SEARCH, &path, TOKEN, None).await;
        assert_eq!(on_channel["items"].as_array().unwrap().len(), 1);

        // Another organisation's token finds nothing of this one.
        let (status, theirs) = call(
            &app,
            &contract,
            SEARCH,
            "/messages/search?q=paspoort",
            OTHER_TOKEN,
            None,
        )
        .await;
        assert_eq!(
            (status, theirs["items"].clone()),
            (200, serde_json::json!([]))
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn bad_parameters_answer_problem_json_and_operators_are_plain_words() {
    for app in spawn_apps().await {
        let contract = contract(&app).await;
        three_messages(&app).await;
        let long = "a".repeat(501);
        for path in [
            "/messages/search".to_owned(),
            "/messages/search?q=".to_owned(),
            "/messages/search?q=%20%20".to_owned(),
            format!("/messages/search?q={long}"),
            "/messages/search?q=x&limit=0".to_owned(),
            "/messages/search?q=x&limit=101".to_owned(),
            "/messages/search?q=x&limit=veel".to_owned(),
            "/messages/search?q=x&cursor=abc".to_owned(),
            "/messages/search?q=x&channel=12".to_owned(),
            "/messages/search?q=x&team=12".to_owned(),
            "/messages/search?q=x&from=gisteren".to_owned(),
            "/messages/search?q=x&sort=best".to_owned(),
        ] {
            let (status, body) = call(&app, &contract, SEARCH, &path, TOKEN, None).await;
            assert_eq!(status, 400, "{path}: {body}");
            assert!(
                body["invalidParams"]
                    .as_array()
                    .is_some_and(|p| !p.is_empty()),
                "{body}"
            );
        }
        // Beyond the URI limit the edge answers first.
        let huge = format!("/messages/search?q={}", "a".repeat(10 * 1024));
        let (status, _) = call(&app, &contract, SEARCH, &huge, TOKEN, None).await;
        assert_eq!(status, 414);
        for q in [
            "\"paspoort",
            "paspoort*",
            "NEAR(paspoort kwijt)",
            "paspoort OR fiets",
            "-paspoort",
            "'; drop table messages; --",
            "***",
            "\\",
        ] {
            let path = format!("/messages/search?q={}", encode(q));
            let (status, body) = call(&app, &contract, SEARCH, &path, TOKEN, None).await;
            assert_eq!(status, 200, "{q}: {body}");
        }
        let path = format!("/messages/search?q={}", encode("paspoort OR rijbewijs"));
        let (_, body) = call(&app, &contract, SEARCH, &path, TOKEN, None).await;
        assert_eq!(
            body["items"],
            serde_json::json!([]),
            "OR is a word, not an operator"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_search_is_audited_as_a_read_of_content_without_the_words() {
    for app in spawn_apps().await {
        three_messages(&app).await;
        let response = app
            .get_with("/api/v1/messages/search?q=paspoort", Some(TOKEN))
            .await;
        assert_eq!(response.status(), 200);
        let rows = app
            .fetch_strings(
                "select action, setting from audit_log where action = 'messages.searched'",
            )
            .await;
        assert_eq!(rows.len(), 1, "{rows:?}");
        let all: Vec<Value> = app
            .fetch_strings(
                "select actor || action || coalesce(setting, '') || result from audit_log",
            )
            .await
            .into_iter()
            .flatten()
            .flatten()
            .map(Value::String)
            .collect();
        assert!(
            !all.iter().any(|v| v.as_str().unwrap().contains("paspoort")),
            "{all:?}"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_search_page_shows_matching_messages_escaped_with_marks_and_links_in_its_organisation_only()
 {
    for app in spawn_apps().await {
        let conversation = app
            .resident_writes("<script>alert(1)</script> Mijn paspoort & ID-kaart")
            .await;
        app.engine.index_all_pending_messages().await.unwrap();
        let mut v = signed_in(&app, "lot@voorbeeld.nl", "voorbeeld").await;
        let page = v.get("/search?q=paspoort").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Berichten"), "{}", page.body);
        assert!(
            page.body.contains(
                "&lt;script&gt;alert(1)&lt;/script&gt; Mijn <mark>paspoort</mark> &amp; ID-kaart"
            ),
            "{}",
            page.body
        );
        assert!(!page.body.contains("<script>alert(1)"));
        assert!(
            page.body
                .contains(&format!("href=\"/inbox/{conversation}\""))
        );
        let suggest = v.get("/search/suggest?q=paspo").await;
        assert!(
            suggest.body.contains("<mark>paspoort</mark>"),
            "{}",
            suggest.body
        );
        let mut other = signed_in(&app, "mo@andere.nl", "andere").await;
        let theirs = other.get("/search?q=paspoort").await;
        assert!(!theirs.body.contains("<mark>") && !theirs.body.contains(&conversation));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_search_uses_the_organisations_own_synonyms_and_not_another_organisations() {
    for app in spawn_apps().await {
        let contract = contract(&app).await;
        app.resident_writes("Is het milieuparkje zaterdag open?")
            .await;
        app.engine.index_all_pending_messages().await.unwrap();
        let path = "/messages/search?q=milieustraat";
        let org = |slug: &'static str| {
            let engine = app.engine.clone();
            async move {
                (engine.find_organisation_by_slug(slug).await)
                    .unwrap()
                    .unwrap()
                    .id
            }
        };
        let own = "milieustraat, milieuparkje\n";

        // Another organisation's list is its own: saved there, it changes nothing here.
        app.engine
            .set_kb_synonyms(org("andere").await, own)
            .await
            .unwrap();
        let (_, before) = call(&app, &contract, SEARCH, path, TOKEN, None).await;
        assert_eq!(before["items"].as_array().unwrap().len(), 0, "{before}");

        app.engine
            .set_kb_synonyms(org("voorbeeld").await, own)
            .await
            .unwrap();
        let (status, after) = call(&app, &contract, SEARCH, path, TOKEN, None).await;
        assert_eq!(status, 200, "{after}");
        let items = after["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{after}");
        assert_eq!(items[0]["text"], "Is het milieuparkje zaterdag open?");
        assert_eq!(items[0]["highlights"], serde_json::json!([[7, 19]]));
        app.cleanup().await;
    }
}
