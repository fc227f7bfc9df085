//! What an inbox reads besides conversations: a message's media as a download, and a
//! conversation's history of events.

use loket_sim::Resident;
use serde_json::{Value, json};

use crate::support::{OTHER_TOKEN, TOKEN, TestApp, spawn_apps};

fn fatima() -> Resident {
    Resident::new("Fatima de Vries", "31612345678")
}

/// The resident sends `message`; returns the id of the (only) message received.
async fn resident_sends(app: &TestApp, message: Value) -> String {
    let envelope = app.sim.envelope(vec![message], vec![fatima().contact()]);
    assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
    app.all_messages().await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn get_media(app: &TestApp, message: &str, token: &str) -> reqwest::Response {
    app.get_with(&format!("/api/v1/messages/{message}/media"), Some(token))
        .await
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("{name} header"))
        .to_str()
        .unwrap()
}

#[tokio::test]
async fn a_photo_a_resident_sent_is_served_with_its_type_disposition_and_nosniff() {
    for app in spawn_apps().await {
        let photo = loket_sim::files::photo_png(5, 5, 3);
        let media_id = app.sim.add_media(photo.clone(), "image/png");
        let image = app
            .sim
            .image(&fatima(), &media_id, Some("Losse stoeptegel"));
        let id = resident_sends(&app, image).await;
        app.run_jobs().await;

        let response = get_media(&app, &id, TOKEN).await;
        assert_eq!(response.status(), 200, "on {:?}", app.backend);
        assert_eq!(header(&response, "content-type"), "image/png");
        assert_eq!(
            header(&response, "content-disposition"),
            format!("attachment; filename=\"{id}.png\"")
        );
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
        assert_eq!(header(&response, "cache-control"), "no-store");
        let policy = header(&response, "content-security-policy");
        assert!(policy.contains("default-src 'none'"), "{policy}");
        assert!(policy.ends_with("; sandbox"), "{policy}");
        assert_eq!(response.bytes().await.unwrap(), photo);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_document_is_served_under_its_sanitised_name_with_an_rfc_6266_utf8_name() {
    for app in spawn_apps().await {
        let pdf = loket_sim::files::pdf("Bezwaar");
        let media_id = app.sim.add_media(pdf.clone(), "application/pdf");
        let document = app
            .sim
            .document(&fatima(), &media_id, "../stukken/bezwaar é.pdf", None);
        let id = resident_sends(&app, document).await;
        app.run_jobs().await;

        let response = get_media(&app, &id, TOKEN).await;
        assert_eq!(response.status(), 200, "on {:?}", app.backend);
        assert_eq!(header(&response, "content-type"), "application/pdf");
        assert_eq!(
            header(&response, "content-disposition"),
            "attachment; filename=\"bezwaar _.pdf\"; filename*=UTF-8''bezwaar%20%C3%A9.pdf"
        );
        assert_eq!(response.bytes().await.unwrap(), pdf);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisations_message_media_answers_404() {
    for app in spawn_apps().await {
        let media_id = app
            .sim
            .add_media(loket_sim::files::photo_png(4, 4, 2), "image/png");
        let image = app.sim.image(&fatima(), &media_id, None);
        let id = resident_sends(&app, image).await;
        app.run_jobs().await;

        let response = get_media(&app, &id, OTHER_TOKEN).await;
        assert_eq!(response.status(), 404, "on {:?}", app.backend);
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["detail"], "The resource does not exist.");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn pending_media_answers_404_saying_it_is_not_there_yet() {
    for app in spawn_apps().await {
        let media_id = app
            .sim
            .add_media(loket_sim::files::photo_png(4, 4, 4), "image/png");
        let image = app.sim.image(&fatima(), &media_id, None);
        let id = resident_sends(&app, image).await;

        let response = get_media(&app, &id, TOKEN).await;
        assert_eq!(response.status(), 404, "on {:?}", app.backend);
        let problem: Value = response.json().await.unwrap();
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains("not there yet"), "{detail}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_text_message_has_no_media_to_serve() {
    for app in spawn_apps().await {
        let id = resident_sends(&app, app.sim.text(&fatima(), "Hallo")).await;
        let response = get_media(&app, &id, TOKEN).await;
        assert_eq!(response.status(), 404, "on {:?}", app.backend);
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["detail"], "The message has no media.");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn events_list_created_assigned_and_status_changed_in_order_after_patches() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Mijn container is niet geleegd.").await;
        let path = format!("/api/v1/conversations/{conversation}");
        let an = app.agent("an@voorbeeld.nl", "voorbeeld").await;
        let assign = json!({"assignee": an});
        assert_eq!(app.patch_json(&path, &assign).await.status(), 200);
        let resolve = json!({"status": "resolved"});
        assert_eq!(app.patch_json(&path, &resolve).await.status(), 200);

        let events = app.get_json(&format!("{path}/events")).await;
        let items = events["items"].as_array().unwrap();
        assert!(
            items
                .iter()
                .all(|e| e["id"].is_string() && e["at"].is_string())
        );
        let shown: Vec<&Value> = items
            .iter()
            .filter(|e| e["kind"] != "inbound_message")
            .collect();
        let kinds: Vec<&str> = shown.iter().map(|e| e["kind"].as_str().unwrap()).collect();
        assert_eq!(
            kinds,
            ["created", "assigned", "status_changed"],
            "on {:?}",
            app.backend
        );
        assert_eq!(shown[1]["assignee"], an.as_str());
        assert_eq!(shown[2]["from"], "open");
        assert_eq!(shown[2]["to"], "resolved");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisations_conversation_events_answer_404() {
    for app in spawn_apps().await {
        let conversation = app
            .resident_writes("Wanneer is het gemeentehuis open?")
            .await;
        let path = format!("/api/v1/conversations/{conversation}/events");
        let response = app.get_with(&path, Some(OTHER_TOKEN)).await;
        assert_eq!(response.status(), 404, "on {:?}", app.backend);
        app.cleanup().await;
    }
}
