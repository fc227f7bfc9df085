//! Secrets at rest and all-or-nothing provisioning, checked against what the database
//! really holds.

use std::sync::Arc;

use loket_domain::time::ManualClock;
use loket_engine::provision::{OrgSpec, Provisioning};
use loket_engine::secrets::SecretKey;
use loket_engine::{Engine, EngineOptions};
use loket_store::testing::{TestDb, test_databases};
use loket_store::{MetaApp, NewOrganisation, NewWhatsappChannel};

const APP_SECRET: &str = "plain-app-secret-0001";
const VERIFY: &str = "plain-verify-token-0001";
const ACCESS: &str = "EAAG-plain-access-token-0001";

fn engine_with_key(db: &TestDb, key: SecretKey, blobs: &std::path::Path) -> Engine {
    let clock = Arc::new(ManualClock::new("2026-11-19T09:30:00Z".parse().unwrap()));
    let options = EngineOptions {
        secret_key: key,
        ..Default::default()
    };
    let blobs = Arc::new(object_store::local::LocalFileSystem::new_with_prefix(blobs).unwrap());
    Engine::with_options(
        db.store.clone(),
        clock,
        blobs,
        reqwest::Client::new(),
        options,
    )
}

fn app() -> MetaApp {
    MetaApp {
        name: "default".into(),
        app_secret: APP_SECRET.into(),
        verify_token: VERIFY.into(),
        graph_base_url: "http://127.0.0.1:9/v23.0".into(),
    }
}

fn channel(number: &str) -> NewWhatsappChannel {
    NewWhatsappChannel {
        name: "WhatsApp".into(),
        app_name: "default".into(),
        phone_number_id: number.into(),
        display_phone_number: "31850601234".into(),
        waba_id: "102290129340398".into(),
        access_token: ACCESS.into(),
    }
}

fn org(slug: &str, token: &str, channels: Vec<NewWhatsappChannel>) -> OrgSpec {
    OrgSpec {
        slug: slug.into(),
        name: format!("Gemeente {slug}"),
        api_tokens: vec![token.into()],
        reopen_within: None,
        teams: vec![],
        require_2fa: false,
        whatsapp_channels: channels,
    }
}

/// Every secret column as the database holds it.
async fn raw_secrets(db: &TestDb) -> Vec<String> {
    let mut all = Vec::new();
    for sql in [
        "select app_secret, verify_token from meta_apps",
        "select access_token from channels",
    ] {
        for row in db.fetch_strings(sql).await.unwrap() {
            all.extend(row.into_iter().flatten());
        }
    }
    all
}

fn assert_no_plaintext(raw: &[String]) {
    assert!(!raw.is_empty());
    for value in raw {
        for plain in [APP_SECRET, VERIFY, ACCESS] {
            assert!(!value.contains(plain), "a secret is stored in plaintext");
        }
    }
}

#[tokio::test]
async fn stored_secrets_are_not_readable_as_plaintext_in_the_database() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let engine = engine_with_key(&db, SecretKey::generate(), blobs.path());
        let spec = Provisioning {
            apps: vec![app()],
            organisations: vec![org(
                "voorbeeld",
                "token-voorbeeld-0001",
                vec![channel("1001")],
            )],
        };
        engine.provision(&spec).await.unwrap();
        assert_no_plaintext(&raw_secrets(&db).await);
        // ...and still work: the sealed app secret verifies a signature made with it.
        let body = b"{}";
        let signature = sign(APP_SECRET, body);
        assert!(engine.verify_meta_signature(body, &signature));
        assert!(engine.verify_token_matches(VERIFY));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_wrong_secret_key_is_a_clear_start_up_error() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let first = engine_with_key(&db, SecretKey::generate(), blobs.path());
        let spec = Provisioning {
            apps: vec![app()],
            organisations: vec![],
        };
        first.provision(&spec).await.unwrap();
        let other = engine_with_key(&db, SecretKey::generate(), blobs.path());
        for error in [
            other.load_apps().await.unwrap_err(),
            other.provision(&spec).await.unwrap_err(),
        ] {
            assert!(
                error
                    .to_string()
                    .starts_with("the secret key does not decrypt the stored secrets;"),
                "{error}"
            );
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn plaintext_secrets_from_before_are_sealed_at_the_first_start_with_a_key() {
    for db in test_databases().await {
        // What an older Loket wrote: plaintext, including an app no longer declared.
        let store = db.store.clone();
        store.upsert_meta_app(&app()).await.unwrap();
        let mut old = app();
        old.name = "old".into();
        store.upsert_meta_app(&old).await.unwrap();
        let now = "2026-11-19T09:00:00Z".parse().unwrap();
        let new_org = NewOrganisation {
            slug: "voorbeeld".into(),
            name: "Gemeente Voorbeeld".into(),
            reopen_within: std::time::Duration::from_secs(3600),
        };
        let stored = store.upsert_organisation(&new_org, now).await.unwrap();
        store
            .upsert_whatsapp_channel(stored.id, &channel("1001"), now)
            .await
            .unwrap();

        let blobs = tempfile::tempdir().unwrap();
        let engine = engine_with_key(&db, SecretKey::generate(), blobs.path());
        engine.load_apps().await.unwrap();
        assert_no_plaintext(&raw_secrets(&db).await);
        assert!(engine.verify_meta_signature(b"{}", &sign(APP_SECRET, b"{}")));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_provisioning_that_fails_halfway_leaves_no_organisation_channel_or_token() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let engine = engine_with_key(&db, SecretKey::generate(), blobs.path());
        let before = Provisioning {
            apps: vec![app()],
            organisations: vec![org("zeist", "token-zeist-000001", vec![])],
        };
        engine.provision(&before).await.unwrap();
        // A new organisation, complete, then one reusing zeist's token: only the database
        // knows that token is taken.
        let failing = Provisioning {
            apps: vec![app()],
            organisations: vec![
                org("utrecht", "token-utrecht-0001", vec![channel("1001")]),
                org("zeist", "token-zeist-000001", vec![]),
                org("houten", "token-zeist-000001", vec![]),
            ],
        };
        assert!(engine.provision(&failing).await.is_err());
        let store = db.store.clone();
        assert_eq!(
            store.find_organisation_by_slug("utrecht").await.unwrap(),
            None
        );
        assert_eq!(
            store.find_channel_by_phone_number_id("1001").await.unwrap(),
            None
        );
        let hash = loket_engine::provision::hash_api_token("token-utrecht-0001");
        assert_eq!(store.find_org_by_token_hash(&hash).await.unwrap(), None);
        db.cleanup().await;
    }
}

/// `X-Hub-Signature-256` as Meta computes it.
fn sign(secret: &str, body: &[u8]) -> String {
    loket_channels::whatsapp::signature::sign(secret.as_bytes(), body)
}

#[tokio::test]
async fn a_wrong_key_never_becomes_the_databases_key() {
    for db in test_databases().await {
        let blobs = tempfile::tempdir().unwrap();
        let right = SecretKey::generate();
        let spec = Provisioning {
            apps: vec![app()],
            organisations: vec![],
        };
        engine_with_key(&db, right.clone(), blobs.path())
            .provision(&spec)
            .await
            .unwrap();
        // Say the key check was lost (a partial restore): the sealed secrets still tell.
        db.execute_sql("delete from secret_key_check")
            .await
            .unwrap();
        let wrong = engine_with_key(&db, SecretKey::generate(), blobs.path());
        assert!(wrong.load_apps().await.is_err());
        let again = engine_with_key(&db, right, blobs.path());
        again
            .provision(&spec)
            .await
            .expect("the right key still works");
        db.cleanup().await;
    }
}
