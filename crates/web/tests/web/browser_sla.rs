//! SLA timers in a real Chromium, on every database (issue 12, point 6): the inbox row
//! and the conversation header show the first-response timer in words, its warning and,
//! after the worker's check, its breach and escalation to the team lead; axe-core finds
//! nothing on either page in any state, nor on the "SLA-risico" view.

use std::time::Duration;

use loket_domain::Timestamp;
use loket_domain::people::{Locale, Role};
use loket_engine::people::NewUserRequest;

use crate::browser::Browser;
use crate::sign_in::person;
use crate::support::spawn_apps;

#[tokio::test]
async fn the_timer_warns_then_shows_the_breach_and_escalation_in_the_list_and_the_conversation() {
    for app in spawn_apps().await {
        let Some(browser) = Browser::start().await else {
            return;
        };
        // No office hours configured: always open, business time is wall time.
        app.clock
            .set("2025-11-24T08:00:00Z".parse::<Timestamp>().unwrap());
        person(&app, "lot@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        let lead = NewUserRequest {
            email: "lead@voorbeeld.nl".into(),
            name: "Teamleider".into(),
            membership: Some(("voorbeeld".into(), Role::TeamLead)),
            operator: false,
            locale: Locale::Nl,
            password: None,
        };
        app.engine.add_user(lead).await.unwrap();
        browser.sign_in(&app, "lot@voorbeeld.nl").await;
        let id = app.resident_writes("Mijn paspoort is kwijt").await;
        app.settle().await;

        app.clock.advance(Duration::from_secs(50 * 60));
        browser.open(&format!("{}/?view=all", app.url)).await;
        let row = browser
            .text(&format!("#conversation-{id} .loket-sla"))
            .await;
        assert_eq!(row, "Let op: Eerste reactie binnen 0:10 werkuur");
        browser.assert_accessible("the inbox with a warning").await;
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        let header = browser.text("#sla").await;
        assert!(
            header.contains("Let op: Eerste reactie binnen 0:10 werkuur"),
            "{header}"
        );
        assert!(header.contains("Antwoord binnen 7:10 werkuur"), "{header}");
        browser
            .assert_accessible("the conversation with a warning")
            .await;

        app.clock.advance(Duration::from_secs(20 * 60));
        assert_eq!(
            app.engine.check_sla().await.unwrap(),
            2,
            "breach and escalation"
        );
        browser.open(&format!("{}/inbox/{id}", app.url)).await;
        let header = browser.text("#sla").await;
        assert!(
            header.contains("Eerste reactie te laat: 0:10 werkuur over de termijn"),
            "{header}"
        );
        assert!(
            header.contains("Geëscaleerd naar de teamleider"),
            "{header}"
        );
        browser
            .assert_accessible("the conversation after a breach")
            .await;
        browser.open(&format!("{}/?view=all", app.url)).await;
        let row = browser
            .text(&format!("#conversation-{id} .loket-sla"))
            .await;
        assert_eq!(row, "Eerste reactie te laat: 0:10 werkuur over de termijn");
        browser.assert_accessible("the inbox after a breach").await;
        browser.open(&format!("{}/?view=sla", app.url)).await;
        let row = browser
            .text(&format!("#conversation-{id} .loket-sla"))
            .await;
        assert_eq!(row, "Eerste reactie te laat: 0:10 werkuur over de termijn");
        browser.assert_accessible("the SLA-risico view").await;
        browser.close().await;
        app.cleanup().await;
    }
}
