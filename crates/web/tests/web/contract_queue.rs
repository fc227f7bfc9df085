//! The queue's answers against the contract (see `contract.rs`).

use loket_domain::Clock;
use loket_sim::Resident;
use serde_json::json;

use crate::contract::{call, contract, resident_writes};
use crate::support::{TOKEN, spawn_apps};

/// The queue's answers (issue 8 §1): previews of every kind, paging, snoozing, the
/// resident's reactions, edits and their events, templates as read.
#[tokio::test]
async fn the_queues_answers_match_their_documented_schema() {
    for app in spawn_apps().await {
        let contract = contract(&app).await;
        let fatima = Resident::new("Fatima de Vries", "31612345678");
        resident_writes(&app, &fatima).await;
        resident_writes(&app, &Resident::new("Jan Jansen", "31622222222")).await;
        let list = ("GET", "/conversations");
        let (_, page) = call(&app, &contract, list, "/conversations?limit=1", TOKEN, None).await;
        let cursor = page["next_cursor"].as_str().unwrap();
        let next = format!("/conversations?limit=1&cursor={cursor}");
        assert_eq!(call(&app, &contract, list, &next, TOKEN, None).await.0, 200);
        let bad_sort = "/conversations?sort=oudste";
        assert_eq!(
            call(&app, &contract, list, bad_sort, TOKEN, None).await.0,
            400
        );

        let id = page["items"][0]["id"].as_str().unwrap().to_owned();
        let conversation = format!("/conversations/{id}");
        let (_, detail) = call(
            &app,
            &contract,
            ("GET", "/conversations/{id}"),
            &conversation,
            TOKEN,
            None,
        )
        .await;
        let wamid = detail["messages"][0]["provider_message_id"]
            .as_str()
            .unwrap();
        let edit = app.sim.message(
            &fatima,
            "edit",
            json!({"original_message_id": wamid,
            "message": {"type": "text", "text": {"body": "Mijn container is toch geleegd."}}}),
        );
        let reaction = app.sim.reaction(&fatima, wamid, "🙏");
        let envelope = app
            .sim
            .envelope(vec![edit, reaction], vec![fatima.contact()]);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);

        call(
            &app,
            &contract,
            ("POST", "/templates/sync"),
            "/templates/sync",
            TOKEN,
            None,
        )
        .await;
        let send = ("POST", "/conversations/{id}/messages");
        let messages = format!("{conversation}/messages");
        let template = json!({"template": {"name": "afspraak_herinnering", "language": "nl",
            "parameters": ["12 december", "10:30"]}});
        assert_eq!(
            call(&app, &contract, send, &messages, TOKEN, Some(template))
                .await
                .0,
            201
        );
        let no_media = json!({"template": {"name": "werkzaamheden_melding", "language": "nl",
            "parameters": ["1 mei", "Dorpsstraat"]}});
        assert_eq!(
            call(&app, &contract, send, &messages, TOKEN, Some(no_media))
                .await
                .0,
            400
        );
        app.settle().await;

        let patch = ("PATCH", "/conversations/{id}");
        let until = loket_domain::time::add(app.clock.now(), std::time::Duration::from_secs(3600));
        let snooze = json!({"status": "snoozed", "snoozed_until": until.to_string()});
        assert_eq!(
            call(&app, &contract, patch, &conversation, TOKEN, Some(snooze))
                .await
                .0,
            200
        );
        let no_time = json!({"status": "snoozed"});
        assert_eq!(
            call(&app, &contract, patch, &conversation, TOKEN, Some(no_time))
                .await
                .0,
            400
        );
        let (_, recent) = call(
            &app,
            &contract,
            list,
            "/conversations?sort=recent",
            TOKEN,
            None,
        )
        .await;
        let ours = recent["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id.as_str());
        assert_eq!(ours.unwrap()["last_message"]["kind"], "template");
        let (_, detail) = call(
            &app,
            &contract,
            ("GET", "/conversations/{id}"),
            &conversation,
            TOKEN,
            None,
        )
        .await;
        assert_eq!(
            detail["messages"][0]["reactions"][0]["from"]["kind"],
            "resident"
        );
        let events = format!("{conversation}/events");
        let (_, history) = call(
            &app,
            &contract,
            ("GET", "/conversations/{id}/events"),
            &events,
            TOKEN,
            None,
        )
        .await;
        let kinds: Vec<&str> = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert!(
            kinds.contains(&"message_edited") && kinds.contains(&"snoozed"),
            "{kinds:?}"
        );
        app.cleanup().await;
    }
}
