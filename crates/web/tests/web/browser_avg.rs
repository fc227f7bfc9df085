//! The resident's access and erasure page (`/admin/residents/{id}`) in a real Chromium, on
//! every database: axe-clean in each state; a legal hold refuses erasure with the
//! explanation; confirmed, erasure removes the resident.

use loket_domain::people::{Locale, Role};
use loket_engine::people::NewUserRequest;
use secrecy::SecretString;

use crate::browser::Browser;
use crate::sign_in::PASSWORD;
use crate::support::{TestApp, spawn_apps};

async fn signed_in_admin(browser: &Browser, app: &TestApp) {
    let request = NewUserRequest {
        email: "beheer@voorbeeld.nl".into(),
        name: "Beheerder".into(),
        membership: Some(("voorbeeld".into(), Role::Admin)),
        operator: false,
        locale: Locale::Nl,
        password: Some(SecretString::from(PASSWORD)),
    };
    app.engine.add_user(request).await.unwrap();
    browser.sign_in(app, "beheer@voorbeeld.nl").await;
}

#[tokio::test]
async fn an_admin_erases_a_resident_after_confirming_unless_a_legal_hold_keeps_them() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let conversation = app
            .resident_writes("Mijn klacht over de Zwanenvijver")
            .await;
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        let contact = detail["conversation"]["contact_id"]
            .as_str()
            .unwrap()
            .to_owned();
        signed_in_admin(&browser, &app).await;
        let page = format!("{}/admin/residents/{contact}", app.url);
        app.execute_sql(&format!(
            "update conversations set legal_hold_at = 1 where id = '{conversation}'"
        ))
        .await;

        // The admin reaches the page from the conversation's side panel.
        browser
            .open(&format!("{}/inbox/{conversation}", app.url))
            .await;
        browser.click("#side-privacy").await;
        browser.wait_for_url(&page).await;
        assert_eq!(browser.text("h1").await, "Inwoner: inzage en verwijderen");
        assert!(
            browser
                .text("#resident-held")
                .await
                .contains("bewaarplicht")
        );
        browser
            .assert_accessible("the resident page with a legal hold")
            .await;
        browser.click("#erase-confirm").await;
        browser.click("#resident-erase").await;
        browser
            .wait_for_url(&format!("{page}?problem=legal-hold"))
            .await;
        assert!(
            browser
                .text("[role=alert]")
                .await
                .contains("artikel 17, lid 3")
        );
        browser.assert_accessible("the refusal").await;
        assert_eq!(app.conversations().await.len(), 1, "nothing erased");

        app.execute_sql(&format!(
            "update conversations set legal_hold_at = null where id = '{conversation}'"
        ))
        .await;
        browser.open(&page).await;
        browser.click("#erase-confirm").await;
        browser.click("#resident-erase").await;
        browser
            .wait_for_url(&format!("{}/admin/residents/erased", app.url))
            .await;
        assert_eq!(browser.text("h1").await, "Inwoner verwijderd");
        browser.assert_accessible("the erasure done").await;
        assert!(app.conversations().await.is_empty(), "the resident is gone");
        browser.close().await;
        app.cleanup().await;
    }
}
