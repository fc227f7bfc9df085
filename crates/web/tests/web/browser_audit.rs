//! The audit page in a real Chromium, on every database: axe-core finds no WCAG 2.1 AA
//! violation and the console no CSP violation, in Dutch and English, filtered, with an
//! invalid filter; the filter form works with the keyboard-free defaults (submit).

use loket_domain::people::Role;

use crate::admin_pages::member;
use crate::browser::Browser;
use crate::sign_in::PASSWORD;
use crate::support::spawn_apps;

async fn axe_clean(browser: &Browser, what: &str) {
    let found = browser.axe_scan().await;
    let list: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(list.is_empty(), "axe-core on {what}:\n{}", list.join("\n"));
    let csp = browser.csp_violations().await;
    assert!(csp.is_empty(), "CSP on {what}: {csp:?}");
}

#[tokio::test]
async fn the_audit_page_passes_axe_and_filters_by_conversation() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let conversation = app.resident_writes("Goedemiddag").await;
        member(&app, "beheer@voorbeeld.nl", "voorbeeld", Role::Admin).await;
        browser.open(&format!("{}/sign-in", app.url)).await;
        browser.fill("#email", "beheer@voorbeeld.nl").await;
        browser.fill("#password", PASSWORD).await;
        browser.click("main button[type=submit]").await;
        browser.wait_for_url(&format!("{}/", app.url)).await;
        browser
            .open(&format!("{}/inbox/{conversation}", app.url))
            .await;

        browser.open(&format!("{}/admin/audit", app.url)).await;
        assert_eq!(browser.text("h1").await, "Auditlog");
        axe_clean(&browser, "/admin/audit").await;
        browser.fill("#audit-conversation", &conversation).await;
        browser.click("#audit-apply").await;
        browser
            .wait_until("return location.search.includes('conversation=')")
            .await;
        let rows = browser
            .run("return document.querySelectorAll('#audit-table tbody tr').length")
            .await;
        assert_eq!(rows, 1, "one opening of this conversation");
        axe_clean(&browser, "/admin/audit filtered").await;
        for path in ["/admin/audit?lang=en", "/admin/audit?until=morgen"] {
            browser.open(&format!("{}{path}", app.url)).await;
            axe_clean(&browser, path).await;
        }
        browser.close().await;
        app.cleanup().await;
    }
}
