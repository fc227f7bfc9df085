//! The side panel and the keyboard shortcuts in a real Chromium, on every database:
//! assign, label and resolve on a conversation page; `?` opens the help, `a` assigns to
//! me, `e` opens the wrap-up page that resolves; axe-core finds no WCAG 2.1 AA violation on the panel's states nor on
//! `/admin/labels`; no CSP violation.

use loket_domain::people::{Locale, Role};
use loket_engine::people::NewUserRequest;
use secrecy::SecretString;

use crate::browser::Browser;
use crate::side_panel::taxonomy;
use crate::sign_in::{PASSWORD, person};
use crate::support::{TestApp, spawn_apps};

/// Presses `key` as a person would on the page (not in a field).
async fn press(browser: &Browser, key: &str) {
    let script = format!(
        "document.body.dispatchEvent(new KeyboardEvent('keydown', {{key: '{key}', bubbles: true}})); return true"
    );
    browser.run(&script).await;
}

async fn api_conversation(app: &TestApp, id: &str) -> serde_json::Value {
    app.get_json(&format!("/api/v1/conversations/{id}")).await["conversation"].clone()
}

#[tokio::test]
async fn an_agent_assigns_labels_and_resolves_with_the_panel_and_the_keyboard() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        taxonomy(&app).await;
        person(&app, "anna@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        let id = app.resident_writes("Mijn paspoort is verlopen").await;
        browser.sign_in(&app, "anna@voorbeeld.nl").await;
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        browser.assert_accessible("the side panel").await;

        press(&browser, "?").await;
        assert_eq!(
            browser
                .run("return document.querySelector('#keys-help').open")
                .await,
            true
        );
        browser.assert_accessible("the shortcuts' help").await;
        browser.click("#keys-help-close").await;
        browser
            .wait_until("return !document.querySelector('#keys-help').open")
            .await;

        press(&browser, "a").await;
        browser
            .wait_until("return document.querySelector('#side-assignee').value !== ''")
            .await;
        assert!(api_conversation(&app, &id).await["assignee"].is_string());

        browser.click("#label-paspoort").await;
        browser.click("#side-save-labels").await;
        browser.wait_until("return !!document.querySelector('#label-paspoort:checked') && !document.querySelector('#side-panel [role=alert]')").await;
        for _ in 0..50 {
            if api_conversation(&app, &id).await["labels"] == serde_json::json!(["paspoort"]) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(
            api_conversation(&app, &id).await["labels"],
            serde_json::json!(["paspoort"])
        );

        // The labels' answer may still be on its way: a key pressed while htmx swaps the
        // panel can land on the outgoing one. Wait for quiet, and press again if needed.
        browser
            .wait_until("return !document.querySelector('.htmx-request')")
            .await;
        // `e` opens the wrap-up page (a plain form): pick a result, name the question.
        for _ in 0..3 {
            press(&browser, "e").await;
            let opened = "return !!document.querySelector('#wrap-up-resolve')";
            let mut done = false;
            for _ in 0..40 {
                if browser.run(opened).await == serde_json::Value::Bool(true) {
                    done = true;
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            if done {
                break;
            }
        }
        browser
            .wait_until("return !!document.querySelector('#wrap-up-resolve')")
            .await;
        browser.assert_accessible("the wrap-up page").await;
        browser.click("#wrap-up-resolve").await;
        browser
            .wait_until("return !!document.querySelector('#wrap-up-problem')")
            .await;
        browser.assert_accessible("the wrap-up page, refused").await;
        browser.click("#wrap-up-result-doorverbonden").await;
        browser.fill("#wrap-up-question", "paspoort verlopen").await;
        browser.click("#wrap-up-resolve").await;
        browser
            .wait_until("return !!document.querySelector('#side-resolve') && document.querySelector('#side-resolve').disabled")
            .await;
        assert_eq!(api_conversation(&app, &id).await["status"], "resolved");
        browser.assert_accessible("the side panel, resolved").await;

        browser.click("#side-block").await;
        browser
            .wait_until("return !!document.querySelector('#side-blocked')")
            .await;
        browser.assert_accessible("the side panel, blocked").await;
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_labels_admin_page_passes_axe_and_adds_a_label() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        taxonomy(&app).await;
        let request = NewUserRequest {
            email: "beheer@voorbeeld.nl".into(),
            name: "Beheerder".into(),
            membership: Some(("voorbeeld".into(), Role::Admin)),
            operator: false,
            locale: Locale::Nl,
            password: Some(SecretString::from(PASSWORD)),
        };
        app.engine.add_user(request).await.unwrap();
        browser.sign_in(&app, "beheer@voorbeeld.nl").await;
        browser.open(&format!("{}/admin/labels", app.url)).await;
        browser.assert_accessible("/admin/labels").await;
        browser.fill("#label-slug", "rijbewijs").await;
        browser.fill("#label-name", "Rijbewijs").await;
        browser.fill("#label-group", "Producten").await;
        browser.click("#label-add").await;
        browser
            .wait_until("return !!document.querySelector('#name-rijbewijs')")
            .await;
        browser.assert_accessible("/admin/labels?saved").await;
        browser.click("#toggle-rijbewijs").await;
        browser
            .wait_until(
                "return !!document.querySelector('.loket-labels__item--inactive #name-rijbewijs')",
            )
            .await;
        browser.close().await;
        app.cleanup().await;
    }
}
