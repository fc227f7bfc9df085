//! The `[storage]` section: where media is kept. Parsed into one validated choice — a local
//! directory (`blob_dir`, the default) or an S3-compatible bucket (`url = "s3://bucket/prefix"`
//! with its endpoint, region and credentials) — so a contradiction stops the start.

use std::path::PathBuf;

use loket_engine::blobs::{BlobStoreConfig, S3Config};
use secrecy::SecretString;
use serde::Deserialize;

/// `[storage]`, validated. Its `Debug` never shows the secret access key.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "RawStorage")]
pub struct StorageSettings {
    pub blobs: BlobStoreConfig,
}

impl Default for StorageSettings {
    fn default() -> Self {
        Self {
            blobs: BlobStoreConfig::Local {
                dir: default_blob_dir(),
            },
        }
    }
}

fn default_blob_dir() -> PathBuf {
    PathBuf::from("loket-data/blobs")
}

/// The section as written; every key may also come from `LOKET__STORAGE__<KEY>`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStorage {
    blob_dir: Option<PathBuf>,
    url: Option<String>,
    endpoint: Option<String>,
    region: Option<String>,
    access_key_id: Option<String>,
    secret_access_key: Option<SecretString>,
    allow_http: Option<bool>,
}

impl TryFrom<RawStorage> for StorageSettings {
    type Error = String;

    fn try_from(raw: RawStorage) -> Result<Self, String> {
        let Some(url) = raw.url else {
            let s3_keys = s3_keys_set(&raw);
            if !s3_keys.is_empty() {
                return Err(format!(
                    "storage.{} only apply to an S3 bucket: set storage.url = \"s3://bucket/prefix\" too",
                    s3_keys.join(", storage.")
                ));
            }
            let dir = raw.blob_dir.unwrap_or_else(default_blob_dir);
            return Ok(Self {
                blobs: BlobStoreConfig::Local { dir },
            });
        };
        if raw.blob_dir.is_some() {
            return Err(
                "storage.blob_dir and storage.url both say where media is kept: set \
                 blob_dir for a local directory or url for an S3 bucket, not both"
                    .into(),
            );
        }
        let s3 = S3Config {
            endpoint: raw.endpoint,
            region: raw.region,
            access_key_id: raw.access_key_id,
            secret_access_key: raw.secret_access_key,
            allow_http: raw.allow_http.unwrap_or(false),
            ..S3Config::from_url(&url).map_err(|e| format!("storage.url: {e}"))?
        };
        let problems = s3.problems();
        if !problems.is_empty() {
            return Err(format!("storage: {}", problems.join("; ")));
        }
        Ok(Self {
            blobs: BlobStoreConfig::S3(s3),
        })
    }
}

/// The S3-only keys present, to say which are out of place without a URL.
fn s3_keys_set(raw: &RawStorage) -> Vec<&'static str> {
    [
        ("endpoint", raw.endpoint.is_some()),
        ("region", raw.region.is_some()),
        ("access_key_id", raw.access_key_id.is_some()),
        ("secret_access_key", raw.secret_access_key.is_some()),
        ("allow_http", raw.allow_http.is_some()),
    ]
    .into_iter()
    .filter_map(|(key, set)| set.then_some(key))
    .collect()
}

#[cfg(test)]
// `figment::Jail` decides the closures' error type (`figment::Error`, which is large).
#[allow(clippy::result_large_err)]
mod tests {
    use secrecy::ExposeSecret;

    use crate::settings::Settings;

    use super::*;

    const SERVER: &str = "[server]\ndatabase_url = \"sqlite://loket.db\"\n";

    #[test]
    fn every_storage_key_can_be_set_from_the_environment() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("LOKET__STORAGE__URL", "s3://gedeeld/productie");
            jail.set_env("LOKET__STORAGE__ENDPOINT", "http://127.0.0.1:9000");
            jail.set_env("LOKET__STORAGE__REGION", "eu-central-1");
            jail.set_env("LOKET__STORAGE__ACCESS_KEY_ID", "loket-key");
            jail.set_env("LOKET__STORAGE__SECRET_ACCESS_KEY", "env-secret");
            jail.set_env("LOKET__STORAGE__ALLOW_HTTP", "true");
            let settings = Settings::from_toml(SERVER).map_err(|e| e.to_string())?;
            let BlobStoreConfig::S3(s3) = settings.storage.blobs else {
                panic!("the environment chose S3");
            };
            assert_eq!(
                (s3.bucket.as_str(), s3.prefix.as_str()),
                ("gedeeld", "productie")
            );
            assert_eq!(s3.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
            assert_eq!(s3.region.as_deref(), Some("eu-central-1"));
            assert_eq!(s3.access_key_id.as_deref(), Some("loket-key"));
            assert_eq!(
                s3.secret_access_key.as_ref().map(|s| s.expose_secret()),
                Some("env-secret")
            );
            assert!(s3.allow_http);
            Ok(())
        });
    }

    #[test]
    fn a_url_from_the_environment_beside_a_blob_dir_in_the_file_is_a_configuration_error() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("LOKET__STORAGE__URL", "s3://gedeeld");
            let both = format!("{SERVER}[storage]\nblob_dir = \"media\"\n");
            let error = Settings::from_toml(&both).unwrap_err();
            assert!(format!("{error:#}").contains("not both"), "{error:#}");
            Ok(())
        });
    }
}
