//! Two `loket serve` processes on one PostgreSQL database: a client of instance B receives
//! the live events of a webhook instance A ingested (LISTEN/NOTIFY), and resumes on B.

use std::time::Duration;

use loket_cli::load::sse::{SseFrame, SseReader};
use loket_cli::load::{LoadPlan, WebhookBuilder};
use loket_cli::settings::Settings;
use loket_store::Backend;
use serde_json::Value;

use crate::support::{self, API_TOKEN, server_log};

async fn next_frame(reader: &mut SseReader) -> SseFrame {
    tokio::time::timeout(Duration::from_secs(10), reader.next())
        .await
        .expect("an event within 10 s")
        .expect("a readable stream")
        .expect("the stream stays open")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_of_instance_b_receives_the_events_of_a_webhook_instance_a_ingested() {
    let mut ran = false;
    for db in loket_store::testing::test_databases().await {
        if db.backend == Backend::Postgres {
            two_instances(&db.url).await;
            ran = true;
        }
        db.cleanup().await;
    }
    if !ran {
        eprintln!(
            "SKIPPED: two instances need PostgreSQL; set LOKET_TEST_POSTGRES_URL to run this test"
        );
    }
}

async fn two_instances(url: &str) {
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = support::write_config(dir_a.path(), url);
    let b = support::write_config(dir_b.path(), url);
    let _server_a = support::serve(&a).await;
    let _server_b = support::serve(&b).await;
    let client = reqwest::Client::new();
    let mut on_b = SseReader::open(&client, &b.target, API_TOKEN, None)
        .await
        .unwrap();

    let plan = LoadPlan::from_settings(&Settings::load(&a.path).unwrap(), &a.target).unwrap();
    let builder = WebhookBuilder::new(
        &plan.app_secret,
        &plan.phone_number_id,
        &plan.display_phone_number,
        &plan.waba_id,
        1,
    );
    let webhook = builder.build(1);
    let answer = client
        .post(format!("{}/webhooks/whatsapp", a.target))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", &webhook.signature)
        .body(webhook.body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200, "{}", server_log(&a));

    let created = next_frame(&mut on_b).await;
    let message = next_frame(&mut on_b).await;
    assert_eq!(created.event, "conversation_created", "{}", server_log(&b));
    assert_eq!(message.event, "message_created");
    let data: Value = serde_json::from_str(&message.data).unwrap();
    // The event names the message A stored: B's API shows it with the webhook's wamid.
    let detail: Value = client
        .get(format!(
            "{}/api/v1/conversations/{}",
            b.target,
            data["conversation_id"].as_str().unwrap()
        ))
        .bearer_auth(API_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["messages"][0]["id"], data["message_id"]);
    assert_eq!(
        detail["messages"][0]["provider_message_id"],
        webhook.wamids[0].as_str()
    );

    // A client that saw only the first event resumes on A and gets exactly the second.
    let mut resumed = SseReader::open(&client, &a.target, API_TOKEN, created.id.as_deref())
        .await
        .unwrap();
    assert_eq!(next_frame(&mut resumed).await, message);
}
