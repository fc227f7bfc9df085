//! `POST /api/v1/checks/personal-data`: findings for a text, the size limit, bad input,
//! the token, and the documented contract.

use serde_json::{Value, json};

use crate::contract::served_contract;
use crate::support::{TestApp, spawn_apps};

const PATH: &str = "/api/v1/checks/personal-data";

async fn post_raw(app: &TestApp, body: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = app
        .http
        .post(format!("{}{PATH}", app.url))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

async fn problem(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status(), status);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body: Value = response.json().await.unwrap();
    served_contract().check("POST", "/checks/personal-data", status, &body);
    body
}

#[tokio::test]
async fn a_text_is_answered_with_every_finding_its_normalised_value_and_code_point_range() {
    for app in spawn_apps().await {
        let text = "Één vraag: BSN 111.222.333, bel 06-12345678 of mail Jan@Example.nl";
        let response = app.post_json(PATH, &json!({ "text": text })).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        served_contract().check("POST", "/checks/personal-data", 200, &body);
        let chars: Vec<char> = text.chars().collect();
        let findings = body["findings"].as_array().unwrap();
        let seen: Vec<(String, String, String)> = findings
            .iter()
            .map(|f| {
                let (s, e) = (f["start"].as_u64().unwrap(), f["end"].as_u64().unwrap());
                let written: String = chars[s as usize..e as usize].iter().collect();
                (
                    f["kind"].as_str().unwrap().to_owned(),
                    f["value"].as_str().unwrap().to_owned(),
                    written,
                )
            })
            .collect();
        let expected = [
            ("bsn", "111222333", "111.222.333"),
            ("phone", "+31612345678", "06-12345678"),
            ("email", "jan@example.nl", "Jan@Example.nl"),
        ];
        let expected: Vec<(String, String, String)> = expected
            .iter()
            .map(|(k, v, w)| (k.to_string(), v.to_string(), w.to_string()))
            .collect();
        assert_eq!(seen, expected, "{:?}", app.backend);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_text_without_personal_data_has_no_findings_and_an_empty_text_is_fine() {
    for app in spawn_apps().await {
        for text in [
            "",
            "Wanneer wordt het grofvuil opgehaald? Ordernummer 123456782.",
        ] {
            let response = app.post_json(PATH, &json!({ "text": text })).await;
            assert_eq!(response.status(), 200);
            let body: Value = response.json().await.unwrap();
            assert_eq!(body, json!({ "findings": [] }), "{text}");
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_text_of_64_kb_is_checked_and_one_byte_more_answers_413() {
    for app in spawn_apps().await {
        let mut text = "a".repeat(64 * 1024 - 10);
        text.push_str(" 111222333");
        let response = app.post_json(PATH, &json!({ "text": text })).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["findings"].as_array().unwrap().len(), 1);
        text.push('!');
        let too_big = app.post_json(PATH, &json!({ "text": text })).await;
        problem(too_big, 413).await;
        // A body far larger than any text is refused without being read to the end.
        let huge = format!("{{\"text\":\"{}\"}}", "x".repeat(1024 * 1024));
        problem(
            post_raw(&app, &huge, Some(crate::support::TOKEN)).await,
            413,
        )
        .await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_or_has_no_text_string_answers_400_without_quoting_it() {
    for app in spawn_apps().await {
        for body in [
            "BSN 111222333",
            "",
            "{}",
            "[\"111222333\"]",
            "{\"text\": 111222333}",
            "{\"text\": null}",
            "{\"tekst\": \"111222333\"}",
        ] {
            let response = post_raw(&app, body, Some(crate::support::TOKEN)).await;
            let problem = problem(response, 400).await;
            assert!(
                !problem.to_string().contains("111222333"),
                "{body}: {problem}"
            );
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_check_needs_an_organisation_token() {
    for app in spawn_apps().await {
        let body = "{\"text\": \"111222333\"}";
        problem(post_raw(&app, body, None).await, 401).await;
        problem(
            post_raw(&app, body, Some("wrong-token-wrong-token")).await,
            401,
        )
        .await;
        assert_eq!(
            post_raw(&app, body, Some(crate::support::OTHER_TOKEN))
                .await
                .status(),
            200
        );
        app.cleanup().await;
    }
}
