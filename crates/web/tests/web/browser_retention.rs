//! The side panel's legal hold and transfer forms in a real Chromium: a team lead sets a hold
//! and marks a transfer through htmx; axe-core finds no WCAG 2.1 AA violation in any of the
//! states, and no CSP violation.

use loket_domain::people::Role;

use crate::admin_pages::member;
use crate::browser::Browser;
use crate::support::spawn_apps;

#[tokio::test]
async fn a_team_lead_puts_a_conversation_on_hold_with_the_panel_and_it_passes_axe() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        member(&app, "lisa@voorbeeld.nl", "voorbeeld", Role::TeamLead).await;
        let id = app.resident_writes("Ik maak bezwaar").await;
        browser.sign_in(&app, "lisa@voorbeeld.nl").await;
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        browser.assert_accessible("the retention forms").await;

        browser
            .fill("#side-hold-reason", "Bezwaarprocedure loopt")
            .await;
        browser.click("#side-set-hold").await;
        browser
            .wait_until("return !!document.querySelector('#side-held')")
            .await;
        browser.click("#side-transfer-mark").await;
        browser
            .wait_until("return !!document.querySelector('#side-transfer-pending')")
            .await;
        browser
            .assert_accessible("the retention forms, held and marked")
            .await;
        let state = app
            .get_json(&format!("/api/v1/conversations/{id}/retention"))
            .await;
        assert_eq!(state["legal_hold"]["reason"], "Bezwaarprocedure loopt");
        assert!(state["transfer_required_at"].is_string());
        app.cleanup().await;
    }
}
