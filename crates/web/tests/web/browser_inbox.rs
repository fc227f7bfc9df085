//! The inbox list in a real Chromium, on every database (issue 9 §1, §6, §8, §9): a new
//! conversation arrives live in a filtered view, a filter change swaps the list, search
//! shows results as one types (conversations and marked message hits), and axe-core finds
//! nothing on the views and the search page.

use loket_domain::people::Locale;

use crate::browser::Browser;
use crate::sign_in::person;
use crate::support::spawn_apps;

#[tokio::test]
async fn a_filtered_view_updates_live_filters_swap_and_search_answers_as_you_type() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        person(&app, "lot@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        browser.sign_in(&app, "lot@voorbeeld.nl").await;
        browser
            .open(&format!("{}/?view=unassigned&status=open", app.url))
            .await;
        browser.assert_accessible("/?view=unassigned").await;
        browser
            .wait_until("return !!document.querySelector('[sse-connect]') && htmx.find('[sse-connect]')['htmx-internal-data'].sseEventSource.readyState === 1")
            .await;
        app.resident_writes("Is het gemeentehuis morgen open?")
            .await;
        browser
            .wait_until("return document.querySelector('#conversations').textContent.includes('Fatima de Vries')")
            .await;
        let live_url = browser
            .run("return document.querySelector('#conversations').getAttribute('hx-get')")
            .await;
        assert!(
            live_url.to_string().contains("view=unassigned"),
            "{live_url}"
        );
        // A filter change swaps the list (and the URL) without a reload.
        browser
            .run("const s = document.querySelector('#filter-status'); s.value = 'resolved'; s.dispatchEvent(new Event('change', {bubbles: true})); return true")
            .await;
        browser
            .wait_until("return location.search.includes('status=resolved') && !document.querySelector('#conversations').textContent.includes('Fatima de Vries')")
            .await;
        // Search as you type: results under the header's box.
        browser.fill("#search-q", "fati").await;
        browser
            .wait_until("return document.querySelector('#search-suggest').textContent.includes('Fatima de Vries')")
            .await;
        browser
            .assert_accessible("search results under the box")
            .await;
        // Words from messages: marked in the suggestions and on the page.
        app.engine.index_all_pending_messages().await.unwrap();
        browser.fill("#search-q", "gemeentehuis").await;
        browser
            .wait_until("return [...document.querySelectorAll('#search-suggest mark')].some(m => m.textContent === 'gemeentehuis')")
            .await;
        browser
            .assert_accessible("message hits under the box")
            .await;
        for path in [
            "/search?q=gemeentehuis+morgen",
            "/?view=mine",
            "/?view=teams",
            "/?view=all",
            "/search?q=Fatima",
            "/search",
        ] {
            browser.open(&format!("{}{path}", app.url)).await;
            browser.assert_accessible(path).await;
        }
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_shortcuts_help_opens_with_a_question_mark_on_the_inbox_too() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        person(&app, "lot@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        browser.sign_in(&app, "lot@voorbeeld.nl").await;
        assert_eq!(
            browser
                .run("return document.querySelector('#keys-help').open")
                .await,
            false
        );
        browser
            .run("document.body.dispatchEvent(new KeyboardEvent('keydown', {key: '?', bubbles: true})); return true")
            .await;
        browser
            .wait_until("return document.querySelector('#keys-help').open")
            .await;
        assert!(browser.text("#keys-help").await.contains("j"));
        browser
            .assert_accessible("the shortcuts' help on the inbox")
            .await;
        browser.close().await;
        app.cleanup().await;
    }
}
