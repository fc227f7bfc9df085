//! A real headless Chromium for tests, driven over WebDriver (fantoccini and Debian's
//! `chromedriver`), so `cargo test` runs browser tests without another test runner.
//! Where Chromium is absent, [`Browser::start`] prints a loud SKIPPED line and returns
//! `None`; the test then passes without checking anything.
//!
//! Reusable: `open`, `fill`, `click`, `text`, `axe_scan` (axe-core, vendored from npm),
//! `csp_violations` (from the browser console).

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::{Semaphore, SemaphorePermit};

/// axe-core as vendored by `scripts/vendor-assets.sh` (tests only; never served).
const AXE: &str = include_str!("../../assets/vendor/axe.min.js");

/// WCAG 2.1 A and AA: what the issue asks every page to pass.
const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// Chromium is heavy on a small machine: at most two at a time across the test binary.
static BROWSERS: Semaphore = Semaphore::const_new(2);

pub struct Browser {
    client: Client,
    _driver: tokio::process::Child,
    profile: tempfile::TempDir,
    _permit: SemaphorePermit<'static>,
}

/// One rule axe found broken, with where.
#[derive(Debug, Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    pub targets: Vec<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let impact = self.impact.as_deref().unwrap_or("?");
        write!(
            f,
            "{} ({impact}): {} at {:?}",
            self.id, self.help, self.targets
        )
    }
}

/// Written straight to stderr, past the test harness's capture: a skip must be seen.
fn skipped() {
    use std::io::Write;
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = std::io::stderr().write_all(
            b"\n!!!!!!!! SKIPPED: chromium not found (install Debian's `chromium chromium-driver`, \
              or set LOKET_TEST_CHROMIUM and LOKET_TEST_CHROMEDRIVER): the browser tests \
              checked nothing\n\n",
        );
    });
}

fn executable(env: &str, default: &str) -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var(env).unwrap_or_else(|_| default.to_owned()));
    path.is_file().then_some(path)
}

impl Browser {
    /// A fresh Chromium with JavaScript on; `None` (after a SKIPPED line) without one.
    pub async fn start() -> Option<Self> {
        Self::launch(true).await
    }

    /// A fresh Chromium that runs no page JavaScript: pages must work without it.
    pub async fn start_without_javascript() -> Option<Self> {
        Self::launch(false).await
    }

    async fn launch(javascript: bool) -> Option<Self> {
        let chromium = executable("LOKET_TEST_CHROMIUM", "/usr/bin/chromium");
        let driver = executable("LOKET_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
        let (Some(chromium), Some(driver)) = (chromium, driver) else {
            skipped();
            return None;
        };
        let permit = BROWSERS.acquire().await.expect("never closed");
        let port = free_port();
        let driver = tokio::process::Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver");
        let webdriver = format!("http://127.0.0.1:{port}");
        wait_for_port(port).await;
        let profile = tempfile::tempdir().unwrap();
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities(&chromium, &profile, javascript))
            .connect(&webdriver)
            .await
            .expect("open a Chromium session");
        Some(Self {
            client,
            _driver: driver,
            profile,
            _permit: permit,
        })
    }

    /// Loads `url` and waits for its `load` event.
    pub async fn open(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    pub async fn current_url(&self) -> String {
        self.client.current_url().await.unwrap().to_string()
    }

    /// Waits (up to 15 s) until the page's address is `url`: a form's answer may take a
    /// moment (a password is hashed on purpose slowly).
    pub async fn wait_for_url(&self, url: &str) {
        for _ in 0..150 {
            if self.current_url().await == url {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(self.current_url().await, url, "the browser did not arrive");
    }

    /// Waits (up to 15 s) until the script returns true.
    pub async fn wait_until(&self, script: &str) {
        for _ in 0..150 {
            if self.run(script).await == Value::Bool(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("never true: {script}");
    }

    /// Types `text` into the field `selector` (CSS).
    pub async fn fill(&self, selector: &str, text: &str) {
        let field = self.find(selector).await;
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Clicks `selector` (CSS), as a person would (a submit button submits its form).
    pub async fn click(&self, selector: &str) {
        self.find(selector).await.click().await.unwrap();
    }

    /// Presses `key` (WebDriver key codes: "\u{E004}" Tab, "\u{E007}" Enter) on the
    /// element that has the focus, as a keyboard user would.
    pub async fn press(&self, key: &str) {
        let focused = self.client.active_element().await.unwrap();
        focused.send_keys(key).await.unwrap();
    }

    /// The visible text of `selector`.
    pub async fn text(&self, selector: &str) -> String {
        self.find(selector).await.text().await.unwrap()
    }

    async fn find(&self, selector: &str) -> fantoccini::elements::Element {
        self.client
            .find(Locator::Css(selector))
            .await
            .unwrap_or_else(|e| panic!("no element {selector:?}: {e}"))
    }

    /// Runs a script in the page (the driver's, not subject to the page's CSP).
    pub async fn run(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Runs axe-core on the open page against WCAG 2.1 A and AA.
    pub async fn axe_scan(&self) -> Vec<Violation> {
        // Every scanned screen can be looked at (`LOKET_TEST_SCREENSHOTS`); the name is its
        // path and query, so the same screen scanned again replaces its picture.
        if std::env::var_os("LOKET_TEST_SCREENSHOTS").is_some()
            && let Ok(url) = self.client.current_url().await
        {
            let name = format!("{}{}", url.path(), url.query().unwrap_or_default());
            self.screenshot(&name).await;
        }
        self.client
            .execute(AXE, vec![])
            .await
            .expect("inject axe-core");
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: "tag", values: arguments[0] } })
              .then(r => done(r.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  targets: v.nodes.map(n => n.target.join(" ")) }))))
              .catch(e => done({ error: String(e) }));
        "#;
        let result = self
            .client
            .execute_async(script, vec![json!(AXE_TAGS)])
            .await
            .expect("run axe-core");
        assert!(result.get("error").is_none(), "axe-core failed: {result}");
        serde_json::from_value(result).expect("axe-core's violations")
    }

    /// Asserts axe-core finds no WCAG 2.1 A/AA violation on the open page and the page broke
    /// no Content-Security-Policy rule; `what` names the screen in the failure.
    pub async fn assert_accessible(&self, what: &str) {
        let found: Vec<String> = self
            .axe_scan()
            .await
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            found.is_empty(),
            "axe-core on {what}:\n{}",
            found.join("\n")
        );
        let csp = self.csp_violations().await;
        assert!(csp.is_empty(), "CSP on {what}: {csp:?}");
    }

