//! The knowledge-base editor in a real Chromium, on every database: axe-core finds no
//! WCAG 2.1 AA violation on `/admin/knowledge` (the list, a search, an article, a refused
//! form) and no CSP violation; in the composer an agent finds the answer to an informal
//! question, inserts it in the je-form (voorbeeld says "je"), marks it helpful and sends it.

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

#[tokio::test]
async fn an_agent_finds_the_answer_to_an_informal_question_inserts_it_in_the_je_form_and_sends_it()
{
    for app in spawn_apps().await {
        let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
            .unwrap()
            .unwrap()
            .id;
        let paspoort = (app.engine)
            .create_kb_article(
                org,
                ArticleInput {
                    title: "Wat moet ik doen als mijn paspoort kwijt is?".into(),
                    body: "Doe aangifte van vermissing bij de gemeente.".into(),
                    short_answer_je: Some("Je doet aangifte bij de gemeente.".into()),
                    short_answer_u: Some("U doet aangifte bij de gemeente.".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        (app.engine)
            .create_kb_article(
                org,
                ArticleInput {
                    title: "Hoe scheid ik mijn afval?".into(),
                    body: "Gebruik de groene container.".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let Some(browser) = Browser::agent_signed_in(&app, "anna@voorbeeld.nl").await else {
            return;
        };
        let id = app.resident_writes("me paspoort is kwijt").await;
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        browser
            .wait_until("return !document.getElementById('composer-kb').hidden")
            .await;
        browser.fill("#composer-kb-q", "me paspoort kwijt").await;
        browser
            .wait_until("return document.querySelectorAll('#composer-kb-results li').length > 0")
            .await;
        assert_eq!(
            browser
                .run("return document.querySelector('#composer-kb-results .loket-kb__title').textContent")
                .await,
            "Wat moet ik doen als mijn paspoort kwijt is?"
        );
        browser
            .assert_accessible("the composer with knowledge-base hits")
            .await;
        browser
            .click("#composer-kb-results li [data-kb-action=insert]")
            .await;
        browser
            .wait_until("return document.getElementById('composer-text').value === 'Je doet aangifte bij de gemeente.'")
            .await;
        browser
            .click("#composer-kb-results li [data-kb-action=helpful]")
            .await;
        browser
            .wait_until("return document.querySelector('#composer-kb-results li [data-kb-action=helpful]').disabled")
            .await;
        let feedback = app.engine.list_kb_feedback(org, paspoort.id).await.unwrap();
        assert_eq!(feedback.len(), 1);
        assert!(feedback[0].helpful);
        assert!(browser.csp_violations().await.is_empty());
        browser.click("#composer-send").await;
        let mut sent = false;
        for _ in 0..150 {
            let messages = app
                .store
                .list_messages(org, id.parse().unwrap())
                .await
                .unwrap();
            if messages.iter().any(|m| {
                matches!(&m.content, loket_domain::message::Content::Text { body } if body == "Je doet aangifte bij de gemeente.")
            }) {
                sent = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(sent, "the inserted answer was sent");
        browser.close().await;
        app.cleanup().await;
    }
}
