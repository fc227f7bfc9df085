//! The knowledge-base editor in a real Chromium, on every database: axe-core finds no
//! WCAG 2.1 AA violation on `/admin/knowledge` (the list, a search, an article, a refused
//! form) and no CSP violation.

use loket_domain::people::Role;
use loket_engine::knowledge::ArticleInput;

use crate::admin_pages::member;
use crate::browser::Browser;
use crate::support::spawn_apps;

#[tokio::test]
async fn the_knowledge_base_admin_pages_pass_axe() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
            .unwrap()
            .unwrap()
            .id;
        let article = (app.engine)
            .create_kb_article(
                org,
                ArticleInput {
                    title: "Paspoort kwijt of gestolen".into(),
                    body: "Doe **aangifte** bij de gemeente.".into(),
                    short_answer_u: Some("U doet aangifte.".into()),
                    department: Some("Burgerzaken".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        member(&app, "beheer@voorbeeld.nl", "voorbeeld", Role::Admin).await;
        browser.sign_in(&app, "beheer@voorbeeld.nl").await;
        for path in [
            "/admin/knowledge".to_owned(),
            "/admin/knowledge?q=paspoort%20kwijt".into(),
            "/admin/knowledge?q=hondenbelasting".into(),
            format!("/admin/knowledge/{}?done=saved", article.id),
        ] {
            browser.open(&format!("{}{path}", app.url)).await;
            browser.assert_accessible(&path).await;
        }
        // A refused form, shown again with its problem.
        browser.open(&format!("{}/admin/knowledge", app.url)).await;
        browser.fill("#kb-title", "Rijbewijs").await;
        browser
            .fill("#kb-source", "http://voorbeeld.nl/een adres")
            .await;
        browser
            .click("form[method=post][action='/admin/knowledge'] button[type=submit]")
            .await;
        browser
            .wait_until("return !!document.querySelector('.utrecht-alert--error')")
            .await;
        browser
            .assert_accessible("/admin/knowledge with a bad source")
            .await;
        browser.close().await;
        app.cleanup().await;
    }
}
