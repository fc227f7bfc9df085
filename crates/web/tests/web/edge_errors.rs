//! Every error is problem+json with the security headers, also those produced below the
//! handlers (body limits, unknown routes and methods, long URIs); API answers are not cached.

use reqwest::Response;
use serde_json::{Value, json};

use crate::openapi::Contract;
use crate::support::{TOKEN, spawn_apps};

/// The documented operation an answer belongs to (`None`: outside the API's operations,
/// checked as a plain problem).
type Operation = Option<(&'static str, &'static str)>;

/// Asserts the answer is a problem with `status` and every security header, as
/// `openapi.json` documents it; returns it.
async fn assert_problem(response: Response, status: u16, operation: Operation) -> Value {
    assert_eq!(response.status(), status);
    let headers = response.headers().clone();
    assert_eq!(
        headers["content-type"], "application/problem+json",
        "status {status}"
    );
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
    ] {
        assert_eq!(headers.get(name).unwrap(), value, "{name} on {status}");
    }
    assert!(headers.contains_key("content-security-policy"));
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["status"], status, "{problem}");
    assert!(problem["title"].is_string() && problem["detail"].is_string());
    let contract = Contract::new(serde_json::from_str(loket_web::api::OPENAPI).unwrap());
    match operation {
        Some((method, path)) => contract.check(method, path, status, &problem),
        None => contract.check_problem(&problem),
    }
    problem
}

const PATCH: Operation = Some(("PATCH", "/conversations/{id}"));
const LIST: Operation = Some(("GET", "/conversations"));

#[tokio::test]
async fn an_oversized_patch_is_a_413_problem() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hoi").await;
        let response = app
            .patch_json(
                &format!("/api/v1/conversations/{conversation}"),
                &json!({ "team": "t".repeat(3 * 1024 * 1024) }),
            )
            .await;
        assert_problem(response, 413, PATCH).await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_405_problem_that_names_the_allowed_ones() {
    for app in spawn_apps().await {
        let response = app
            .http
            .delete(format!("{}/api/v1/conversations", app.url))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        let allow = response.headers().get("allow").cloned();
        // Documented on every operation of the path the wrong method was tried on.
        assert_problem(response, 405, LIST).await;
        assert!(allow.is_some_and(|a| a.to_str().unwrap().contains("GET")));
        let webhook = app
            .http
            .put(format!("{}/webhooks/whatsapp", app.url))
            .send()
            .await
            .unwrap();
        assert_problem(webhook, 405, None).await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_unknown_route_is_a_404_problem() {
    for app in spawn_apps().await {
        assert_problem(app.get_with("/nergens", None).await, 404, None).await;
        assert_problem(
            app.get_with("/api/v1/nergens", Some(TOKEN)).await,
            404,
            None,
        )
        .await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_too_long_uri_is_a_414_problem() {
    for app in spawn_apps().await {
        let path = format!("/api/v1/conversations?label={}", "a".repeat(20_000));
        assert_problem(app.get_with(&path, Some(TOKEN)).await, 414, LIST).await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn api_answers_carrying_personal_data_are_not_cached() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Mijn adres is Dorpsstraat 1").await;
        for (path, token) in [
            (format!("/api/v1/conversations/{conversation}"), Some(TOKEN)),
            ("/api/v1/conversations".into(), Some(TOKEN)),
            ("/api/v1/conversations".into(), None),
        ] {
            let response = app.get_with(&path, token).await;
            assert_eq!(
                response.headers().get("cache-control").unwrap(),
                "no-store",
                "{path}"
            );
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn error_details_quote_at_most_a_short_excerpt_of_the_input() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hoi").await;
        let secret = "GEHEIM".repeat(2_000);
        let bad_json = format!("{{\"status\": \"{secret}");
        let response = app
            .http
            .patch(format!("{}/api/v1/conversations/{conversation}", app.url))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(bad_json)
            .send()
            .await
            .unwrap();
        let problem = assert_problem(response, 400, PATCH).await;
        let status = app
            .patch_json(
                &format!("/api/v1/conversations/{conversation}"),
                &json!({ "status": secret }),
            )
            .await;
        let invalid = assert_problem(status, 400, PATCH).await;
        let reaction = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/messages"),
                &json!({"reaction": {"message_id": secret, "emoji": "👍"}}),
            )
            .await;
        let typed = assert_problem(
            reaction,
            400,
            Some(("POST", "/conversations/{id}/messages")),
        )
        .await;
        for p in [problem, invalid, typed] {
            let text = p.to_string();
            assert!(text.len() < 600, "{} bytes: {text}", text.len());
            assert!(!text.contains(&"GEHEIM".repeat(20)), "{text}");
        }
        app.cleanup().await;
    }
}
