//! The outbox end to end: a resident known only by a business-scoped user id is answered,
//! statuses' pricing shows on the message, and an agent's retry keeps the link preview.

use loket_engine::jobs::JobOutcome;
use loket_sim::{Resident, SendFault};
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

/// A resident whose webhook names no phone number, only their user id (2026 usernames).
async fn resident_without_number_writes(app: &TestApp, resident: &Resident) -> String {
    let mut message = app.sim.text(resident, "Mijn container is niet geleegd.");
    message.as_object_mut().unwrap().remove("from");
    let mut contact = resident.contact();
    contact.as_object_mut().unwrap().remove("wa_id");
    let envelope = app.sim.envelope(vec![message], vec![contact]);
    assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
    app.conversations().await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_resident_known_only_by_a_user_id_is_answered_and_the_price_facts_are_kept() {
    for app in spawn_apps().await {
        let resident = Resident::new("Noor", "31699999999");
        let conversation = resident_without_number_writes(&app, &resident).await;
        let queued = send(
            &app,
            &conversation,
            json!({"text": "We komen morgen langs."}),
        )
        .await;
        app.settle().await;

        let sent = app.sim.sent_messages();
        assert_eq!(sent.len(), 1, "the send was not refused locally");
        assert_eq!(sent[0].body["recipient"], resident.user_id.as_str());
        assert!(sent[0].body.get("to").is_none(), "{}", sent[0].body);
        let message = app
            .message(&conversation, queued["id"].as_str().unwrap())
            .await;
        assert_eq!(message["status"], "read", "{message}");
        assert_eq!(message["recipient_user_id"], resident.user_id.as_str());
        assert_eq!(
            message["pricing"],
            json!({"pricing_model": "PMP", "type": "regular",
                "category": "service", "billable": true}),
            "since October 2026 service messages are charged too"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_agent_s_retry_sends_the_link_preview_again() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Waar vind ik de afvalkalender?").await;
        app.sim.fail_next_sends(SendFault::UnsupportedType, 1);
        let text = "Zie https://www.gemeente-voorbeeld.nl/afval";
        let queued = send(
            &app,
            &conversation,
            json!({"text": text, "preview_url": true}),
        )
        .await;
        let id = queued["id"].as_str().unwrap();
        app.settle().await;
        assert_eq!(app.message(&conversation, id).await["status"], "failed");

        let retry = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/messages/{id}/retry"),
                &json!({}),
            )
            .await;
        assert!(retry.status().is_success(), "{}", retry.status());
        app.settle().await;
        let sent = app.sim.sent_messages();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].body["text"]["body"], text);
        assert_eq!(sent[0].body["text"]["preview_url"], true);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_authentication_template_for_a_resident_known_only_by_a_user_id_is_refused_before_queueing()
 {
    for app in spawn_apps().await {
        app.sim.add_template(loket_sim::Template::new(
            "inlogcode",
            "nl",
            "AUTHENTICATION",
            "Uw code is {{1}}.",
        ));
        let resident = Resident::new("Noor", "31699999999");
        let conversation = resident_without_number_writes(&app, &resident).await;
        let synced = app.post_json("/api/v1/templates/sync", &json!({})).await;
        assert_eq!(synced.status(), 200);
        let body =
            json!({"template": {"name": "inlogcode", "language": "nl", "parameters": ["123456"]}});
        let response = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/messages"),
                &body,
            )
            .await;
        assert_eq!(response.status(), 400);
        let problem: Value = response.json().await.unwrap();
        assert!(problem.to_string().contains("telefoonnummer"), "{problem}");
        assert_eq!(
            problem["invalidParams"][0]["name"], "template",
            "named by its field: {problem}"
        );
        app.settle().await;
        assert!(app.sim.sent_messages().is_empty());
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        assert_eq!(
            detail["messages"].as_array().unwrap().len(),
            1,
            "nothing queued"
        );
        app.cleanup().await;
    }
}

/// A worker whose lease expires during a long media download, and the worker that takes the
/// job over: the second one's verdict counts, the first one's is ignored.
#[tokio::test]
async fn a_media_fetch_that_outlives_its_lease_does_not_overwrite_the_worker_that_took_over() {
    for app in spawn_apps().await {
        let photo = loket_sim::files::photo_png(64, 64, 3);
        let media_id = app.sim.add_media(photo.clone(), "image/png");
        // The first download falls silent for a while after its first bytes.
        let half = photo.len() / 2 + 1;
        app.sim
            .trickle_next_media_downloads(1, half, std::time::Duration::from_secs(5));
        let resident = Resident::new("Sanne Visser", "31611112222");
        let message = app.sim.image(&resident, &media_id, None);
        let envelope = app.sim.envelope(vec![message], vec![resident.contact()]);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);

        let engine = app.engine.clone();
        let slow = tokio::spawn(async move { engine.run_next_job().await });
        while app.sim.stats().media_download_requests == 0 {
            tokio::task::yield_now().await;
        }
        // Its lease (extended for the download) expires while it still downloads; another
        // worker claims the job and finishes.
        app.clock.advance(std::time::Duration::from_secs(3600));
        let current = app.engine.run_next_job().await.unwrap().unwrap();
        assert_eq!(current.outcome, JobOutcome::Done);

        let stale = slow.await.unwrap().unwrap().unwrap();
        assert_eq!(stale.id, current.id);
        assert_eq!(stale.outcome, JobOutcome::Superseded);
        assert!(
            app.engine.run_next_job().await.unwrap().is_none(),
            "nothing runs a third time"
        );
        let media = &app.all_messages().await[0]["media"];
        assert_eq!(media["state"], "stored", "{media}");
        app.cleanup().await;
    }
}
