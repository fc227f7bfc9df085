//! `loket load`: signed webhooks at a steady rate against a running Loket, then a read-back
//! through the API for losses and duplicates, and for comparison the raw store limit and
//! the floor (the database's own limit for the same bytes, [`floor_limit`]).
//!
//! The pieces are a library so the crash test can drive them: [`LoadPlan`] (what to send,
//! from a configuration), [`send`] (open-loop signed webhooks, acknowledged wamids recorded
//! as they come), [`read_back`] (what the API holds) and [`raw_limit`] (the store alone).

mod floor;
pub mod live;
mod payload;
mod raw;
mod readback;
mod report;
mod send;
pub mod sse;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use secrecy::ExposeSecret;

use crate::settings::Settings;

pub use floor::{commits_so_far, floor_limit, floor_rows};
pub use payload::{Residents, WebhookBuilder};
pub use raw::{RawReport, raw_limit};
pub use readback::{ReadBack, read_back, tally, wait_ready};
pub use report::{Latency, percentile};
pub use send::{SendReport, send};

#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// The configuration of the Loket under test (app secret, phone_number_id, API token).
    #[arg(long, short)]
    pub config: PathBuf,
    /// Loket's base URL, e.g. http://127.0.0.1:8080
    #[arg(long)]
    pub target: String,
    /// Messages per second.
    #[arg(long, default_value_t = 500)]
    pub rate: u32,
    /// Seconds to send.
    #[arg(long, default_value_t = 10)]
    pub duration: u64,
    /// Messages per webhook: 1..10 (each webhook gets a random size in 1..=batch).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10))]
    pub batch: u32,
    /// The server's Prometheus endpoint (e.g. http://127.0.0.1:9464/metrics): the run's
    /// commits give the floor its statement size. Without it the floor uses the raw limit's.
    #[arg(long)]
    pub metrics: Option<String>,
}

/// Where `loket load` records acknowledged wamids (in the current directory).
pub const DEFAULT_ACKED_FILE: &str = "loket-load-acked.txt";

/// The raw limit inserts as many messages as the load acknowledged, but at most this many.
pub const RAW_LIMIT_CAP: usize = 50_000;

/// What to send and where. Built from the configuration of the Loket under test.
#[derive(Clone)]
pub struct LoadPlan {
    /// Loket's base URL (no trailing slash).
    pub target: String,
    /// The HMAC key of `X-Hub-Signature-256`.
    pub app_secret: String,
    pub phone_number_id: String,
    pub display_phone_number: String,
    pub waba_id: String,
    /// A bearer token of the organisation owning the channel (for the read-back).
    pub api_token: String,
    /// Messages per second.
    pub rate: u32,
    /// How long to send (unless stopped earlier).
    pub duration: Duration,
    /// Each webhook carries a random 1..=batch messages.
    pub batch: u32,
    /// How many distinct residents (wa_ids) write.
    pub residents: u32,
    /// Where acknowledged wamids are appended as they come, one per line.
    pub acked_file: Option<PathBuf>,
    /// Webhooks in flight at most; when reached, sending waits (and says so in the report).
    pub max_in_flight: usize,
    /// A failed webhook (not 200, or no answer) is sent again this many times at most, as
    /// Meta would, while the load runs.
    pub max_retries: u32,
    pub retry_delay: Duration,
    /// Per-request timeout.
    pub request_timeout: Duration,
}

impl std::fmt::Debug for LoadPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadPlan")
            .field("target", &self.target)
            .field("phone_number_id", &self.phone_number_id)
            .field("rate", &self.rate)
            .field("duration", &self.duration)
            .field("batch", &self.batch)
            .field("residents", &self.residents)
            .field("acked_file", &self.acked_file)
            .finish_non_exhaustive()
    }
}

