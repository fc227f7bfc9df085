//! Test harness (feature `testing`): a fresh blob store per test on every kind available —
//! always a local directory, and an S3-compatible server when `LOKET_TEST_S3_ENDPOINT` names
//! one (a bucket `loket-t-…` is created per test through the S3 API).
//!
//! ```ignore
//! for blobs in loket_engine::testing::test_blob_stores().await {
//!     let engine = Engine::new(store, clock, blobs.store.clone(), http);
//!     // … the same test on a directory, then on a bucket …
//! }
//! ```
//!
//! The test server is expected to take unsigned bucket creation (moto's standalone server
//! does; `.ci/run` starts one). Buckets are not removed: moto keeps them in memory only.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use object_store::ObjectStore;
use secrecy::SecretString;

use crate::blobs::{BlobStoreConfig, S3Config, open_blob_store};

/// The S3-compatible server tests may use, e.g. `http://127.0.0.1:5000`.
pub const S3_ENDPOINT_VAR: &str = "LOKET_TEST_S3_ENDPOINT";

/// Keys under this prefix in each test bucket, so the prefix is always exercised.
pub const TEST_PREFIX: &str = "loket/media";

/// Which kind of blob store a test ran on (for assertion messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobKind {
    Local,
    S3,
}

/// One empty blob store, and the configuration that opens it again (a second instance).
pub struct TestBlobs {
    pub store: Arc<dyn ObjectStore>,
    pub config: BlobStoreConfig,
    pub kind: BlobKind,
    /// Removing the directory removes a local store.
    _dir: Option<tempfile::TempDir>,
}

impl TestBlobs {
    /// A new handle on the same blobs, as another instance would open them.
    pub fn reopen(&self) -> Arc<dyn ObjectStore> {
        open_blob_store(&self.config).expect("reopen the test blob store")
    }
}

/// A local directory, and a fresh S3 bucket when [`S3_ENDPOINT_VAR`] is set (otherwise a
/// line says S3 was skipped). Panics when a store cannot be made.
pub async fn test_blob_stores() -> Vec<TestBlobs> {
    let mut stores = vec![local_blobs()];
    stores.extend(s3_blobs().await);
    stores
}

/// A blob store in a temporary directory.
pub fn local_blobs() -> TestBlobs {
    let dir = tempfile::tempdir().expect("a temporary directory for blobs");
    let config = BlobStoreConfig::Local {
        dir: dir.path().to_owned(),
    };
    TestBlobs {
        store: open_blob_store(&config).expect("open the local test blob store"),
        config,
        kind: BlobKind::Local,
        _dir: Some(dir),
    }
}

/// A fresh bucket on the S3 test server, or `None` (said once) when none is configured.
pub async fn s3_blobs() -> Option<TestBlobs> {
    let endpoint = match std::env::var(S3_ENDPOINT_VAR) {
        Ok(url) if !url.trim().is_empty() => url.trim().trim_end_matches('/').to_owned(),
        _ => {
            say_s3_skipped();
            return None;
        }
    };
    let bucket = fresh_bucket_name();
    create_bucket(&endpoint, &bucket).await;
    let config = BlobStoreConfig::S3(test_s3_config(&endpoint, &bucket));
    Some(TestBlobs {
        store: open_blob_store(&config).expect("open the S3 test bucket"),
        config,
        kind: BlobKind::S3,
        _dir: None,
    })
}

/// The test server's bucket with static (fake) credentials over plain HTTP.
fn test_s3_config(endpoint: &str, bucket: &str) -> S3Config {
    S3Config {
        endpoint: Some(endpoint.to_owned()),
        region: Some("eu-west-1".into()),
        access_key_id: Some("loket-test".into()),
        secret_access_key: Some(SecretString::from("loket-test-secret")),
        allow_http: true,
        ..S3Config::from_url(&format!("s3://{bucket}/{TEST_PREFIX}")).expect("a valid S3 URL")
    }
}

/// `loket-t-<time>-<n>`: unique across parallel tests and repeated runs on one server.
fn fresh_bucket_name() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("loket-t-{nanos:x}-{n}")
}

/// S3's `CreateBucket` (a `PUT` on the bucket); object_store has no call for it.
async fn create_bucket(endpoint: &str, bucket: &str) {
    let response = reqwest::Client::new()
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{S3_ENDPOINT_VAR}={endpoint} does not answer: {e}"));
    assert!(
        response.status().is_success(),
        "creating the test bucket {bucket} on {endpoint}: {}",
        response.status()
    );
}

/// Once per test binary, on the real stderr: a skip that nobody sees would look like
/// coverage (the same rule as the store's PostgreSQL harness).
fn say_s3_skipped() {
    static SAID: std::sync::Once = std::sync::Once::new();
    println!("skipped S3: {S3_ENDPOINT_VAR} is not set");
    SAID.call_once(|| {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "note: S3 blob-store tests skipped ({S3_ENDPOINT_VAR} is not set); they ran on a local directory only"
        );
    });
}
