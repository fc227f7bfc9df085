//! `/admin/knowledge` over HTTP on every database: an admin lists, searches, creates,
//! edits and deletes articles; an agent gets 403; another organisation's article is 404;
//! refused forms (no title, a bad source address, a bad date) keep what was typed.

use loket_domain::OrgId;
use loket_domain::people::Role;

use crate::admin_pages::{admin, member, signed_in};
use crate::support::{TestApp, spawn_apps};

async fn org(app: &TestApp, slug: &str) -> OrgId {
    (app.engine.find_organisation_by_slug(slug).await.unwrap())
        .unwrap()
        .id
}

async fn titles(app: &TestApp, slug: &str) -> Vec<String> {
    let org = org(app, slug).await;
    let articles = app.engine.list_kb_articles(org).await.unwrap();
    articles.into_iter().map(|a| a.title).collect()
}

const PASPOORT: [(&str, &str); 8] = [
    ("title", "Paspoort kwijt of gestolen"),
    ("body", "Doe **aangifte** van vermissing bij de gemeente."),
    ("short_answer_je", "Je doet aangifte bij de gemeente."),
    ("short_answer_u", "U doet aangifte bij de gemeente."),
    ("tags", "Reisdocumenten, Paspoort"),
    ("department", "Burgerzaken"),
    ("review_date", "2027-01-31"),
    ("source_url", "https://www.rijksoverheid.nl/paspoort"),
];

#[tokio::test]
async fn an_admin_creates_searches_edits_and_deletes_an_article() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        let page = v.get("/admin/knowledge").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("Kennisbank"));
        assert!(page.body.contains("Er zijn nog geen artikelen."));

        let created = v.post("/admin/knowledge", &PASPOORT).await;
        assert_eq!(created.status, 303, "{}", created.body);
        let page = v.get(created.location.as_deref().unwrap()).await;
        assert!(page.body.contains("Het artikel is gemaakt."));
        assert!(page.body.contains("Paspoort kwijt of gestolen"));

        let found = v.get("/admin/knowledge?q=me%20paspoort%20kwijt").await;
        assert!(found.body.contains("Gevonden artikelen"), "{}", found.body);
        assert!(
            found.body.contains("Doe aangifte van vermissing"),
            "snippet shown"
        );
        let none = v.get("/admin/knowledge?q=hondenbelasting").await;
        assert!(none.body.contains("Geen artikel gevonden."));

        let voorbeeld = org(&app, "voorbeeld").await;
        let article = app
            .engine
            .list_kb_articles(voorbeeld)
            .await
            .unwrap()
            .remove(0);
        assert_eq!(article.tags, ["Reisdocumenten", "Paspoort"]);
        assert_eq!(
            article.review_date.map(|d| d.to_string()).as_deref(),
            Some("2027-01-31")
        );
        let path = format!("/admin/knowledge/{}", article.id);
        let edit = v.get(&path).await;
        assert_eq!(edit.status, 200);
        assert!(edit.body.contains("U doet aangifte bij de gemeente."));
        let mut changed = PASPOORT;
        changed[0] = ("title", "Paspoort verloren");
        changed[6] = ("review_date", "");
        let saved = v.post(&path, &changed).await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let stored = app
            .engine
            .get_kb_article(voorbeeld, article.id)
            .await
            .unwrap();
        assert_eq!(stored.title, "Paspoort verloren");
        assert_eq!(stored.review_date, None);
        assert!(stored.edited_at.is_some());

        let deleted = v.post(&format!("{path}/delete"), &[]).await;
        assert_eq!(
            deleted.location.as_deref(),
            Some("/admin/knowledge?done=deleted")
        );
        assert!(titles(&app, "voorbeeld").await.is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_agent_gets_403_and_another_organisations_article_is_not_found() {
    for app in spawn_apps().await {
        member(&app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut agent = signed_in(&app, "agent@voorbeeld.nl").await;
        assert_eq!(agent.get("/admin/knowledge").await.status, 403);
        assert_eq!(agent.post("/admin/knowledge", &PASPOORT).await.status, 403);

        let andere = org(&app, "andere").await;
        let theirs = (app.engine)
            .create_kb_article(
                andere,
                loket_engine::knowledge::ArticleInput {
                    title: "Afval".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let mut v = admin(&app).await;
        let path = format!("/admin/knowledge/{}", theirs.id);
        assert_eq!(v.get(&path).await.status, 404);
        v.get("/admin/knowledge").await;
        assert_eq!(v.post(&path, &PASPOORT).await.status, 404);
        assert_eq!(v.post(&format!("{path}/delete"), &[]).await.status, 404);
        assert_eq!(v.get("/admin/knowledge/geen-id").await.status, 404);
        let listed = v.get("/admin/knowledge?q=afval").await;
        assert!(!listed.body.contains(&theirs.id.to_string()));
        assert_eq!(titles(&app, "andere").await, vec!["Afval"]);
        assert!(titles(&app, "voorbeeld").await.is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_refused_article_form_keeps_what_was_typed() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        v.get("/admin/knowledge").await;
        let mut no_title = PASPOORT;
        no_title[0] = ("title", "   ");
        let refused = v.post("/admin/knowledge", &no_title).await;
        assert_eq!(refused.status, 400);
        assert!(refused.body.contains("Vul een titel in"));
        assert!(
            refused.body.contains("Je doet aangifte bij de gemeente."),
            "kept"
        );

        let mut bad_url = PASPOORT;
        bad_url[7] = ("source_url", "javascript:alert(1)");
        let refused = v.post("/admin/knowledge", &bad_url).await;
        assert_eq!(refused.status, 400);
        assert!(refused.body.contains("https://"));
        assert!(
            refused
                .body
                .contains("value=\"Paspoort kwijt of gestolen\"")
        );

        let mut bad_date = PASPOORT;
        bad_date[6] = ("review_date", "31-01-2027");
        let refused = v.post("/admin/knowledge", &bad_date).await;
        assert_eq!(refused.status, 400);
        assert!(refused.body.contains("jjjj-mm-dd"));
        assert!(refused.body.contains("value=\"31-01-2027\""));

        let huge = "a".repeat(301);
        let mut long = PASPOORT;
        long[0] = ("title", &huge);
        assert_eq!(v.post("/admin/knowledge", &long).await.status, 400);
        let huge_query = "x".repeat(5_000);
        assert_eq!(
            v.get(&format!("/admin/knowledge?q={huge_query}"))
                .await
                .status,
            200
        );
        assert!(titles(&app, "voorbeeld").await.is_empty());
        app.cleanup().await;
    }
}
