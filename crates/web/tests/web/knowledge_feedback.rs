//! Agents' feedback reaching the editors, over HTTP on every database: "did not help" with a
//! comment (from the script, and as a plain form that returns to the conversation), stored
//! without the BSN typed in it; the editor's list counts verdicts per article, and the
//! article's page shows who said what, when, with a link to the conversation — until the
//! resident is erased, which takes the comment and the link. Hostile cases: another
//! organisation's ids (404), no CSRF token (403), a comment over 1,000 characters (400).

use loket_domain::people::Role;
use loket_engine::knowledge::ArticleInput;
use serde_json::json;

use crate::admin_pages::{admin, member};
use crate::conversation_view::signed_in;
use crate::support::{TOKEN, TestApp, spawn_apps};

async fn voorbeeld(app: &TestApp) -> loket_domain::OrgId {
    (app.engine.find_organisation_by_slug("voorbeeld").await)
        .unwrap()
        .unwrap()
        .id
}

async fn paspoort(app: &TestApp, org: loket_domain::OrgId) -> String {
    let input = ArticleInput {
        title: "Paspoort kwijt of gestolen".into(),
        body: "Doe aangifte bij de gemeente.".into(),
        ..Default::default()
    };
    let article = app.engine.create_kb_article(org, input).await.unwrap();
    article.id.to_string()
}

