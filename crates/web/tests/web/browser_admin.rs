//! The admin and operator pages and the accessibility statement in a real Chromium, on
//! every database: axe-core finds no WCAG 2.1 AA violation and the console no CSP
//! violation on any of them, and the admin navigation is reached and followed with the
//! keyboard alone.

use loket_domain::people::{Locale, Role};
use loket_engine::people::NewUserRequest;
use secrecy::SecretString;

use crate::admin_pages::member;
use crate::browser::Browser;
use crate::sign_in::PASSWORD;
use crate::support::{TestApp, spawn_apps};

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

/// An admin who is also an operator, so one session reaches every page.
async fn admin_and_operator(app: &TestApp) -> (String, String) {
    let request = NewUserRequest {
        email: "beheer@voorbeeld.nl".into(),
        name: "Beheerder".into(),
        membership: Some(("voorbeeld".into(), Role::Admin)),
        operator: true,
        locale: Locale::Nl,
        password: Some(SecretString::from(PASSWORD)),
    };
    let me = app
        .engine
        .add_user(request)
        .await
        .unwrap()
        .user
        .id
        .to_string();
    let agent = member(app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
    (me, agent)
}

#[tokio::test]
async fn every_admin_and_operator_page_and_the_statement_pass_axe() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        browser.open(&format!("{}/toegankelijkheid", app.url)).await;
        assert_eq!(browser.text("h1").await, "Toegankelijkheidsverklaring");
        browser
            .assert_accessible("/toegankelijkheid (public)")
            .await;

        let (_, agent) = admin_and_operator(&app).await;
        let team = app.team_id("voorbeeld", "burgerzaken").await;
        let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
            .unwrap()
            .unwrap();
        let channel = app.engine.list_channels(org.id).await.unwrap()[0].id;
        crate::automation::a_rule_that_fired(&app, org.id).await;
        browser.sign_in(&app, "beheer@voorbeeld.nl").await;
        for path in [
            "/admin/channels".to_owned(),
            "/admin/users".into(),
            "/admin/users?problem=shared".into(),
            format!("/admin/users/{agent}"),
            format!("/admin/users/{agent}?done=role"),
            "/admin/teams".into(),
            format!("/admin/teams/{team}"),
            "/admin/templates".into(),
            "/admin/wrap-up".into(),
            "/admin/wrap-up?done=saved".into(),
            "/admin/automation".into(),
            format!("/admin/channels/{channel}/presence?voor=afval&tekst=Hoi"),
            "/operator/apps".into(),
            "/operator/unrouted".into(),
            "/operator/unrouted?replayed=0".into(),
            "/toegankelijkheid".into(),
            "/toegankelijkheid?lang=en".into(),
        ] {
            browser.open(&format!("{}{path}", app.url)).await;
            browser.assert_accessible(&path).await;
        }
        // The pages after a form: a connection test, a sync, a one-time password.
        browser.open(&format!("{}/admin/channels", app.url)).await;
        browser.click("main form button[type=submit]").await;
        browser
            .wait_until("return location.search.includes('result=')")
            .await;
        browser
            .assert_accessible("/admin/channels after a test")
            .await;
        browser.open(&format!("{}/admin/templates", app.url)).await;
        browser.click("main form button[type=submit]").await;
        browser
            .wait_until("return location.search.includes('synced')")
            .await;
        browser
            .assert_accessible("/admin/templates after a sync")
            .await;
        browser.open(&format!("{}/admin/users", app.url)).await;
        browser.fill("#invite-email", "nieuw@voorbeeld.nl").await;
        browser.fill("#invite-name", "Nieuwe Collega").await;
        browser.click("main form button[type=submit]").await;
        browser
            .wait_until("return !!document.getElementById('one-time-password')")
            .await;
        browser.assert_accessible("the one-time password").await;
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_admin_navigation_is_reached_and_followed_with_the_keyboard_alone() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        admin_and_operator(&app).await;
        browser.sign_in(&app, "beheer@voorbeeld.nl").await;
        let mut reached = false;
        for _ in 0..40 {
            browser.press(TAB).await;
            let href = browser
                .run("return document.activeElement && document.activeElement.getAttribute('href')")
                .await;
            if href == "/admin/channels" {
                reached = true;
                break;
            }
        }
        assert!(reached, "Tab never reached the admin link");
        browser.press(ENTER).await;
        browser
            .wait_for_url(&format!("{}/admin/channels", app.url))
            .await;
        // In the admin section, Tab reaches the users page's link and Enter opens it.
        let mut reached = false;
        for _ in 0..40 {
            browser.press(TAB).await;
            let href = browser
                .run("return document.activeElement && document.activeElement.getAttribute('href')")
                .await;
            if href == "/admin/users" {
                reached = true;
                break;
            }
        }
        assert!(reached, "Tab never reached the users link");
        browser.press(ENTER).await;
        browser
            .wait_for_url(&format!("{}/admin/users", app.url))
            .await;
        // The focused element is visibly outlined (WCAG 2.4.7).
        browser.press(TAB).await;
        let outline = browser
            .run("return getComputedStyle(document.activeElement).outlineStyle")
            .await;
        assert_ne!(outline, "none", "visible focus");
        browser.close().await;
        app.cleanup().await;
    }
}
