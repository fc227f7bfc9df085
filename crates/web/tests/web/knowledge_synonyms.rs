//! The organisation's own synonym list over HTTP, on every database: an admin saves it on
//! `/admin/knowledge/synonyms` and the knowledge base finds with it at once; a refused list
//! comes back as typed with every bad line named; "probeer" shows what a question also
//! finds; an agent gets 403, a form without CSRF 403, and another organisation never sees
//! or uses the list. The API reads and replaces it as `openapi.json` documents, and both
//! ways of changing it are audited as `knowledge/synonyms`.

use loket_domain::people::Role;
use loket_engine::knowledge::ArticleInput;
use loket_engine::records::{AuditFilter, AuditRecord};
use serde_json::{Value, json};

use crate::admin_pages::{admin, member, signed_in};
use crate::contract::{call, contract};
use crate::support::{OTHER_TOKEN, TOKEN, TestApp, spawn_apps};

const PAGE: &str = "/admin/knowledge/synonyms";

async fn org(app: &TestApp, slug: &str) -> loket_domain::OrgId {
    (app.engine.find_organisation_by_slug(slug).await.unwrap())
        .unwrap()
        .id
}

async fn milieustraat(app: &TestApp, slug: &str) {
    let article = ArticleInput {
        title: "Openingstijden milieustraat".into(),
        body: "Kom langs met je grofvuil.".into(),
        ..Default::default()
    };
    let org = org(app, slug).await;
    app.engine.create_kb_article(org, article).await.unwrap();
}

async fn synonym_changes(app: &TestApp, slug: &str) -> Vec<AuditRecord> {
    let org = org(app, slug).await;
    let all = (app
        .engine
        .list_audit(org, &AuditFilter::default(), None, 500))
    .await
    .unwrap();
    all.into_iter()
        .filter(|r| r.fields.setting.as_deref() == Some("knowledge/synonyms"))
        .collect()
}

