//! The conversation page in a real Chromium, on every database: axe-core finds no WCAG 2.1
//! AA violation on a conversation holding every content type (and a note, a failed reply
//! with its retry form); a resident's `<script>` / `<img onerror>` / HTML stays text; a
//! new WhatsApp message arrives live, announced politely, leaving the rest of the page
//! (the composer's draft) as it was.

use loket_domain::people::Locale;
use serde_json::{Value, json};

use crate::browser::Browser;
use crate::conversation_view::every_content_type;
use crate::sign_in::person;
use crate::support::TestApp;
use crate::support::spawn_apps;

/// A new agent of voorbeeld, signed in.
async fn sign_in(browser: &Browser, app: &TestApp, email: &str) {
    person(app, email, &["voorbeeld"], Locale::Nl).await;
    browser.sign_in(app, email).await;
}

/// A failed reply and an internal note in `conversation`.
async fn failed_reply_and_note(app: &TestApp, conversation: &str, author: &str) {
    let sent = app
        .post_json(
            &format!("/api/v1/conversations/{conversation}/messages"),
            &json!({"text": "Dit komt niet aan"}),
        )
        .await;
    let sent: Value = sent.json().await.unwrap();
    app.execute_sql(&format!(
        "update messages set status = 'failed', \
         error = '{{\"code\":131026,\"title\":\"Message undeliverable\"}}' where id = '{}'",
        sent["id"].as_str().unwrap()
    ))
    .await;
    let org = app
        .engine
        .find_organisation_by_slug("voorbeeld")
        .await
        .unwrap()
        .unwrap();
    let user = app.engine.find_user(author).await.unwrap().unwrap();
    app.engine
        .add_note(
            org.id,
            conversation.parse().unwrap(),
            user.id,
            "Terugbellen *morgen*",
            &[],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_conversation_with_every_content_type_passes_axe_and_hostile_text_stays_inert() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let conversation = every_content_type(&app).await;
        sign_in(&browser, &app, "anna@voorbeeld.nl").await;
        failed_reply_and_note(&app, &conversation, "anna@voorbeeld.nl").await;
        browser
            .open(&format!("{}/inbox/{conversation}", app.url))
            .await;
        browser
            .wait_until("return document.querySelectorAll('.loket-note, .loket-status--failed, video, audio').length === 4")
            .await;
        let found = browser.axe_scan().await;
        let list: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert!(
            list.is_empty(),
            "axe-core on {:?}:\n{}",
            app.backend,
            list.join("\n")
        );
        let csp = browser.csp_violations().await;
        assert!(csp.is_empty(), "CSP: {csp:?}");
        let created = browser
            .run("return document.querySelectorAll('#timeline script, #timeline img[src=\"x\"], #timeline b, [onerror]').length")
            .await;
        assert_eq!(created, 0, "no element made from the resident's text");
        let shown = browser.text("#timeline").await;
        assert!(shown.contains("<script>alert(1)</script>"), "{shown}");
        assert!(shown.contains("<img src=x onerror=alert(2)>"));
        let label = browser.text(".loket-note .loket-note__label").await;
        assert!(label.starts_with("Interne notitie"), "{label}");
        browser.close().await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_whatsapp_message_arrives_live_in_an_open_conversation_and_the_draft_survives() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let conversation = app
            .resident_writes("Is het gemeentehuis morgen open?")
            .await;
        sign_in(&browser, &app, "bo@voorbeeld.nl").await;
        browser
            .open(&format!("{}/inbox/{conversation}", app.url))
            .await;
        browser
            .wait_until("return !!document.querySelector('[sse-connect]') && htmx.find('[sse-connect]')['htmx-internal-data'].sseEventSource.readyState === 1")
            .await;
        // A draft in a field outside the timeline (where the composer's form lives).
        browser
            .run("const t = document.createElement('textarea'); t.id = 'draft'; t.value = 'Half getypt antwoord'; document.querySelector('.loket-conversation__main').appendChild(t); return null")
            .await;
        app.resident_writes("En overmorgen?").await;
        browser
            .wait_until(
                "return document.querySelector('#timeline').textContent.includes('En overmorgen?')",
            )
            .await;
        browser
            .wait_until("return document.querySelector('#convo-announce').textContent.includes('Nieuw bericht van de inwoner')")
            .await;
        let draft = browser
            .run("return document.querySelector('#draft').value")
            .await;
        assert_eq!(draft, "Half getypt antwoord");
        let csp = browser.csp_violations().await;
        assert!(csp.is_empty(), "CSP: {csp:?}");
        browser.close().await;
        app.cleanup().await;
    }
}
