//! Found by review of the hardening: the message answer keeps every fact of the record,
//! an oversized reply is a 413 (not a 400), the edge answers are documented, and a
//! refusal is named by the field it concerns.

use serde_json::{Value, json};

use crate::openapi::Contract;
use crate::support::{TestApp, spawn_apps};

fn served_contract() -> Contract {
    Contract::new(serde_json::from_str(loket_web::api::OPENAPI).unwrap())
}

fn messages_path(conversation: &str) -> String {
    format!("/api/v1/conversations/{conversation}/messages")
}

/// The names in `invalidParams` of a 400 answer to `body`.
async fn refused_fields(app: &TestApp, conversation: &str, body: Value) -> Vec<String> {
    let response = app.post_json(&messages_path(conversation), &body).await;
    assert_eq!(response.status(), 400, "{body}");
    let problem: Value = response.json().await.unwrap();
    problem["invalidParams"]
        .as_array()
        .unwrap_or_else(|| panic!("no invalidParams: {problem}"))
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_sent_message_shows_its_link_preview_and_its_price_facts_as_documented() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Waar vind ik de afvalkalender?").await;
        let text = "Zie https://www.gemeente-voorbeeld.nl/afval";
        let body = json!({"text": text, "preview_url": true});
        let response = app.post_json(&messages_path(&conversation), &body).await;
        assert_eq!(response.status(), 201);
        let sent: Value = response.json().await.unwrap();
        assert_eq!(sent["preview_url"], true, "{sent}");
        assert!(sent["pricing"].is_null() && sent.get("pricing").is_some());
        assert!(sent.get("recipient_user_id").is_some(), "{sent}");
        let contract = served_contract();
        contract.check("POST", "/conversations/{id}/messages", 201, &sent);
        app.settle().await;
        let shown = app
            .message(&conversation, sent["id"].as_str().unwrap())
            .await;
        assert_eq!(shown["preview_url"], true, "{shown}");
        assert_eq!(shown["pricing"]["category"], "service", "{shown}");
        app.cleanup().await;
    }
}

#[test]
fn the_contract_requires_the_price_facts_of_a_message() {
    let spec: Value = serde_json::from_str(loket_web::api::OPENAPI).unwrap();
    let required = &spec["components"]["schemas"]["Message"]["required"];
    for field in ["pricing", "preview_url", "recipient_user_id"] {
        assert!(
            required.as_array().unwrap().iter().any(|r| r == field),
            "{field} is not required: {required}"
        );
    }
}

#[tokio::test]
async fn a_text_reply_over_two_megabytes_is_a_413_problem() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hoi").await;
        let body = json!({"text": "a".repeat(3 * 1024 * 1024)});
        let response = app.post_json(&messages_path(&conversation), &body).await;
        assert_eq!(response.status(), 413);
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        let problem: Value = response.json().await.unwrap();
        served_contract().check("POST", "/conversations/{id}/messages", 413, &problem);
        app.cleanup().await;
    }
}

#[test]
fn every_api_operation_documents_the_answers_of_the_edge() {
    let spec: Value = serde_json::from_str(loket_web::api::OPENAPI).unwrap();
    let contract = served_contract();
    for (method, path) in contract.operations() {
        let responses = &spec["paths"][&path][method.to_lowercase()]["responses"];
        let mut expected = vec!["405", "414", "500"];
        if (method == "PATCH" && path == "/conversations/{id}")
            || (method == "POST" && path == "/conversations/{id}/messages")
        {
            expected.push("413");
        }
        for status in expected {
            assert!(
                responses.get(status).is_some(),
                "{method} {path} does not document {status}"
            );
        }
    }
}

#[tokio::test]
async fn template_and_quote_refusals_are_named_by_their_field() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hoi").await;
        assert_eq!(
            app.post_json("/api/v1/templates/sync", &json!({}))
                .await
                .status(),
            200
        );
        let unknown = json!({"template": {"name": "bestaat_niet", "language": "nl"}});
        let pending = json!({"template": {"name": "nieuwsbrief_aanmelding", "language": "nl"}});
        let count = json!({"template": {"name": "afspraak_herinnering", "language": "nl",
                                        "parameters": ["12 december"]}});
        for body in [unknown, pending, count] {
            assert_eq!(
                refused_fields(&app, &conversation, body).await,
                ["template"]
            );
        }
        let nowhere = "0190b0e0-0000-7000-8000-000000000000";
        let quote = json!({"text": "Ja", "reply_to": nowhere});
        assert_eq!(
            refused_fields(&app, &conversation, quote).await,
            ["reply_to"]
        );
        let reaction = json!({"reaction": {"message_id": nowhere, "emoji": "👍"}});
        assert_eq!(
            refused_fields(&app, &conversation, reaction).await,
            ["reaction.message_id"]
        );
        app.cleanup().await;
    }
}
