//! Automation rules (issue 12, point 7) over HTTP, on every database: the admin adds a
//! rule, the worker's pass applies it and the log on the page says why and links the
//! conversation; a bad rule shows the form again (422) with what was typed; CSRF, a
//! non-admin and another organisation's rule are refused.

use loket_domain::OrgId;
use loket_domain::automation::{Action, Condition, Rule, RuleDefinition, Trigger};
use loket_domain::people::Role;

use crate::admin_pages::{admin, member, signed_in};
use crate::support::{TestApp, spawn_apps};

async fn org(app: &TestApp, slug: &str) -> OrgId {
    (app.engine.find_organisation_by_slug(slug).await)
        .unwrap()
        .unwrap()
        .id
}

/// A rule that labelled a resident's message, so the page shows a rule and a log line.
pub async fn a_rule_that_fired(app: &TestApp, org: OrgId) {
    let rule = Rule {
        name: "Paspoort".into(),
        enabled: true,
        definition: RuleDefinition {
            trigger: Trigger::MessageReceived,
            conditions: vec![Condition::ContainsAny {
                words: vec!["paspoort".into()],
            }],
            actions: vec![Action::AddLabel {
                label: "Paspoort".into(),
            }],
        },
    };
    app.engine
        .put_automation_rule(org, None, rule)
        .await
        .unwrap();
    app.resident_writes("Mijn paspoort is verlopen").await;
    assert_eq!(app.engine.run_automation_events().await.unwrap(), 1);
}

#[tokio::test]
async fn an_admin_adds_a_rule_the_worker_applies_it_and_the_log_says_why() {
    for app in spawn_apps().await {
        let voorbeeld = org(&app, "voorbeeld").await;
        let team = app.team_id("voorbeeld", "burgerzaken").await;
        let mut v = admin(&app).await;
        let page = v.get("/admin/automation").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Nog geen regels."));
        let added = v
            .post(
                "/admin/automation",
                &[
                    ("name", "Paspoort <b>naar</b> Burgerzaken"),
                    ("trigger", "message_received"),
                    ("words", "paspoort, id-kaart"),
                    ("team_is", "none"),
                    ("add_label", "Paspoort"),
                    ("set_team", &team),
                ],
            )
            .await;
        assert_eq!(added.status, 303, "{}", added.body);
        let conversation = app.resident_writes("Mijn paspoorten zijn kwijt").await;
        assert_eq!(app.engine.run_automation_events().await.unwrap(), 1);
        let c = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        assert_eq!(c["conversation"]["labels"][0], "Paspoort");
        assert_eq!(c["conversation"]["team"], team.as_str());

        let page = v.get("/admin/automation").await;
        assert!(page.body.contains("Paspoort &"), "the name, escaped");
        assert!(!page.body.contains("<b>naar</b>"));
        assert!(page.body.contains("bericht bevat "), "why it fired");
        assert!(page.body.contains("label &"), "the actions");
        assert!(page.body.contains(&format!("/inbox/{conversation}")));
        assert!(!page.body.contains("kwijt"), "never the resident's text");
        let rules = app.engine.automation_rules(voorbeeld).await.unwrap();
        assert_eq!(rules.len(), 1);

        let id = rules[0].id;
        let off = v
            .post(
                &format!("/admin/automation/{id}/enabled"),
                &[("enabled", "off")],
            )
            .await;
        assert_eq!(off.status, 303);
        assert!(!app.engine.automation_rules(voorbeeld).await.unwrap()[0].enabled);
        let deleted = v.post(&format!("/admin/automation/{id}/delete"), &[]).await;
        assert_eq!(deleted.status, 303);
        assert!(
            app.engine
                .automation_rules(voorbeeld)
                .await
                .unwrap()
                .is_empty()
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_bad_rule_shows_the_form_again_with_what_was_typed() {
    for app in spawn_apps().await {
        let voorbeeld = org(&app, "voorbeeld").await;
        let mut v = admin(&app).await;
        let long = "x".repeat(61);
        let refused = v
            .post(
                "/admin/automation",
                &[
                    ("name", "Te lang"),
                    ("trigger", "no_reply_within"),
                    ("wait_minutes", "zestig"),
                    ("words", long.as_str()),
                    ("set_team", "not-an-id"),
                ],
            )
            .await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains("value=\"Te lang\""));
        assert!(refused.body.contains("Kies een gebeurtenis"));
        let empty = v
            .post(
                "/admin/automation",
                &[("name", ""), ("trigger", "message_received")],
            )
            .await;
        assert_eq!(empty.status, 422);
        assert!(empty.body.contains("Kies 1 tot 10 acties"));
        let huge = "a".repeat(100_000);
        let big = v
            .post(
                "/admin/automation",
                &[
                    ("name", huge.as_str()),
                    ("trigger", "message_received"),
                    ("escalate", "on"),
                ],
            )
            .await;
        assert!(big.status == 422 || big.status == 413, "{}", big.status);
        // Another organisation's team is no choice of this one.
        let theirs = app.team_id("andere", "afval").await;
        let foreign = v
            .post(
                "/admin/automation",
                &[
                    ("name", "x"),
                    ("trigger", "message_received"),
                    ("set_team", &theirs),
                ],
            )
            .await;
        assert_eq!(foreign.status, 422);
        assert!(
            app.engine
                .automation_rules(voorbeeld)
                .await
                .unwrap()
                .is_empty()
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn csrf_a_non_admin_and_another_organisations_rule_are_refused() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        let origin = v.url.clone();
        let headers = [
            ("origin", origin.as_str()),
            ("sec-fetch-site", "same-origin"),
        ];
        let form = [
            ("name", "x"),
            ("trigger", "message_received"),
            ("escalate", "on"),
        ];
        let no_csrf = v.post_raw("/admin/automation", &form, &headers).await;
        assert_eq!(no_csrf.status, 403);

        member(&app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut agent = signed_in(&app, "agent@voorbeeld.nl").await;
        assert_eq!(agent.get("/admin/automation").await.status, 403);
        assert_eq!(agent.post("/admin/automation", &form).await.status, 403);

        member(&app, "beheer@andere.nl", "andere", Role::Admin).await;
        let mut other = signed_in(&app, "beheer@andere.nl").await;
        assert_eq!(other.post("/admin/automation", &form).await.status, 303);
        let andere = org(&app, "andere").await;
        let id = app.engine.automation_rules(andere).await.unwrap()[0].id;
        let off = v
            .post(
                &format!("/admin/automation/{id}/enabled"),
                &[("enabled", "off")],
            )
            .await;
        assert_eq!(off.status, 404);
        assert_eq!(
            v.post(&format!("/admin/automation/{id}/delete"), &[])
                .await
                .status,
            404
        );
        assert_eq!(
            v.post("/admin/automation/not-an-id/delete", &[])
                .await
                .status,
            404
        );
        assert!(app.engine.automation_rules(andere).await.unwrap()[0].enabled);
        app.cleanup().await;
    }
}
