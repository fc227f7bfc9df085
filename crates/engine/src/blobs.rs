//! Where media bytes live: a local directory (one instance, the default) or an S3-compatible
//! bucket, which several instances on one PostgreSQL database share. Everything else in the
//! engine sees only `Arc<dyn ObjectStore>` and keys like `orgs/{org}/media/{message}`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use object_store::ObjectStore;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::prefix::PrefixStore;
use secrecy::{ExposeSecret, SecretString};

/// The blob store a deployment is configured with.
#[derive(Debug, Clone)]
pub enum BlobStoreConfig {
    /// A local directory, created if missing.
    Local {
        dir: PathBuf,
    },
    S3(S3Config),
}

/// An S3-compatible bucket (AWS, MinIO, Ceph, Garage, …).
#[derive(Debug, Clone)]
pub struct S3Config {
    pub bucket: String,
    /// Keys are kept under this path in the bucket (`""`: at its root).
    pub prefix: String,
    /// The server's URL; unset means AWS itself.
    pub endpoint: Option<String>,
    /// Unset means `us-east-1`, which most S3-compatible servers accept.
    pub region: Option<String>,
    /// Static credentials; when both are unset the instance's role (IMDS) is asked.
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<SecretString>,
    /// Plain `http://` endpoints (a server on localhost); refused otherwise.
    pub allow_http: bool,
}

/// A request to the bucket may carry a 100 MB document: give it longer than the client's
/// 30 s default, but not forever.
const S3_REQUEST_TIMEOUT: Duration = Duration::from_secs(300);
const S3_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

impl S3Config {
    /// `s3://bucket` or `s3://bucket/some/prefix`, with every other setting at its default.
    pub fn from_url(url: &str) -> Result<Self, String> {
        let parsed = url::Url::parse(url).map_err(|e| format!("{url:?} is not a URL: {e}"))?;
        if parsed.scheme() != "s3" {
            return Err(format!(
                "{url:?}: only s3://bucket/prefix URLs are supported"
            ));
        }
        let bucket = parsed
            .host_str()
            .filter(|b| !b.is_empty())
            .ok_or_else(|| format!("{url:?} names no bucket (s3://bucket/prefix)"))?;
        if parsed.query().is_some() || parsed.fragment().is_some() || !parsed.username().is_empty()
        {
            return Err(format!(
                "{url:?}: put credentials and options in their own keys, not in the URL"
            ));
        }
        Ok(Self {
            bucket: bucket.to_owned(),
            prefix: parsed.path().trim_matches('/').to_owned(),
            endpoint: None,
            region: None,
            access_key_id: None,
            secret_access_key: None,
            allow_http: false,
        })
    }

    /// Every inconsistency at once, for a configuration error that says all that is wrong.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.access_key_id.is_some() != self.secret_access_key.is_some() {
            problems.push(
                "access_key_id and secret_access_key go together: set both or neither".to_owned(),
            );
        }
        if let Some(endpoint) = &self.endpoint {
            match url::Url::parse(endpoint) {
                Ok(u) if u.scheme() == "https" => {}
                Ok(u) if u.scheme() == "http" && self.allow_http => {}
                Ok(u) if u.scheme() == "http" => problems.push(format!(
                    "endpoint {endpoint:?} is plain http: set allow_http = true for a local server"
                )),
                _ => problems.push(format!("endpoint {endpoint:?} is not an http(s) URL")),
            }
        }
        problems
    }
}

/// Open (and for a directory, create) the configured blob store.
pub fn open_blob_store(config: &BlobStoreConfig) -> anyhow::Result<Arc<dyn ObjectStore>> {
    use anyhow::Context;
    match config {
        BlobStoreConfig::Local { dir } => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating the blob directory {}", dir.display()))?;
            let store = LocalFileSystem::new_with_prefix(dir)
                .with_context(|| format!("opening the blob directory {}", dir.display()))?;
            Ok(Arc::new(store))
        }
        BlobStoreConfig::S3(s3) => {
            let problems = s3.problems();
            if !problems.is_empty() {
                anyhow::bail!("storage: {}", problems.join("; "));
            }
            let bucket = s3_builder(s3)
                .build()
                .with_context(|| format!("configuring the S3 bucket {:?}", s3.bucket))?;
            Ok(if s3.prefix.is_empty() {
                Arc::new(bucket)
            } else {
                Arc::new(PrefixStore::new(bucket, s3.prefix.as_str()))
            })
        }
    }
}

/// Where a start-up probe writes: a bucket that is missing, or credentials that may not
/// write, stop the start instead of failing the first resident's photo hours later.
pub const PROBE_KEY: &str = "loket-probe";

/// Write the probe object; an error says the store cannot keep media.
pub async fn check_blob_store(store: &dyn ObjectStore) -> object_store::Result<()> {
    use object_store::ObjectStoreExt;
    let note = "Loket writes this at start-up to check that it may keep media here.";
    store
        .put(&object_store::path::Path::from(PROBE_KEY), note.into())
        .await
        .map(|_| ())
}

impl std::fmt::Display for BlobStoreConfig {
    /// Where, without credentials: for error messages and the start-up log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Local { dir } => write!(f, "directory {}", dir.display()),
            Self::S3(s3) => {
                write!(f, "s3://{}/{}", s3.bucket, s3.prefix)?;
                match &s3.endpoint {
                    Some(endpoint) => write!(f, " at {endpoint}"),
                    None => Ok(()),
                }
            }
        }
    }
}

fn s3_builder(s3: &S3Config) -> AmazonS3Builder {
    let options = object_store::ClientOptions::new()
        .with_allow_http(s3.allow_http)
        .with_connect_timeout(S3_CONNECT_TIMEOUT)
        .with_timeout(S3_REQUEST_TIMEOUT);
    let mut builder = AmazonS3Builder::new()
        .with_bucket_name(&s3.bucket)
        .with_region(s3.region.as_deref().unwrap_or("us-east-1"))
        .with_client_options(options);
    if let Some(endpoint) = &s3.endpoint {
        builder = builder.with_endpoint(endpoint.trim_end_matches('/'));
    }
    if let (Some(id), Some(secret)) = (&s3.access_key_id, &s3.secret_access_key) {
        builder = builder
            .with_access_key_id(id)
            .with_secret_access_key(secret.expose_secret());
    }
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_s3_url_names_the_bucket_and_an_optional_prefix() {
        let c = S3Config::from_url("s3://loket-media/prod/media/").unwrap();
        assert_eq!(
            (c.bucket.as_str(), c.prefix.as_str()),
            ("loket-media", "prod/media")
        );
        let c = S3Config::from_url("s3://loket-media").unwrap();
        assert_eq!((c.bucket.as_str(), c.prefix.as_str()), ("loket-media", ""));
    }

    #[test]
    fn other_schemes_a_missing_bucket_and_secrets_in_the_url_are_refused() {
        for url in [
            "https://loket-media/x",
            "s3:///prefix",
            "s3://key:secret@bucket/x",
            "s3://bucket/x?region=eu-west-1",
            "loket-media",
        ] {
            assert!(S3Config::from_url(url).is_err(), "{url}");
        }
    }

    #[test]
    fn half_credentials_and_plain_http_without_consent_are_problems() {
        let mut c = S3Config::from_url("s3://b").unwrap();
        c.access_key_id = Some("id".into());
        c.endpoint = Some("http://127.0.0.1:5000".into());
        assert_eq!(c.problems().len(), 2, "{:?}", c.problems());
        c.secret_access_key = Some(SecretString::from("secret"));
        c.allow_http = true;
        assert!(c.problems().is_empty(), "{:?}", c.problems());
    }
}
