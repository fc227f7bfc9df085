//! The audit page in a real Chromium, on every database: axe-core finds no WCAG 2.1 AA
//! violation and the console no CSP violation, in Dutch and English, filtered, with an
//! invalid filter; the filter form works with the keyboard-free defaults (submit).

use loket_domain::people::Role;

use crate::admin_pages::member;
use crate::browser::Browser;
use crate::support::spawn_apps;

#[tokio::test]
async fn the_audit_page_passes_axe_and_filters_by_conversation() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let conversation = app.resident_writes("Goedemiddag").await;
        member(&app, "beheer@voorbeeld.nl", "voorbeeld", Role::Admin).await;
        browser.sign_in(&app, "beheer@voorbeeld.nl").await;
        browser
            .open(&format!("{}/inbox/{conversation}", app.url))
            .await;

        browser.open(&format!("{}/admin/audit", app.url)).await;
        assert_eq!(browser.text("h1").await, "Auditlog");
        browser.assert_accessible("/admin/audit").await;
        browser.fill("#audit-conversation", &conversation).await;
        browser.click("#audit-apply").await;
        browser
            .wait_until("return location.search.includes('conversation=')")
            .await;
        let rows = browser
            .run("return document.querySelectorAll('#audit-table tbody tr').length")
            .await;
        assert_eq!(rows, 1, "one opening of this conversation");
        browser.assert_accessible("/admin/audit filtered").await;
        for path in ["/admin/audit?lang=en", "/admin/audit?until=morgen"] {
            browser.open(&format!("{}{path}", app.url)).await;
            browser.assert_accessible(path).await;
        }
        browser.close().await;
        app.cleanup().await;
    }
}
