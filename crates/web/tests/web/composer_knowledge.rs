//! The composer's knowledge-base search over HTTP, on every database: an agent's informal
//! question finds the article first, its short answer in the organisation's form of address
//! (voorbeeld says "je"); feedback is stored for the article and the conversation; another
//! organisation's conversation or article is 404.

use loket_engine::knowledge::ArticleInput;
use serde_json::Value;

use crate::conversation_view::signed_in;
use crate::support::spawn_apps;

fn article(title: &str, je: Option<&str>, u: &str) -> ArticleInput {
    ArticleInput {
        title: title.into(),
        body: "Doe aangifte van vermissing bij de gemeente.".into(),
        short_answer_je: je.map(str::to_owned),
        short_answer_u: Some(u.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn an_informal_question_finds_the_short_answer_in_the_organisations_form_of_address() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("me paspoort is kwijt").await;
        let org = (app.engine.find_organisation_by_slug("voorbeeld").await)
            .unwrap()
            .unwrap()
            .id;
        let both = (app.engine)
            .create_kb_article(
                org,
                article(
                    "Paspoort kwijt of gestolen",
                    Some("Je doet aangifte."),
                    "U doet aangifte.",
                ),
            )
            .await
            .unwrap();
        (app.engine)
            .create_kb_article(
                org,
                article("Rijbewijs verlengen", None, "U verlengt het bij de balie."),
            )
            .await
            .unwrap();

        let mut v = signed_in(&app, "an@voorbeeld.nl", "voorbeeld").await;
        let answer = v
            .get(&format!(
                "/inbox/{conversation}/knowledge?q=me%20paspoort%20kwijt"
            ))
            .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let hits: Value = serde_json::from_str(&answer.body).unwrap();
        assert_eq!(hits["items"][0]["id"], both.id.to_string());
        assert_eq!(hits["items"][0]["text"], "Je doet aangifte.");
        let only_u = v
            .get(&format!("/inbox/{conversation}/knowledge?q=rijbewijs"))
            .await;
        let only_u: Value = serde_json::from_str(&only_u.body).unwrap();
        assert_eq!(only_u["items"][0]["text"], "U verlengt het bij de balie.");
        let empty = v.get(&format!("/inbox/{conversation}/knowledge?q=")).await;
        assert_eq!(empty.status, 200);
        let huge = "paspoort%20".repeat(300);
        assert_eq!(
            v.get(&format!("/inbox/{conversation}/knowledge?q={huge}"))
                .await
                .status,
            200
        );

        v.get(&format!("/inbox/{conversation}")).await; // for the CSRF token
        let path = format!("/inbox/{conversation}/knowledge/{}/feedback", both.id);
        let given = v
            .post(&path, &[("helpful", "yes"), ("comment", "Precies goed")])
            .await;
        assert_eq!(given.status, 204, "{}", given.body);
        let long = "x".repeat(1_001);
        assert_eq!(
            v.post(&path, &[("helpful", "no"), ("comment", &long)])
                .await
                .status,
            400
        );
        assert_eq!(v.post(&path, &[("helpful", "misschien")]).await.status, 400);
        let kept = app.engine.list_kb_feedback(org, both.id).await.unwrap();
        assert_eq!(kept.len(), 1);
        assert!(kept[0].helpful);
        assert_eq!(
            kept[0].conversation_id.map(|c| c.to_string()),
            Some(conversation.clone())
        );

        let mut other = signed_in(&app, "mo@andere.nl", "andere").await;
        let refused = other
            .get(&format!("/inbox/{conversation}/knowledge?q=paspoort"))
            .await;
        assert_eq!(refused.status, 404);
        assert!(!refused.body.contains("aangifte"));
        other.get("/").await;
        assert_eq!(other.post(&path, &[("helpful", "no")]).await.status, 404);
        assert_eq!(
            app.engine
                .list_kb_feedback(org, both.id)
                .await
                .unwrap()
                .len(),
            1
        );
        app.cleanup().await;
    }
}
