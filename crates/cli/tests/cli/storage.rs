//! `[storage]`: a local directory by default, or an S3-compatible bucket that several
//! instances share; contradictions stop the start; the secret is never printed.

use std::sync::Arc;

use loket_cli::settings::Settings;
use loket_domain::time::ManualClock;
use loket_engine::blobs::BlobStoreConfig;
use loket_engine::testing::{TEST_PREFIX, s3_blobs};
use object_store::ObjectStoreExt;
use object_store::path::Path;
use secrecy::ExposeSecret;

const SERVER: &str = "[server]\ndatabase_url = \"sqlite://loket.db\"\n";

fn with_storage(storage: &str) -> anyhow::Result<Settings> {
    Settings::from_toml(&format!("{SERVER}[storage]\n{storage}"))
}

#[test]
fn without_a_storage_section_media_goes_to_the_local_blob_dir() {
    let settings = Settings::from_toml(SERVER).unwrap();
    let BlobStoreConfig::Local { dir } = settings.storage.blobs else {
        panic!("the default is a local directory");
    };
    assert_eq!(dir, std::path::PathBuf::from("loket-data/blobs"));
    let settings = with_storage("blob_dir = \"/srv/loket/media\"").unwrap();
    assert!(matches!(
        settings.storage.blobs,
        BlobStoreConfig::Local { dir } if dir.as_os_str() == "/srv/loket/media"
    ));
}

#[test]
fn an_s3_url_with_its_endpoint_region_and_credentials_chooses_the_bucket() {
    let settings = with_storage(
        r#"url = "s3://loket-media/gemeente/voorbeeld/"
endpoint = "https://s3.example.nl"
region = "eu-west-1"
access_key_id = "AKIAVOORBEELD"
secret_access_key = "very-secret-key""#,
    )
    .unwrap();
    let BlobStoreConfig::S3(s3) = &settings.storage.blobs else {
        panic!("a URL chooses S3");
    };
    assert_eq!(s3.bucket, "loket-media");
    assert_eq!(s3.prefix, "gemeente/voorbeeld", "the prefix is kept");
    assert_eq!(s3.endpoint.as_deref(), Some("https://s3.example.nl"));
    assert_eq!(s3.region.as_deref(), Some("eu-west-1"));
    assert_eq!(s3.access_key_id.as_deref(), Some("AKIAVOORBEELD"));
    assert_eq!(
        s3.secret_access_key.as_ref().unwrap().expose_secret(),
        "very-secret-key"
    );
    assert!(!s3.allow_http);
    let printed = format!("{settings:?}");
    assert!(
        !printed.contains("very-secret-key"),
        "the secret is redacted: {printed}"
    );
}

#[test]
fn blob_dir_and_url_together_are_a_configuration_error() {
    let error = with_storage("blob_dir = \"media\"\nurl = \"s3://loket-media\"").unwrap_err();
    let message = format!("{error:#}");
    assert!(
        message.contains("blob_dir") && message.contains("url") && message.contains("not both"),
        "{message}"
    );
}

#[test]
fn inconsistent_s3_settings_are_configuration_errors_that_say_what_is_wrong() {
    for (storage, says) in [
        ("url = \"https://loket-media\"", "s3://"),
        ("url = \"s3://\"", "no bucket"),
        (
            "url = \"s3://b\"\naccess_key_id = \"AKIA\"",
            "set both or neither",
        ),
        (
            "url = \"s3://b\"\nendpoint = \"http://127.0.0.1:5000\"",
            "allow_http",
        ),
        ("endpoint = \"https://s3.example.nl\"", "storage.url"),
        ("url = \"s3://b\"\nbucket = \"b\"", "unknown field"),
    ] {
        let error = with_storage(storage).expect_err(storage);
        let message = format!("{error:#}");
        assert!(message.contains(says), "{storage:?} → {message}");
    }
}

#[tokio::test]
async fn a_configured_s3_bucket_is_where_the_instance_keeps_media() {
    let Some(bucket) = s3_blobs().await else {
        return;
    };
    let BlobStoreConfig::S3(s3) = &bucket.config else {
        unreachable!("s3_blobs gives a bucket")
    };
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings::from_toml(&format!(
        r#"[server]
database_url = "sqlite://{db}"
secret_key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

[storage]
url = "s3://{bucket}/{TEST_PREFIX}"
endpoint = "{endpoint}"
access_key_id = "loket-test"
secret_access_key = "loket-test-secret"
allow_http = true
"#,
        db = dir.path().join("loket.db").display(),
        bucket = s3.bucket,
        endpoint = s3.endpoint.as_deref().unwrap(),
    ))
    .unwrap();
    let clock = Arc::new(ManualClock::new("2026-11-19T09:30:00Z".parse().unwrap()));
    let engine = loket_cli::runtime::build_engine(&settings, clock)
        .await
        .unwrap();
    let key = Path::from("orgs/probe/media/1");
    engine
        .blobs()
        .put(&key, b"foto".to_vec().into())
        .await
        .unwrap();
    let kept = bucket.store.get(&key).await.unwrap().bytes().await.unwrap();
    assert_eq!(&kept[..], b"foto", "in the bucket, under the prefix");
}

#[tokio::test]
async fn a_bucket_that_does_not_exist_stops_the_start_with_a_clear_error() {
    let Some(bucket) = s3_blobs().await else {
        return;
    };
    let BlobStoreConfig::S3(s3) = &bucket.config else {
        unreachable!("s3_blobs gives a bucket")
    };
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings::from_toml(&format!(
        r#"[server]
database_url = "sqlite://{db}"
secret_key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

[storage]
url = "s3://{missing}-nergens"
endpoint = "{endpoint}"
access_key_id = "loket-test"
secret_access_key = "loket-test-secret"
allow_http = true
"#,
        db = dir.path().join("loket.db").display(),
        missing = s3.bucket,
        endpoint = s3.endpoint.as_deref().unwrap(),
    ))
    .unwrap();
    let clock = Arc::new(ManualClock::new("2026-11-19T09:30:00Z".parse().unwrap()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let error = match loket_cli::runtime::start(&settings, clock, listener).await {
        Ok(_) => panic!("started without a bucket"),
        Err(e) => format!("{e:#}"),
    };
    assert!(
        error.contains("blob store") && error.contains("-nergens"),
        "says which store fails: {error}"
    );
}