#[tokio::test]
async fn an_admin_saves_a_list_the_knowledge_base_finds_with_at_once_and_tries_a_question() {
    for app in spawn_apps().await {
        milieustraat(&app, "voorbeeld").await;
        milieustraat(&app, "andere").await;
        let mut v = admin(&app).await;
        let page = v.get(PAGE).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("Synoniemen van de kennisbank"));
        assert!(page.body.contains("Nog niet opgeslagen"));
        assert!(
            page.body.contains("basisregistratie personen"),
            "the built-in list is shown"
        );
        let none = v.get("/admin/knowledge?q=afvalbrengpunt").await;
        assert!(none.body.contains("Geen artikel gevonden."));

        let list = "# Afval\r\nafvalbrengpunt, milieustraat\r\n";
        let saved = v.post(PAGE, &[("text", list)]).await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        assert_eq!(
            saved.location.as_deref(),
            Some("/admin/knowledge/synonyms?done=saved")
        );
        let page = v.get(saved.location.as_deref().unwrap()).await;
        assert!(page.body.contains("De synoniemen zijn opgeslagen."));
        assert!(page.body.contains("afvalbrengpunt, milieustraat"));
        assert!(page.body.contains("Laatst opgeslagen op"));
        let found = v.get("/admin/knowledge?q=afvalbrengpunt").await;
        assert!(
            found.body.contains("Openingstijden milieustraat"),
            "{}",
            found.body
        );

        let tried = v.get(&format!("{PAGE}?probeer=brp%20afvalbrengpunt")).await;
        assert!(tried.body.contains("Vindt ook:"), "{}", tried.body);
        assert!(tried.body.contains("basisregistratie personen"));
        assert!(
            tried.body.contains(">milieustraat</span>"),
            "{}",
            tried.body
        );

        // Another organisation's admin sees an empty list, and its search is unchanged.
        member(&app, "beheer@andere.nl", "andere", Role::Admin).await;
        let mut other = signed_in(&app, "beheer@andere.nl").await;
        let theirs = other.get(PAGE).await;
        assert!(!theirs.body.contains("afvalbrengpunt, milieustraat"));
        let theirs = other.get("/admin/knowledge?q=afvalbrengpunt").await;
        assert!(theirs.body.contains("Geen artikel gevonden."));

        let audited = synonym_changes(&app, "voorbeeld").await;
        assert_eq!(audited.len(), 1, "one change");
        assert!(audited[0].fields.actor.starts_with("user:"));
        assert!(synonym_changes(&app, "andere").await.is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_refused_list_keeps_what_was_typed_and_names_every_bad_line() {
    for app in spawn_apps().await {
        let mut v = admin(&app).await;
        v.get(PAGE).await;
        assert_eq!(v.post(PAGE, &[("text", "paspoort, pas")]).await.status, 303);
        v.get(PAGE).await;
        let typed = "goed, prima\nalleen\n<script>x</script>, a,,b\nx => y => z";
        let refused = v.post(PAGE, &[("text", typed)]).await;
        assert_eq!(refused.status, 400);
        assert!(refused.body.contains("De lijst is niet opgeslagen."));
        for line in [
            "Regel 2: een groep",
            "Regel 3: een lege woordgroep",
            "Regel 4: meer dan één",
        ] {
            assert!(refused.body.contains(line), "{line}: {}", refused.body);
        }
        assert!(refused.body.contains("&#60;script&#62;x"), "kept, escaped");
        assert!(!refused.body.contains("<script>x"));
        assert!(refused.body.contains("aria-invalid=\"true\""));
        let huge = "a, b\n".repeat(25_000);
        let too_big = v.post(PAGE, &[("text", &huge)]).await;
        assert_eq!(too_big.status, 400);
        assert!(too_big.body.contains("De lijst is te lang"));
        let org = org(&app, "voorbeeld").await;
        let kept = app.engine.kb_synonyms(org).await.unwrap().unwrap();
        assert_eq!(kept.text, "paspoort, pas", "the saved list stays");
        // A long list just within the limits is saved from the page.
        let long = "milieustraat, afvalbrengpunt, é\n".repeat(3_000);
        assert!(long.chars().count() < 100_000);
        assert_eq!(v.post(PAGE, &[("text", &long)]).await.status, 303);
        let kept = app.engine.kb_synonyms(org).await.unwrap().unwrap();
        assert_eq!(kept.text, long);
        assert_eq!(
            synonym_changes(&app, "voorbeeld").await.len(),
            4,
            "every try"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_agent_gets_403_and_a_form_without_csrf_is_refused() {
    for app in spawn_apps().await {
        member(&app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut agent = signed_in(&app, "agent@voorbeeld.nl").await;
        assert_eq!(agent.get(PAGE).await.status, 403);
        assert_eq!(agent.post(PAGE, &[("text", "a, b")]).await.status, 403);
        let mut v = admin(&app).await;
        v.get(PAGE).await;
        let headers = [
            ("origin", app.url.as_str()),
            ("sec-fetch-site", "same-origin"),
        ];
        let refused = v.post_raw(PAGE, &[("text", "a, b")], &headers).await;
        assert_eq!(refused.status, 403);
        let org = org(&app, "voorbeeld").await;
        assert_eq!(app.engine.kb_synonyms(org).await.unwrap(), None);
        app.cleanup().await;
    }
}

fn reasons(problem: &Value) -> Vec<(String, String)> {
    (problem["invalidParams"].as_array().unwrap().iter())
        .map(|p| {
            let field = |k: &str| p[k].as_str().unwrap().to_owned();
            (field("name"), field("reason"))
        })
        .collect()
}

#[tokio::test]
async fn integrators_read_and_replace_the_list_and_a_bad_one_names_every_line() {
    for app in spawn_apps().await {
        milieustraat(&app, "voorbeeld").await;
        let contract = contract(&app).await;
        let get = ("GET", "/knowledge/synonyms");
        let put = ("PUT", "/knowledge/synonyms");
        let path = "/knowledge/synonyms";
        let (status, empty) = call(&app, &contract, get, path, TOKEN, None).await;
        assert_eq!(status, 200, "{empty}");
        assert_eq!(empty, json!({"text": "", "updated_at": null}));

        let list = json!({"text": "afvalbrengpunt, milieustraat\r\n# Café \"ïj\"\n"});
        let (status, saved) = call(&app, &contract, put, path, TOKEN, Some(list)).await;
        assert_eq!(status, 200, "{saved}");
        assert_eq!(
            saved["text"],
            "afvalbrengpunt, milieustraat\n# Café \"ïj\"\n"
        );
        assert!(saved["updated_at"].is_string());
        let (_, read) = call(&app, &contract, get, path, TOKEN, None).await;
        assert_eq!(read, saved);
        let (_, hits) = (call(
            &app,
            &contract,
            ("GET", "/knowledge/search"),
            "/knowledge/search?q=afvalbrengpunt",
            TOKEN,
            None,
        ))
        .await;
        assert_eq!(hits["items"][0]["title"], "Openingstijden milieustraat");
        let (_, theirs) = call(&app, &contract, get, path, OTHER_TOKEN, None).await;
        assert_eq!(theirs["text"], "", "another organisation has its own list");

        let bad = json!({"text": "goed, prima\nalleen\na,,b"});
        let (status, problem) = call(&app, &contract, put, path, TOKEN, Some(bad)).await;
        assert_eq!(status, 400, "{problem}");
        let lines = reasons(&problem);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines.iter().all(|(name, _)| name == "text"));
        assert!(lines[0].1.starts_with("line 2: ") && lines[1].1.starts_with("line 3: "));
        for (body, field) in [
            (json!({"tekst": "a, b"}), "tekst"),
            (json!({"text": 5}), "text"),
            (json!({}), "text"),
            (json!(["a, b"]), "body"),
            (json!({"text": "a".repeat(100_001)}), "text"),
        ] {
            let (status, problem) = call(&app, &contract, put, path, TOKEN, Some(body)).await;
            assert_eq!(status, 400, "{problem}");
            assert_eq!(reasons(&problem)[0].0, field, "{problem}");
        }
        let (status, _) = call(
            &app,
            &contract,
            put,
            path,
            "geen-token",
            Some(json!({"text": ""})),
        )
        .await;
        assert_eq!(status, 401);
        let (_, still) = call(&app, &contract, get, path, TOKEN, None).await;
        assert_eq!(still, saved, "nothing refused was stored");
        let audited = synonym_changes(&app, "voorbeeld").await;
        assert_eq!(audited.len(), 7, "the save and the six refusals");
        assert!(audited.iter().all(|r| r.fields.actor.starts_with("token:")));
        assert!(audited.iter().any(|r| r.fields.result == "ok"));
        app.cleanup().await;
    }
}
