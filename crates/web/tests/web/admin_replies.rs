//! `/admin/replies` over HTTP on every database: an admin lists, creates, edits and
//! deletes saved replies; an agent gets 403; another organisation's reply is 404; a form
//! without the CSRF token, a taken shortcut, an unknown variable and a text over 4,096
//! characters are refused with what was typed kept.

use loket_domain::OrgId;
use loket_domain::people::Role;

use crate::admin_pages::{admin, member, signed_in};
use crate::support::{TestApp, spawn_apps};

async fn org(app: &TestApp, slug: &str) -> OrgId {
    (app.engine.find_organisation_by_slug(slug).await.unwrap())
        .unwrap()
        .id
}

async fn shortcuts(app: &TestApp, slug: &str) -> Vec<String> {
    let org = org(app, slug).await;
    let replies = app.engine.list_saved_replies(org, None, "").await.unwrap();
    replies.into_iter().map(|r| r.shortcut).collect()
}

const PASPOORT: [(&str, &str); 4] = [
    ("shortcut", "/paspoort"),
    ("title", "Paspoort aanvragen"),
    (
        "text",
        "Beste {{voornaam}}, maak een afspraak bij {{gemeente}}.",
    ),
    ("team", ""),
];

#[tokio::test]
async fn an_admin_creates_edits_and_deletes_a_saved_reply() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        let page = v.get("/admin/replies").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("Snelle antwoorden"));
        assert!(page.body.contains("aria-current=\"page\""));
        assert!(page.body.contains("{{openingstijden}}"), "variables listed");

        let created = v.post("/admin/replies", &PASPOORT).await;
        assert_eq!(created.status, 303, "{}", created.body);
        let page = v.get(created.location.as_deref().unwrap()).await;
        assert!(page.body.contains("Het snelle antwoord is gemaakt."));
        assert!(page.body.contains("/paspoort"));
        assert_eq!(shortcuts(&app, "voorbeeld").await, vec!["paspoort"]);

        let voorbeeld = org(&app, "voorbeeld").await;
        let id = app
            .engine
            .list_saved_replies(voorbeeld, None, "")
            .await
            .unwrap()[0]
            .id;
        let edit = v.get(&format!("/admin/replies/{id}")).await;
        assert_eq!(edit.status, 200);
        assert!(edit.body.contains("Paspoort aanvragen"));
        let team = app.team_id("voorbeeld", "burgerzaken").await;
        let saved = v
            .post(
                &format!("/admin/replies/{id}"),
                &[
                    ("shortcut", "paspoort-kwijt"),
                    ("title", "Paspoort kwijt"),
                    ("text", "Doe aangifte bij {{gemeente}}."),
                    ("team", &team),
                ],
            )
            .await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let stored = app.engine.get_saved_reply(voorbeeld, id).await.unwrap();
        assert_eq!(stored.shortcut, "paspoort-kwijt");
        assert_eq!(stored.team_id.map(|t| t.to_string()), Some(team));
        assert!(
            v.get("/admin/replies")
                .await
                .body
                .contains("Team burgerzaken")
        );

        let deleted = v.post(&format!("/admin/replies/{id}/delete"), &[]).await;
        assert_eq!(
            deleted.location.as_deref(),
            Some("/admin/replies?done=deleted")
        );
        assert!(shortcuts(&app, "voorbeeld").await.is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_agent_gets_403_on_the_saved_replies_pages_and_forms() {
    for app in spawn_apps().await {
        member(&app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut v = signed_in(&app, "agent@voorbeeld.nl").await;
        let page = v.get("/admin/replies").await;
        assert_eq!(page.status, 403);
        assert!(page.body.contains("Geen toegang"));
        assert_eq!(v.post("/admin/replies", &PASPOORT).await.status, 403);
        assert!(shortcuts(&app, "voorbeeld").await.is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn another_organisations_saved_reply_reads_as_not_found_and_stays_unchanged() {
    for app in spawn_apps().await {
        let andere = org(&app, "andere").await;
        let theirs = (app.engine)
            .create_saved_reply(andere, "afval", "Afval", "Tekst", None)
            .await
            .unwrap();
        let mut v = admin(&app).await;
        let path = format!("/admin/replies/{}", theirs.id);
        assert_eq!(v.get(&path).await.status, 404);
        v.get("/admin/replies").await;
        assert_eq!(v.post(&path, &PASPOORT).await.status, 404);
        assert_eq!(v.post(&format!("{path}/delete"), &[]).await.status, 404);
        assert_eq!(v.get("/admin/replies/not-an-id").await.status, 404);
        assert_eq!(shortcuts(&app, "andere").await, vec!["afval"]);
        assert!(shortcuts(&app, "voorbeeld").await.is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_saved_reply_form_without_the_csrf_token_is_refused() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        let headers = [
            ("origin", app.url.as_str()),
            ("sec-fetch-site", "same-origin"),
        ];
        let answer = v.post_raw("/admin/replies", &PASPOORT, &headers).await;
        assert_eq!(answer.status, 403);
        assert!(shortcuts(&app, "voorbeeld").await.is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_taken_shortcut_an_unknown_variable_a_huge_text_or_another_orgs_team_is_refused_keeping_the_form()
 {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        v.get("/admin/replies").await;
        assert_eq!(v.post("/admin/replies", &PASPOORT).await.status, 303);

        v.get("/admin/replies").await;
        let taken = v.post("/admin/replies", &PASPOORT).await;
        assert_eq!(taken.status, 409);
        assert!(taken.body.contains("Deze afkorting is al in gebruik."));
        assert!(
            taken.body.contains("value=\"/paspoort\""),
            "the form is kept"
        );

        let unknown = [
            ("shortcut", "afval"),
            ("title", "Afval"),
            ("text", "Beste {{achternaam}}"),
        ];
        let refused = v.post("/admin/replies", &unknown).await;
        assert_eq!(refused.status, 400);
        assert!(refused.body.contains("onbekende variabele"));
        assert!(refused.body.contains("Beste {{achternaam}}"));

        let huge = "a".repeat(4097);
        let long = [("shortcut", "lang"), ("title", "Lang"), ("text", &huge)];
        let refused = v.post("/admin/replies", &long).await;
        assert_eq!(refused.status, 400);
        assert!(refused.body.contains("ten hoogste 4096 tekens"));

        let elsewhere = app.team_id("andere", "afval").await;
        let team = [
            ("shortcut", "afval"),
            ("title", "Afval"),
            ("text", "Tekst"),
            ("team", &elsewhere),
        ];
        let refused = v.post("/admin/replies", &team).await;
        assert_eq!(refused.status, 400);
        assert!(refused.body.contains("Kies een team van deze organisatie"));
        let bad_shortcut = [("shortcut", "pas poort"), ("title", "X"), ("text", "Y")];
        assert_eq!(v.post("/admin/replies", &bad_shortcut).await.status, 400);

        assert_eq!(shortcuts(&app, "voorbeeld").await, vec!["paspoort"]);
        app.cleanup().await;
    }
}
