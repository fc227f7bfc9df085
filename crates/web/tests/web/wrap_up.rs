//! Wrap-up (issue 12 point 8) over HTTP, on every database: the API's `wrap_up` on resolving
//! (checked, stored, counted; required when the organisation says so), the wrap-up page the
//! side panel's "Afhandelen" opens, the admin's result list, CSRF and another organisation.

use loket_domain::OrgId;
use loket_domain::people::Locale;
use loket_engine::knowledge::ArticleInput;
use serde_json::{Value, json};

use crate::side_panel::signed_in_with_conversation;
use crate::sign_in::{PASSWORD, person};
use crate::support::{TestApp, spawn_apps};
use crate::visitor::Visitor;

async fn org(app: &TestApp, slug: &str) -> OrgId {
    (app.engine.find_organisation_by_slug(slug).await)
        .unwrap()
        .unwrap()
        .id
}

async fn article(app: &TestApp, slug: &str, title: &str) -> String {
    let input = ArticleInput {
        title: title.into(),
        body: "Vraag een nieuw paspoort aan bij de balie.".into(),
        ..Default::default()
    };
    let created = app.engine.create_kb_article(org(app, slug).await, input);
    created.await.unwrap().id.to_string()
}

async fn resolve(app: &TestApp, id: &str, wrap_up: Value) -> (u16, Value) {
    let body = json!({ "status": "resolved", "wrap_up": wrap_up });
    let answer = app
        .patch_json(&format!("/api/v1/conversations/{id}"), &body)
        .await;
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

fn problem_names(body: &Value) -> Vec<String> {
    (body["invalidParams"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter())
    .map(|p| p["name"].as_str().unwrap_or_default().to_owned())
    .collect()
}

async fn wrap_ups(app: &TestApp, id: &str) -> Vec<loket_engine::records::WrapUpRecord> {
    let id = id.parse().unwrap();
    (app.engine
        .conversation_wrap_ups(org(app, "voorbeeld").await, id))
    .await
    .unwrap()
}

#[tokio::test]
async fn the_api_resolves_with_a_wrap_up_and_the_report_counts_it() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Mijn paspoort is kwijt").await;
        let kb = article(&app, "voorbeeld", "Paspoort kwijt").await;
        let question = "🙂".repeat(180);
        let wrap = json!({ "result": "zelf-afgehandeld", "question": question, "articles": [kb] });
        let (status, body) = resolve(&app, &id, wrap).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["status"], "resolved");
        let stored = wrap_ups(&app, &id).await;
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].question.as_deref(), Some(question.as_str()));
        assert_eq!(stored[0].articles[0].to_string(), kb);

        let voorbeeld = org(&app, "voorbeeld").await;
        // The app runs on its own clock: count around the wrap-up's time.
        let now = stored[0].at;
        let from = now
            .checked_sub(jiff::SignedDuration::from_hours(24))
            .unwrap();
        let until = now
            .checked_add(jiff::SignedDuration::from_hours(24))
            .unwrap();
        let report = app
            .engine
            .wrap_up_report(voorbeeld, from, until)
            .await
            .unwrap();
        assert_eq!(
            (report.total, report.first_line, report.with_articles),
            (1, 1, 1)
        );
        assert_eq!(report.rows[0].label, "Zelf afgehandeld");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_bad_wrap_up_is_refused_with_every_problem_and_the_conversation_stays_open() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Mijn paspoort is kwijt").await;
        let theirs = article(&app, "andere", "Paspoort (andere)").await;
        let too_long = "a".repeat(181);
        let wrap = json!({ "result": "bestaat-niet", "question": too_long, "articles": [theirs] });
        let (status, body) = resolve(&app, &id, wrap).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(problem_names(&body), ["wrap_up.question"]);
        let wrap = json!({ "result": "bestaat-niet", "articles": [theirs] });
        let (status, body) = resolve(&app, &id, wrap).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(problem_names(&body), ["wrap_up.result", "wrap_up.articles"]);
        let (status, body) = resolve(&app, &id, json!({ "resultaat": 1 })).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(
            problem_names(&body),
            ["wrap_up.result", "wrap_up.resultaat"]
        );
        // A wrap-up without resolving means nothing.
        let open = json!({ "status": "open", "wrap_up": { "result": "doorverbonden" } });
        let answer = app
            .patch_json(&format!("/api/v1/conversations/{id}"), &open)
            .await;
        assert_eq!(answer.status(), 400);
        let c = app.get_json(&format!("/api/v1/conversations/{id}")).await;
        assert_eq!(c["conversation"]["status"], "open");
        assert!(wrap_ups(&app, &id).await.is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn resolving_without_a_wrap_up_is_allowed_until_the_organisation_requires_one() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Wanneer komt de vuilniswagen?").await;
        let path = format!("/api/v1/conversations/{id}");
        let resolved = json!({ "status": "resolved" });
        assert_eq!(app.patch_json(&path, &resolved).await.status(), 200);
        let reopen = json!({ "status": "open" });
        assert_eq!(app.patch_json(&path, &reopen).await.status(), 200);
        let voorbeeld = org(&app, "voorbeeld").await;
        app.engine
            .set_wrap_up_required(voorbeeld, true)
            .await
            .unwrap();
        let refused = app.patch_json(&path, &resolved).await;
        assert_eq!(refused.status(), 400);
        let body: Value = refused.json().await.unwrap();
        assert_eq!(problem_names(&body), ["wrap_up"]);
        // Reopened and resolved again: each resolution gets its own wrap-up.
        let (status, _) = resolve(&app, &id, json!({ "result": "doorverbonden" })).await;
        assert_eq!(status, 200);
        assert_eq!(app.patch_json(&path, &reopen).await.status(), 200);
        let (status, _) = resolve(&app, &id, json!({ "result": "contactverzoek" })).await;
        assert_eq!(status, 200);
        let results: Vec<String> = (wrap_ups(&app, &id).await.into_iter())
            .map(|w| w.result)
            .collect();
        assert_eq!(results, ["doorverbonden", "contactverzoek"]);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_resolve_button_opens_the_wrap_up_page_which_resolves_with_what_was_chosen() {
    for app in spawn_apps().await {
        let kb = article(&app, "voorbeeld", "Container niet geleegd").await;
        let (mut v, id) = signed_in_with_conversation(&app).await;
        let panel = v.get(&format!("/inbox/{id}")).await;
        assert!(
            panel
                .body
                .contains(&format!("action=\"/inbox/{id}/wrap-up\""))
        );
        let page = v.get(&format!("/inbox/{id}/wrap-up?q=container")).await;
        assert_eq!(page.status, 200);
        for text in [
            "Zelf afgehandeld",
            "Doorverbonden",
            "Contactverzoek",
            "Container niet geleegd",
        ] {
            assert!(page.body.contains(text), "{text}");
        }
        let path = format!("/inbox/{id}/wrap-up");
        let long = "b".repeat(181);
        let refused = (v.post(&path, &[("result", "doorverbonden"), ("question", &long)])).await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains("hoogstens 180 tekens"));
        assert!(refused.body.contains("value=\"doorverbonden\" checked"));
        let fields = [
            ("result", "zelf-afgehandeld"),
            ("question", "  container niet geleegd  "),
            ("article", kb.as_str()),
            ("action", "resolve"),
        ];
        let done = v.post(&path, &fields).await;
        assert_eq!(done.status, 303, "{}", done.body);
        let c = app.get_json(&format!("/api/v1/conversations/{id}")).await;
        assert_eq!(c["conversation"]["status"], "resolved");
        let stored = wrap_ups(&app, &id).await;
        assert_eq!(
            stored[0].question.as_deref(),
            Some("container niet geleegd")
        );
        assert!(stored[0].user_id.is_some());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_wrap_up_page_refuses_no_csrf_and_another_organisations_conversation() {
    for app in spawn_apps().await {
        let (mut v, id) = signed_in_with_conversation(&app).await;
        let path = format!("/inbox/{id}/wrap-up");
        let origin = v.url.clone();
        let headers = [
            ("origin", origin.as_str()),
            ("sec-fetch-site", "same-origin"),
        ];
        let refused = (v.post_raw(&path, &[("result", "doorverbonden")], &headers)).await;
        assert_eq!(refused.status, 403);

        person(&app, "dirk@andere.nl", &["andere"], Locale::Nl).await;
        let mut other = Visitor::new(&app);
        other.sign_in("dirk@andere.nl", PASSWORD).await;
        other.get("/").await;
        assert_eq!(other.get(&path).await.status, 404);
        let answer = other.post(&path, &[("result", "doorverbonden")]).await;
        assert_eq!(answer.status, 404);
        let c = app.get_json(&format!("/api/v1/conversations/{id}")).await;
        assert_eq!(c["conversation"]["status"], "open");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_admin_adds_renames_and_switches_off_results_and_requires_a_wrap_up() {
    for app in spawn_apps().await {
        let voorbeeld = org(&app, "voorbeeld").await;
        let mut v = crate::admin_pages::admin(&app).await;
        assert_eq!(v.get("/admin/wrap-up").await.status, 200);
        let added = v
            .post(
                "/admin/wrap-up",
                &[("label", "Terugbelverzoek"), ("first_line", "on")],
            )
            .await;
        assert_eq!(added.status, 303);
        let renamed = v
            .post(
                "/admin/wrap-up/results/doorverbonden",
                &[("label", "Doorgezet naar de vakafdeling")],
            )
            .await;
        assert_eq!(renamed.status, 303);
        let required = v
            .post("/admin/wrap-up/required", &[("required", "on")])
            .await;
        assert_eq!(required.status, 303);
        let empty = v.post("/admin/wrap-up", &[("label", "   ")]).await;
        assert!(empty.location.unwrap_or_default().contains("problem"));
        let unknown = v
            .post("/admin/wrap-up/results/nope", &[("label", "x")])
            .await;
        assert_eq!(unknown.status, 404);

        let policy = app.engine.wrap_up_policy(voorbeeld).await.unwrap();
        assert!(policy.required);
        let doorverbonden = &policy.results[1];
        assert_eq!(doorverbonden.label, "Doorgezet naar de vakafdeling");
        assert!(!doorverbonden.active, "an unticked box switches it off");
        let added = policy.results.last().unwrap();
        assert_eq!(
            (added.key.as_str(), added.first_line),
            ("terugbelverzoek", true)
        );
        let andere = app.engine.wrap_up_policy(org(&app, "andere").await).await;
        assert_eq!(
            andere.unwrap(),
            loket_domain::wrap_up::WrapUpPolicy::default()
        );
        app.cleanup().await;
    }
}
