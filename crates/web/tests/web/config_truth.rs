//! Configuration is the truth, also when something is removed: what is no longer declared
//! is disabled (tokens refused, webhooks kept as unrouted, handshake refused), and declaring
//! it again enables it.

use loket_sim::Resident;
use serde_json::Value;

use crate::support::{ADMIN_TOKEN, OTHER_TOKEN, TOKEN, TestApp, provisioning, spawn_apps};

fn resident() -> Resident {
    Resident::new("Fatima de Vries", "31612345678")
}

/// The test configuration with its Meta app renamed and re-keyed: the simulator's app
/// (which signs its webhooks) is thereby removed.
fn spec_with_replaced_app(app: &TestApp) -> loket_engine::provision::Provisioning {
    let mut spec = provisioning(&app.sim, true);
    spec.apps[0].name = "new-app".into();
    spec.apps[0].app_secret = "the-new-apps-secret".into();
    spec.apps[0].verify_token = "the-new-verify-token".into();
    spec.organisations[0].whatsapp_channels[0].app_name = "new-app".into();
    spec
}

async fn handshake(app: &TestApp, verify_token: &str) -> reqwest::StatusCode {
    app.get_with(
        &format!(
            "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=42&hub.verify_token={verify_token}"
        ),
        None,
    )
    .await
    .status()
}

async fn unrouted_count(app: &TestApp) -> usize {
    let unrouted: Value = app
        .get_with("/api/v1/admin/unrouted-events", Some(ADMIN_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    unrouted["items"].as_array().unwrap().len()
}

async fn resident_says(app: &TestApp, text: &str) -> u16 {
    let envelope = app.sim.envelope(
        vec![app.sim.text(&resident(), text)],
        vec![resident().contact()],
    );
    app.sim.deliver(&envelope).await.unwrap().status
}

#[tokio::test]
async fn a_removed_organisations_token_is_refused_and_declaring_it_again_lets_it_in() {
    for app in spawn_apps().await {
        assert_eq!(
            app.get_with("/api/v1/conversations", Some(OTHER_TOKEN))
                .await
                .status(),
            200
        );
        let mut spec = provisioning(&app.sim, true);
        spec.organisations.retain(|o| o.slug != "andere");
        let report = app.engine.provision(&spec).await.unwrap();
        assert_eq!(report.disabled, 1);
        assert_eq!(
            app.get_with("/api/v1/conversations", Some(OTHER_TOKEN))
                .await
                .status(),
            401
        );
        assert_eq!(
            app.get_with("/api/v1/conversations", Some(TOKEN))
                .await
                .status(),
            200
        );

        app.engine
            .provision(&provisioning(&app.sim, true))
            .await
            .unwrap();
        assert_eq!(
            app.get_with("/api/v1/conversations", Some(OTHER_TOKEN))
                .await
                .status(),
            200
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_webhook_signed_with_a_removed_apps_secret_is_refused_with_401() {
    for app in spawn_apps().await {
        assert_eq!(resident_says(&app, "Voor").await, 200);
        app.engine
            .provision(&spec_with_replaced_app(&app))
            .await
            .unwrap();
        assert_eq!(resident_says(&app, "Na").await, 401);
        assert_eq!(
            app.all_messages().await.len(),
            1,
            "nothing stored after removal"
        );
        assert_eq!(unrouted_count(&app).await, 0);

        app.engine
            .provision(&provisioning(&app.sim, true))
            .await
            .unwrap();
        assert_eq!(resident_says(&app, "Weer terug").await, 200);
        assert_eq!(app.all_messages().await.len(), 2);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_handshake_with_a_removed_apps_verify_token_is_refused() {
    for app in spawn_apps().await {
        let old = app.sim.config().verify_token.clone();
        assert_eq!(handshake(&app, &old).await, 200);
        app.engine
            .provision(&spec_with_replaced_app(&app))
            .await
            .unwrap();
        assert_eq!(handshake(&app, &old).await, 403);
        assert_eq!(handshake(&app, "the-new-verify-token").await, 200);

        app.engine
            .provision(&provisioning(&app.sim, true))
            .await
            .unwrap();
        assert_eq!(handshake(&app, &old).await, 200);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_removed_channels_webhook_is_kept_unrouted_and_replayed_when_declared_again() {
    for app in spawn_apps().await {
        assert_eq!(resident_says(&app, "Voor").await, 200);
        let report = app
            .engine
            .provision(&provisioning(&app.sim, false))
            .await
            .unwrap();
        assert_eq!(report.disabled, 1);
        assert_eq!(
            resident_says(&app, "Tijdens").await,
            200,
            "kept, not refused"
        );
        assert_eq!(app.all_messages().await.len(), 1, "not in the inbox");
        assert_eq!(unrouted_count(&app).await, 1);

        let report = app
            .engine
            .provision(&provisioning(&app.sim, true))
            .await
            .unwrap();
        assert_eq!(report.replayed, 1);
        let texts: Vec<String> = app
            .all_messages()
            .await
            .iter()
            .map(|m| m["content"]["body"].as_str().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_removed_channel_sends_nothing() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        let path = format!("/api/v1/conversations/{conversation}/messages");
        let queued = app
            .post_json(&path, &serde_json::json!({"text": "Eerste antwoord"}))
            .await;
        assert_eq!(queued.status(), 201);
        app.engine
            .provision(&provisioning(&app.sim, false))
            .await
            .unwrap();

        let refused = app
            .post_json(&path, &serde_json::json!({"text": "Tweede antwoord"}))
            .await;
        assert_eq!(refused.status(), 409);
        // The reply queued before the removal is not sent either.
        app.settle().await;
        let sent: Vec<Value> = app
            .all_messages()
            .await
            .into_iter()
            .filter(|m| m["direction"] == "outbound")
            .collect();
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert_eq!(sent[0]["status"], "failed", "{sent:?}");
        assert!(app.sim.sent_messages().is_empty());
        app.cleanup().await;
    }
}
