//! Every webhook variant in the shared WhatsApp fixtures, posted signed into a fresh store
//! whose channel is provisioned from the variant's own metadata: nothing is lost.

use std::path::PathBuf;

use loket_engine::Engine;
use loket_engine::provision::{OrgSpec, Provisioning};
use loket_store::testing::test_databases;
use loket_store::{MetaApp, NewWhatsappChannel};
use serde_json::Value;

const SECRET: &str = "fixture-app-secret";

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../channels/tests/fixtures/whatsapp")
}

/// (file/variant name, envelope)
fn variants() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for dir in ["pywa", "meta-v25"] {
        let mut files: Vec<_> = std::fs::read_dir(fixture_dir().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for path in files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
        {
            let json: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            if json.get("object").is_some() {
                out.push((name, json));
            } else {
                for (variant, envelope) in json.as_object().unwrap() {
                    out.push((format!("{name}#{variant}"), envelope.clone()));
                }
            }
        }
    }
    out
}

fn provisioning(envelope: &Value) -> Provisioning {
    let entry = &envelope["entry"][0];
    let metadata = &entry["changes"][0]["value"]["metadata"];
    let number = metadata["phone_number_id"]
        .as_str()
        .unwrap_or("0")
        .to_owned();
    Provisioning {
        apps: vec![MetaApp {
            name: "default".into(),
            app_secret: SECRET.into(),
            verify_token: "fixture-verify-token".into(),
            graph_base_url: "http://127.0.0.1:9/v23.0".into(),
        }],
        organisations: vec![OrgSpec {
            slug: "voorbeeld".into(),
            name: "Gemeente Voorbeeld".into(),
            api_tokens: vec![],
            reopen_within: None,
            teams: vec![],
            require_2fa: false,
            whatsapp_channels: vec![NewWhatsappChannel {
                name: "WhatsApp".into(),
                app_name: "default".into(),
                phone_number_id: number,
                display_phone_number: metadata["display_phone_number"]
                    .as_str()
                    .unwrap_or("")
                    .into(),
                waba_id: entry["id"].as_str().unwrap_or("").into(),
                access_token: "token".into(),
            }],
        }],
    }
}

fn count(envelope: &Value, key: &str) -> usize {
    let mut n = 0;
    for entry in envelope["entry"].as_array().unwrap() {
        for change in entry["changes"].as_array().unwrap() {
            n += change["value"][key].as_array().map_or(0, Vec::len);
        }
    }
    n
}

#[tokio::test]
async fn every_fixture_variant_round_trips_into_a_fresh_store() {
    let variants = variants();
    assert!(
        variants.len() >= 40,
        "expected the whole fixture set, found {}",
        variants.len()
    );
    for (name, envelope) in variants {
        for db in test_databases().await {
            let clock = std::sync::Arc::new(loket_domain::time::ManualClock::new(
                crate::support::start_time(),
            ));
            let blobs = tempfile::tempdir().unwrap();
            let engine = Engine::new(
                db.store.clone(),
                clock,
                std::sync::Arc::new(
                    object_store::local::LocalFileSystem::new_with_prefix(blobs.path()).unwrap(),
                ),
                reqwest::Client::new(),
            );
            engine.provision(&provisioning(&envelope)).await.unwrap();
            let body = serde_json::to_vec(&envelope).unwrap();
            let header = loket_channels::whatsapp::signature::sign(SECRET.as_bytes(), &body);
            assert!(engine.verify_meta_signature(&body, &header));
            let events = loket_channels::whatsapp::parse::parse_webhook(&body).unwrap();
            let receipt = engine
                .submit(events.clone())
                .await
                .unwrap_or_else(|e| panic!("{name} on {:?}: {e}", db.backend));
            let messages = count(&envelope, "messages");
            let statuses = count(&envelope, "statuses");
            assert_eq!(
                receipt.messages_created, messages,
                "{name} on {:?}",
                db.backend
            );
            assert_eq!(
                receipt.statuses_pending + receipt.statuses_applied,
                statuses,
                "{name}"
            );
            assert_eq!(receipt.unrouted, 0, "{name}: routed by its own metadata");
            // The same delivery again: nothing new.
            let again = engine.submit(events).await.unwrap();
            assert_eq!(again.messages_created, 0, "{name}");
            assert_eq!(again.duplicates, messages, "{name}");
            db.cleanup().await;
        }
    }
}
