//! The composer in a real Chromium, on every database: a keyboard-only reply (Tab to the
//! text, type, Ctrl+Enter) delivered and then read, the closed-window template flow, a
//! conversation started with a template; axe-core finds nothing on any composer state.

use loket_domain::delivery::DeliveryStatus;
use loket_domain::message::Direction;
use loket_sim::StatusPlan;

use crate::browser::Browser;
use crate::support::TestApp;
use crate::support::spawn_apps;

const TAB: &str = "\u{E004}";
const CTRL_ENTER: &str = "\u{E009}\u{E007}\u{E000}";

/// The outbound messages of the organisation's conversations.
async fn outbound(app: &TestApp) -> Vec<loket_store::MessageRecord> {
    let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
        .unwrap()
        .unwrap()
        .id;
    let mut all = Vec::new();
    for c in app.conversations().await {
        let id = c["id"].as_str().unwrap().parse().unwrap();
        let messages = app.store.list_messages(org, id).await.unwrap();
        all.extend(
            messages
                .into_iter()
                .filter(|m| m.direction == Direction::Outbound),
        );
    }
    all
}

async fn wait_for_outbound(app: &TestApp, n: usize) -> Vec<loket_store::MessageRecord> {
    for _ in 0..150 {
        let found = outbound(app).await;
        if found.len() >= n {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no outbound message on {:?}", app.backend);
}

#[tokio::test]
async fn a_keyboard_only_reply_is_delivered_and_then_read() {
    for app in spawn_apps().await {
        app.sim.set_status_plan(StatusPlan::manual());
        let id = app
            .resident_writes("Wanneer wordt het grofvuil opgehaald?")
            .await;
        let Some(browser) = Browser::agent_signed_in(&app, "anna@voorbeeld.nl").await else {
            return;
        };
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        browser.assert_accessible("the composer").await;
        browser
            .run("document.activeElement.blur(); return true")
            .await;
        for _ in 0..80 {
            if browser.run("return document.activeElement.id").await == "composer-text" {
                break;
            }
            browser.keys(TAB).await;
        }
        assert_eq!(
            browser.run("return document.activeElement.id").await,
            "composer-text"
        );
        browser.keys("Op dinsdag, aan de straat voor 7 uur.").await;
        browser.keys(CTRL_ENTER).await;
        let sent = wait_for_outbound(&app, 1).await;
        assert_eq!(sent[0].status, Some(DeliveryStatus::Queued));
        // The draft went with the send; the composer is empty again.
        browser
            .wait_until("return document.getElementById('composer-text').value === ''")
            .await;
        app.run_jobs().await;
        let wamid = app.sim.sent_messages()[0].wamid.clone();
        app.sim.send_status(&wamid, "delivered").await.unwrap();
        assert_eq!(
            outbound(&app).await[0].status,
            Some(DeliveryStatus::Delivered)
        );
        app.sim.send_status(&wamid, "read").await.unwrap();
        assert_eq!(outbound(&app).await[0].status, Some(DeliveryStatus::Read));
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_draft_survives_a_reload_and_note_mode_is_shown() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Hallo").await;
        let Some(browser) = Browser::agent_signed_in(&app, "anna@voorbeeld.nl").await else {
            return;
        };
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        browser.fill("#composer-text", "Half geschreven").await;
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        browser
            .wait_until(
                "return document.getElementById('composer-text').value === 'Half geschreven'",
            )
            .await;
        browser.click("#composer-mode-note").await;
        browser
            .wait_until("return document.getElementById('composer').classList.contains('loket-composer--note')")
            .await;
        browser.assert_accessible("the composer in note mode").await;
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_closed_window_template_flow_previews_and_sends_a_template() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Hallo").await;
        app.post_json("/api/v1/templates/sync", &serde_json::json!({}))
            .await;
        app.clock.advance(std::time::Duration::from_secs(25 * 3600));
        let Some(browser) = Browser::agent_signed_in(&app, "anna@voorbeeld.nl").await else {
            return;
        };
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        browser.assert_accessible("the template picker").await;
        browser
            .run("const s = document.getElementById('composer-template'); s.value = [...s.options].find(o => o.value.includes(':vraag_nog_open:')).value; s.dispatchEvent(new Event('change', {bubbles: true})); return true")
            .await;
        browser
            .wait_until("return !!document.getElementById('composer-param-1')")
            .await;
        browser.fill("#composer-param-1", "Fatima").await;
        browser
            .wait_until("return (document.getElementById('composer-preview') || {textContent: ''}).textContent.includes('Hoi Fatima')")
            .await;
        browser.assert_accessible("the template preview").await;
        browser.click("#composer-template-send").await;
        let sent = wait_for_outbound(&app, 1).await;
        assert!(matches!(
            sent[0].content,
            loket_domain::message::Content::Template(_)
        ));
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_conversation_is_started_with_a_template_in_the_browser() {
    for app in spawn_apps().await {
        app.post_json("/api/v1/templates/sync", &serde_json::json!({}))
            .await;
        let Some(browser) = Browser::agent_signed_in(&app, "anna@voorbeeld.nl").await else {
            return;
        };
        browser.click("a[href='/inbox/new']").await;
        browser
            .wait_for_url(&format!("{}/inbox/new", app.url))
            .await;
        browser.assert_accessible("/inbox/new").await;
        browser.fill("#start-phone", "06 12345678").await;
        browser
            .run("const s = document.getElementById('composer-template'); s.value = [...s.options].find(o => o.value.includes(':vraag_nog_open:')).value; s.dispatchEvent(new Event('change', {bubbles: true})); return true")
            .await;
        browser
            .wait_until("return !!document.getElementById('composer-param-1')")
            .await;
        browser.fill("#composer-param-1", "Sanne").await;
        browser
            .wait_until("return (document.getElementById('composer-preview') || {textContent: ''}).textContent.includes('Hoi Sanne')")
            .await;
        browser.click("#start-opt-in").await;
        browser.assert_accessible("/inbox/new with a preview").await;
        browser.click("#start-send").await;
        let sent = wait_for_outbound(&app, 1).await;
        assert!(sent[0].opt_in.is_some());
        let id = sent[0].conversation_id;
        browser
            .wait_for_url(&format!("{}/inbox/{id}", app.url))
            .await;
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_colleagues_note_naming_the_agent_is_announced_live_with_a_link_to_the_conversation() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Mijn container is niet geleegd").await;
        let Some(browser) = Browser::agent_signed_in(&app, "anna@voorbeeld.nl").await else {
            return;
        };
        let bert = app.agent("bert@voorbeeld.nl", "voorbeeld").await;
        let anna = app
            .engine
            .find_user("anna@voorbeeld.nl")
            .await
            .unwrap()
            .unwrap()
            .id;
        let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
            .unwrap()
            .unwrap()
            .id;
        browser.open(&format!("{}/", app.url)).await;
        // The event stream is open before the note is written.
        browser
            .wait_until("return document.querySelector('[sse-connect]') !== null")
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let conversation = id.parse().unwrap();
        // A note naming someone else is not announced to Anna.
        (app.engine)
            .add_note(
                org,
                conversation,
                anna,
                "Voor Bert",
                &[bert.parse().unwrap()],
            )
            .await
            .unwrap();
        (app.engine)
            .add_note(
                org,
                conversation,
                bert.parse().unwrap(),
                "Anna, kijk jij even?",
                &[anna],
            )
            .await
            .unwrap();
        browser
            .wait_until("return document.querySelector('#mention-notice a') !== null")
            .await;
        let notice = browser.text("#mention-notice").await;
        assert!(notice.contains("noemde je in een notitie"), "{notice}");
        assert!(
            !notice.contains("kijk jij"),
            "the note's text is not in the notice"
        );
        let href = browser
            .run("return document.querySelector('#mention-notice a').getAttribute('href')")
            .await;
        assert_eq!(href, format!("/inbox/{id}"));
        browser
            .assert_accessible("the inbox with a mention notice")
            .await;
        browser.close().await;
        app.cleanup().await;
    }
}
