//! Starting the real `loket` binary on a configuration of our own.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use std::sync::Arc;

use loket_cli::load::wait_ready;
use loket_cli::runtime::build_engine;
use loket_cli::settings::Settings;
use loket_domain::OrgId;
use loket_domain::time::SystemClock;
use loket_engine::Engine;
use tokio::process::{Child, Command};

pub const API_TOKEN: &str = "load-test-token-0123456789";
pub const APP_SECRET: &str = "load-test-app-secret";

/// A configuration for `database_url`, listening on a free port, with one organisation and
/// one WhatsApp channel. The Graph API points at a closed port: nothing here sends.
pub struct Config {
    pub path: PathBuf,
    pub target: String,
    pub log: PathBuf,
}

pub fn write_config(dir: &Path, database_url: &str) -> Config {
    let port = free_port();
    let path = dir.join("loket.toml");
    let text = format!(
        r#"
[server]
listen = "127.0.0.1:{port}"
database_url = "{database_url}"
secret_key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

[storage]
blob_dir = "{blobs}"

[log]
filter = "warn"

[[whatsapp_app]]
name = "default"
app_secret = "{APP_SECRET}"
verify_token = "load-test-verify"
graph_base_url = "http://127.0.0.1:9/v23.0"

[[organisation]]
slug = "loadtest"
name = "Gemeente Loadtest"
api_tokens = ["{API_TOKEN}"]

[[organisation.channel]]
kind = "whatsapp"
name = "WhatsApp"
app = "default"
phone_number_id = "1122334455667"
display_phone_number = "31612345678"
waba_id = "102290129340398"
access_token = "unused"
"#,
        blobs = dir.join("blobs").display(),
    );
    std::fs::write(&path, text).expect("write the configuration");
    Config {
        path,
        target: format!("http://127.0.0.1:{port}"),
        log: dir.join("loket.log"),
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// `loket serve --config …` as a child process (stderr appended to `config.log`), ready.
pub async fn serve(config: &Config) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&config.log)
        .expect("open the server log");
    let child = Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("serve")
        .arg("--config")
        .arg(&config.path)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .kill_on_drop(true)
        .spawn()
        .expect("start loket serve");
    if let Err(e) = wait_ready(&config.target, Duration::from_secs(20)).await {
        panic!(
            "loket serve did not get ready: {e:#}\n{}",
            server_log(config)
        );
    }
    child
}

/// The server's log so far, for failure messages.
pub fn server_log(config: &Config) -> String {
    let text = std::fs::read_to_string(&config.log).unwrap_or_default();
    let tail: Vec<&str> = text.lines().rev().take(40).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    format!("--- server log (tail) ---\n{}", tail.join("\n"))
}

/// The engine `loket` builds from `config`, with the configuration applied (idempotent), and
/// the configured organisation's id: for setting up or reading back what a command did.
pub async fn loadtest_engine(config: &Path) -> (Engine, OrgId) {
    let engine = provisioned_engine(&Settings::load(config).unwrap()).await;
    let org = engine
        .find_organisation_by_slug("loadtest")
        .await
        .unwrap()
        .unwrap();
    (engine, org.id)
}

/// The engine `loket` builds from `settings`, with their configuration applied (idempotent).
pub async fn provisioned_engine(settings: &Settings) -> Engine {
    let engine = build_engine(settings, Arc::new(SystemClock)).await.unwrap();
    engine
        .provision(&settings.provisioning().unwrap())
        .await
        .unwrap();
    engine
}
