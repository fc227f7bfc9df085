//! Replying through the API: every outbound type round-trips through the simulator.

use serde_json::{Value, json};

use crate::support::{TestApp, spawn_apps};

async fn send(app: &TestApp, conversation: &str, body: Value) -> Value {
    let response = app
        .post_json(
            &format!("/api/v1/conversations/{conversation}/messages"),
            &body,
        )
        .await;
    assert_eq!(response.status(), 201, "{body}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_text_reply_is_queued_sent_and_walks_to_read() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Kan ik mijn paspoort ophalen?").await;
        let queued = send(
            &app,
            &conversation,
            json!({"text": "Je afspraak staat vast."}),
        )
        .await;
        assert_eq!(queued["status"], "queued");
        assert_eq!(queued["direction"], "outbound");
        app.settle().await;
        let message = app
            .message(&conversation, queued["id"].as_str().unwrap())
            .await;
        assert_eq!(message["status"], "read", "{message}");
        let sent = app.sim.sent_messages();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].body["text"]["body"], "Je afspraak staat vast.");
        assert_eq!(
            sent[0].body["text"]["preview_url"], false,
            "link previews are off by default"
        );
        assert_eq!(sent[0].to, "31612345678");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn interactive_buttons_lists_and_reactions_round_trip() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Ik wil iets vragen over afval").await;
        let resident_message = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await["messages"][0]["id"]
            .clone();
        send(&app, &conversation, json!({"interactive": {
            "body": "Waar gaat je vraag over?",
            "action": {"kind": "buttons", "buttons": [{"id": "grofvuil", "title": "Grofvuil"}, {"id": "container", "title": "Container"}]}
        }})).await;
        send(&app, &conversation, json!({"interactive": {
            "body": "Kies een onderwerp",
            "action": {"kind": "list", "button": "Onderwerpen", "sections": [{"title": "Afval", "rows": [{"id": "pmd", "title": "PMD"}]}]}
        }})).await;
        send(
            &app,
            &conversation,
            json!({"reaction": {"message_id": resident_message, "emoji": "👍"}}),
        )
        .await;
        send(
            &app,
            &conversation,
            json!({"text": "Zie je antwoord hierboven", "reply_to": resident_message}),
        )
        .await;
        app.settle().await;
        let kinds: Vec<String> = app
            .sim
            .sent_messages()
            .iter()
            .map(|m| m.kind().to_owned())
            .collect();
        assert_eq!(
            kinds,
            vec!["interactive", "interactive", "reaction", "text"]
        );
        let sent = app.sim.sent_messages();
        assert!(
            sent[3].body["context"]["message_id"]
                .as_str()
                .unwrap()
                .starts_with("wamid."),
            "a quoted reply"
        );
        for m in app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await["messages"]
            .as_array()
            .unwrap()
        {
            if m["direction"] == "outbound" {
                assert!(
                    ["read", "sent", "delivered"].contains(&m["status"].as_str().unwrap()),
                    "{m}"
                );
            }
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_uploaded_file_is_sent_by_media_id_and_several_files_become_several_messages() {
    for app in crate::support::spawn_apps_on_every_blob_store().await {
        let conversation = app.resident_writes("Kun je het formulier sturen?").await;
        let form = reqwest::multipart::Form::new()
            .part(
                "file",
                reqwest::multipart::Part::bytes(loket_sim::files::pdf("Formulier"))
                    .file_name("formulier.pdf")
                    .mime_str("application/pdf")
                    .unwrap(),
            )
            .part(
                "file",
                reqwest::multipart::Part::bytes(loket_sim::files::photo_png(8, 8, 2))
                    .file_name("kaart.png")
                    .mime_str("image/png")
                    .unwrap(),
            )
            .text("caption", "Hier is het formulier");
        let response = app
            .http
            .post(format!(
                "{}/api/v1/conversations/{conversation}/messages",
                app.url
            ))
            .bearer_auth(crate::support::TOKEN)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["items"].as_array().unwrap().len(), 2);
        assert!(
            body["items"][0]["media"]["size"].as_u64().unwrap() > 0,
            "the kept file's real size"
        );
        app.settle().await;
        let sent = app.sim.sent_messages();
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0].body["type"], "document");
        assert_eq!(sent[0].body["document"]["filename"], "formulier.pdf");
        assert_eq!(sent[0].body["document"]["caption"], "Hier is het formulier");
        assert!(
            sent[0].body["document"]["id"]
                .as_str()
                .is_some_and(|id| !id.is_empty()),
            "sent by uploaded id"
        );
        assert_eq!(sent[1].body["type"], "image");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn templates_are_synced_and_only_approved_ones_with_the_right_parameters_can_be_sent() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        let synced = app.post_json("/api/v1/templates/sync", &json!({})).await;
        assert_eq!(synced.status(), 200);
        let listed = app.get_json("/api/v1/templates").await;
        let names: Vec<&str> = listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"vraag_nog_open") && names.contains(&"nieuwsbrief_aanmelding"),
            "{names:?}"
        );

        send(&app, &conversation, json!({"template": {"name": "vraag_nog_open", "language": "nl", "parameters": {"voornaam": "Fatima"}}})).await;
        send(&app, &conversation, json!({"template": {"name": "afspraak_herinnering", "language": "nl", "parameters": ["12 december", "10:30"]}})).await;
        for (body, why) in [
            (
                json!({"template": {"name": "nieuwsbrief_aanmelding", "language": "nl"}}),
                "PENDING",
            ),
            (
                json!({"template": {"name": "vraag_nog_open", "language": "nl", "parameters": ["Fatima"]}}),
                "named",
            ),
            (
                json!({"template": {"name": "afspraak_herinnering", "language": "nl", "parameters": ["12 december"]}}),
                "expects 2",
            ),
            (
                json!({"template": {"name": "bestaat_niet", "language": "nl"}}),
                "not known",
            ),
        ] {
            let response = app
                .post_json(
                    &format!("/api/v1/conversations/{conversation}/messages"),
                    &body,
                )
                .await;
            assert_eq!(response.status(), 400, "{body}");
            let problem: Value = response.json().await.unwrap();
            assert!(
                problem["invalidParams"].to_string().contains(why),
                "{problem} should mention {why}"
            );
        }
        app.settle().await;
        let sent = app.sim.sent_messages();
        assert_eq!(sent.len(), 2);
        assert_eq!(
            sent[0].body["template"]["components"][0]["parameters"][0]["parameter_name"],
            "voornaam"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_free_form_reply_after_24_hours_is_refused_with_422_but_a_template_is_sent() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        app.clock.advance(std::time::Duration::from_secs(25 * 3600));
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        assert_eq!(detail["window"]["state"], "closed");
        let refused = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/messages"),
                &json!({"text": "Sorry voor de late reactie"}),
            )
            .await;
        assert_eq!(refused.status(), 422);
        let problem: Value = refused.json().await.unwrap();
        assert!(
            problem["detail"].as_str().unwrap().contains("sjabloon"),
            "{problem}"
        );
        app.post_json("/api/v1/templates/sync", &json!({})).await;
        send(&app, &conversation, json!({"template": {"name": "vraag_nog_open", "language": "nl", "parameters": {"voornaam": "Fatima"}}})).await;
        app.settle().await;
        assert_eq!(app.sim.sent_messages().len(), 1);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn invalid_message_bodies_list_every_problem() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        let path = format!("/api/v1/conversations/{conversation}/messages");
        let response = app
            .post_json(
                &path,
                &json!({"text": "", "colour": "red", "preview_url": "yes"}),
            )
            .await;
        assert_eq!(response.status(), 400);
        let problem: Value = response.json().await.unwrap();
        let names: Vec<&str> = problem["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        for expected in ["colour", "preview_url", "text"] {
            assert!(names.contains(&expected), "{names:?}");
        }
        let too_many = json!({"interactive": {"body": "Kies", "action": {"kind": "buttons", "buttons": [
            {"id": "a", "title": "Een hele lange knoptitel"}, {"id": "b", "title": "B"}, {"id": "c", "title": "C"}, {"id": "d", "title": "D"}]}}});
        let problem: Value = app.post_json(&path, &too_many).await.json().await.unwrap();
        assert!(
            problem["invalidParams"].as_array().unwrap().len() >= 2,
            "both the count and the title length: {problem}"
        );
        assert!(app.sim.sent_messages().is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_conversation_can_be_resolved_assigned_labelled_and_prioritised() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Mijn container is niet geleegd").await;
        let path = format!("/api/v1/conversations/{conversation}");
        let fatima = app.agent("fatima@voorbeeld.nl", "voorbeeld").await;
        let updated: Value = app
            .patch_json(&path, &json!({"status": "resolved", "assignee": fatima, "labels": ["afval", "container"], "priority": "high"}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(updated["status"], "resolved");
        assert_eq!(updated["assignee"], fatima.as_str());
        assert_eq!(updated["labels"], json!(["afval", "container"]));
        assert_eq!(updated["priority"], "high");
        assert!(updated["resolved_at"].is_string());
        let by_label = app
            .get_json(&format!(
                "/api/v1/conversations?label=afval&status=resolved&assignee={fatima}"
            ))
            .await;
        assert_eq!(by_label["items"].as_array().unwrap().len(), 1);
        let bad = app
            .patch_json(
                &path,
                &json!({"status": "weg", "priority": 3, "labels": "afval", "x": 1}),
            )
            .await;
        assert_eq!(bad.status(), 400);
        let problem: Value = bad.json().await.unwrap();
        assert_eq!(problem["invalidParams"].as_array().unwrap().len(), 4);
        app.cleanup().await;
    }
}
