//! The operator pages over HTTP on every database: Meta apps without secrets, unrouted
//! webhook events with a replay button, and 403 for anyone without the operator flag.

use loket_domain::people::{Locale, Role};
use loket_engine::people::NewUserRequest;
use secrecy::SecretString;

use crate::admin_pages::{admin, signed_in};
use crate::sign_in::PASSWORD;
use crate::support::{TestApp, provisioning, spawn_apps};

/// A deployment operator of no organisation, signed in.
async fn operator(app: &TestApp) -> crate::visitor::Visitor {
    let request = NewUserRequest {
        email: "operator@loket.nl".into(),
        name: "Operator".into(),
        membership: None,
        operator: true,
        locale: Locale::Nl,
        password: Some(SecretString::from(PASSWORD)),
    };
    app.engine.add_user(request).await.unwrap();
    signed_in(app, "operator@loket.nl").await
}

#[tokio::test]
async fn an_operator_sees_the_meta_apps_without_their_secrets() {
    for app in spawn_apps().await {
        let mut v = operator(&app).await;
        assert!(v.get("/").await.body.contains("href=\"/operator/apps\""));
        let page = v.get("/operator/apps").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("default"));
        assert!(page.body.contains(&app.sim.base_url()));
        assert!(!page.body.contains(&app.sim.config().app_secret));
        assert!(!page.body.contains(&app.sim.config().verify_token));
        assert_eq!(v.get("/operator/unrouted").await.status, 200);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_admin_or_agent_without_the_operator_flag_gets_403() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        assert!(!v.get("/").await.body.contains("href=\"/operator/apps\""));
        for path in ["/operator/apps", "/operator/unrouted"] {
            assert_eq!(v.get(path).await.status, 403, "{path}");
        }
        let replay = v
            .post("/operator/unrouted/replay", &[("phone_number_id", "1")])
            .await;
        assert_eq!(replay.status, 403);
        crate::admin_pages::member(&app, "a@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut agent = signed_in(&app, "a@voorbeeld.nl").await;
        assert_eq!(agent.get("/operator/apps").await.status, 403);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_unrouted_event_is_listed_and_replayed_into_the_inbox() {
    for app in spawn_apps().await {
        // The channel is removed from the configuration: the resident's message is kept.
        app.engine
            .provision(&provisioning(&app.sim, false))
            .await
            .unwrap();
        let r = loket_sim::Resident::new("Fatima de Vries", "31612345678");
        let envelope = app.sim.envelope(
            vec![app.sim.text(&r, "Waar blijft mijn paspoort?")],
            vec![r.contact()],
        );
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        assert!(app.conversations().await.is_empty());

        let mut v = operator(&app).await;
        let page = v.get("/operator/unrouted").await;
        let number = app.sim.config().phone_number_id.clone();
        assert!(page.body.contains(&number), "{}", page.body);
        assert!(page.body.contains("Bericht"));
        assert!(
            !page.body.contains("paspoort"),
            "no message content on the page"
        );

        // The channel comes back without a provisioning run (which would replay itself).
        app.execute_sql("update channels set enabled = true").await;
        let replayed = v
            .post("/operator/unrouted/replay", &[("phone_number_id", &number)])
            .await;
        assert_eq!(
            replayed.location.as_deref(),
            Some("/operator/unrouted?replayed=1")
        );
        assert_eq!(app.conversations().await.len(), 1);
        let page = v.get("/operator/unrouted?replayed=1").await;
        assert!(page.body.contains("Er wachten geen webhooks"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_unrouted_list_pages_by_fifty() {
    for app in spawn_apps().await {
        app.engine
            .provision(&provisioning(&app.sim, false))
            .await
            .unwrap();
        let r = loket_sim::Resident::new("Piet", "31611111111");
        let texts: Vec<_> = (0..51)
            .map(|i| app.sim.text(&r, &format!("Bericht {i}")))
            .collect();
        let envelope = app.sim.envelope(texts, vec![r.contact()]);
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        let mut v = operator(&app).await;
        let first = v.get("/operator/unrouted").await;
        assert!(first.body.contains("?page=2"));
        assert!(!first.body.contains("rel=\"prev\""));
        let second = v.get("/operator/unrouted?page=2").await;
        assert!(second.body.contains("?page=1"));
        assert!(!second.body.contains("rel=\"next\""));
        app.cleanup().await;
    }
}