    /// Signs in through the form as `email` with the tests' password and waits for the
    /// inbox (the person must exist, without a second factor).
    pub async fn sign_in(&self, app: &crate::support::TestApp, email: &str) {
        self.open(&format!("{}/sign-in", app.url)).await;
        self.fill("#email", email).await;
        self.fill("#password", crate::sign_in::PASSWORD).await;
        self.click("main button[type=submit]").await;
        self.wait_for_url(&format!("{}/", app.url)).await;
    }

    /// A browser signed in as a new agent of voorbeeld; `None` where Chromium is missing.
    pub async fn agent_signed_in(app: &crate::support::TestApp, email: &str) -> Option<Self> {
        let browser = Self::start().await?;
        let locale = loket_domain::people::Locale::Nl;
        crate::sign_in::person(app, email, &["voorbeeld"], locale).await;
        browser.sign_in(app, email).await;
        Some(browser)
    }

    /// Every console message so far (and since the last call: the driver drains them).
    pub async fn console(&self) -> Vec<String> {
        let entries = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("read the console");
        entries
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| format!("{} {}", e["level"], e["message"].as_str().unwrap_or("")))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Console messages that report a Content-Security-Policy violation.
    pub async fn csp_violations(&self) -> Vec<String> {
        self.console()
            .await
            .into_iter()
            .filter(|m| m.contains("Content Security Policy"))
            .collect()
    }

    /// Saves a PNG of the window when `LOKET_TEST_SCREENSHOTS` names a directory (for a
    /// person to look at the pages; tests never compare pixels).
    pub async fn screenshot(&self, name: &str) {
        let Ok(dir) = std::env::var("LOKET_TEST_SCREENSHOTS") else {
            return;
        };
        let png = self.client.screenshot().await.expect("take a screenshot");
        let file: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/{file}.png"), png).unwrap();
    }

    /// Ends the session (Chromium exits) and stops the driver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    /// A test that failed never closed its session: chromedriver dies with its handle,
    /// but Chromium would live on. Stop the processes started with this browser's own
    /// profile directory, by pid (nothing is left after a clean `close`).
    fn drop(&mut self) {
        let marker = format!("--user-data-dir={}", self.profile.path().display());
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return;
        };
        for entry in entries.flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
                continue;
            };
            if cmdline
                .split(|b| *b == 0)
                .any(|arg| arg == marker.as_bytes())
            {
                let _ = std::process::Command::new("kill")
                    .arg(pid.to_string())
                    .stderr(Stdio::null())
                    .status();
            }
        }
    }
}

fn capabilities(
    chromium: &std::path::Path,
    profile: &tempfile::TempDir,
    javascript: bool,
) -> serde_json::Map<String, Value> {
    let args = [
        "--headless",
        "--no-sandbox", // tests run as root in CI containers
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--disable-crash-reporter", // no crashpad helper outliving the browser
        "--disable-breakpad",
        "--window-size=1280,900",
    ]
    .map(str::to_owned)
    .into_iter()
    .chain([format!("--user-data-dir={}", profile.path().display())])
    .collect::<Vec<_>>();
    // A Dutch browser, as most agents' are. Script setting 2 blocks scripts on every
    // site, as for a person who switched JavaScript off.
    let mut prefs = json!({ "intl.accept_languages": "nl-NL,nl" });
    if !javascript {
        prefs["profile.managed_default_content_settings.javascript"] = json!(2);
    }
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": chromium, "args": args, "prefs": prefs },
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    caps.as_object().unwrap().clone()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn wait_for_port(port: u16) {
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("chromedriver did not listen on port {port} within 10 s");
}

/// chromedriver's console log (`POST /session/{id}/se/log`, type `browser`).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (
            axum::http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}

impl Browser {
    /// Types `keys` (WebDriver key codes allowed: Tab `\u{E004}`, Enter `\u{E007}`, Control
    /// `\u{E009}`, release modifiers `\u{E000}`) into whatever has the focus.
    pub async fn keys(&self, keys: &str) {
        let focused = self.client.active_element().await.unwrap();
        focused.send_keys(keys).await.unwrap();
    }
}
