//! Input bounds: label counts, name lengths, one emoji per reaction, the document
//! allow-list (refused before queueing), safe file names; problems named by API field.

use serde_json::{Value, json};

use crate::support::{TOKEN, TestApp, spawn_apps};

fn names(problem: &Value) -> Vec<String> {
    let mut names: Vec<String> = problem["invalidParams"]
        .as_array()
        .unwrap_or_else(|| panic!("invalidParams in {problem}"))
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names.dedup();
    names
}

async fn upload(
    app: &TestApp,
    conversation: &str,
    file: reqwest::multipart::Part,
) -> reqwest::Response {
    app.http
        .post(format!(
            "{}/api/v1/conversations/{conversation}/messages",
            app.url
        ))
        .bearer_auth(TOKEN)
        .multipart(reqwest::multipart::Form::new().part("file", file))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_patch_with_ten_thousand_labels_and_a_megabyte_assignee_reports_both() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hoi").await;
        let labels: Vec<String> = (0..10_000).map(|i| format!("label-{i}")).collect();
        let response = app
            .patch_json(
                &format!("/api/v1/conversations/{conversation}"),
                &json!({"labels": labels, "assignee": "a".repeat(1_000_000), "team": "t".repeat(101)}),
            )
            .await;
        assert_eq!(response.status(), 400);
        let problem: Value = response.json().await.unwrap();
        assert_eq!(names(&problem), vec!["assignee", "labels", "team"]);
        assert!(
            problem.to_string().len() < 2_000,
            "no echo of the input: {} bytes",
            problem.to_string().len()
        );
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        assert_eq!(detail["assignee"], Value::Null, "nothing was changed");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_reaction_must_be_exactly_one_emoji() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Dank je!").await;
        let target = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await["messages"][0]["id"]
            .clone();
        let path = format!("/api/v1/conversations/{conversation}/messages");
        for bad in ["👍".repeat(100), "ok".into(), "👍👎".into()] {
            let response = app
                .post_json(
                    &path,
                    &json!({"reaction": {"message_id": target, "emoji": bad}}),
                )
                .await;
            assert_eq!(response.status(), 400, "{bad:?}");
            let problem: Value = response.json().await.unwrap();
            assert_eq!(names(&problem), vec!["reaction.emoji"], "{problem}");
        }
        for good in ["👍🏽", "👨‍👩‍👧"] {
            let response = app
                .post_json(
                    &path,
                    &json!({"reaction": {"message_id": target, "emoji": good}}),
                )
                .await;
            assert_eq!(response.status(), 201, "{good:?}");
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_file_type_meta_does_not_accept_is_refused_before_queueing() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Kun je het sturen?").await;
        let zip = reqwest::multipart::Part::bytes(b"PK\x03\x04 not really a zip".to_vec())
            .file_name("archief.zip")
            .mime_str("application/zip")
            .unwrap();
        let response = upload(&app, &conversation, zip).await;
        assert_eq!(response.status(), 400);
        let problem: Value = response.json().await.unwrap();
        assert_eq!(names(&problem), vec!["file"], "{problem}");
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        assert_eq!(
            detail["messages"].as_array().unwrap().len(),
            1,
            "nothing queued"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_uploaded_file_name_loses_its_path_and_control_characters() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Het besluit graag").await;
        let pdf = reqwest::multipart::Part::bytes(loket_sim::files::pdf("Besluit"))
            .file_name("../../etc/pass\u{202e}wd.pdf")
            .mime_str("application/pdf")
            .unwrap();
        let response = upload(&app, &conversation, pdf).await;
        assert_eq!(response.status(), 201);
        let queued: Value = response.json().await.unwrap();
        assert!(!queued.to_string().contains("etc/"), "{queued}");
        app.settle().await;
        let sent = app.sim.sent_messages();
        assert_eq!(sent[0].body["document"]["filename"], "passwd.pdf");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_empty_and_a_too_long_text_are_reported_under_the_same_field() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        let path = format!("/api/v1/conversations/{conversation}/messages");
        for text in [String::new(), "x".repeat(5_000)] {
            let response = app.post_json(&path, &json!({ "text": text })).await;
            assert_eq!(response.status(), 400);
            let problem: Value = response.json().await.unwrap();
            assert_eq!(names(&problem), vec!["text"], "{problem}");
        }
        app.cleanup().await;
    }
}
