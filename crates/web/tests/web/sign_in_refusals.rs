//! Refusals over HTTP on every database: forms without the session's CSRF token or from
//! another site, another organisation's slug, huge values. Nothing changes.

use loket_domain::people::Locale;

use crate::sign_in::{PASSWORD, person};
use crate::support::spawn_apps;
use crate::visitor::Visitor;

#[tokio::test]
async fn a_post_without_the_sessions_csrf_token_is_refused_with_a_403_page() {
    for app in spawn_apps().await {
        person(&app, "eva@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        v.sign_in("eva@voorbeeld.nl", PASSWORD).await;
        v.get("/").await;
        for token in ["", "een-ander-token"] {
            let refused = v.post_raw("/sign-out", &[("csrf", token)], &[]).await;
            assert_eq!(refused.status, 403);
            assert!(
                refused.body.contains("Verzoek geweigerd"),
                "{}",
                refused.body
            );
        }
        // Nothing changed: still signed in.
        assert_eq!(v.get("/").await.status, 200);
        // htmx's header carries the token as well as the form field does.
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_cross_site_form_post_is_refused_even_with_the_right_token() {
    for app in spawn_apps().await {
        person(&app, "fenna@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        v.sign_in("fenna@voorbeeld.nl", PASSWORD).await;
        v.get("/").await;
        let csrf = v.csrf.clone().unwrap();
        let foreign = v
            .post_raw(
                "/sign-out",
                &[("csrf", &csrf)],
                &[("origin", "https://aanvaller.example")],
            )
            .await;
        assert_eq!(foreign.status, 403);
        // The browser says cross-site (here on the sign-in form, which has no token).
        let mut stranger = Visitor::new(&app);
        let sign_in = stranger
            .post_raw(
                "/sign-in",
                &[("email", "fenna@voorbeeld.nl"), ("password", PASSWORD)],
                &[("sec-fetch-site", "cross-site")],
            )
            .await;
        assert_eq!(sign_in.status, 403);
        assert_eq!(stranger.session, None);
        // `Origin: null` without Sec-Fetch-Site (a sandboxed frame) proves nothing.
        let opaque = stranger
            .post_raw(
                "/sign-in",
                &[("email", "fenna@voorbeeld.nl"), ("password", PASSWORD)],
                &[("origin", "null")],
            )
            .await;
        assert_eq!(opaque.status, 403);
        // Our own page in Chromium: no-referrer makes Origin null, Sec-Fetch-Site decides.
        let ours = stranger
            .post_raw(
                "/sign-in",
                &[("email", "fenna@voorbeeld.nl"), ("password", PASSWORD)],
                &[("origin", "null"), ("sec-fetch-site", "same-origin")],
            )
            .await;
        assert_eq!(ours.location.as_deref(), Some("/"));
        assert_eq!(v.get("/").await.status, 200);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisation_and_huge_values_are_refused_without_effect() {
    for app in spawn_apps().await {
        person(&app, "olaf@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        let huge = "x".repeat(5000);
        let answer = v.sign_in(&huge, &huge).await;
        assert_eq!(answer.location.as_deref(), Some("/sign-in?failed"));
        v.sign_in("olaf@voorbeeld.nl", PASSWORD).await;
        v.get("/").await;
        // An organisation that exists, but is not theirs: 404 like one that does not.
        let other = v
            .post("/organisations", &[("organisation", "andere")])
            .await;
        assert_eq!(other.status, 404);
        assert!(v.get("/").await.body.contains("Gemeente Voorbeeld"));
        let body = "x".repeat(100 * 1024);
        let too_big = v.post("/account/password", &[("current", &body)]).await;
        assert_eq!(too_big.status, 413);
        let code = v.post("/account/two-factor", &[("code", &huge)]).await;
        assert_eq!(code.location.as_deref(), Some("/account/two-factor?failed"));
        app.cleanup().await;
    }
}
