//! `loket audit verify`: recompute every audit chain (or one organisation's) and say, per
//! chain, how many entries are intact — or name the first broken link and exit non-zero.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use loket_domain::time::SystemClock;
use loket_engine::audit::ChainReport;

use crate::runtime::build_engine;
use crate::settings::Settings;

#[derive(Args, Debug)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub command: AuditCommand,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Recompute the hash chains; exits non-zero when one is broken.
    Verify {
        #[arg(long, short, env = "LOKET_CONFIG")]
        config: PathBuf,
        /// Only this organisation's chain (its slug).
        #[arg(long)]
        org: Option<String>,
    },
}

pub async fn run(args: AuditArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let AuditCommand::Verify { config, org } = args.command;
    let settings = Settings::load(&config)?;
    let engine = build_engine(&settings, Arc::new(SystemClock)).await?;
    let only = match org {
        Some(slug) => {
            let org = engine
                .find_organisation_by_slug(&slug)
                .await?
                .with_context(|| format!("no organisation with slug {slug:?}"))?;
            Some(org.id.to_string())
        }
        None => None,
    };
    let reports = engine.verify_audit(only.as_deref()).await?;
    let mut broken = 0;
    for report in &reports {
        writeln!(out, "{}", line(report))?;
        broken += usize::from(report.broken.is_some());
    }
    if reports.is_empty() {
        writeln!(out, "no audit entries yet")?;
    }
    if broken > 0 {
        bail!("{broken} audit chain(s) broken");
    }
    Ok(())
}

/// `<slug or key>: <n> entries OK, last hash <h>` or `…: BROKEN at seq …`.
fn line(report: &ChainReport) -> String {
    let name = match &report.slug {
        Some(slug) => format!("{slug} ({})", report.chain),
        None => report.chain.clone(),
    };
    match &report.broken {
        None => format!(
            "{name}: {} entries OK, last hash {}",
            report.count, report.last_hash
        ),
        Some(broken) => format!(
            "{name}: BROKEN — {broken} ({} entries intact before it)",
            report.count
        ),
    }
}
