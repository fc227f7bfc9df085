//! What a queue needs, in the API (issue 8 §1): the list's preview, waiting time, unread
//! count, window and order; who reacted; templates as read; edits; snoozing; media headers.

use std::time::Duration;

use loket_domain::Clock;
use loket_sim::Resident;
use serde_json::{Value, json};

use crate::support::{OTHER_TOKEN, TestApp, spawn_apps};

const HOUR: Duration = Duration::from_secs(3600);

async fn writes(app: &TestApp, resident: &Resident, messages: Vec<Value>) {
    let envelope = app.sim.envelope(messages, vec![resident.contact()]);
    assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
}

async fn says(app: &TestApp, resident: &Resident, text: &str) {
    writes(app, resident, vec![app.sim.text(resident, text)]).await;
}

async fn send(app: &TestApp, conversation: &str, body: Value) -> reqwest::Response {
    let path = format!("/api/v1/conversations/{conversation}/messages");
    app.post_json(&path, &body).await
}

async fn queue(app: &TestApp, query: &str) -> Vec<Value> {
    let page = app.get_json(&format!("/api/v1/conversations{query}")).await;
    page["items"].as_array().unwrap().clone()
}

fn of<'a>(items: &'a [Value], id: &str) -> &'a Value {
    items.iter().find(|c| c["id"] == id).expect("listed")
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

fn time(app: &TestApp, offset: Duration) -> String {
    loket_domain::time::add(app.clock.now(), offset).to_string()
}

