//! The shipped `loket.example.toml` is valid, and what `serve` does with it at start-up
//! (migrate, check the secret key, provision) succeeds on every backend.

use std::path::PathBuf;
use std::sync::Arc;

use loket_cli::runtime::build_engine;
use loket_cli::settings::Settings;
use loket_domain::time::SystemClock;
use loket_store::testing::test_databases;
use secrecy::SecretString;

use super::support::provisioned_engine;

fn example_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../loket.example.toml")
}

fn example() -> Settings {
    Settings::load(&example_path()).expect("loket.example.toml is valid")
}

#[test]
fn the_example_configuration_loads_with_an_organisation_a_channel_and_a_secret_key() {
    let settings = example();
    let spec = settings.provisioning().unwrap();
    assert_eq!(spec.apps.len(), 1);
    assert_eq!(spec.organisations.len(), 1);
    assert_eq!(spec.organisations[0].whatsapp_channels.len(), 1);
    assert!(settings.secret_key().is_ok());
    assert!(!settings.admin_token_hashes().is_empty());
}

#[test]
fn the_opening_hours_text_is_read_per_organisation_and_an_empty_one_counts_as_none() {
    let mut settings = example();
    let hours = settings.opening_hours();
    assert_eq!(hours.0.len(), 1);
    assert_eq!(hours.0[0].0, "voorbeeld");
    assert!(hours.0[0].1.contains("9.00"));
    settings.organisations[0].opening_hours_text = Some("  ".into());
    assert!(settings.opening_hours().0.is_empty());
}

#[tokio::test]
async fn serve_applies_the_example_configuration_at_start_up() {
    for db in test_databases().await {
        let data = tempfile::tempdir().unwrap();
        let mut settings = example();
        settings.server.database_url = db.url.clone();
        settings.storage.blobs = loket_engine::blobs::BlobStoreConfig::Local {
            dir: data.path().join("blobs"),
        };
        let engine = build_engine(&settings, Arc::new(SystemClock))
            .await
            .unwrap();
        let report = engine
            .provision(&settings.provisioning().unwrap())
            .await
            .unwrap();
        assert_eq!((report.organisations, report.channels), (1, 1));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_start_with_another_secret_key_is_refused_with_a_clear_error() {
    for db in test_databases().await {
        let data = tempfile::tempdir().unwrap();
        let mut settings = example();
        settings.server.database_url = db.url.clone();
        settings.storage.blobs = loket_engine::blobs::BlobStoreConfig::Local {
            dir: data.path().join("blobs"),
        };
        provisioned_engine(&settings).await;
        settings.server.secret_key = Some(SecretString::from(
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
        ));
        let Err(error) = build_engine(&settings, Arc::new(SystemClock)).await else {
            panic!("started with the wrong key");
        };
        assert!(
            format!("{error:#}").contains("the secret key does not decrypt the stored secrets"),
            "{error:#}"
        );
        db.cleanup().await;
    }
}

#[test]
fn a_missing_or_malformed_secret_key_says_how_to_make_one() {
    let mut settings = example();
    settings.server.secret_key = None;
    let error = settings.secret_key().unwrap_err().to_string();
    assert!(error.contains("openssl rand -base64 32"), "{error}");
    settings.server.secret_key = Some(SecretString::from("too short"));
    let error = format!("{:#}", settings.secret_key().unwrap_err());
    assert!(error.contains("32 bytes"), "{error}");
}

const WITH_TEAMS: &str = r#"
[server]
database_url = "sqlite://unused.db"

[[organisation]]
slug = "utrecht"
name = "Gemeente Utrecht"
require_2fa = true

[[organisation.team]]
slug = "burgerzaken"
name = "Burgerzaken"

[[organisation.team]]
slug = "wmo"
name = "Wmo-loket"
"#;

#[test]
fn declared_teams_and_require_2fa_are_read_from_the_organisation() {
    let settings = Settings::from_toml(WITH_TEAMS).unwrap();
    let spec = settings.provisioning().unwrap();
    let org = &spec.organisations[0];
    assert!(org.require_2fa);
    let slugs: Vec<&str> = org.teams.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(slugs, ["burgerzaken", "wmo"]);
    let without = WITH_TEAMS.replace("require_2fa = true\n", "");
    let spec = Settings::from_toml(&without)
        .unwrap()
        .provisioning()
        .unwrap();
    assert!(!spec.organisations[0].require_2fa, "off unless asked");
    let unknown = WITH_TEAMS.replace("name = \"Wmo-loket\"", "name = \"Wmo\"\ncolour = \"red\"");
    assert!(
        Settings::from_toml(&unknown).is_err(),
        "unknown keys are errors"
    );
}
