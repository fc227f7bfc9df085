//! What a queue shows of messages (issue 8 §1): who reacted, templates as the resident
//! read them, media headers checked before queueing, edits that change only the original.

use std::time::Duration;

use loket_domain::Clock;
use loket_sim::Resident;
use serde_json::{Value, json};

use crate::queue::{conversation_of, queue, says, send, writes};
use crate::support::spawn_apps;

#[tokio::test]
async fn reactions_say_who_reacted_and_whether_ours_was_delivered() {
    for app in spawn_apps().await {
        let anna = Resident::new("Anna", "31611111111");
        says(&app, &anna, "Mijn paspoort is verlopen.").await;
        let conversation = conversation_of(&app, "Anna").await;
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        let question = detail["messages"][0].clone();
        let wamid = question["provider_message_id"].as_str().unwrap().to_owned();

        // The resident's 🙏 and the agent's 👍 on the same message are told apart.
        writes(&app, &anna, vec![app.sim.reaction(&anna, &wamid, "🙏")]).await;
        let ours = send(
            &app,
            &conversation,
            json!({"reaction": {"message_id": question["id"], "emoji": "👍"}}),
        )
        .await;
        assert_eq!(ours.status(), 201);
        app.settle().await;

        let message = app
            .message(&conversation, question["id"].as_str().unwrap())
            .await;
        let reactions = message["reactions"].as_array().unwrap();
        assert_eq!(reactions.len(), 2, "{message}");
        let by = |kind: &str| {
            reactions
                .iter()
                .find(|r| r["from"]["kind"] == kind)
                .unwrap()
                .clone()
        };
        assert_eq!(by("resident")["emoji"], "🙏");
        assert_eq!(by("resident")["status"], Value::Null);
        assert_eq!(by("agent")["emoji"], "👍");
        assert_eq!(by("agent")["from"]["user_id"], Value::Null);
        assert_eq!(
            by("agent")["status"],
            "sent",
            "a reaction send yields only `sent`"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_sent_template_is_kept_as_the_text_the_resident_read() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        assert_eq!(
            app.post_json("/api/v1/templates/sync", &json!({}))
                .await
                .status(),
            200
        );
        let body = json!({"template": {"name": "afspraak_herinnering", "language": "nl",
            "parameters": ["12 december", "10:30"],
            "rendered": {"body": "vervalst door de client"}}});
        let response = send(&app, &conversation, body).await;
        assert_eq!(response.status(), 201);
        let sent: Value = response.json().await.unwrap();
        let rendered = &sent["content"]["rendered"];
        assert_eq!(rendered["header"], "Je afspraak");
        assert_eq!(
            rendered["body"],
            "Herinnering: je afspraak bij Gemeente Voorbeeld is op 12 december om 10:30. Neem je identiteitsbewijs mee."
        );
        assert_eq!(rendered["footer"], "Gemeente Voorbeeld");
        assert_eq!(sent["content"]["name"], "afspraak_herinnering");

        let stored = app
            .message(&conversation, sent["id"].as_str().unwrap())
            .await;
        assert_eq!(
            stored["content"]["rendered"], *rendered,
            "round-trips through the database"
        );
        let preview = &queue(&app, "").await[0]["last_message"];
        assert_eq!(preview["kind"], "template");
        assert!(
            preview["text"]
                .as_str()
                .unwrap()
                .starts_with("Herinnering: je afspraak")
        );

        let quick = json!({"template": {"name": "vraag_nog_open", "language": "nl", "parameters": {"voornaam": "Fatima"}}});
        let sent: Value = send(&app, &conversation, quick).await.json().await.unwrap();
        assert_eq!(
            sent["content"]["rendered"]["buttons"],
            json!(["Ja, graag", "Nee, dank je"])
        );
        assert!(
            sent["content"]["rendered"]["body"]
                .as_str()
                .unwrap()
                .starts_with("Hoi Fatima,")
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_template_whose_header_needs_media_is_refused_without_it_before_anything_is_stored() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        app.post_json("/api/v1/templates/sync", &json!({})).await;
        let without = json!({"template": {"name": "werkzaamheden_melding", "language": "nl", "parameters": ["1 mei", "Dorpsstraat"]}});
        let response = send(&app, &conversation, without).await;
        assert_eq!(response.status(), 400);
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["invalidParams"][0]["name"], "template", "{problem}");
        assert!(
            problem["invalidParams"][0]["reason"]
                .as_str()
                .unwrap()
                .contains("image header"),
            "{problem}"
        );
        let wrong_kind = json!({"template": {"name": "werkzaamheden_melding", "language": "nl", "parameters": ["1 mei", "Dorpsstraat"],
            "header_media": {"kind": "video", "link": "https://example.org/omleiding.mp4"}}});
        assert_eq!(send(&app, &conversation, wrong_kind).await.status(), 400);
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        assert_eq!(
            detail["messages"].as_array().unwrap().len(),
            1,
            "nothing was stored"
        );

        let with = json!({"template": {"name": "werkzaamheden_melding", "language": "nl", "parameters": ["1 mei", "Dorpsstraat"],
            "header_media": {"kind": "image", "link": "https://example.org/omleiding.png"}}});
        assert_eq!(send(&app, &conversation, with).await.status(), 201);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_edit_changes_the_original_only_and_metas_unsupported_edit_is_a_notice() {
    for app in spawn_apps().await {
        let anna = Resident::new("Anna", "31611111111");
        says(&app, &anna, "Mijn adres is Dorpstraat 1").await;
        let conversation = conversation_of(&app, "Anna").await;
        let original = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await["messages"][0]
            .clone();
        app.clock.advance(Duration::from_secs(30));
        let edit = app.sim.message(
            &anna,
            "edit",
            json!({
            "original_message_id": original["provider_message_id"],
            "message": {"type": "text", "text": {"body": "Mijn adres is Dorpsstraat 1"}}}),
        );

        writes(&app, &anna, vec![edit]).await;

        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        let messages = detail["messages"].as_array().unwrap();
        assert_eq!(
            messages.len(),
            1,
            "the edit is no message of its own: {messages:?}"
        );
        assert_eq!(
            messages[0]["content"]["body"], "Mijn adres is Dorpstraat 1",
            "the original text is kept"
        );
        assert_eq!(
            messages[0]["edited_content"]["body"],
            "Mijn adres is Dorpsstraat 1"
        );
        assert_eq!(messages[0]["edited_at"], app.clock.now().to_string());
        let events = app
            .get_json(&format!("/api/v1/conversations/{conversation}/events"))
            .await;
        let edited: Vec<&Value> = events["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "message_edited")
            .collect();
        assert_eq!(edited.len(), 1);
        assert_eq!(edited[0]["message_id"], original["id"]);
        let item = &queue(&app, "").await[0];
        assert_eq!(item["last_message"]["text"], "Mijn adres is Dorpsstraat 1");
        assert_eq!(item["unread_count"], 1);

        writes(&app, &anna, vec![app.sim.unsupported(&anna, "edit")]).await;
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        let notice = detail["messages"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(notice["content"]["type"], "system", "{notice}");
        assert_eq!(notice["content"]["kind"], "edit_unavailable");
        app.cleanup().await;
    }
}