/// The conversation of the resident with this profile name.
async fn conversation_of(app: &TestApp, name: &str) -> String {
    let items = queue(app, "?limit=100").await;
    let found = items.iter().find(|c| c["contact_name"] == name);
    found.expect("a conversation of the resident")["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_queue_lists_waiting_conversations_first_with_preview_unread_count_and_window() {
    for app in spawn_apps().await {
        let anna = Resident::new("Anna", "31611111111");
        let bram = Resident::new("Bram", "31622222222");
        let cor = Resident::new("Cor", "31633333333");
        says(&app, &anna, "Mijn container is niet geleegd.").await;
        let anna_wrote = app.clock.now();
        app.clock.advance(Duration::from_secs(60));
        says(&app, &bram, "Wanneer is het gemeentehuis open?").await;
        says(&app, &bram, "En op zaterdag?").await;
        app.clock.advance(Duration::from_secs(60));
        says(&app, &cor, "Dank u!").await;
        let cor_id = conversation_of(&app, "Cor").await;
        let reply = send(&app, &cor_id, json!({"text": "Graag gedaan."})).await;
        assert_eq!(reply.status(), 201);

        let items = queue(&app, "").await;
        let anna_id = conversation_of(&app, "Anna").await;
        let bram_id = conversation_of(&app, "Bram").await;
        assert_eq!(
            ids(&items),
            [anna_id.clone(), bram_id.clone(), cor_id.clone()],
            "longest waiting first, answered last"
        );

        let anna_item = of(&items, &anna_id);
        assert_eq!(anna_item["waiting_since"], anna_wrote.to_string());
        assert_eq!(anna_item["unread_count"], 1);
        assert_eq!(
            anna_item["window_closes_at"],
            loket_domain::time::add(anna_wrote, 24 * HOUR).to_string()
        );
        assert_eq!(anna_item["last_message"]["kind"], "text");
        assert_eq!(anna_item["last_message"]["direction"], "inbound");
        assert_eq!(
            anna_item["last_message"]["text"],
            "Mijn container is niet geleegd."
        );
        assert_eq!(of(&items, &bram_id)["unread_count"], 2);
        assert_eq!(
            of(&items, &bram_id)["last_message"]["text"],
            "En op zaterdag?"
        );

        let cor_item = of(&items, &cor_id);
        assert_eq!(cor_item["waiting_since"], Value::Null);
        assert_eq!(cor_item["unread_count"], 0, "answering reads it");
        assert_eq!(cor_item["last_message"]["direction"], "outbound");
        assert_eq!(cor_item["last_message"]["status"], "queued");
        assert_eq!(cor_item["last_message"]["text"], "Graag gedaan.");

        let recent = queue(&app, "?sort=recent").await;
        assert_eq!(ids(&recent), [cor_id, bram_id, anna_id]);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_preview_is_at_most_140_characters_and_a_photo_without_caption_says_foto() {
    for app in spawn_apps().await {
        let anna = Resident::new("Anna", "31611111111");
        says(&app, &anna, &"Lange klacht over de stoep. ".repeat(20)).await;
        let text = queue(&app, "").await[0]["last_message"]["text"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(text.chars().count(), 140, "{text}");
        assert!(text.ends_with('…'));

        let media = app
            .sim
            .add_media(loket_sim::files::photo_png(4, 4, 1), "image/png");
        writes(&app, &anna, vec![app.sim.image(&anna, &media, None)]).await;
        let last = &queue(&app, "").await[0]["last_message"];
        assert_eq!(
            (last["kind"].as_str(), last["text"].as_str()),
            (Some("image"), Some("Foto"))
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn marking_a_conversation_read_clears_its_unread_count_but_not_its_wait() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo?").await;
        let read = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/read"),
                &json!({}),
            )
            .await;
        assert_eq!(read.status(), 202);
        let item = &queue(&app, "").await[0];
        assert_eq!(item["unread_count"], 0);
        assert_ne!(item["waiting_since"], Value::Null, "read is not answered");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_list_query_refuses_an_unknown_sort_and_a_foreign_cursor() {
    for app in spawn_apps().await {
        for query in [
            "?sort=oldest",
            "?cursor=w12_x",
            "?cursor=",
            "?sort=recent&cursor=w1_0190b5c2-7d4e-7000-8000-000000000000",
        ] {
            let response = app
                .get_with(
                    &format!("/api/v1/conversations{query}"),
                    Some(crate::support::TOKEN),
                )
                .await;
            assert_eq!(response.status(), 400, "{query}");
            let problem: Value = response.json().await.unwrap();
            assert!(problem["invalidParams"].is_array(), "{problem}");
        }
        app.cleanup().await;
    }
}

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

#[tokio::test]
async fn snoozing_needs_a_time_in_the_future() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        let path = format!("/api/v1/conversations/{conversation}");
        for body in [
            json!({"status": "snoozed"}),
            json!({"status": "snoozed", "snoozed_until": time(&app, Duration::ZERO)}),
            json!({"status": "snoozed", "snoozed_until": "morgen"}),
            json!({"status": "snoozed", "snoozed_until": 12}),
            json!({"status": "snoozed", "snoozed_until": "99999-12-31T23:59:59Z"}),
            json!({"snoozed_until": time(&app, HOUR)}),
            json!({"status": "open", "snoozed_until": time(&app, HOUR)}),
        ] {
            let response = app.patch_json(&path, &body).await;
            assert_eq!(response.status(), 400, "{body}");
            let problem: Value = response.json().await.unwrap();
            assert_eq!(
                problem["invalidParams"][0]["name"], "snoozed_until",
                "{problem}"
            );
        }
        assert_eq!(
            app.get_json(&path).await["conversation"]["status"],
            "open",
            "nothing changed"
        );

        // Far ahead still round-trips through the database.
        let far = "9999-01-01T00:00:00Z";
        let response = app
            .patch_json(&path, &json!({"status": "snoozed", "snoozed_until": far}))
            .await;
        assert_eq!(response.status(), 200);
        let snoozed: Value = response.json().await.unwrap();
        assert_eq!(
            (
                snoozed["status"].as_str(),
                snoozed["snoozed_until"].as_str()
            ),
            (Some("snoozed"), Some(far))
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_snoozed_conversation_wakes_when_its_time_passes_or_the_resident_writes() {
    for app in spawn_apps().await {
        let anna = Resident::new("Anna", "31611111111");
        says(&app, &anna, "Hallo").await;
        let conversation = conversation_of(&app, "Anna").await;
        let path = format!("/api/v1/conversations/{conversation}");
        let until = time(&app, HOUR);
        let response = app
            .patch_json(&path, &json!({"status": "snoozed", "snoozed_until": until}))
            .await;
        assert_eq!(response.status(), 200);

        app.clock.advance(HOUR - Duration::from_secs(1));
        assert_eq!(app.engine.wake_snoozed_conversations().await.unwrap(), 0);
        app.clock.advance(Duration::from_secs(1));
        assert_eq!(app.engine.wake_snoozed_conversations().await.unwrap(), 1);
        let woke = app.get_json(&path).await["conversation"].clone();
        assert_eq!(
            (woke["status"].as_str(), &woke["snoozed_until"]),
            (Some("open"), &Value::Null)
        );
        let events = app.get_json(&format!("{path}/events")).await["items"]
            .as_array()
            .unwrap()
            .clone();
        let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
        assert_eq!(
            kinds[kinds.len() - 3..],
            ["status_changed", "snoozed", "status_changed"]
        );
        assert_eq!(events[events.len() - 2]["until"], until);
        assert_eq!(events.last().unwrap()["from"], "snoozed");

        // Snoozed again, the resident's next message wakes it at once.
        let later = time(&app, 24 * HOUR);
        app.patch_json(&path, &json!({"status": "snoozed", "snoozed_until": later}))
            .await;
        says(&app, &anna, "Nog een vraag").await;
        assert_eq!(app.get_json(&path).await["conversation"]["status"], "open");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisations_conversation_cannot_be_snoozed_or_read() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        let path = format!("/api/v1/conversations/{conversation}");
        let snooze = json!({"status": "snoozed", "snoozed_until": time(&app, HOUR)});
        let response = app
            .http
            .patch(format!("{}{path}", app.url))
            .bearer_auth(OTHER_TOKEN)
            .json(&snooze)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404);
        let response = app
            .http
            .post(format!("{}{path}/read", app.url))
            .bearer_auth(OTHER_TOKEN)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404);
        let item = &queue(&app, "").await[0];
        assert_eq!(
            (item["status"].as_str(), item["unread_count"].as_u64()),
            (Some("open"), Some(1))
        );
        let theirs = app
            .get_with("/api/v1/conversations", Some(OTHER_TOKEN))
            .await;
        let theirs: Value = theirs.json().await.unwrap();
        assert!(theirs["items"].as_array().unwrap().is_empty());
        app.cleanup().await;
    }
}
