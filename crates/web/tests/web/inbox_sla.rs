//! The "SLA-risico" inbox view over HTTP (issue 12, point 6), on both databases: it lists
//! the conversations the worker announced in warning or breach, the earliest deadline
//! first, with its count on the tab; a calm or answered one is not listed, nor another
//! organisation's.

use std::time::Duration;

use loket_domain::Timestamp;
use loket_domain::people::Locale;
use serde_json::json;

use crate::sign_in::{PASSWORD, person};
use crate::support::*;
use crate::visitor::Visitor;

async fn writes(app: &TestApp, name: &str, wa_id: &str, text: &str) -> String {
    let r = loket_sim::Resident::new(name, wa_id);
    let envelope = (app.sim).envelope(vec![app.sim.text(&r, text)], vec![r.contact()]);
    assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
    let all = app.conversations().await;
    let it = all.iter().find(|c| c["contact_name"] == name).unwrap();
    it["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_sla_risk_view_lists_the_warned_and_breached_conversations_most_urgent_first() {
    for app in spawn_apps().await {
        // No office hours configured: always open, business time is wall time.
        let start: Timestamp = "2025-11-24T08:00:00Z".parse().unwrap();
        app.clock.set(start);
        let minutes = |m: u64| Duration::from_secs(m * 60);
        let late = writes(&app, "Fatima de Vries", "31612345678", "Paspoort").await;
        app.clock.advance(minutes(10));
        let soon = writes(&app, "Jan Jansen", "31687654321", "Afval").await;
        app.clock.advance(minutes(10));
        writes(&app, "Piet Bakker", "31611112222", "Parkeren").await;
        app.settle().await;
        // 9.04: Fatima's hour has passed, Jan's has 6 minutes left, Piet's 16.
        app.clock.set(start + minutes(64));
        person(&app, "lot@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        person(&app, "eva@andere.nl", &["andere"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        v.sign_in("lot@voorbeeld.nl", PASSWORD).await;

        let before = v.get("/?view=sla").await;
        assert_eq!(before.status, 200);
        assert!(
            before.body.contains("Er wachten geen"),
            "nothing announced yet"
        );
        app.engine.check_sla().await.unwrap();
        let page = v.get("/?view=sla").await.body;
        let fatima = page.find("Fatima de Vries").expect("the breach is listed");
        let jan = page.find("Jan Jansen").expect("the warning is listed");
        assert!(fatima < jan, "the earliest deadline first");
        assert!(!page.contains("Piet Bakker"), "a calm one is not listed");
        assert!(
            page.contains("SLA-risico <span class=\"utrecht-badge-counter\">2</span>"),
            "{page}"
        );
        assert!(page.contains(&format!("conversation-{late}")));
        // Every view counts the risk on its tab.
        let all = v.get("/?view=all").await.body;
        assert!(all.contains("SLA-risico <span class=\"utrecht-badge-counter\">2</span>"));

        // Resolved: no longer at risk.
        let resolve = json!({"status": "resolved"});
        let path = format!("/api/v1/conversations/{late}");
        assert_eq!(app.patch_json(&path, &resolve).await.status(), 200);
        let page = v.get("/?view=sla").await.body;
        assert!(!page.contains("Fatima de Vries"));
        assert!(page.contains(&format!("conversation-{soon}")));

        let mut other = Visitor::new(&app);
        other.sign_in("eva@andere.nl", PASSWORD).await;
        let theirs = other.get("/?view=sla").await.body;
        assert!(
            !theirs.contains("Jan Jansen"),
            "another organisation's risk"
        );
        app.cleanup().await;
    }
}

/// The hidden `version` the conversation page gives its live refresh.
fn version_of(page: &str) -> String {
    let start = page.find("name=\"version\" value=\"").expect("a version") + 22;
    let end = start + page[start..].find('"').unwrap();
    page[start..end].to_owned()
}

#[tokio::test]
async fn the_live_refresh_brings_the_headers_timers_when_a_warning_or_breach_is_announced() {
    for app in spawn_apps().await {
        let start: Timestamp = "2025-11-24T08:00:00Z".parse().unwrap();
        app.clock.set(start);
        let id = writes(&app, "Fatima de Vries", "31612345678", "Paspoort").await;
        app.settle().await;
        person(&app, "lot@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
        let mut v = Visitor::new(&app);
        v.sign_in("lot@voorbeeld.nl", PASSWORD).await;
        let page = v.get(&format!("/inbox/{id}")).await.body;
        let version = version_of(&page);
        let refresh = |version: &str| format!("/inbox/{id}/messages?version={version}");
        // A minute later the timer reads otherwise, but nothing changed state: nothing to swap.
        app.clock.advance(Duration::from_secs(60));
        assert_eq!(v.get(&refresh(&version)).await.status, 204);

        app.clock.set(start + Duration::from_secs(50 * 60));
        app.engine.check_sla().await.unwrap();
        let fragment = v.get(&refresh(&version)).await;
        assert_eq!(fragment.status, 200);
        assert!(
            fragment
                .body
                .contains("<div id=\"sla\" hx-swap-oob=\"innerHTML\">"),
            "{}",
            fragment.body
        );
        assert!(
            fragment
                .body
                .contains("Let op: Eerste reactie binnen 0:10 werkuur")
        );
        let warned = version_of(&fragment.body);
        assert_ne!(warned, version);
        assert_eq!(v.get(&refresh(&warned)).await.status, 204, "once");
        app.cleanup().await;
    }
}
