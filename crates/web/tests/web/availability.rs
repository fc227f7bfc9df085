//! The availability form at the top of the inbox, on every database: offline until the
//! colleague says otherwise; online from the form (CSRF needed, an unknown value refused);
//! with auto-assignment configured, the next new conversation is theirs.

use loket_domain::assignment::{Availability, WhenOffline};
use loket_engine::assignment::{AutoAssignConfig, OrgAutoAssign};

use crate::conversation_view::signed_in;
use crate::support::spawn_apps;

const SELECT: &str = "<select class=\"utrecht-select utrecht-select--html-select\" id=\"availability\" name=\"status\">";

#[tokio::test]
async fn an_agent_goes_online_from_the_inbox_and_gets_the_next_new_conversation() {
    for app in spawn_apps().await {
        let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
            .unwrap()
            .unwrap()
            .id;
        let rule = OrgAutoAssign {
            slug: "voorbeeld".into(),
            organisation: Some(AutoAssignConfig {
                team: None,
                capacity: 5,
                when_offline: WhenOffline::Keep,
            }),
            channels: vec![],
        };
        app.engine.apply_auto_assignment(&[rule]).await.unwrap();
        let mut anna = signed_in(&app, "anna@voorbeeld.nl", "voorbeeld").await;
        let inbox = anna.get("/").await;
        assert_eq!(inbox.status, 200);
        assert!(inbox.body.contains(SELECT), "{}", inbox.body);
        assert!(
            inbox
                .body
                .contains("<option value=\"offline\" selected>Offline</option>")
        );

        // Offline: a new conversation waits unassigned.
        let first = app.resident_writes("Eerste vraag").await;
        let detail = app
            .get_json(&format!("/api/v1/conversations/{first}"))
            .await;
        assert!(detail["conversation"]["assignee"].is_null(), "{detail}");

        let without_csrf = anna
            .post_raw(
                "/account/availability",
                &[("status", "online")],
                &[
                    ("origin", app.url.as_str()),
                    ("sec-fetch-site", "same-origin"),
                ],
            )
            .await;
        assert_eq!(without_csrf.status, 403);
        let odd = anna
            .post("/account/availability", &[("status", "druk")])
            .await;
        assert_eq!(odd.status, 422);
        let user = (app.engine.find_user("anna@voorbeeld.nl").await)
            .unwrap()
            .unwrap()
            .id;
        assert_eq!(
            app.engine.availability(org, user).await.unwrap(),
            Availability::Offline
        );

        let online = anna
            .post("/account/availability", &[("status", "online")])
            .await;
        assert_eq!(online.status, 303);
        assert_eq!(online.location.as_deref(), Some("/"));
        assert_eq!(
            app.engine.availability(org, user).await.unwrap(),
            Availability::Online
        );
        let inbox = anna.get("/").await;
        assert!(inbox.body.contains("<option value=\"online\" selected>"));

        let other = loket_sim::Resident::new("Kees Jansen", "31698765432");
        let envelope = app.sim.envelope(
            vec![app.sim.text(&other, "Tweede vraag")],
            vec![other.contact()],
        );
        assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
        let all = app.conversations().await;
        let ids: Vec<&str> = all.iter().filter_map(|c| c["id"].as_str()).collect();
        assert_eq!(ids.len(), 2);
        let newest = ids.into_iter().find(|id| *id != first).unwrap().to_owned();
        let detail = app
            .get_json(&format!("/api/v1/conversations/{newest}"))
            .await;
        assert_eq!(
            detail["conversation"]["assignee"],
            user.to_string(),
            "{detail}"
        );
        app.cleanup().await;
    }
}
