//! What `server.public_url` and the preview switch change in the pages' answers.

use std::sync::Arc;

use loket_web::AppState;
use loket_web::pages::settings::{PublicUrl, WebSettings};
use reqwest::header;

use crate::support::{TestApp, spawn_apps};

/// The app's engine behind a router with other page settings.
async fn answer(app: &TestApp, web: WebSettings, path: &str) -> axum::response::Response {
    use tower::ServiceExt;
    let state = AppState {
        engine: app.engine.clone(),
        admin_token_hashes: Arc::new(Vec::new()),
        web,
    };
    let request = axum::http::Request::get(path)
        .body(axum::body::Body::empty())
        .unwrap();
    loket_web::router(state).oneshot(request).await.unwrap()
}

#[tokio::test]
async fn an_https_public_url_sends_hsts_everywhere_and_secure_cookies() {
    for app in spawn_apps().await {
        let https = || WebSettings {
            public_url: Some(PublicUrl::parse("https://loket.voorbeeld.nl").unwrap()),
            ..WebSettings::default()
        };
        for path in [
            "/sign-in?lang=en",
            "/api/v1/conversations",
            "/healthz",
            "/nope",
        ] {
            let response = answer(&app, https(), path).await;
            let hsts = &response.headers()[header::STRICT_TRANSPORT_SECURITY];
            assert_eq!(hsts, "max-age=31536000", "{path}");
        }
        let response = answer(&app, https(), "/sign-in?lang=en").await;
        let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
        assert!(cookie.contains("; Secure"), "{cookie}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn previews_with_made_up_content_are_not_served_unless_switched_on() {
    for app in spawn_apps().await {
        assert!(!WebSettings::default().preview_pages);
        for path in ["/preview/inbox", "/preview/two-factor/enrol"] {
            let response = answer(&app, WebSettings::default(), path).await;
            assert_eq!(response.status(), 404, "{path}");
        }
        let response = answer(&app, WebSettings::default(), "/sign-in").await;
        assert_eq!(response.status(), 200);
        app.cleanup().await;
    }
}
