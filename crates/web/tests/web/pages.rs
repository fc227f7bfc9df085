//! The web pages over HTTP: `/` answers, headers (CSP, HSTS), embedded assets, themes,
//! languages. What a browser makes of them is in `browser_pages.rs`.

use reqwest::header;
use sha2::Digest;

use crate::support::spawn_apps;

/// A client that shows redirects instead of following them.
fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_root_sends_a_visitor_to_the_sign_in_page() {
    for app in spawn_apps().await {
        let response = no_redirects().get(&app.url).send().await.unwrap();
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()[header::LOCATION], "/sign-in");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn pages_carry_a_csp_without_unsafe_inline_and_the_other_security_headers() {
    for app in spawn_apps().await {
        for path in ["/sign-in", "/preview/inbox", "/preview/two-factor/enrol"] {
            let response = app
                .http
                .get(format!("{}{path}", app.url))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{path}");
            let h = response.headers();
            let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
            for directive in [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "connect-src 'self'",
                "frame-ancestors 'none'",
                "form-action 'self'",
                "base-uri 'none'",
            ] {
                assert!(csp.contains(directive), "{path}: {csp} lacks {directive}");
            }
            assert!(!csp.contains("unsafe"), "{csp}");
            assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
            assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
            assert_eq!(h[header::CACHE_CONTROL], "no-store");
            assert!(
                h["permissions-policy"]
                    .to_str()
                    .unwrap()
                    .contains("camera=()")
            );
            assert!(
                h[header::CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html")
            );
            // Plain HTTP (no public_url): no HSTS, which would lock a local trial out.
            assert!(h.get(header::STRICT_TRANSPORT_SECURITY).is_none());
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_html_has_no_inline_style_or_script() {
    for app in spawn_apps().await {
        for path in PAGES {
            let html = app
                .http
                .get(format!("{}{path}", app.url))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            for forbidden in ["style=", "<style", "<script>", "onclick", "javascript:"] {
                assert!(!html.contains(forbidden), "{path} contains {forbidden}");
            }
        }
        app.cleanup().await;
    }
}

/// Every page this part renders (the browser tests scan the same list).
pub const PAGES: &[&str] = &[
    "/sign-in",
    "/sign-in?failed",
    "/preview/two-factor",
    "/preview/two-factor/enrol",
    "/preview/organisations",
    "/preview/password",
    "/preview/inbox",
    "/preview/inbox?org=voorbeeld",
    "/sign-in?lang=en",
    "/preview/inbox?org=voorbeeld&lang=en",
    "/preview/recovery-codes",
    "/sign-in?locked",
    "/sign-in?signed-out",
];

#[tokio::test]
async fn assets_are_embedded_versioned_and_cached_for_a_year() {
    for app in spawn_apps().await {
        let html = app
            .http
            .get(format!("{}/sign-in", app.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let links: Vec<&str> = html
            .split(['"', '\''])
            .filter(|s| s.starts_with("/assets/"))
            .collect();
        assert_eq!(links.len(), 5, "{links:?}");
        for link in links {
            let response = app
                .http
                .get(format!("{}{link}", app.url))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{link}");
            let h = response.headers();
            let kind = h[header::CONTENT_TYPE].to_str().unwrap();
            if link.ends_with(".css") {
                assert_eq!(kind, "text/css; charset=utf-8");
            } else {
                assert_eq!(kind, "text/javascript; charset=utf-8");
            }
            assert_eq!(
                h[header::CACHE_CONTROL],
                "public, max-age=31536000, immutable"
            );
            assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
            // What is served is what was vendored: the bytes match the MANIFEST's sha256.
            let name = link.rsplit('/').next().unwrap();
            let body = response.bytes().await.unwrap();
            if let Some(expected) = vendored_sha256(name) {
                let served: String = sha2::Sha256::digest(&body)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                assert_eq!(served, expected, "{name}");
            }
            // Yesterday's hash is not today's file.
            let stale = format!("{}/assets/0000000000000000/{name}", app.url);
            assert_eq!(app.http.get(stale).send().await.unwrap().status(), 404);
        }
        for missing in [
            "/assets/x/axe.min.js",
            "/assets/../Cargo.toml",
            "/assets/a/b/c",
        ] {
            let status = app
                .http
                .get(format!("{}{missing}", app.url))
                .send()
                .await
                .unwrap()
                .status();
            assert_eq!(status, 404, "{missing}");
        }
        app.cleanup().await;
    }
}

/// The sha256 `scripts/vendor-assets.sh` recorded for a vendored file.
fn vendored_sha256(name: &str) -> Option<String> {
    let manifest = include_str!("../../assets/vendor/MANIFEST");
    manifest.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split('\t').collect();
        (fields[0] == name).then(|| fields[4].to_owned())
    })
}

#[tokio::test]
async fn an_organisations_page_links_its_theme_which_sets_design_tokens() {
    for app in spawn_apps().await {
        let html = app
            .http
            .get(format!("{}/preview/inbox?org=voorbeeld", app.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let href = html
            .split('"')
            .find(|s| s.starts_with("/theme/voorbeeld.css?v="))
            .expect("the theme is linked");
        assert!(html.contains(r#"src="/branding/voorbeeld.svg""#));
        // Resident text is data: shown escaped, never markup.
        assert!(html.contains("Marktplein &#60;3") || html.contains("Marktplein &lt;3"));
        assert!(!html.contains("Marktplein <3"));
        let response = app
            .http
            .get(format!("{}{href}", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/css; charset=utf-8"
        );
        let css = response.text().await.unwrap();
        assert!(css.contains("--utrecht-button-primary-action-background-color: #1a5f8e;"));
        // A page without an organisation links none; unknown organisations have none.
        let sign_in = app
            .http
            .get(format!("{}/sign-in", app.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!sign_in.contains("/theme/"));
        for missing in [
            "/theme/andere.css",
            "/theme/voorbeeld",
            "/theme/..%2Fvoorbeeld.css",
        ] {
            let status = app
                .http
                .get(format!("{}{missing}", app.url))
                .send()
                .await
                .unwrap()
                .status();
            assert_eq!(status, 404, "{missing}");
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn pages_speak_dutch_by_default_and_english_when_asked() {
    for app in spawn_apps().await {
        let get = |path: &str, accept: Option<&str>| {
            let mut request = app.http.get(format!("{}{path}", app.url));
            if let Some(a) = accept {
                request = request.header(header::ACCEPT_LANGUAGE, a);
            }
            async move { request.send().await.unwrap() }
        };
        let dutch = get("/sign-in", None).await.text().await.unwrap();
        assert!(dutch.contains(r#"<html lang="nl""#));
        assert!(dutch.contains("<title>Inloggen · Loket</title>"));
        let english = get("/sign-in", Some("en-GB,en;q=0.9"))
            .await
            .text()
            .await
            .unwrap();
        assert!(english.contains(r#"<html lang="en""#));
        assert!(english.contains("<title>Sign in · Loket</title>"));
        // ?lang= wins over the header and is remembered in a cookie.
        let chosen = get("/sign-in?lang=nl", Some("en")).await;
        let cookie = chosen.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            cookie.starts_with("lang=nl;") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert!(chosen.text().await.unwrap().contains(r#"<html lang="nl""#));
        let remembered = app
            .http
            .get(format!("{}/sign-in", app.url))
            .header(header::ACCEPT_LANGUAGE, "nl")
            .header(header::COOKIE, "lang=en")
            .send()
            .await
            .unwrap();
        assert!(
            remembered
                .text()
                .await
                .unwrap()
                .contains(r#"<html lang="en""#)
        );
        // Unknown languages fall back to Dutch and set no cookie.
        let unknown = get("/sign-in?lang=xx", Some("fr")).await;
        assert!(unknown.headers().get(header::SET_COOKIE).is_none());
        assert!(unknown.text().await.unwrap().contains(r#"<html lang="nl""#));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_organisation_that_says_je_is_addressed_with_je() {
    for app in spawn_apps().await {
        let page = |q: &'static str| {
            let url = format!("{}/preview/two-factor{q}", app.url);
            let http = app.http.clone();
            async move { http.get(url).send().await.unwrap().text().await.unwrap() }
        };
        assert!(
            page("?org=voorbeeld")
                .await
                .contains("die je authenticator-app")
        );
        assert!(page("").await.contains("die uw authenticator-app"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn signing_in_without_accounts_answers_with_the_form_saying_it_failed() {
    for app in spawn_apps().await {
        let response = no_redirects()
            .post(format!("{}/sign-in", app.url))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body("email=fatima%40voorbeeld.nl&password=geheim+wachtwoord")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()[header::LOCATION], "/sign-in?failed");
        let again = app
            .http
            .get(format!("{}/sign-in?failed", app.url))
            .send()
            .await
            .unwrap();
        let html = again.text().await.unwrap();
        assert!(html.contains(r#"role="alert""#));
        assert!(html.contains("passen niet bij elkaar"));
        // A body that is not the form is refused, not a 500.
        let bad = app
            .http
            .post(format!("{}/sign-in", app.url))
            .body("x")
            .send()
            .await
            .unwrap();
        assert!(bad.status().is_client_error(), "{}", bad.status());
        app.cleanup().await;
    }
}
