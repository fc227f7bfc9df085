//! `loket bench-pages`: server-side rendering time of the inbox pages on a generated
//! database (`loket generate`). In-process: each request goes through the whole axum
//! router (middleware, session lookup, CSRF, the store, the template) with
//! `tower::ServiceExt::oneshot` and a real session cookie, and the body is read to the
//! end; no network and no browser. One request at a time, so the figures are latencies.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use clap::Args;
use http_body_util::BodyExt;
use loket_domain::time::SystemClock;
use loket_engine::Engine;
use loket_engine::people::SignInOutcome;
use loket_engine::records::{ConversationFilter, PageRequest};
use loket_web::AppState;
use secrecy::SecretString;
use tower::ServiceExt;

use crate::generate::LONG_LABEL;

#[derive(Args, Debug, Clone)]
pub struct BenchPagesArgs {
    #[arg(long)]
    pub database: String,
    #[arg(long, default_value = "bench")]
    pub org: String,
    #[arg(long, default_value = "beheerder@bench.example")]
    pub email: String,
    #[arg(long, env = "LOKET_GENERATE_PASSWORD")]
    pub password: String,
    /// Measured requests per page (after 10% warm-up, at least 5).
    #[arg(long, default_value_t = 200)]
    pub requests: u32,
    /// Extra pages as NAME=PATH (`{long}`: a 200-message conversation's id).
    #[arg(long = "page")]
    pub pages: Vec<String>,
}

/// The pages measured by default: the queue (50 rows) and a 200-message conversation.
pub const DEFAULT_PAGES: [(&str, &str); 2] =
    [("inbox", "/"), ("conversation-200", "/inbox/{long}")];

#[derive(Debug, Clone)]
pub struct Figures {
    pub name: String,
    pub path: String,
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub bytes: usize,
}

pub async fn run(args: BenchPagesArgs) -> anyhow::Result<()> {
    let figures = bench(&args).await?;
    println!(
        "{:<24} {:>9} {:>9} {:>9} {:>9}  path",
        "page", "p50 ms", "p95 ms", "p99 ms", "bytes"
    );
    for f in figures {
        println!(
            "{:<24} {:>9.2} {:>9.2} {:>9.2} {:>9}  {}",
            f.name,
            ms(f.p50),
            ms(f.p95),
            ms(f.p99),
            f.bytes,
            f.path
        );
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub async fn bench(args: &BenchPagesArgs) -> anyhow::Result<Vec<Figures>> {
    let store = loket_store::connect(&args.database).await?;
    let engine = Engine::new(
        store,
        Arc::new(SystemClock),
        Arc::new(object_store::memory::InMemory::new()),
        reqwest::Client::new(),
    );
    let cookie = sign_in(&engine, &args.email, &args.password).await?;
    let long = long_conversation(&engine, &args.org).await?;
    let state = AppState {
        engine,
        admin_token_hashes: Arc::new(Vec::new()),
        web: loket_web::pages::settings::WebSettings {
            public_url: None,
            themes: loket_web::pages::theme::Themes::new([]),
            preview_pages: false,
        },
    };
    let router = loket_web::router(state);
    let mut pages: Vec<(String, String)> = DEFAULT_PAGES
        .iter()
        .map(|(n, p)| (n.to_string(), p.to_string()))
        .collect();
    for page in &args.pages {
        let (name, path) = page.split_once('=').context("--page takes NAME=PATH")?;
        pages.push((name.into(), path.into()));
    }
    let mut out = Vec::new();
    for (name, path) in pages {
        let path = path.replace("{long}", &long);
        out.push(measure(&router, &cookie, &name, &path, args.requests).await?);
    }
    Ok(out)
}

async fn sign_in(engine: &Engine, email: &str, password: &str) -> anyhow::Result<String> {
    let password = SecretString::from(password.to_owned());
    match engine.sign_in(email, password, "127.0.0.1", None).await? {
        SignInOutcome::SignedIn(new) => Ok(format!(
            "{}={}",
            loket_web::pages::session::COOKIE,
            new.token.expose()
        )),
        other => anyhow::bail!("signing in failed: {other:?}"),
    }
}

async fn long_conversation(engine: &Engine, org: &str) -> anyhow::Result<String> {
    let org = engine
        .find_organisation_by_slug(org)
        .await?
        .context("no such organisation")?;
    let filter = ConversationFilter {
        label: Some(LONG_LABEL.into()),
        ..Default::default()
    };
    let page = PageRequest {
        after: None,
        limit: 1,
    };
    let found = engine.list_conversations(org.id, &filter, page).await?;
    let first = found.items.first().context("no 200-message conversation")?;
    Ok(first.conversation.id.to_string())
}

async fn measure(
    router: &axum::Router,
    cookie: &str,
    name: &str,
    path: &str,
    requests: u32,
) -> anyhow::Result<Figures> {
    let warm_up = (requests / 10).max(5);
    let mut times = Vec::with_capacity(requests as usize);
    let mut bytes = 0;
    for n in 0..warm_up + requests {
        let request = Request::get(path)
            .header(header::COOKIE, cookie)
            .body(Body::empty())?;
        let started = Instant::now();
        let response = router.clone().oneshot(request).await?;
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        let took = started.elapsed();
        anyhow::ensure!(status == StatusCode::OK, "GET {path}: {status}");
        bytes = body.len();
        if n >= warm_up {
            times.push(took);
        }
    }
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
    Ok(Figures {
        name: name.into(),
        path: path.into(),
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
        bytes,
    })
}
