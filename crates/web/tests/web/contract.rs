//! The API contract: `openapi.json` documents what the router serves, and real answers
//! have the documented shapes (no missing required field, no undocumented one).

use loket_sim::Resident;
use serde_json::{Value, json};

use crate::openapi::Contract;
use crate::support::{
    ADMIN_TOKEN, OTHER_TOKEN, TOKEN, TestApp, spawn_apps, spawn_apps_without_channel,
};

pub(crate) async fn contract(app: &TestApp) -> Contract {
    let response = app.get_with("/api/v1/openapi.json", None).await;
    assert_eq!(response.status(), 200);
    let spec: Value = response.json().await.unwrap();
    let contract = Contract::new(spec.clone());
    contract.check("GET", "/openapi.json", 200, &spec);
    contract
}

/// Send a request and check its answer against the contract; returns the JSON body.
pub(crate) async fn call(
    app: &TestApp,
    contract: &Contract,
    (method, path): (&str, &str),
    concrete: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = app
        .http
        .request(
            method.parse().unwrap(),
            format!("{}/api/v1{concrete}", app.url),
        )
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let json = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap()
    };
    if !text.is_empty() {
        contract.check(method, path, status, &json);
    }
    (status, json)
}

pub(crate) async fn resident_writes(app: &TestApp, resident: &Resident) {
    let media_id = app
        .sim
        .add_media(loket_sim::files::photo_png(4, 4, 1), "image/png");
    let envelope = app.sim.envelope(
        vec![
            app.sim.text(resident, "Mijn container is niet geleegd."),
            app.sim
                .image(resident, &media_id, Some("Zo staat hij er nu")),
        ],
        vec![resident.contact()],
    );
    assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
    app.run_jobs().await;
}

async fn upload_two_files(app: &TestApp, contract: &Contract, conversation: &str) {
    let part = |bytes: Vec<u8>, name: &str, mime: &str| {
        reqwest::multipart::Part::bytes(bytes)
            .file_name(name.to_owned())
            .mime_str(mime)
            .unwrap()
    };
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            part(
                loket_sim::files::pdf("Formulier"),
                "formulier.pdf",
                "application/pdf",
            ),
        )
        .part(
            "file",
            part(
                loket_sim::files::photo_png(8, 8, 2),
                "kaart.png",
                "image/png",
            ),
        );
    let response = app
        .http
        .post(format!(
            "{}/api/v1/conversations/{conversation}/messages",
            app.url
        ))
        .bearer_auth(TOKEN)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    contract.check("POST", "/conversations/{id}/messages", 201, &body);
}