impl LoadPlan {
    /// The first organisation's first WhatsApp channel, the secret of the app it names,
    /// and the organisation's first API token. Sends for 10 s at 500 msg/s, one message
    /// per webhook, until changed.
    pub fn from_settings(settings: &Settings, target: &str) -> anyhow::Result<Self> {
        let org = settings.organisations.first().context(
            "the configuration declares no [[organisation]]: the load needs one with a WhatsApp channel",
        )?;
        let channel = org
            .channels
            .iter()
            .find(|c| c.kind == "whatsapp")
            .with_context(|| {
                format!(
                    "organisation {:?} has no WhatsApp [[organisation.channel]]",
                    org.slug
                )
            })?;
        let app = settings
            .whatsapp_apps
            .iter()
            .find(|a| a.name == channel.app)
            .or(settings.whatsapp_apps.first())
            .context("the configuration declares no [[whatsapp_app]] (the app secret signs the webhooks)")?;
        let api_token = org.api_tokens.first().with_context(|| {
            format!(
                "organisation {:?} has no api_tokens: the read-back through the API needs one",
                org.slug
            )
        })?;
        Ok(Self {
            target: target.trim_end_matches('/').to_owned(),
            app_secret: app.app_secret.expose_secret().to_owned(),
            phone_number_id: channel.phone_number_id.clone(),
            display_phone_number: channel.display_phone_number.clone(),
            waba_id: channel.waba_id.clone(),
            api_token: api_token.expose_secret().to_owned(),
            rate: 500,
            duration: Duration::from_secs(10),
            batch: 1,
            residents: 500,
            acked_file: None,
            max_in_flight: 512,
            max_retries: 0,
            retry_delay: Duration::from_millis(500),
            request_timeout: Duration::from_secs(10),
        })
    }
}

/// The `loket load` command.
pub async fn run(args: LoadArgs) -> anyhow::Result<()> {
    let settings = Settings::load(&args.config)?;
    let mut plan = LoadPlan::from_settings(&settings, &args.target)?;
    plan.rate = args.rate.max(1);
    plan.duration = Duration::from_secs(args.duration);
    plan.batch = args.batch;
    let acked_path = std::env::current_dir()
        .context("the current directory")?
        .join(DEFAULT_ACKED_FILE);
    plan.acked_file = Some(acked_path.clone());

    readback::wait_ready(&plan.target, Duration::from_secs(5))
        .await
        .with_context(|| format!("Loket at {} is not ready", plan.target))?;
    println!(
        "sending {} msg/s for {} s in webhooks of 1..={} messages to {} (phone_number_id {})",
        plan.rate, args.duration, plan.batch, plan.target, plan.phone_number_id
    );
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let commits_before = match &args.metrics {
        Some(url) => Some(commits_so_far(url).await?),
        None => None,
    };
    let sent = send(&plan, stop).await?;
    let commits = match (&args.metrics, commits_before) {
        (Some(url), Some(before)) => Some(commits_so_far(url).await?.saturating_sub(before)),
        _ => None,
    };
    report::print_send(&sent);
    println!("acknowledged wamids: {}", acked_path.display());

    let back = read_back(&plan.target, &plan.api_token, &sent.acked)
        .await
        .context("reading back through the API")?;
    report::print_read_back(&back);

    let n = (sent.messages_acked as usize).clamp(1_000, RAW_LIMIT_CAP);
    println!("raw store limit: inserting {n} messages directly into the store…");
    let raw = raw_limit(&settings.server.database_url, n, plan.batch)
        .await
        .context("measuring the raw store limit")?;
    report::print_raw(&sent, &raw, plan.rate);

    // The run's mean commit in messages; without metrics, the raw limit's commit size.
    let rows_per_insert = match commits {
        Some(c) if c > 0 => (sent.messages_acked as f64 / c as f64).round().max(1.0) as usize,
        _ => raw.messages.div_ceil(raw.calls.max(1)),
    };
    println!("floor: inserting {n} messages in statements of {rows_per_insert} rows…");
    let floor = floor_limit(
        &settings.server.database_url,
        n,
        plan.batch,
        rows_per_insert,
    )
    .await
    .context("measuring the floor")?;
    report::print_floor(&sent, &floor, commits);

    if !back.lost.is_empty() || !back.duplicated.is_empty() {
        anyhow::bail!(
            "{} acknowledged messages lost, {} duplicated",
            back.lost.len(),
            back.duplicated.len()
        );
    }
    Ok(())
}
