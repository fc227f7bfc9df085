//! Mentions and images in a real Chromium, on every database: the navigation's badge counts
//! a new mention live and drops it when the conversation is opened; `/mentions` lists it;
//! an agent names a colleague from the `@` listbox with the keyboard alone; an image opens
//! large in a dialog that Escape closes, handing the focus back. axe-core finds no WCAG 2.1
//! AA violation and the console no CSP violation on any of these states.

use loket_domain::ConversationId;

use crate::browser::Browser;
use crate::conversation_view::every_content_type;
use crate::mentions::org_id;
use crate::support::spawn_apps;

const ARROW_DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const CTRL_ENTER: &str = "\u{E009}\u{E007}\u{E000}";

const SSE_OPEN: &str = "return !!document.querySelector('[sse-connect]') && htmx.find('[sse-connect]')['htmx-internal-data'].sseEventSource.readyState === 1";

#[tokio::test]
async fn the_badge_counts_a_new_mention_live_and_the_mentions_page_lists_it() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Mijn paspoort is kwijt").await;
        let anna = app.agent("anna@voorbeeld.nl", "voorbeeld").await;
        let Some(browser) = Browser::agent_signed_in(&app, "bram@voorbeeld.nl").await else {
            return;
        };
        let bram = app
            .engine
            .find_user("bram@voorbeeld.nl")
            .await
            .unwrap()
            .unwrap()
            .id;
        assert_eq!(
            browser
                .run("return document.getElementById('mentions-badge').hidden")
                .await,
            true
        );
        browser.wait_until(SSE_OPEN).await;
        let org = org_id(&app, "voorbeeld").await;
        let conversation: ConversationId = id.parse().unwrap();
        (app.engine)
            .add_note(
                org,
                conversation,
                anna.parse().unwrap(),
                "Bram, bel jij haar?",
                &[bram],
            )
            .await
            .unwrap();
        browser
            .wait_until("return !document.getElementById('mentions-badge').hidden && document.getElementById('mentions-count').textContent === '1'")
            .await;
        let named = "return document.getElementById('nav-mentions').textContent";
        let named = browser.run(named).await;
        assert!(named.as_str().unwrap().contains("1 ongelezen"), "{named}");
        browser
            .assert_accessible("the inbox with an unread mention")
            .await;

        browser.click("#nav-mentions").await;
        browser.wait_for_url(&format!("{}/mentions", app.url)).await;
        assert!(browser.text("main").await.contains("Bram, bel jij haar?"));
        browser.assert_accessible("the mentions page").await;
        browser.click("#mentions-list a").await;
        browser
            .wait_until("return location.pathname.startsWith('/inbox/')")
            .await;
        assert_eq!(
            browser
                .run("return document.getElementById('mentions-badge').hidden")
                .await,
            true,
            "read on opening"
        );
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_agent_names_a_colleague_from_the_at_listbox_with_the_keyboard() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Wie kan mij helpen?").await;
        for email in ["bert@voorbeeld.nl", "bram@voorbeeld.nl"] {
            crate::sign_in::person(
                &app,
                email,
                &["voorbeeld"],
                loket_domain::people::Locale::Nl,
            )
            .await;
        }
        let Some(browser) = Browser::agent_signed_in(&app, "anna@voorbeeld.nl").await else {
            return;
        };
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        browser.click("#composer-mode-note").await;
        browser.click("#composer-text").await;
        browser.keys("Even kijken @b").await;
        browser
            .wait_until("return !document.getElementById('composer-mentions').hidden && document.querySelectorAll('#composer-mentions [role=option]').length === 2")
            .await;
        assert_eq!(
            browser.run("return document.getElementById('composer-text').getAttribute('aria-activedescendant')").await,
            "composer-mention-option-0"
        );
        browser
            .assert_accessible("the note composer with the @ listbox open")
            .await;
        browser.keys(ARROW_DOWN).await;
        let chosen = browser.run("return document.querySelector('#composer-mentions [aria-selected=true]').textContent").await;
        let chosen = chosen.as_str().unwrap().to_owned();
        browser.keys(ENTER).await;
        browser
            .wait_until(&format!(
                "return document.getElementById('composer-text').value === {:?}",
                format!("Even kijken @{chosen} ")
            ))
            .await;
        assert_eq!(
            browser
                .run("return document.getElementById('composer-mentions').hidden")
                .await,
            true
        );
        let ticked = "return Array.from(document.querySelectorAll('input[name=mention]:checked')).map(b => document.querySelector('label[for=' + b.id + ']').textContent.trim())";
        assert_eq!(
            browser.run(ticked).await,
            serde_json::json!([chosen.clone()])
        );
        browser.keys("@").await;
        browser
            .wait_until("return !document.getElementById('composer-mentions').hidden")
            .await;
        browser.keys(ESCAPE).await;
        browser
            .wait_until("return document.getElementById('composer-mentions').hidden")
            .await;

        browser.keys(CTRL_ENTER).await;
        let email = chosen.trim_start_matches("Medewerker ");
        let named = app.engine.find_user(email).await.unwrap().unwrap().id;
        let org = org_id(&app, "voorbeeld").await;
        let mut unread = 0;
        for _ in 0..150 {
            unread = app.engine.count_unread_mentions(org, named).await.unwrap();
            if unread > 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(
            unread, 1,
            "the colleague chosen is mentioned, on {:?}",
            app.backend
        );
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_image_opens_large_in_a_dialog_and_escape_hands_the_focus_back() {
    for app in spawn_apps().await {
        let id = every_content_type(&app).await;
        let Some(browser) = Browser::agent_signed_in(&app, "anna@voorbeeld.nl").await else {
            return;
        };
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        browser.wait_until("return !!window.loketImages").await;
        browser.click("a[data-enlarge]").await;
        browser
            .wait_until("return document.getElementById('image-dialog').open")
            .await;
        browser
            .wait_until("return document.getElementById('image-dialog-img').complete && document.getElementById('image-dialog-img').naturalWidth > 0")
            .await;
        assert_eq!(
            browser
                .run("return document.getElementById('image-dialog-img').alt")
                .await,
            "Lantaarnpaal stuk"
        );
        assert_eq!(
            browser.run("return location.pathname").await,
            format!("/inbox/{id}"),
            "no new page"
        );
        browser.assert_accessible("an enlarged image").await;
        browser.keys(ESCAPE).await;
        browser
            .wait_until("return !document.getElementById('image-dialog').open")
            .await;
        assert_eq!(
            browser
                .run("return document.activeElement.hasAttribute('data-enlarge')")
                .await,
            true,
            "the focus is back on the image, on {:?}",
            app.backend
        );
        browser.close().await;
        app.cleanup().await;
    }
}