/// The media download (not JSON: its headers are checked by `inbox_reads`) and the
/// answers around it and the events list.
async fn inbox_reads(app: &TestApp, contract: &Contract, conversation: &str) {
    let (_, detail) = call(
        app,
        contract,
        ("GET", "/conversations/{id}"),
        conversation,
        TOKEN,
        None,
    )
    .await;
    let photo = detail["messages"][1]["id"].as_str().unwrap();
    let text = detail["messages"][0]["id"].as_str().unwrap();
    let media = ("GET", "/messages/{id}/media");
    let served = app
        .get_with(&format!("/api/v1/messages/{photo}/media"), Some(TOKEN))
        .await;
    assert_eq!(served.status(), 200);
    let no_media = format!("/messages/{text}/media");
    assert_eq!(
        call(app, contract, media, &no_media, TOKEN, None).await.0,
        404
    );
    let stranger = format!("/messages/{photo}/media");
    assert_eq!(
        call(app, contract, media, &stranger, OTHER_TOKEN, None)
            .await
            .0,
        404
    );
    let events = ("GET", "/conversations/{id}/events");
    let elsewhere = format!("{conversation}/events");
    assert_eq!(
        call(app, contract, events, &elsewhere, OTHER_TOKEN, None)
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn every_answer_of_a_day_at_the_desk_matches_its_documented_schema() {
    for app in spawn_apps().await {
        let contract = contract(&app).await;
        resident_writes(&app, &Resident::new("Fatima de Vries", "31612345678")).await;

        let list = ("GET", "/conversations");
        let (status, page) = call(&app, &contract, list, "/conversations", TOKEN, None).await;
        assert_eq!(status, 200);
        let id = page["items"][0]["id"].as_str().unwrap().to_owned();
        let conversation = format!("/conversations/{id}");

        let send = ("POST", "/conversations/{id}/messages");
        let messages = format!("{conversation}/messages");
        let text = json!({"text": "We sturen iemand langs."});
        let (status, sent) = call(&app, &contract, send, &messages, TOKEN, Some(text)).await;
        assert_eq!(status, 201);
        let show = ("GET", "/conversations/{id}");
        let (_, detail) = call(&app, &contract, show, &conversation, TOKEN, None).await;
        let first = detail["messages"][0]["id"].clone();
        let buttons = json!({"kind": "buttons", "buttons": [{"id": "ja", "title": "Ja"}]});
        let question = json!({"interactive": {"body": "Klopt dit adres?", "action": buttons},
                              "reply_to": first});
        assert_eq!(
            call(&app, &contract, send, &messages, TOKEN, Some(question))
                .await
                .0,
            201
        );
        let thumbs = json!({"reaction": {"message_id": first, "emoji": "👍"}});
        assert_eq!(
            call(&app, &contract, send, &messages, TOKEN, Some(thumbs))
                .await
                .0,
            201
        );
        let bad = Some(json!({"text": ""}));
        assert_eq!(
            call(&app, &contract, send, &messages, TOKEN, bad).await.0,
            400
        );
        upload_two_files(&app, &contract, &id).await;
        app.settle().await;

        let read = ("POST", "/conversations/{id}/read");
        let read_path = format!("{conversation}/read");
        assert_eq!(
            call(&app, &contract, read, &read_path, TOKEN, None).await.0,
            202
        );

        let retry = ("POST", "/conversations/{id}/messages/{message_id}/retry");
        let retry_path = format!("{messages}/{}/retry", sent["id"].as_str().unwrap());
        let delivered = call(&app, &contract, retry, &retry_path, TOKEN, None).await;
        assert_eq!(delivered.0, 409, "a delivered message cannot be retried");

        let patch = ("PATCH", "/conversations/{id}");
        let an = app.agent("an@voorbeeld.nl", "voorbeeld").await;
        let team = app.team_id("voorbeeld", "burgerzaken").await;
        let change =
            Some(json!({"status": "resolved", "assignee": an, "team": team, "labels": ["afval"]}));
        assert_eq!(
            call(&app, &contract, patch, &conversation, TOKEN, change)
                .await
                .0,
            200
        );

        let events = ("GET", "/conversations/{id}/events");
        let events_path = format!("{conversation}/events");
        let (status, history) = call(&app, &contract, events, &events_path, TOKEN, None).await;
        assert_eq!(status, 200);
        assert_eq!(history["items"][0]["kind"], "created");
        inbox_reads(&app, &contract, &conversation).await;

        let (status, detail) = call(&app, &contract, show, &conversation, TOKEN, None).await;
        assert_eq!(status, 200);
        let shown = detail["messages"].as_array().unwrap();
        assert_eq!(shown.len(), 6, "the reaction is folded into its target");
        assert_eq!(shown[0]["reactions"][0]["emoji"], "👍");
        let missing = "/conversations/0190b0e0-0000-7000-8000-000000000000";
        assert_eq!(
            call(&app, &contract, show, missing, TOKEN, None).await.0,
            404
        );
        assert_eq!(
            call(&app, &contract, list, "/conversations", "nee", None)
                .await
                .0,
            401
        );

        let sync = ("POST", "/templates/sync");
        assert_eq!(
            call(&app, &contract, sync, "/templates/sync", TOKEN, None)
                .await
                .0,
            200
        );
        let templates = ("GET", "/templates");
        let (status, listed) = call(&app, &contract, templates, "/templates", TOKEN, None).await;
        assert_eq!(status, 200);
        assert!(!listed["items"].as_array().unwrap().is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn unrouted_events_match_their_documented_schema() {
    for app in spawn_apps_without_channel().await {
        let contract = contract(&app).await;
        resident_writes(&app, &Resident::new("Jan Jansen", "31622222222")).await;
        let unrouted = ("GET", "/admin/unrouted-events");
        let path = "/admin/unrouted-events";
        let (status, body) = call(&app, &contract, unrouted, path, ADMIN_TOKEN, None).await;
        assert_eq!(status, 200);
        assert!(!body["items"].as_array().unwrap().is_empty());
        app.cleanup().await;
    }
}

/// Served and documented operations must be the same set: a route added without its
/// documentation (or documented and never built) fails here.
#[test]
fn every_route_the_api_serves_is_documented_and_every_documented_route_is_served() {
    let documented = served_contract().operations();
    let served: Vec<(String, String)> = loket_web::api::served_operations()
        .into_iter()
        .map(|(method, path)| (method.to_string(), path.to_owned()))
        .collect();
    let undocumented: Vec<_> = served.iter().filter(|o| !documented.contains(o)).collect();
    let unserved: Vec<_> = documented.iter().filter(|o| !served.contains(o)).collect();
    assert!(
        undocumented.is_empty(),
        "served, not in openapi.json: {undocumented:?}"
    );
    assert!(
        unserved.is_empty(),
        "in openapi.json, not served: {unserved:?}"
    );
    assert!(
        served.len() >= 11,
        "the table lists every route: {served:?}"
    );
}

pub(crate) fn served_contract() -> Contract {
    Contract::new(serde_json::from_str(loket_web::api::OPENAPI).unwrap())
}

#[test]
#[should_panic(expected = "does not match its documented schema")]
fn the_contract_check_refuses_an_undocumented_property() {
    let page = json!({"items": [], "total": 0});
    served_contract().check("GET", "/conversations", 200, &page);
}

#[test]
#[should_panic(expected = "does not match its documented schema")]
fn the_contract_check_refuses_a_missing_required_property() {
    let problem = json!({"title": "Not found", "status": 404});
    served_contract().check("GET", "/conversations/{id}", 404, &problem);
}
