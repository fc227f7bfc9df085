//! `/webhooks/whatsapp`: handshake, signatures, bad input, duplicates, batches, unrouted.

use loket_sim::Resident;
use serde_json::{Value, json};

use crate::support::{ADMIN_TOKEN, TestApp, spawn_apps, spawn_apps_without_channel};

fn resident() -> Resident {
    Resident::new("Fatima de Vries", "31612345678")
}

async fn post_raw(app: &TestApp, body: Vec<u8>, signature: Option<&str>) -> reqwest::Response {
    let mut request = app
        .http
        .post(format!("{}/webhooks/whatsapp", app.url))
        .header("content-type", "application/json")
        .body(body);
    if let Some(signature) = signature {
        request = request.header("x-hub-signature-256", signature);
    }
    request.send().await.unwrap()
}

fn sign(app: &TestApp, body: &[u8]) -> String {
    loket_channels::whatsapp::signature::sign(app.sim.config().app_secret.as_bytes(), body)
}

#[tokio::test]
async fn the_handshake_echoes_the_challenge_only_for_the_right_verify_token() {
    for app in spawn_apps().await {
        let token = app.sim.config().verify_token.clone();
        let ok = app
            .get_with(&format!("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={token}"), None)
            .await;
        assert_eq!(ok.status(), 200);
        assert_eq!(ok.text().await.unwrap(), "1158201444");
        let wrong = app
            .get_with(
                "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=nope",
                None,
            )
            .await;
        assert_eq!(wrong.status(), 403);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_missing_or_wrong_signature_is_refused_with_401_and_nothing_is_stored() {
    for app in spawn_apps().await {
        let envelope = app.sim.envelope(
            vec![app.sim.text(&resident(), "Hallo")],
            vec![resident().contact()],
        );
        let body = serde_json::to_vec(&envelope).unwrap();
        let missing = post_raw(&app, body.clone(), None).await;
        assert_eq!(missing.status(), 401);
        assert_eq!(
            missing.headers()["content-type"],
            "application/problem+json"
        );
        let wrong = post_raw(
            &app,
            body.clone(),
            Some("sha256=0000000000000000000000000000000000000000000000000000000000000000"),
        )
        .await;
        assert_eq!(wrong.status(), 401);
        let other_secret = loket_channels::whatsapp::signature::sign(b"not-our-secret", &body);
        assert_eq!(
            post_raw(&app, body, Some(&other_secret)).await.status(),
            401
        );
        assert!(
            app.conversations().await.is_empty(),
            "nothing may be stored on {:?}",
            app.backend
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_signed_text_message_becomes_a_conversation_with_an_open_window() {
    for app in spawn_apps().await {
        let message = app.sim.text(
            &resident(),
            "Hoi, ik wil een afspraak maken voor een nieuw paspoort.",
        );
        let delivered = app
            .sim
            .deliver(&app.sim.envelope(vec![message], vec![resident().contact()]))
            .await
            .unwrap();
        assert_eq!(delivered.status, 200, "{}", delivered.body);
        let conversations = app.conversations().await;
        assert_eq!(conversations.len(), 1);
        assert_eq!(conversations[0]["status"], "open");
        assert_eq!(conversations[0]["contact_name"], "Fatima de Vries");
        let detail = app
            .get_json(&format!(
                "/api/v1/conversations/{}",
                conversations[0]["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(detail["window"]["state"], "open");
        assert_eq!(detail["messages"][0]["content"]["type"], "text");
        assert_eq!(detail["messages"][0]["direction"], "inbound");
        assert_eq!(detail["messages"][0]["sender"], "resident");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_same_delivery_posted_again_or_concurrently_creates_one_message() {
    for app in spawn_apps().await {
        let envelope = app.sim.envelope(
            vec![app.sim.text(&resident(), "Mijn container is vol")],
            vec![resident().contact()],
        );
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        let concurrent: Vec<_> = (0..8).map(|_| app.sim.deliver(&envelope)).collect();
        for result in futures::future::join_all(concurrent).await {
            assert_eq!(result.unwrap().status, 200);
        }
        assert_eq!(app.conversations().await.len(), 1);
        assert_eq!(
            app.all_messages().await.len(),
            1,
            "duplicates on {:?}",
            app.backend
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn valid_json_that_is_not_a_whatsapp_envelope_gets_a_400_problem() {
    for app in spawn_apps().await {
        for body in [
            json!({"object": "page", "entry": []}),
            json!({"hello": "world"}),
            json!([1, 2]),
        ] {
            let bytes = serde_json::to_vec(&body).unwrap();
            let response = post_raw(&app, bytes.clone(), Some(&sign(&app, &bytes))).await;
            assert_eq!(response.status(), 400, "{body}");
            assert_eq!(
                response.headers()["content-type"],
                "application/problem+json"
            );
            let problem: Value = response.json().await.unwrap();
            assert_eq!(problem["status"], 400);
            assert!(
                problem["detail"].as_str().unwrap().contains("WhatsApp"),
                "{problem}"
            );
        }
        let garbage = b"{not json".to_vec();
        let response = post_raw(&app, garbage.clone(), Some(&sign(&app, &garbage))).await;
        assert_eq!(response.status(), 400);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_body_over_3_mb_is_refused_with_413() {
    for app in spawn_apps().await {
        let body = vec![b' '; 3 * 1024 * 1024 + 1];
        let response = post_raw(&app, body.clone(), Some(&sign(&app, &body))).await;
        assert_eq!(response.status(), 413);
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_batch_of_entries_changes_and_messages_is_stored_whole() {
    for app in spawn_apps().await {
        let residents: Vec<Resident> = (0..3)
            .map(|i| Resident::new(format!("Inwoner {i}"), format!("3161111000{i}")))
            .collect();
        let mut entries = Vec::new();
        for _ in 0..2 {
            let mut changes = Vec::new();
            for _ in 0..2 {
                let messages: Vec<Value> = residents
                    .iter()
                    .map(|r| app.sim.text(r, "Vraag over afval"))
                    .collect();
                let contacts: Vec<Value> = residents.iter().map(Resident::contact).collect();
                let one = app.sim.envelope(messages, contacts);
                changes.push(one["entry"][0]["changes"][0].clone());
            }
            entries.push(json!({"id": app.sim.config().waba_id, "changes": changes}));
        }
        let batch = json!({"object": "whatsapp_business_account", "entry": entries});
        assert_eq!(app.sim.deliver(&batch).await.unwrap().status, 200);
        assert_eq!(
            app.conversations().await.len(),
            3,
            "one conversation per resident"
        );
        assert_eq!(
            app.all_messages().await.len(),
            12,
            "2 entries × 2 changes × 3 messages"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_webhook_for_an_unknown_number_is_kept_and_replayed_when_the_channel_is_configured() {
    for app in spawn_apps_without_channel().await {
        let envelope = app.sim.envelope(
            vec![app.sim.text(&resident(), "Is er iemand?")],
            vec![resident().contact()],
        );
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        assert!(app.conversations().await.is_empty());
        let unrouted: Value = app
            .get_with("/api/v1/admin/unrouted-events", Some(ADMIN_TOKEN))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(unrouted["items"].as_array().unwrap().len(), 1);
        assert_eq!(
            unrouted["items"][0]["phone_number_id"],
            app.sim.config().phone_number_id
        );
        assert_eq!(
            app.get_with("/api/v1/admin/unrouted-events", Some(crate::support::TOKEN))
                .await
                .status(),
            401
        );

        let report = app
            .engine
            .provision(&crate::support::provisioning(&app.sim, true))
            .await
            .unwrap();
        assert_eq!(report.replayed, 1);
        assert_eq!(app.all_messages().await.len(), 1);
        let after: Value = app
            .get_with("/api/v1/admin/unrouted-events", Some(ADMIN_TOKEN))
            .await
            .json()
            .await
            .unwrap();
        assert!(
            after["items"].as_array().unwrap().is_empty(),
            "replayed events leave the list"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_photo_is_fetched_checked_and_stored_by_a_job() {
    for app in crate::support::spawn_apps_on_every_blob_store().await {
        let bytes = loket_sim::files::photo_png(4, 4, 1);
        let media_id = app.sim.add_media(bytes.clone(), "image/png");
        let message = app
            .sim
            .image(&resident(), &media_id, Some("Container zit vol"));
        assert_eq!(
            app.sim
                .deliver(&app.sim.envelope(vec![message], vec![resident().contact()]))
                .await
                .unwrap()
                .status,
            200
        );
        assert_eq!(app.all_messages().await[0]["media"]["state"], "pending");
        assert_eq!(app.run_jobs().await, 1);
        let media = &app.all_messages().await[0]["media"];
        assert_eq!(media["state"], "stored", "{media}");
        assert_eq!(media["size"], bytes.len());
        let kept = crate::support::every_blob(&app.blobs.store).await;
        assert_eq!(kept.len(), 1, "one file kept on {:?}", app.blobs.kind);
        assert_eq!(
            kept[0].1, bytes,
            "the photo's own bytes on {:?}",
            app.blobs.kind
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_photo_that_cannot_be_fetched_is_retried_then_shown_as_failed_with_a_reason() {
    for app in spawn_apps().await {
        let media_id = app
            .sim
            .add_media(loket_sim::files::photo_png(4, 4, 1), "image/png");
        app.sim.fail_next_media_info(100);
        let message = app.sim.image(&resident(), &media_id, None);
        app.sim
            .deliver(&app.sim.envelope(vec![message], vec![resident().contact()]))
            .await
            .unwrap();
        let mut attempts = 0;
        loop {
            attempts += 1;
            let report = app
                .engine
                .run_next_job()
                .await
                .unwrap()
                .expect("the fetch job is due");
            match report.outcome {
                loket_engine::jobs::JobOutcome::RetryAt(_) => {
                    app.clock.advance(std::time::Duration::from_secs(3600))
                }
                loket_engine::jobs::JobOutcome::Failed(_) => break,
                other => panic!("the simulator was told to fail, got {other:?}"),
            }
        }
        assert_eq!(attempts, 6, "six attempts before giving up");
        let media = &app.all_messages().await[0]["media"];
        assert_eq!(media["state"], "failed");
        assert!(
            media["reason"]
                .as_str()
                .unwrap()
                .starts_with("De bijlage kon niet worden opgehaald"),
            "{media}"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_webhook_signed_by_one_app_cannot_write_into_a_channel_of_another_app() {
    for app in spawn_apps().await {
        let mut spec = crate::support::provisioning(&app.sim, true);
        spec.apps.push(loket_store::MetaApp {
            name: "andere-app".into(),
            app_secret: "secret-of-the-other-municipality".into(),
            verify_token: "other-verify".into(),
            graph_base_url: app.sim.base_url(),
        });
        spec.organisations[1]
            .whatsapp_channels
            .push(loket_store::NewWhatsappChannel {
                name: "WhatsApp".into(),
                app_name: "andere-app".into(),
                phone_number_id: "2233445566778".into(),
                display_phone_number: "31850609999".into(),
                waba_id: "999".into(),
                access_token: "other".into(),
            });
        app.engine.provision(&spec).await.unwrap();
        // Signed with voorbeeld's app secret, addressed to the other municipality's number.
        let mut envelope = app.sim.envelope(
            vec![app.sim.text(&resident(), "Nep")],
            vec![resident().contact()],
        );
        envelope["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] =
            "2233445566778".into();
        assert_eq!(
            app.sim.deliver(&envelope).await.unwrap().status,
            200,
            "kept, not refused (Meta would retry)"
        );
        let theirs: Value = app
            .get_with("/api/v1/conversations", Some(crate::support::OTHER_TOKEN))
            .await
            .json()
            .await
            .unwrap();
        assert!(
            theirs["items"].as_array().unwrap().is_empty(),
            "nothing in the other inbox"
        );
        let unrouted: Value = app
            .get_with("/api/v1/admin/unrouted-events", Some(ADMIN_TOKEN))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(unrouted["items"].as_array().unwrap().len(), 1);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_unrouted_event_is_replayed_only_into_a_channel_of_the_app_that_signed_it() {
    for app in spawn_apps_without_channel().await {
        let envelope = app.sim.envelope(
            vec![app.sim.text(&resident(), "Hallo")],
            vec![resident().contact()],
        );
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        // The number is then configured, but under another app than the one that signed.
        let mut spec = crate::support::provisioning(&app.sim, true);
        spec.apps.push(loket_store::MetaApp {
            name: "andere-app".into(),
            app_secret: "secret-of-the-other-municipality".into(),
            verify_token: "other-verify".into(),
            graph_base_url: app.sim.base_url(),
        });
        spec.organisations[0].whatsapp_channels[0].app_name = "andere-app".into();
        let report = app.engine.provision(&spec).await.unwrap();
        assert_eq!(report.replayed, 0);
        assert!(app.conversations().await.is_empty());
        // Configured under the app that signed it: replayed.
        let report = app
            .engine
            .provision(&crate::support::provisioning(&app.sim, true))
            .await
            .unwrap();
        assert_eq!(report.replayed, 1);
        assert_eq!(app.conversations().await.len(), 1);
        app.cleanup().await;
    }
}
