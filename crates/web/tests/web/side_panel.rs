//! The conversation page's side panel over HTTP, on every database: the resident (name,
//! notes, block), the actions (assign, status, labels, priority), the labels taxonomy,
//! CSRF, and another organisation's conversation. In a real browser: `browser_side.rs`.

use loket_domain::people::Locale;
use loket_engine::records::Label;
use serde_json::Value;

use crate::sign_in::{PASSWORD, person};
use crate::support::{TestApp, spawn_apps};
use crate::visitor::Visitor;

/// Anna (an agent of voorbeeld) signed in, and a conversation Fatima started.
pub async fn signed_in_with_conversation(app: &TestApp) -> (Visitor, String) {
    person(app, "anna@voorbeeld.nl", &["voorbeeld"], Locale::Nl).await;
    let conversation = app.resident_writes("Mijn container is niet geleegd").await;
    let mut v = Visitor::new(app);
    assert_eq!(v.sign_in("anna@voorbeeld.nl", PASSWORD).await.status, 303);
    let page = v.get(&format!("/inbox/{conversation}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    (v, conversation)
}

/// The organisation's taxonomy: two active labels and a deactivated one.
pub async fn taxonomy(app: &TestApp) {
    let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
        .unwrap()
        .unwrap();
    for (slug, name, active) in [
        ("afval", "Afval", true),
        ("paspoort", "Paspoort", true),
        ("oud", "Oud label", false),
    ] {
        let label = Label {
            slug: slug.into(),
            name: name.into(),
            group: "Producten".into(),
            active,
        };
        app.engine.put_label(org.id, label).await.unwrap();
    }
}

/// The conversation as the API shows it, with its `messages` beside.
async fn conversation(app: &TestApp, id: &str) -> Value {
    let detail = app.get_json(&format!("/api/v1/conversations/{id}")).await;
    let mut c = detail["conversation"].clone();
    c["messages"] = detail["messages"].clone();
    c
}

async fn event_kinds(app: &TestApp, id: &str) -> Vec<String> {
    let events = app
        .get_json(&format!("/api/v1/conversations/{id}/events"))
        .await;
    (events["items"].as_array().unwrap().iter())
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// A `datetime-local` value two days after the app's clock, as Amsterdam reads it.
fn in_two_days(app: &TestApp) -> String {
    use loket_domain::Clock;
    let at = app.clock.now() + jiff::SignedDuration::from_hours(48);
    let zoned = at.in_tz("Europe/Amsterdam").unwrap();
    zoned.strftime("%Y-%m-%dT%H:%M").to_string()
}

fn redirects_back(answer: &crate::visitor::Answer, id: &str) {
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(
        answer.location.as_deref(),
        Some(format!("/inbox/{id}").as_str())
    );
}

#[tokio::test]
async fn an_agent_renames_the_resident_and_keeps_notes_which_the_next_message_leaves_alone() {
    for app in spawn_apps().await {
        let (mut v, id) = signed_in_with_conversation(&app).await;
        let path = format!("/inbox/{id}/resident");
        let fields = [
            ("name", "Mevr. F. de Vries"),
            ("notes", "Belt liever <'s ochtends>"),
        ];
        redirects_back(&v.post(&path, &fields).await, &id);
        app.resident_writes("Nog iets").await;
        let page = v.get(&format!("/inbox/{id}")).await;
        assert!(
            page.body.contains("value=\"Mevr. F. de Vries\""),
            "{}",
            page.body
        );
        assert!(
            page.body.contains("Belt liever &#60;&#39;s ochtends&#62;"),
            "{}",
            page.body
        );
        assert!(page.body.contains("+31612345678"), "the number is shown");
        assert_eq!(
            conversation(&app, &id).await["contact_name"],
            "Mevr. F. de Vries"
        );
        let long = "x".repeat(101);
        let refused = v.post(&path, &[("name", &long), ("notes", "")]).await;
        assert_eq!(refused.status, 422);
        assert!(
            refused.body.contains("hoogstens 100 tekens"),
            "{}",
            refused.body
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_blocked_residents_message_is_stored_but_opens_no_conversation_until_unblocked() {
    for app in spawn_apps().await {
        let (mut v, id) = signed_in_with_conversation(&app).await;
        let status = format!("/inbox/{id}/status");
        redirects_back(&v.post(&status, &[("status", "resolved")]).await, &id);
        let block = format!("/inbox/{id}/block");
        redirects_back(&v.post(&block, &[("blocked", "true")]).await, &id);
        assert!(
            v.get(&format!("/inbox/{id}"))
                .await
                .body
                .contains("id=\"side-blocked\"")
        );
        assert!(
            event_kinds(&app, &id)
                .await
                .contains(&"resident_blocked".to_owned())
        );

        let unread = conversation(&app, &id).await["unread_count"].clone();
        app.resident_writes("Scheldwoorden").await;
        let all = app.conversations().await;
        assert_eq!(all.len(), 1, "no new conversation: {all:?}");
        let c = conversation(&app, &id).await;
        assert_eq!(c["status"], "resolved", "not reopened");
        assert!(
            c["waiting_since"].is_null() && c["unread_count"] == unread,
            "{c}"
        );
        let texts: Vec<&str> = (c["messages"].as_array().unwrap().iter())
            .filter_map(|m| m["content"]["body"].as_str())
            .collect();
        assert!(texts.contains(&"Scheldwoorden"), "stored: {texts:?}");

        redirects_back(&v.post(&block, &[("blocked", "false")]).await, &id);
        assert!(
            event_kinds(&app, &id)
                .await
                .contains(&"resident_unblocked".to_owned())
        );
        app.resident_writes("Sorry").await;
        assert_eq!(conversation(&app, &id).await["status"], "open", "reopened");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_agent_assigns_to_themselves_a_colleague_and_a_team_but_not_another_organisations() {
    for app in spawn_apps().await {
        let (mut v, id) = signed_in_with_conversation(&app).await;
        let path = format!("/inbox/{id}/assign");
        redirects_back(
            &v.post(&path, &[("assignee", "me"), ("team", "")]).await,
            &id,
        );
        let anna = conversation(&app, &id).await["assignee"].clone();
        assert!(anna.is_string(), "assigned to me: {anna}");
        let bram = app.agent("bram@voorbeeld.nl", "voorbeeld").await;
        let team = app.team_id("voorbeeld", "burgerzaken").await;
        let answer = v.post(&path, &[("assignee", &bram), ("team", &team)]).await;
        redirects_back(&answer, &id);
        let c = conversation(&app, &id).await;
        assert_eq!(
            (c["assignee"].as_str(), c["team"].as_str()),
            (Some(bram.as_str()), Some(team.as_str()))
        );

        let stranger = app.agent("cor@andere.nl", "andere").await;
        let refused = v
            .post(&path, &[("assignee", &stranger), ("team", "")])
            .await;
        assert_eq!(refused.status, 422);
        assert!(
            refused.body.contains("hoort niet bij deze organisatie"),
            "{}",
            refused.body
        );
        let other_team = app.team_id("andere", "afval").await;
        let refused = v
            .post(&path, &[("assignee", ""), ("team", &other_team)])
            .await;
        assert_eq!(refused.status, 422);
        assert_eq!(
            conversation(&app, &id).await["assignee"].as_str(),
            Some(bram.as_str())
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn status_changes_include_snoozing_until_a_future_time_and_resolving() {
    for app in spawn_apps().await {
        let (mut v, id) = signed_in_with_conversation(&app).await;
        let path = format!("/inbox/{id}/status");
        redirects_back(
            &v.post(&path, &[("status", "pending"), ("snoozed_until", "")])
                .await,
            &id,
        );
        assert_eq!(conversation(&app, &id).await["status"], "pending");
        let refused = v
            .post(
                &path,
                &[("status", "snoozed"), ("snoozed_until", "2000-01-01T09:00")],
            )
            .await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains("in de toekomst"), "{}", refused.body);
        let later = in_two_days(&app);
        redirects_back(
            &v.post(&path, &[("status", "snoozed"), ("snoozed_until", &later)])
                .await,
            &id,
        );
        let c = conversation(&app, &id).await;
        assert_eq!(c["status"], "snoozed");
        assert!(
            v.get(&format!("/inbox/{id}"))
                .await
                .body
                .contains(&format!("value=\"{later}\""))
        );
        redirects_back(&v.post(&path, &[("status", "resolved")]).await, &id);
        assert_eq!(conversation(&app, &id).await["status"], "resolved");
        let refused = v.post(&path, &[("status", "weg")]).await;
        assert_eq!(refused.status, 422);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn labels_come_only_from_the_organisations_taxonomy() {
    for app in spawn_apps().await {
        taxonomy(&app).await;
        let (mut v, id) = signed_in_with_conversation(&app).await;
        let page = v.get(&format!("/inbox/{id}")).await;
        assert!(page.body.contains("id=\"label-paspoort\""), "{}", page.body);
        assert!(
            !page.body.contains("id=\"label-oud\""),
            "deactivated labels are not offered"
        );
        let path = format!("/inbox/{id}/labels");
        redirects_back(
            &v.post(&path, &[("label", "afval"), ("label", "paspoort")])
                .await,
            &id,
        );
        assert_eq!(
            conversation(&app, &id).await["labels"],
            serde_json::json!(["afval", "paspoort"])
        );
        for unknown in ["onbekend", "oud"] {
            let refused = v
                .post(&path, &[("label", "afval"), ("label", unknown)])
                .await;
            assert_eq!(refused.status, 422, "{unknown}");
            assert!(
                refused.body.contains("labels uit de lijst"),
                "{}",
                refused.body
            );
        }
        // The API is held to the same list.
        let api = app
            .patch_json(
                &format!("/api/v1/conversations/{id}"),
                &serde_json::json!({"labels": ["onbekend"]}),
            )
            .await;
        assert_eq!(api.status(), 400);
        redirects_back(&v.post(&path, &[]).await, &id);
        assert_eq!(
            conversation(&app, &id).await["labels"],
            serde_json::json!([])
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn priority_takes_the_values_the_domain_allows() {
    for app in spawn_apps().await {
        let (mut v, id) = signed_in_with_conversation(&app).await;
        let path = format!("/inbox/{id}/priority");
        redirects_back(&v.post(&path, &[("priority", "urgent")]).await, &id);
        assert_eq!(conversation(&app, &id).await["priority"], "urgent");
        assert_eq!(v.post(&path, &[("priority", "9")]).await.status, 422);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn side_forms_refuse_a_post_without_the_csrf_token_and_another_organisations_conversation() {
    for app in spawn_apps().await {
        let (mut v, id) = signed_in_with_conversation(&app).await;
        let path = format!("/inbox/{id}/priority");
        let origin = v.url.clone();
        let headers = [
            ("origin", origin.as_str()),
            ("sec-fetch-site", "same-origin"),
        ];
        let refused = v.post_raw(&path, &[("priority", "high")], &headers).await;
        assert_eq!(refused.status, 403);
        assert_eq!(conversation(&app, &id).await["priority"], "normal");

        person(&app, "dirk@andere.nl", &["andere"], Locale::Nl).await;
        let mut other = Visitor::new(&app);
        other.sign_in("dirk@andere.nl", PASSWORD).await;
        other.get("/").await;
        for form in [
            "priority", "assign", "status", "labels", "resident", "block",
        ] {
            let answer = other
                .post(
                    &format!("/inbox/{id}/{form}"),
                    &[("priority", "high"), ("status", "open")],
                )
                .await;
            assert_eq!(answer.status, 404, "{form}");
        }
        assert_eq!(other.get(&format!("/inbox/{id}")).await.status, 404);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn htmx_gets_the_panel_back_with_the_change_or_the_reason_it_was_refused() {
    for app in spawn_apps().await {
        let (mut v, id) = signed_in_with_conversation(&app).await;
        let csrf = v.csrf.clone().unwrap();
        let origin = v.url.clone();
        let headers = [
            ("origin", origin.as_str()),
            ("sec-fetch-site", "same-origin"),
            ("hx-request", "true"),
        ];
        let path = format!("/inbox/{id}/priority");
        let answer = v
            .post_raw(&path, &[("priority", "high"), ("csrf", &csrf)], &headers)
            .await;
        assert_eq!(answer.status, 200);
        assert!(
            answer.body.starts_with("<div id=\"side-panel\""),
            "{}",
            answer.body
        );
        assert!(
            answer.body.contains("value=\"high\" selected"),
            "{}",
            answer.body
        );
        let answer = v
            .post_raw(&path, &[("priority", "x"), ("csrf", &csrf)], &headers)
            .await;
        assert!(answer.body.contains("role=\"alert\""), "{}", answer.body);
        app.cleanup().await;
    }
}
