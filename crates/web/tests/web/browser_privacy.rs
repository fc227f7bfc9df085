//! Personal data in a real Chromium (issue 10): the agent sees the warning on a resident's
//! message whose BSN was removed, a reply with a BSN is refused in the composer with the
//! reason, and where the organisation chose confirm-before-send the confirm box appears
//! and sends it. axe-core finds nothing on any of these states.

use loket_domain::message::SenderKind;
use loket_domain::privacy::{OutboundBsn, PrivacyPolicy};

use crate::browser::Browser;
use crate::support::{TestApp, spawn_apps};

/// The agents' outbound messages (the notice is the bot's).
async fn agent_replies(app: &TestApp) -> usize {
    let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
        .unwrap()
        .unwrap()
        .id;
    let mut n = 0;
    for c in app.conversations().await {
        let id = c["id"].as_str().unwrap().parse().unwrap();
        let messages = app.store.list_messages(org, id).await.unwrap();
        n += messages
            .iter()
            .filter(|m| m.sender == SenderKind::Agent)
            .count();
    }
    n
}

#[tokio::test]
async fn the_agent_sees_the_warning_and_a_reply_with_a_bsn_is_refused_then_confirmed() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Mijn BSN is 111222333").await;
        let Some(browser) = Browser::agent_signed_in(&app, "anna@voorbeeld.nl").await else {
            return;
        };
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        browser
            .wait_until("return !!document.querySelector('.loket-findings')")
            .await;
        let warning = browser.text(".loket-findings").await;
        assert!(warning.contains("persoonsgegevens"), "{warning}");
        assert!(
            warning.contains("BSN") && warning.contains("verwijderd"),
            "{warning}"
        );
        assert!(!browser.text("main").await.contains("111222333"));
        browser
            .assert_accessible("the conversation with a findings warning")
            .await;

        // Refused: the reason is shown, the text kept, nothing sent.
        browser
            .fill("#composer-text", "Uw BSN is 999.990.019")
            .await;
        browser.click("#composer-send").await;
        browser
            .wait_until("return !!document.querySelector('#composer .utrecht-alert--error')")
            .await;
        let alert = browser.text("#composer .utrecht-alert--error").await;
        assert!(alert.contains("mag niet via WhatsApp"), "{alert}");
        assert!(
            browser
                .run("return !!document.getElementById('composer-confirm-personal-data')")
                .await
                == false,
            "a refused BSN cannot be confirmed"
        );
        browser
            .assert_accessible("the composer refusing a BSN")
            .await;
        assert_eq!(agent_replies(&app).await, 0);

        // The organisation chose confirm-before-send: confirm, then it goes.
        let policy = PrivacyPolicy {
            outbound_bsn: OutboundBsn::Confirm,
            ..PrivacyPolicy::default()
        };
        app.engine
            .apply_privacy_policies(&[("voorbeeld".into(), Some(policy))])
            .await
            .unwrap();
        browser.click("#composer-send").await;
        browser
            .wait_until("return !!document.getElementById('composer-confirm-personal-data')")
            .await;
        browser
            .assert_accessible("the composer asking for confirmation")
            .await;
        assert_eq!(agent_replies(&app).await, 0);
        browser.click("#composer-confirm-personal-data").await;
        browser.click("#composer-send").await;
        for _ in 0..150 {
            if agent_replies(&app).await == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(agent_replies(&app).await, 1);
        browser.close().await;
        app.cleanup().await;
    }
}
