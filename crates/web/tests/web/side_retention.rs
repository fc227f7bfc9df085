//! The side panel's legal hold and transfer forms over HTTP, on every database: a team lead
//! sets a hold with a reason and lifts it, marks and records a transfer; an agent sees no
//! form and is refused; an empty reason is refused with its reason; another organisation's
//! conversation answers 404.

use loket_domain::people::Role;

use crate::admin_pages::{member, signed_in};
use crate::support::spawn_apps;

async fn retention_of(app: &crate::support::TestApp, id: &str) -> serde_json::Value {
    app.get_json(&format!("/api/v1/conversations/{id}/retention"))
        .await
}

#[tokio::test]
async fn a_team_lead_sets_and_lifts_a_legal_hold_and_records_a_transfer_in_the_side_panel() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Ik wil bezwaar maken").await;
        member(&app, "lisa@voorbeeld.nl", "voorbeeld", Role::TeamLead).await;
        let mut lead = signed_in(&app, "lisa@voorbeeld.nl").await;
        let page = lead.get(&format!("/inbox/{id}")).await;
        assert!(page.body.contains("id=\"side-set-hold\""), "{}", page.body);

        let hold = format!("/inbox/{id}/legal-hold");
        let empty = lead
            .post(&hold, &[("action", "set"), ("reason", "  ")])
            .await;
        assert_eq!(empty.status, 422);
        assert!(
            empty
                .body
                .contains("Een bewaarplicht heeft een reden nodig")
        );
        let set = lead
            .post(&hold, &[("action", "set"), ("reason", "Bezwaar loopt")])
            .await;
        assert_eq!(set.status, 303, "{}", set.body);
        assert_eq!(
            retention_of(&app, &id).await["legal_hold"]["reason"],
            "Bezwaar loopt"
        );
        let page = lead.get(&format!("/inbox/{id}")).await;
        assert!(page.body.contains("id=\"side-held\""));
        assert_eq!(lead.post(&hold, &[("action", "lift")]).await.status, 303);
        assert!(retention_of(&app, &id).await["legal_hold"].is_null());

        let transfer = format!("/inbox/{id}/transfer");
        let early = lead.post(&transfer, &[("action", "done")]).await;
        assert_eq!(early.status, 422, "not marked yet");
        assert_eq!(
            lead.post(&transfer, &[("action", "mark")]).await.status,
            303
        );
        assert_eq!(
            lead.post(&transfer, &[("action", "done")]).await.status,
            303
        );
        assert!(retention_of(&app, &id).await["transferred_at"].is_string());

        // Each step is in the timeline, naming who did it, and in the API's events.
        let page = lead.get(&format!("/inbox/{id}")).await;
        for shown in [
            "heeft een juridische bewaarplicht ingesteld",
            "heeft de juridische bewaarplicht opgeheven",
            "heeft het gesprek gemarkeerd voor overdracht",
            "heeft vastgelegd dat het gesprek is overgedragen",
        ] {
            assert!(page.body.contains(shown), "{shown}: {}", page.body);
        }
        let events = app
            .get_json(&format!("/api/v1/conversations/{id}/events"))
            .await;
        let kinds: Vec<&str> = (events["items"].as_array().unwrap().iter())
            .filter_map(|e| e["kind"].as_str())
            .filter(|k| k.contains("hold") || k.contains("transfer"))
            .collect();
        assert_eq!(
            kinds,
            [
                "legal_hold_set",
                "legal_hold_lifted",
                "transfer_required",
                "transferred"
            ]
        );
        let lead_id = app
            .engine
            .find_user("lisa@voorbeeld.nl")
            .await
            .unwrap()
            .unwrap()
            .id;
        let first = (events["items"].as_array().unwrap().iter())
            .find(|e| e["kind"] == "legal_hold_set")
            .unwrap();
        assert_eq!(first["by"], lead_id.to_string());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_agent_sees_no_retention_forms_and_another_organisation_gets_404() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Ik wil bezwaar maken").await;
        member(&app, "anna@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut agent = signed_in(&app, "anna@voorbeeld.nl").await;
        let page = agent.get(&format!("/inbox/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(!page.body.contains("side-retention"));
        let hold = format!("/inbox/{id}/legal-hold");
        let refused = agent
            .post(&hold, &[("action", "set"), ("reason", "Zelf")])
            .await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains("Alleen een teamleider of beheerder"));
        assert!(retention_of(&app, &id).await["legal_hold"].is_null());

        member(&app, "dirk@andere.nl", "andere", Role::Admin).await;
        let mut other = signed_in(&app, "dirk@andere.nl").await;
        for (form, action) in [("legal-hold", "set"), ("transfer", "mark")] {
            let path = format!("/inbox/{id}/{form}");
            let answer = other
                .post(&path, &[("action", action), ("reason", "Nee")])
                .await;
            assert_eq!(answer.status, 404, "{form}");
        }
        let state = retention_of(&app, &id).await;
        assert!(state["legal_hold"].is_null() && state["transfer_required_at"].is_null());
        app.cleanup().await;
    }
}
