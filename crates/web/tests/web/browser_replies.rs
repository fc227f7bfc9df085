//! Saved replies in a real Chromium, on every database: an agent types `/pas` in the
//! reply box, picks a reply from the listbox with the keyboard alone, sees it filled for
//! the resident and sends it; a reply with a variable nobody knows keeps it visible with a
//! note; axe-core finds no WCAG 2.1 AA violation with the picker open nor on
//! `/admin/replies`, and no CSP violation anywhere.

use loket_domain::OrgId;
use loket_domain::message::{Content, Direction};
use loket_domain::people::Role;

use crate::admin_pages::member;
use crate::browser::Browser;
use crate::support::{TestApp, spawn_apps};

const ARROW_DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const CTRL_ENTER: &str = "\u{E009}\u{E007}\u{E000}";

const PASPOORT: &str = "Beste {{voornaam}}, een paspoort vraagt u aan bij {{gemeente}}.";
const FILLED: &str = "Beste Fatima, een paspoort vraagt u aan bij Gemeente Voorbeeld.";

async fn voorbeeld(app: &TestApp) -> OrgId {
    (app.engine.find_organisation_by_slug("voorbeeld").await)
        .unwrap()
        .unwrap()
        .id
}

async fn saved_replies(app: &TestApp) {
    let org = voorbeeld(app).await;
    for (shortcut, title, text) in [
        (
            "pasfoto",
            "Eisen aan de pasfoto",
            "De pasfoto moet recent zijn.",
        ),
        ("paspoort", "Paspoort aanvragen", PASPOORT),
        (
            "open",
            "Openingstijden",
            "Wij zijn open {{openingstijden}}.",
        ),
    ] {
        (app.engine)
            .create_saved_reply(org, shortcut, title, text, None)
            .await
            .unwrap();
    }
}

async fn sent_texts(app: &TestApp, conversation: &str) -> Vec<String> {
    let id = conversation.parse().unwrap();
    let messages = app.store.list_messages(voorbeeld(app).await, id).await;
    (messages.unwrap().into_iter())
        .filter(|m| m.direction == Direction::Outbound)
        .filter_map(|m| match m.content {
            Content::Text { body } => Some(body),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn an_agent_picks_a_saved_reply_with_the_keyboard_and_sends_it_filled() {
    for app in spawn_apps().await {
        saved_replies(&app).await;
        let Some(browser) = Browser::agent_signed_in(&app, "anna@voorbeeld.nl").await else {
            return;
        };
        let id = app.resident_writes("Mijn paspoort is verlopen").await;
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        let described =
            "return document.getElementById('composer-text').getAttribute('aria-describedby')";
        assert!(
            (browser.run(described).await.as_str().unwrap()).contains("composer-replies-hint"),
            "the hint is read with the box once the picker is there"
        );
        browser.click("#composer-text").await;
        browser.keys("/pas").await;
        browser
            .wait_until("return document.querySelectorAll('#composer-replies [role=option]').length === 2 && !document.getElementById('composer-replies').hidden")
            .await;
        assert_eq!(
            browser.run("return document.getElementById('composer-text').getAttribute('aria-activedescendant')").await,
            "composer-reply-0"
        );
        browser
            .assert_accessible("the composer with the saved replies open")
            .await;
        browser.keys(ARROW_DOWN).await;
        assert_eq!(
            browser
                .run("return document.querySelector('[aria-selected=true]').textContent")
                .await,
            "/paspoortPaspoort aanvragen"
        );
        browser.keys(ENTER).await;
        browser
            .wait_until(&format!(
                "return document.getElementById('composer-text').value === {FILLED:?}"
            ))
            .await;
        assert_eq!(
            browser
                .run("return document.getElementById('composer-replies').hidden")
                .await,
            true
        );
        browser.keys(CTRL_ENTER).await;
        for _ in 0..150 {
            if !sent_texts(&app, &id).await.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(sent_texts(&app, &id).await, vec![FILLED.to_owned()]);
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_variable_without_a_value_stays_visible_with_a_note_and_escape_closes_the_list() {
    for app in spawn_apps().await {
        saved_replies(&app).await;
        let Some(browser) = Browser::agent_signed_in(&app, "anna@voorbeeld.nl").await else {
            return;
        };
        let id = app.resident_writes("Wanneer zijn jullie open?").await;
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        browser.click("#composer-text").await;
        browser.keys("Hallo /pas").await;
        browser
            .wait_until("return !document.getElementById('composer-replies').hidden")
            .await;
        browser.keys(ESCAPE).await;
        browser
            .wait_until("return document.getElementById('composer-replies').hidden")
            .await;
        browser.keys(" /open").await;
        browser
            .wait_until(
                "return document.querySelectorAll('#composer-replies [role=option]').length === 1",
            )
            .await;
        browser.keys(ENTER).await;
        browser
            .wait_until("return document.getElementById('composer-text').value === 'Hallo /pas Wij zijn open {{openingstijden}}.'")
            .await;
        let note = "return document.getElementById('composer-replies-missing')";
        assert_eq!(browser.run(&format!("{note}.hidden")).await, false);
        assert!(
            (browser.run(&format!("{note}.textContent")).await)
                .as_str()
                .unwrap()
                .contains("{{openingstijden}}")
        );
        browser
            .assert_accessible("the composer with a variable to fill in")
            .await;
        // Typing over the selected variable fills it, and the note goes.
        browser.keys("ma-vr 9-17 uur").await;
        browser
            .wait_until("return document.getElementById('composer-replies-missing').hidden")
            .await;
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_saved_replies_admin_pages_pass_axe() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        saved_replies(&app).await;
        member(&app, "beheer@voorbeeld.nl", "voorbeeld", Role::Admin).await;
        browser.sign_in(&app, "beheer@voorbeeld.nl").await;
        let org = voorbeeld(&app).await;
        let first = app.engine.list_saved_replies(org, None, "").await.unwrap()[0].id;
        for path in [
            "/admin/replies".to_owned(),
            "/admin/replies?done=created".into(),
            format!("/admin/replies/{first}"),
        ] {
            browser.open(&format!("{}{path}", app.url)).await;
            browser.assert_accessible(&path).await;
        }
        // A refused form, shown again with its problem.
        browser.open(&format!("{}/admin/replies", app.url)).await;
        browser.fill("#reply-shortcut", "paspoort").await;
        browser.fill("#reply-title", "Nog een").await;
        browser.fill("#reply-text", "Tekst").await;
        browser
            .click("main form.utrecht-form button[type=submit]")
            .await;
        browser
            .wait_until("return !!document.querySelector('.utrecht-alert--error')")
            .await;
        browser
            .assert_accessible("/admin/replies with a taken shortcut")
            .await;
        browser.close().await;
        app.cleanup().await;
    }
}
