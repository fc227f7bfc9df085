//! `loket reindex`: mark messages to be indexed for search again (all, or one
//! organisation's) and run the indexer to the end, printing counts. For after an analyser
//! change, or to index a bulk-loaded database at once instead of by the worker.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use loket_domain::time::SystemClock;

use crate::settings::Settings;

#[derive(Args, Debug, Clone)]
pub struct ReindexArgs {
    #[arg(long, short, env = "LOKET_CONFIG")]
    pub config: PathBuf,
    /// Only this organisation's messages are marked (pending ones of others are indexed too).
    #[arg(long)]
    pub org: Option<String>,
}

pub async fn run(args: ReindexArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let settings = Settings::load(&args.config)?;
    let engine = crate::runtime::build_engine(&settings, Arc::new(SystemClock)).await?;
    let org = match &args.org {
        None => None,
        Some(slug) => Some(
            engine
                .find_organisation_by_slug(slug)
                .await?
                .with_context(|| format!("no organisation {slug:?} in the database"))?
                .id,
        ),
    };
    let marked = engine.mark_messages_for_reindex(org).await?;
    writeln!(out, "{marked} messages marked to be indexed again")?;
    let started = Instant::now();
    let mut indexed = 0u64;
    loop {
        let n = engine.index_pending_messages().await?;
        if n == 0 {
            break;
        }
        indexed += n;
        if indexed % 100_000 < n {
            writeln!(out, "… {indexed} indexed")?;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    writeln!(
        out,
        "{indexed} messages indexed in {secs:.1} s ({:.0} per second)",
        indexed as f64 / secs.max(0.001)
    )?;
    engine.refresh_search_statistics().await?;
    writeln!(out, "search statistics refreshed")?;
    Ok(())
}
