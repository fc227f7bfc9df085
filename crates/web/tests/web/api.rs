//! REST API v1: authentication, tenancy, filters, pagination, problem+json, the contract.

use loket_sim::Resident;
use serde_json::Value;

use crate::support::{OTHER_TOKEN, TOKEN, TestApp, spawn_apps};

async fn message_from(app: &TestApp, name: &str, number: &str, body: &str) {
    let r = Resident::new(name, number);
    let envelope = app
        .sim
        .envelope(vec![app.sim.text(&r, body)], vec![r.contact()]);
    assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
}

#[tokio::test]
async fn the_api_needs_a_valid_token() {
    for app in spawn_apps().await {
        let none = app.get_with("/api/v1/conversations", None).await;
        assert_eq!(none.status(), 401);
        assert_eq!(none.headers()["www-authenticate"], "Bearer");
        let problem: Value = none.json().await.unwrap();
        assert_eq!(problem["status"], 401);
        assert!(problem["title"].is_string() && problem["detail"].is_string());
        assert_eq!(
            app.get_with("/api/v1/conversations", Some("wrong-token-wrong-token"))
                .await
                .status(),
            401
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisations_conversation_answers_404() {
    for app in spawn_apps().await {
        message_from(
            &app,
            "Jan Jansen",
            "31622222222",
            "Wanneer wordt het grofvuil opgehaald?",
        )
        .await;
        let id = app.conversations().await[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let path = format!("/api/v1/conversations/{id}");
        assert_eq!(app.get_with(&path, Some(TOKEN)).await.status(), 200);
        assert_eq!(app.get_with(&path, Some(OTHER_TOKEN)).await.status(), 404);
        let theirs: Value = app
            .get_with("/api/v1/conversations", Some(OTHER_TOKEN))
            .await
            .json()
            .await
            .unwrap();
        assert!(theirs["items"].as_array().unwrap().is_empty());
        assert_eq!(
            app.get_with("/api/v1/conversations/not-a-uuid", Some(TOKEN))
                .await
                .status(),
            404
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn conversations_sorted_by_recent_activity_are_paged_with_a_cursor_newest_first() {
    for app in spawn_apps().await {
        for i in 0..5 {
            message_from(
                &app,
                &format!("Inwoner {i}"),
                &format!("3163333333{i}"),
                "Vraag",
            )
            .await;
            app.clock.advance(std::time::Duration::from_secs(1));
        }
        let first = app
            .get_json("/api/v1/conversations?sort=recent&limit=2")
            .await;
        assert_eq!(first["items"].as_array().unwrap().len(), 2);
        let mut seen: Vec<String> = first["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().into())
            .collect();
        let mut cursor = first["next_cursor"].as_str().map(String::from);
        while let Some(c) = cursor {
            let page = app
                .get_json(&format!(
                    "/api/v1/conversations?sort=recent&limit=2&cursor={c}"
                ))
                .await;
            seen.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].as_str().unwrap().to_owned()),
            );
            cursor = page["next_cursor"].as_str().map(String::from);
        }
        assert_eq!(seen.len(), 5);
        let mut sorted = seen.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(seen, sorted, "newest first, no repeats");
        sorted.dedup();
        assert_eq!(sorted.len(), 5);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn conversations_can_be_filtered_by_status_and_channel() {
    for app in spawn_apps().await {
        message_from(&app, "Piet", "31644444444", "Hoi").await;
        let open = app.get_json("/api/v1/conversations?status=open").await;
        assert_eq!(open["items"].as_array().unwrap().len(), 1);
        let resolved = app.get_json("/api/v1/conversations?status=resolved").await;
        assert!(resolved["items"].as_array().unwrap().is_empty());
        let channel = open["items"][0]["channel_id"].as_str().unwrap().to_owned();
        let by_channel = app
            .get_json(&format!("/api/v1/conversations?channel={channel}"))
            .await;
        assert_eq!(by_channel["items"].as_array().unwrap().len(), 1);
        let by_label = app.get_json("/api/v1/conversations?label=paspoort").await;
        assert!(by_label["items"].as_array().unwrap().is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn invalid_list_parameters_are_all_reported_at_once() {
    for app in spawn_apps().await {
        let response = app
            .get_with(
                "/api/v1/conversations?status=weg&limit=0&channel=x&colour=red",
                Some(TOKEN),
            )
            .await;
        assert_eq!(response.status(), 400);
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        let problem: Value = response.json().await.unwrap();
        let names: Vec<&str> = problem["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, vec!["channel", "colour", "limit", "status"]);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn api_responses_carry_the_api_version_header_and_no_trailing_slashes() {
    for app in spawn_apps().await {
        let response = app.get_with("/api/v1/conversations", Some(TOKEN)).await;
        assert_eq!(response.headers()["api-version"], "1.0.0");
        let slash = app.get_with("/api/v1/conversations/", Some(TOKEN)).await;
        assert_eq!(slash.status(), 404);
        assert_eq!(slash.headers()["content-type"], "application/problem+json");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    for app in spawn_apps().await {
        let spec: Value = app
            .get_with("/api/v1/openapi.json", None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(spec["openapi"], "3.0.3");
        let paths = spec["paths"].as_object().unwrap();
        for (path, operations) in paths {
            let concrete = path
                .replace("{id}", "0190b0e0-0000-7000-8000-000000000000")
                .replace("{message_id}", "0190b0e0-0000-7000-8000-000000000001");
            for method in operations.as_object().unwrap().keys() {
                let url = format!("{}/api/v1{concrete}", app.url);
                let request = app
                    .http
                    .request(method.to_uppercase().parse().unwrap(), &url)
                    .bearer_auth(TOKEN)
                    .json(&serde_json::json!({}));
                let response = request.send().await.unwrap();
                // A made-up id may answer 404 (as a problem) or the empty body 400, but the
                // route and method must exist: never 405.
                assert_ne!(response.status(), 405, "{method} {path}");
                assert!(
                    response.status() != 404 || path.contains('{'),
                    "{method} {path} answered 404"
                );
            }
        }
        for expected in [
            "/conversations",
            "/conversations/{id}",
            "/conversations/{id}/messages",
            "/templates",
        ] {
            assert!(paths.contains_key(expected), "{expected} is documented");
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn health_and_readiness_answer() {
    for app in spawn_apps().await {
        assert_eq!(app.get_with("/healthz", None).await.status(), 200);
        assert_eq!(app.get_with("/readyz", None).await.status(), 200);
        let headers = app.get_with("/healthz", None).await.headers().clone();
        assert_eq!(headers["x-content-type-options"], "nosniff");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_reaction_is_shown_on_the_message_it_reacts_to() {
    for app in spawn_apps().await {
        let r = Resident::new("Sanne Bakker", "31655555555");
        let first = app.sim.text(&r, "Dank je wel!");
        let target = first["id"].as_str().unwrap().to_owned();
        app.sim
            .deliver(&app.sim.envelope(vec![first], vec![r.contact()]))
            .await
            .unwrap();
        let reaction = app.sim.reaction(&r, &target, "👍");
        app.sim
            .deliver(&app.sim.envelope(vec![reaction], vec![r.contact()]))
            .await
            .unwrap();
        let messages = app.all_messages().await;
        assert_eq!(messages.len(), 1, "the reaction is folded into its target");
        assert_eq!(messages[0]["reactions"][0]["emoji"], "👍");
        app.cleanup().await;
    }
}