#[tokio::test]
async fn a_comment_that_did_not_help_reaches_the_editor_masked_with_a_link_to_the_conversation() {
    for app in spawn_apps().await {
        let org = voorbeeld(&app).await;
        let article = paspoort(&app, org).await;
        let conversation = app.resident_writes("me paspoort is kwijt").await;
        let mut agent = signed_in(&app, "an@voorbeeld.nl", "voorbeeld").await;
        agent.get(&format!("/inbox/{conversation}")).await; // the CSRF token
        let path = format!("/inbox/{conversation}/knowledge/{article}/feedback");
        let comment = "Inwoner gaf BSN 111222333; de kosten ontbreken";
        let given = agent
            .post(&path, &[("helpful", "no"), ("comment", comment)])
            .await;
        assert_eq!(given.status, 204, "{}", given.body);
        // The same form without the script: a browser asks for HTML and goes back.
        let csrf = agent.csrf.clone().unwrap();
        let headers = [
            ("origin", app.url.as_str()),
            ("sec-fetch-site", "same-origin"),
            ("accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
        ];
        let fields = [("csrf", csrf.as_str()), ("helpful", "yes"), ("comment", "")];
        let plain = agent.post_raw(&path, &fields, &headers).await;
        assert_eq!(plain.status, 303);
        assert_eq!(plain.location, Some(format!("/inbox/{conversation}")));

        let stored = app.engine.list_kb_feedback(org, article.parse().unwrap());
        let stored = stored.await.unwrap();
        assert_eq!(stored.len(), 2);
        let said = stored.iter().find(|f| !f.helpful).unwrap();
        let said = said.comment.as_deref().unwrap();
        assert!(
            !said.contains("111222333") && said.contains("de kosten ontbreken"),
            "{said}"
        );

        let mut editor = admin(&app).await;
        let list = editor.get("/admin/knowledge").await;
        assert!(list.body.contains("<th class=\"utrecht-table__header-cell utrecht-table__header-cell--numeric\" scope=\"col\">Hielp niet</th>"));
        let counts = "<td class=\"utrecht-table__cell utrecht-table__cell--numeric\">1</td>\n      <td class=\"utrecht-table__cell utrecht-table__cell--numeric\">1</td>";
        assert!(list.body.contains(counts), "{}", list.body);
        let page = editor.get(&format!("/admin/knowledge/{article}")).await;
        assert!(page.body.contains("Feedback van medewerkers"));
        assert!(page.body.contains("de kosten ontbreken"));
        assert!(!page.body.contains("111222333"));
        assert!(
            page.body.contains("Medewerker an@voorbeeld.nl"),
            "{}",
            page.body
        );
        assert!(
            page.body
                .contains(&format!("href=\"/inbox/{conversation}\""))
        );

        // Erasing the resident takes the comment and the link; the verdicts stay counted.
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        let contact = detail["conversation"]["contact_id"].as_str().unwrap();
        // The resident's export holds the comment (it may retell their question).
        let export = app
            .get_with(&format!("/api/v1/contacts/{contact}/export"), Some(TOKEN))
            .await;
        assert_eq!(export.status(), 200);
        let bytes = export.bytes().await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut view = String::new();
        let name = format!("conversations/{conversation}/conversation.json");
        std::io::Read::read_to_string(&mut zip.by_name(&name).unwrap(), &mut view).unwrap();
        let view: serde_json::Value = serde_json::from_str(&view).unwrap();
        let feedback = view["knowledge_feedback"].as_array().unwrap();
        assert_eq!(feedback.len(), 2, "{view}");
        assert_eq!(feedback[0]["article_id"], article.as_str());
        assert!(feedback.iter().any(|f| {
            f["helpful"] == false
                && f["comment"]
                    .as_str()
                    .unwrap()
                    .contains("de kosten ontbreken")
        }));
        let erased = (app
            .http
            .post(format!("{}/api/v1/contacts/{contact}/erasure", app.url)))
        .bearer_auth(TOKEN)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
        assert_eq!(erased.status(), 200);
        let page = editor.get(&format!("/admin/knowledge/{article}")).await;
        assert!(!page.body.contains("de kosten ontbreken"));
        assert!(!page.body.contains(&format!("/inbox/{conversation}")));
        assert!(page.body.contains("Bestaat niet meer"));
        let list = editor.get("/admin/knowledge").await;
        assert!(list.body.contains(counts), "still counted");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn feedback_on_another_organisations_article_without_a_token_or_too_long_is_refused() {
    for app in spawn_apps().await {
        let org = voorbeeld(&app).await;
        let article = paspoort(&app, org).await;
        let andere = (app.engine.find_organisation_by_slug("andere").await)
            .unwrap()
            .unwrap()
            .id;
        let theirs = paspoort(&app, andere).await;
        let conversation = app.resident_writes("me paspoort is kwijt").await;
        let mut agent = signed_in(&app, "an@voorbeeld.nl", "voorbeeld").await;
        agent.get(&format!("/inbox/{conversation}")).await;
        let path = |a: &str| format!("/inbox/{conversation}/knowledge/{a}/feedback");
        let no = [("helpful", "no"), ("comment", "x")];
        assert_eq!(agent.post(&path(&theirs), &no).await.status, 404);
        let long = "é".repeat(1_001);
        let too_long = [("helpful", "no"), ("comment", long.as_str())];
        assert_eq!(agent.post(&path(&article), &too_long).await.status, 400);
        let headers = [
            ("origin", app.url.as_str()),
            ("sec-fetch-site", "same-origin"),
        ];
        let without = agent.post_raw(&path(&article), &no, &headers).await;
        assert_eq!(without.status, 403);
        let just_right = "é".repeat(1_000);
        let fits = [("helpful", "no"), ("comment", just_right.as_str())];
        assert_eq!(agent.post(&path(&article), &fits).await.status, 204);
        let stored = app.engine.list_kb_feedback(org, article.parse().unwrap());
        let stored = stored.await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(
            stored[0].comment.as_deref(),
            Some(just_right.as_str()),
            "round trip"
        );
        assert!(
            app.engine
                .list_kb_feedback(andere, theirs.parse().unwrap())
                .await
                .unwrap()
                .is_empty()
        );

        // The editor of another organisation cannot read this article's feedback.
        member(&app, "beheer@andere.nl", "andere", Role::Admin).await;
        let mut other = crate::admin_pages::signed_in(&app, "beheer@andere.nl").await;
        assert_eq!(
            other
                .get(&format!("/admin/knowledge/{article}"))
                .await
                .status,
            404
        );
        app.cleanup().await;
    }
}
