//! `loket`: the omnichannel webcare platform for Dutch municipalities.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use loket_cli::settings::Settings;
use loket_cli::{
    audit, backup, bench_pages, bench_search, demo, generate, kb_eval, kb_import, load, logging,
    pii_eval, reindex, runtime, users,
};
use loket_domain::time::SystemClock;

#[derive(Parser)]
#[command(
    name = "loket",
    version,
    about = "Loket: one shared inbox for a municipality's WhatsApp and other channels"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run Loket with a configuration file.
    Serve {
        #[arg(long, short, env = "LOKET_CONFIG")]
        config: PathBuf,
    },
    /// Apply database migrations and exit.
    Migrate {
        #[arg(long, short, env = "LOKET_CONFIG")]
        config: PathBuf,
    },
    /// Run a demo: embedded SQLite, the built-in WhatsApp simulator and simulated residents.
    Demo(demo::DemoArgs),
    /// Load test a running Loket with signed webhooks; report throughput, latency, losses.
    Load(load::LoadArgs),
    /// Load test `GET /events`: many clients at once, webhook-to-event latency, memory.
    LoadEvents(load::live::LiveLoadArgs),
    /// Copy the database to a file while Loket runs (SQLite; see docs for PostgreSQL).
    Backup {
        #[arg(long, short, env = "LOKET_CONFIG")]
        config: PathBuf,
        /// Where to write the copy (must not exist).
        #[arg(long)]
        to: PathBuf,
    },
    /// Generate a large organisation's history through the bulk-load path (benchmarks).
    Generate(generate::GenerateArgs),
    /// Measure server-side page rendering on generated data (see BENCHMARKS.md).
    BenchPages(bench_pages::BenchPagesArgs),
    /// Measure message search on generated data (see BENCHMARKS.md).
    BenchSearch(bench_search::BenchSearchArgs),
    /// Mark messages to be indexed for search again and index them, printing counts.
    Reindex(reindex::ReindexArgs),
    /// Manage people: add, list, disable, reset-password, reset-2fa.
    User(users::UserArgs),
    /// Precision and recall of personal-data detection per kind (see BENCHMARKS.md).
    PiiEval(pii_eval::PiiEvalArgs),
    /// Knowledge-base search quality: top-1/top-3 on the FAQ fixtures (see BENCHMARKS.md).
    KbEval(kb_eval::KbEvalArgs),
    /// The knowledge base: `import` question/answer CSV files into an organisation.
    Kb(kb_import::KbArgs),
    /// The audit log: `verify` recomputes its hash chains.
    Audit(audit::AuditArgs),
    /// Retention: apply the configured policies now and print what was removed (counts).
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// Remove or anonymise what is due (the worker also does this every hour).
    Run {
        #[arg(long, short, env = "LOKET_CONFIG")]
        config: PathBuf,
        /// Count what is due, remove nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Serve { config } => serve(config).await,
        Command::Migrate { config } => {
            let settings = Settings::load(&config)?;
            logging::init(
                settings.log.format.as_deref(),
                settings.log.filter.as_deref(),
            );
            runtime::build_engine(&settings, Arc::new(SystemClock)).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::PiiEval(args) => pii_eval::run(args),
        Command::KbEval(args) => kb_eval::run(args),
        Command::Demo(args) => {
            logging::init(None, Some("warn"));
            demo::run(args).await
        }
        Command::Load(args) => {
            logging::init(None, Some("warn"));
            load::run(args).await
        }
        Command::Generate(args) => {
            logging::init(None, Some("warn"));
            generate::run(args).await
        }
        Command::BenchPages(args) => {
            logging::init(None, Some("warn"));
            bench_pages::run(args).await
        }
        Command::BenchSearch(args) => {
            logging::init(None, Some("warn"));
            bench_search::run(args).await
        }
        Command::Reindex(args) => {
            logging::init(None, Some("warn"));
            reindex::run(args, &mut std::io::stdout()).await
        }
        Command::LoadEvents(args) => {
            logging::init(None, Some("warn"));
            load::live::run(args).await
        }
        Command::Backup { config, to } => {
            let settings = Settings::load(&config)?;
            logging::init(
                settings.log.format.as_deref(),
                settings.log.filter.as_deref(),
            );
            backup::run(&settings, &to).await
        }
        Command::Retention {
            command: RetentionCommand::Run { config, dry_run },
        } => {
            let settings = Settings::load(&config)?;
            logging::init(
                settings.log.format.as_deref(),
                settings.log.filter.as_deref(),
            );
            loket_cli::retention::run(&settings, dry_run).await
        }
        Command::User(args) => {
            logging::init(None, Some("warn"));
            let mut input = std::io::stdin().lock();
            users::run(args.command, &mut input, &mut std::io::stdout()).await
        }
        Command::Kb(args) => {
            logging::init(None, Some("warn"));
            kb_import::run(args, &mut std::io::stdout()).await
        }
        Command::Audit(args) => {
            logging::init(None, Some("warn"));
            audit::run(args, &mut std::io::stdout()).await
        }
    }
}

async fn serve(config: PathBuf) -> anyhow::Result<()> {
    let settings = Settings::load(&config)?;
    logging::init(
        settings.log.format.as_deref(),
        settings.log.filter.as_deref(),
    );
    if cfg!(feature = "bench-without-detection") {
        tracing::error!("benchmark build: personal data is NOT detected or masked");
    }
    let listener = tokio::net::TcpListener::bind(settings.server.listen)
        .await
        .with_context(|| format!("binding {}", settings.server.listen))?;
    let loket = runtime::start(&settings, Arc::new(SystemClock), listener).await?;
    tracing::info!(url = %loket.url(), "Loket is running");
    shutdown_signal().await;
    tracing::info!("shutting down: draining requests and jobs");
    loket.shutdown().await
}

/// Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
