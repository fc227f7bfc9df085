//! Every page in a real Chromium: axe-core finds no WCAG 2.1 AA violation, the console
//! reports no CSP violation, and the sign-in form works without JavaScript.

use crate::browser::Browser;
use crate::pages::PAGES;
use crate::support::spawn_apps;

#[tokio::test]
async fn every_page_passes_axe_with_zero_wcag_21_aa_violations() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let mut found = Vec::new();
        for path in PAGES {
            browser.open(&format!("{}{path}", app.url)).await;
            for violation in browser.axe_scan().await {
                found.push(format!("{path}: {violation}"));
            }
        }
        browser.close().await;
        assert!(
            found.is_empty(),
            "axe-core on {:?}:\n{}",
            app.backend,
            found.join("\n")
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn no_page_reports_a_csp_violation_and_htmx_and_the_styles_load() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        for path in PAGES {
            browser.open(&format!("{}{path}", app.url)).await;
            // htmx ran (script-src 'self' lets it), and added no <style> of its own.
            let htmx = browser.run("return typeof htmx === 'object' && !!htmx.config && htmx.config.includeIndicatorStyles === false").await;
            assert_eq!(htmx, true, "{path}: htmx did not load as configured");
            let styled = browser.run("return document.styleSheets.length").await;
            assert!(styled.as_u64().unwrap() >= 3, "{path}: {styled}");
            let violations = browser.csp_violations().await;
            assert!(
                violations.is_empty(),
                "{path} on {:?}: {violations:#?}",
                app.backend
            );
            browser.screenshot(path).await;
        }
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_theme_colours_an_organisations_primary_button() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        browser
            .open(&format!("{}/preview/password?org=voorbeeld", app.url))
            .await;
        let colour = browser
            .run("return getComputedStyle(document.querySelector('.utrecht-button--primary-action')).backgroundColor")
            .await;
        assert_eq!(colour, "rgb(26, 95, 142)");
        browser.open(&format!("{}/preview/password", app.url)).await;
        let default = browser
            .run("return getComputedStyle(document.querySelector('.utrecht-button--primary-action')).backgroundColor")
            .await;
        assert_ne!(default, "rgb(26, 95, 142)");
        browser.close().await;
        app.cleanup().await;
    }
}

/// The scan above would see a violation: an image without a text alternative is found.
#[tokio::test]
async fn the_axe_scan_catches_an_image_without_alt_text() {
    let Some(app) = spawn_apps().await.into_iter().next() else {
        return;
    };
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.open(&format!("{}/sign-in", app.url)).await;
    assert!(browser.axe_scan().await.is_empty());
    browser
        .run("const i = document.createElement('img'); i.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; document.querySelector('main').appendChild(i); return null")
        .await;
    let found = browser.axe_scan().await;
    assert!(found.iter().any(|v| v.id == "image-alt"), "{found:?}");
    browser.close().await;
    app.cleanup().await;
}

/// The CSP check above would see a violation: an inline style is refused and reported.
#[tokio::test]
async fn the_console_check_catches_an_inline_style() {
    let Some(app) = spawn_apps().await.into_iter().next() else {
        return;
    };
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.open(&format!("{}/sign-in", app.url)).await;
    assert!(browser.csp_violations().await.is_empty());
    browser
        .run("const s = document.createElement('style'); s.textContent = 'body{color:red}'; document.head.appendChild(s); return null")
        .await;
    // The report reaches the log asynchronously.
    let mut violations = Vec::new();
    for _ in 0..20 {
        violations = browser.csp_violations().await;
        if !violations.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        violations.iter().any(|v| v.contains("style-src")),
        "{violations:?}"
    );
    browser.close().await;
    app.cleanup().await;
}

#[tokio::test]
async fn the_sign_in_form_submits_without_javascript() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start_without_javascript().await else {
            return;
        };
        browser.open(&format!("{}/", app.url)).await;
        let htmx = browser.run("return typeof window.htmx").await;
        assert_eq!(htmx, "undefined", "the page's scripts must not have run");
        assert_eq!(browser.current_url().await, format!("{}/sign-in", app.url));
        browser.fill("#email", "fatima@voorbeeld.nl").await;
        browser.fill("#password", "een lang wachtwoord").await;
        browser.click("button[type=submit]").await;
        browser
            .wait_for_url(&format!("{}/sign-in?failed", app.url))
            .await;
        let alert = browser.text("[role=alert]").await;
        assert!(alert.contains("passen niet bij elkaar"), "{alert}");
        browser.close().await;
        app.cleanup().await;
    }
}
