//! `loket load`: signed webhooks at a steady rate against a running Loket, then a read-back
//! through the API for losses and duplicates, and the raw store limit for comparison.

use std::path::PathBuf;

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
}

pub async fn run(args: LoadArgs) -> anyhow::Result<()> {
    let _ = args;
    anyhow::bail!("not implemented yet")
}
