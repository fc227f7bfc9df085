//! Assigning a conversation to a person and a team through `PATCH`: only members and
//! teams of the conversation's own organisation; everything else is a 400 naming the field.

use serde_json::{Value, json};

use crate::support::*;

fn named(problem: &Value) -> Vec<&str> {
    let mut names: Vec<&str> = problem["invalidParams"]
        .as_array()
        .unwrap_or_else(|| panic!("invalidParams in {problem}"))
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn another_organisations_agent_or_team_and_unknown_ids_answer_400_naming_the_field() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Mijn container is niet geleegd").await;
        let path = format!("/api/v1/conversations/{conversation}");
        let outsider = app.agent("bert@andere.nl", "andere").await;
        let their_team = app.team_id("andere", "afval").await;
        let unknown = "0190f0e0-0000-7000-8000-000000000000";
        let huge = "a".repeat(100_000);
        for (body, fields) in [
            (json!({"assignee": outsider}), vec!["assignee"]),
            (json!({"team": their_team}), vec!["team"]),
            (
                json!({"assignee": unknown, "team": unknown}),
                vec!["assignee", "team"],
            ),
            (
                json!({"assignee": "fatima", "team": ""}),
                vec!["assignee", "team"],
            ),
            (
                json!({"assignee": huge, "team": 7}),
                vec!["assignee", "team"],
            ),
        ] {
            let response = app.patch_json(&path, &body).await;
            assert_eq!(response.status(), 400, "{body}");
            let problem: Value = response.json().await.unwrap();
            assert_eq!(named(&problem), fields, "{problem}");
            assert!(problem.to_string().len() < 2_000, "no echo of the input");
        }
        let detail = app.get_json(&path).await;
        assert_eq!(
            (&detail["assignee"], &detail["team"]),
            (&Value::Null, &Value::Null)
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_member_and_a_team_of_the_organisation_are_assigned_listed_and_cleared() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Vraag over mijn paspoort").await;
        let path = format!("/api/v1/conversations/{conversation}");
        let fatima = app.agent("Fatima@Voorbeeld.nl", "voorbeeld").await;
        let team = app.team_id("voorbeeld", "burgerzaken").await;
        let response = app
            .patch_json(&path, &json!({"assignee": fatima, "team": team}))
            .await;
        assert_eq!(response.status(), 200);
        let updated: Value = response.json().await.unwrap();
        assert_eq!(updated["assignee"], fatima.as_str());
        assert_eq!(updated["team"], team.as_str());
        let mine = app
            .get_json(&format!("/api/v1/conversations?assignee={fatima}"))
            .await;
        assert_eq!(mine["items"].as_array().unwrap().len(), 1);
        let bad_filter = app
            .http
            .get(format!("{}/api/v1/conversations?assignee=fatima", app.url))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(bad_filter.status(), 400);
        let cleared: Value = app
            .patch_json(&path, &json!({"assignee": null, "team": null}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            (&cleared["assignee"], &cleared["team"]),
            (&Value::Null, &Value::Null)
        );
        app.cleanup().await;
    }
}
