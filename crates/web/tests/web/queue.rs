//! What a queue needs, in the API (issue 8 §1): the list's preview, waiting time, unread
//! count, window and order; who reacted; templates as read; edits; snoozing; media headers.

use std::time::Duration;

use loket_domain::Clock;
use loket_sim::Resident;
use serde_json::{Value, json};

use crate::support::{OTHER_TOKEN, TestApp, spawn_apps};

const HOUR: Duration = Duration::from_secs(3600);

pub(crate) async fn writes(app: &TestApp, resident: &Resident, messages: Vec<Value>) {
    let envelope = app.sim.envelope(messages, vec![resident.contact()]);
    assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
}

pub(crate) async fn says(app: &TestApp, resident: &Resident, text: &str) {
    writes(app, resident, vec![app.sim.text(resident, text)]).await;
}

pub(crate) async fn send(app: &TestApp, conversation: &str, body: Value) -> reqwest::Response {
    let path = format!("/api/v1/conversations/{conversation}/messages");
    app.post_json(&path, &body).await
}

pub(crate) async fn queue(app: &TestApp, query: &str) -> Vec<Value> {
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
pub(crate) async fn conversation_of(app: &TestApp, name: &str) -> String {
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
