//! Signing in, in a real Chromium, on every database: with and without 2FA, lockout, CSRF
//! refusal, choosing and switching organisations, signing out, the live inbox; axe-core
//! finds no WCAG 2.1 AA violation on any page on the way. One person per test; time
//! from the app's injected clock.

use loket_domain::people::Locale;

use crate::browser::Browser;
use crate::sign_in::{PASSWORD, now, person};
use crate::support::{TestApp, spawn_apps};

async fn sign_in(browser: &Browser, app: &TestApp, email: &str, password: &str) {
    browser.open(&format!("{}/sign-in", app.url)).await;
    browser.fill("#email", email).await;
    browser.fill("#password", password).await;
    browser.click("main button[type=submit]").await;
}

#[tokio::test]
async fn signing_in_without_2fa_shows_the_inbox_and_every_page_passes_axe() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        person(&app, "anna@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        for path in [
            "/sign-in",
            "/sign-in?failed",
            "/sign-in?locked",
            "/sign-in?signed-out",
        ] {
            browser.open(&format!("{}{path}", app.url)).await;
            browser.assert_accessible(path).await;
        }
        sign_in(&browser, &app, "anna@voorbeeld.nl", PASSWORD).await;
        browser.wait_for_url(&format!("{}/", app.url)).await;
        assert_eq!(browser.text("h1").await, "Gesprekken");
        browser.assert_accessible("/").await;
        for path in [
            "/organisations",
            "/account/password",
            "/account/password?problem=current",
            "/account/password?changed",
            "/account/two-factor",
        ] {
            browser.open(&format!("{}{path}", app.url)).await;
            browser.assert_accessible(path).await;
        }
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn signing_in_with_2fa_asks_the_code_after_the_password() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        person(&app, "bo@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        sign_in(&browser, &app, "bo@voorbeeld.nl", PASSWORD).await;
        browser.wait_for_url(&format!("{}/", app.url)).await;
        browser
            .open(&format!("{}/account/two-factor", app.url))
            .await;
        let secret = browser.text("main code").await.replace(' ', "");
        let code = loket_engine::people::totp_code(&secret, now(&app)).unwrap();
        browser.fill("#code", &code).await;
        browser.click("main button[type=submit]").await;
        browser
            .wait_until("return document.querySelectorAll('.loket-codes li').length === 10")
            .await;
        browser.assert_accessible("recovery codes").await;
        browser.click("header form button[type=submit]").await;
        browser
            .wait_for_url(&format!("{}/sign-in?signed-out", app.url))
            .await;

        sign_in(&browser, &app, "bo@voorbeeld.nl", PASSWORD).await;
        browser
            .wait_for_url(&format!("{}/sign-in/two-factor", app.url))
            .await;
        browser.assert_accessible("two-factor entry").await;
        app.clock.advance(std::time::Duration::from_secs(60));
        let code = loket_engine::people::totp_code(&secret, now(&app)).unwrap();
        browser.fill("#code", &code).await;
        browser.click("main button[type=submit]").await;
        browser.wait_for_url(&format!("{}/", app.url)).await;
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_with_a_dutch_message() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        person(&app, "cas@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        for attempt in 1..=5 {
            sign_in(&browser, &app, "cas@voorbeeld.nl", "verkeerd wachtwoord").await;
            let expected = if attempt < 5 { "failed" } else { "locked" };
            browser
                .wait_for_url(&format!("{}/sign-in?{expected}", app.url))
                .await;
        }
        let alert = browser.text("[role=alert]").await;
        assert!(alert.contains("Wacht een kwartier"), "{alert}");
        browser.assert_accessible("locked").await;
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_form_with_a_wrong_csrf_token_is_refused_with_a_page_that_says_so() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        person(&app, "dewi@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        sign_in(&browser, &app, "dewi@voorbeeld.nl", PASSWORD).await;
        browser.wait_for_url(&format!("{}/", app.url)).await;
        browser
            .run("document.querySelector('header form input[name=csrf]').value = 'vervalst'; return null")
            .await;
        browser.click("header form button[type=submit]").await;
        browser.wait_for_url(&format!("{}/sign-out", app.url)).await;
        assert_eq!(browser.text("h1").await, "Verzoek geweigerd");
        browser.assert_accessible("CSRF refusal").await;
        // Still signed in: nothing happened.
        browser.open(&format!("{}/", app.url)).await;
        assert_eq!(browser.text("h1").await, "Gesprekken");
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_person_of_two_organisations_chooses_switches_and_signs_out() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        person(
            &app,
            "eef@voorbeeld.nl",
            &["voorbeeld", "andere"],
            Locale::Nl,
        )
        .await;
        sign_in(&browser, &app, "eef@voorbeeld.nl", PASSWORD).await;
        browser
            .wait_for_url(&format!("{}/organisations", app.url))
            .await;
        browser.assert_accessible("choose organisation").await;
        browser.click("main li:last-child button").await;
        browser.wait_for_url(&format!("{}/", app.url)).await;
        let first = browser.text("header").await;
        browser.open(&format!("{}/organisations", app.url)).await;
        browser.click("main li:first-child button").await;
        browser.wait_for_url(&format!("{}/", app.url)).await;
        let second = browser.text("header").await;
        assert_ne!(
            first, second,
            "the header names the organisation worked for"
        );
        browser.click("header form button[type=submit]").await;
        browser
            .wait_for_url(&format!("{}/sign-in?signed-out", app.url))
            .await;
        browser.open(&format!("{}/", app.url)).await;
        browser.wait_for_url(&format!("{}/sign-in", app.url)).await;
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_inbox_shows_a_new_conversation_without_a_reload() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        person(&app, "fleur@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        sign_in(&browser, &app, "fleur@voorbeeld.nl", PASSWORD).await;
        browser.wait_for_url(&format!("{}/", app.url)).await;
        assert!(!browser.text("main").await.contains("Fatima de Vries"));
        // Let the event stream connect before the resident writes.
        browser
            .wait_until("return !!document.querySelector('[sse-connect]') && htmx.find('[sse-connect]')['htmx-internal-data'].sseEventSource.readyState === 1")
            .await;
        app.resident_writes("Is het gemeentehuis morgen open?")
            .await;
        browser
            .wait_until(
                "return document.querySelector('main').textContent.includes('Fatima de Vries')",
            )
            .await;
        browser.close().await;
        app.cleanup().await;
    }
}
