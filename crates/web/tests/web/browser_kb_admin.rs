//! The knowledge base's synonyms page and the composer's "did not help" in a real Chromium,
//! on every database: axe-core finds no WCAG 2.1 AA violation (nor a CSP one) on the
//! synonyms page empty, refused, saved and trying a question, nor in the composer with the
//! comment field open; an agent's comment reaches the editors without touching the reply.

use loket_domain::people::Role;
use loket_engine::knowledge::ArticleInput;

use crate::admin_pages::member;
use crate::browser::Browser;
use crate::support::spawn_apps;

#[tokio::test]
async fn the_synonyms_page_passes_axe_empty_refused_saved_and_trying_a_question() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        member(&app, "beheer@voorbeeld.nl", "voorbeeld", Role::Admin).await;
        browser.sign_in(&app, "beheer@voorbeeld.nl").await;
        let page = format!("{}/admin/knowledge/synonyms", app.url);
        browser.open(&page).await;
        browser.assert_accessible("the synonyms page, empty").await;

        browser
            .fill("#synonyms-text", "milieustraat, afvalbrengpunt\nalleen")
            .await;
        browser
            .click("form[method=post][action='/admin/knowledge/synonyms'] button[type=submit]")
            .await;
        browser
            .wait_until("return !!document.getElementById('synonyms-problems')")
            .await;
        assert!(browser.text("#synonyms-problems").await.contains("Regel 2"));
        browser
            .assert_accessible("the synonyms page with a refused list")
            .await;

        browser
            .fill("#synonyms-text", "milieustraat, afvalbrengpunt")
            .await;
        browser
            .click("form[method=post][action='/admin/knowledge/synonyms'] button[type=submit]")
            .await;
        browser
            .wait_until("return !!document.querySelector('.utrecht-alert--ok')")
            .await;
        browser.fill("#synonyms-try", "brp afvalbrengpunt").await;
        browser
            .click("form[method=get][action='/admin/knowledge/synonyms'] button[type=submit]")
            .await;
        browser
            .wait_until("return !!document.getElementById('synonyms-tried')")
            .await;
        assert!(
            browser
                .text("#synonyms-tried")
                .await
                .contains("milieustraat")
        );
        browser.click(".loket-synonyms__built-in summary").await;
        browser
            .assert_accessible("the synonyms page trying a question")
            .await;
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_agent_says_an_article_did_not_help_with_a_comment_for_the_editors() {
    for app in spawn_apps().await {
        let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
            .unwrap()
            .unwrap()
            .id;
        let article = ArticleInput {
            title: "Wat moet ik doen als mijn paspoort kwijt is?".into(),
            body: "Doe aangifte van vermissing bij de gemeente.".into(),
            short_answer_je: Some("Je doet aangifte bij de gemeente.".into()),
            ..Default::default()
        };
        let paspoort = app.engine.create_kb_article(org, article).await.unwrap();
        let Some(browser) = Browser::agent_signed_in(&app, "anna@voorbeeld.nl").await else {
            return;
        };
        let id = app.resident_writes("me paspoort is kwijt").await;
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        browser
            .wait_until("return !document.getElementById('composer-kb').hidden")
            .await;
        browser.fill("#composer-text", "Even kijken").await;
        browser.fill("#composer-kb-q", "paspoort kwijt").await;
        browser
            .wait_until("return document.querySelectorAll('#composer-kb-results li').length > 0")
            .await;
        browser.click("#composer-kb-not-helped-0 summary").await;
        browser
            .wait_until("return document.getElementById('composer-kb-not-helped-0').open")
            .await;
        browser
            .fill(
                "#composer-kb-comment-0",
                "De kosten ontbreken, BSN 111222333",
            )
            .await;
        browser
            .assert_accessible("the composer with the comment field open")
            .await;
        browser
            .click("#composer-kb-not-helped-0 button[type=submit]")
            .await;
        browser
            .wait_until("return !!document.querySelector('#composer-kb-results .loket-kb__noted')")
            .await;
        let feedback = app.engine.list_kb_feedback(org, paspoort.id).await.unwrap();
        assert_eq!(feedback.len(), 1);
        assert!(!feedback[0].helpful);
        let comment = feedback[0].comment.as_deref().unwrap();
        assert!(comment.starts_with("De kosten ontbreken") && !comment.contains("111222333"));
        assert_eq!(
            feedback[0].conversation_id.map(|c| c.to_string()),
            Some(id.clone())
        );
        assert_eq!(
            browser
                .run("return document.getElementById('composer-text').value")
                .await,
            "Even kijken",
            "the reply is untouched"
        );
        assert_eq!(
            browser.current_url().await,
            format!("{}/inbox/{id}", app.url)
        );
        assert!(browser.csp_violations().await.is_empty());
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_search_filters_and_an_articles_feedback_pass_axe() {
    for app in spawn_apps().await {
        let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
            .unwrap()
            .unwrap()
            .id;
        let article = ArticleInput {
            title: "Paspoort kwijt".into(),
            ..Default::default()
        };
        let article = app.engine.create_kb_article(org, article).await.unwrap();
        let conversation = app.resident_writes("me paspoort is kwijt").await;
        app.engine.index_all_pending_messages().await.unwrap();
        let admin = member(&app, "beheer@voorbeeld.nl", "voorbeeld", Role::Admin).await;
        let comment = Some("De kosten ontbreken");
        (app.engine)
            .give_kb_feedback(
                org,
                article.id,
                conversation.parse().ok(),
                admin.parse().unwrap(),
                false,
                comment,
            )
            .await
            .unwrap();
        let Some(browser) = Browser::start().await else {
            return;
        };
        browser.sign_in(&app, "beheer@voorbeeld.nl").await;
        for path in [
            "/search?q=paspoort&from=2026-11-19&until=2026-11-19".to_owned(),
            "/admin/knowledge".into(),
            format!("/admin/knowledge/{}", article.id),
        ] {
            browser.open(&format!("{}{path}", app.url)).await;
            browser.assert_accessible(&path).await;
        }
        assert!(
            browser
                .text("#kb-feedback")
                .await
                .contains("De kosten ontbreken")
        );
        browser.close().await;
        app.cleanup().await;
    }
}
