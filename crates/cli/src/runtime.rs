//! Wiring: store, engine, provisioning, HTTP server and job worker, started together and
//! stopped together (in-flight requests drained, the running job finished).

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use loket_domain::Clock;
use loket_engine::{Engine, EngineOptions};
use loket_web::AppState;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::settings::Settings;

/// A running Loket instance.
pub struct Loket {
    pub addr: SocketAddr,
    pub engine: Engine,
    stop: watch::Sender<bool>,
    server: JoinHandle<std::io::Result<()>>,
    worker: JoinHandle<()>,
}

/// Connect, migrate, provision, then serve on `listener` and run the job worker.
pub async fn start(
    settings: &Settings,
    clock: Arc<dyn Clock>,
    listener: TcpListener,
) -> anyhow::Result<Loket> {
    let limits = settings.server_limits()?;
    let engine = build_engine(settings, clock).await?;
    let blobs = &settings.storage.blobs;
    loket_engine::blobs::check_blob_store(engine.blobs().as_ref())
        .await
        .with_context(|| format!("the blob store ({blobs}) cannot keep media"))?;
    // Checked before anything is applied: a misspelt policy stops the start at once.
    let privacy = settings.privacy_policies()?;
    let office_hours = settings.office_hours()?;
    let assignment = settings.auto_assignment()?;
    let contact_requests = settings.contact_requests()?;
    let report = engine
        .provision(&settings.provisioning()?)
        .await
        .context("applying the configuration's organisations and channels")?;
    engine
        .apply_privacy_policies(&privacy)
        .await
        .context("applying the organisations' privacy policies")?;
    engine
        .apply_office_hours(&office_hours)
        .await
        .context("applying the organisations' office hours")?;
    engine
        .apply_auto_assignment(&assignment)
        .await
        .context("applying the organisations' auto-assignment (is the team declared?)")?;
    crate::contact_request_settings::apply(&engine, contact_requests).await?;
    tracing::info!(
        apps = report.apps,
        organisations = report.organisations,
        channels = report.channels,
        replayed = report.replayed,
        disabled = report.disabled,
        "configuration applied"
    );
    let orgs = organisation_ids(&engine, settings).await?;
    engine.schedule_template_syncs(&orgs).await?;
    let (stop, stopped) = watch::channel(false);
    let state = AppState {
        engine: engine.clone(),
        admin_token_hashes: Arc::new(settings.admin_token_hashes()),
        web: settings.web_settings()?,
    };
    let addr = listener.local_addr()?;
    let server = tokio::spawn(loket_web::serve_with(
        listener,
        loket_web::router(state),
        wait(stopped.clone()),
        limits,
    ));
    let worker_engine = engine.clone();
    if let Some(addr) = settings.server.metrics_listen {
        crate::metrics::install(addr)?;
        tokio::spawn(crate::metrics::watch_queue(
            engine.clone(),
            wait(stopped.clone()),
        ));
        tracing::info!(%addr, "metrics at /metrics");
    }
    let schedule_stop = wait(stopped.clone());
    let worker = tokio::spawn(async move { worker_engine.run_worker(wait(stopped)).await });
    let sync_engine = engine.clone();
    let sync_every =
        loket_domain::time::real_duration(engine.clock().as_ref(), TEMPLATE_SYNC_EVERY);
    tokio::spawn(async move {
        // Templates change rarely; Meta's status webhooks cover most changes in between.
        tokio::pin!(schedule_stop);
        loop {
            tokio::select! {
                _ = &mut schedule_stop => return,
                _ = tokio::time::sleep(sync_every) => {}
            }
            if let Err(e) = sync_engine.schedule_template_syncs(&orgs).await {
                tracing::warn!(error = %e, "could not schedule template syncs");
            }
        }
    });
    Ok(Loket {
        addr,
        engine,
        stop,
        server,
        worker,
    })
}

/// The store (migrated) and the engine over it, without serving.
pub async fn build_engine(settings: &Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Engine> {
    let secret_key = settings.secret_key()?;
    let store = loket_store::connect(&settings.server.database_url)
        .await
        .context("connecting to the database")?;
    store.migrate().await.context("migrating the database")?;
    let blobs = loket_engine::blobs::open_blob_store(&settings.storage.blobs)
        .context("opening the blob store ([storage])")?;
    // Connect and read (idle) timeouts only: each Graph call sets its own total limit, which
    // for a media transfer grows with the file's allowed size.
    let timeouts = loket_channels::whatsapp::GraphTimeouts::default();
    let http =
        loket_channels::whatsapp::http_client(&timeouts).context("building the HTTP client")?;
    let options = EngineOptions {
        secret_key,
        group_commit: loket_engine::commit::GroupCommitConfig {
            committers: settings.server.ingest_committers,
            ..Default::default()
        },
        retention: settings.retention()?,
        attachments: settings.attachment_options()?,
        opening_hours: settings.opening_hours(),
        sla: settings.sla()?,
        ..Default::default()
    };
    let engine = Engine::with_options(store, clock, blobs, http, options);
    // Also checks the secret key against the database, and seals plaintext from before.
    engine.load_apps().await?;
    Ok(engine)
}

/// How often every channel's templates are fetched from Meta.
const TEMPLATE_SYNC_EVERY: std::time::Duration = std::time::Duration::from_secs(6 * 3600);

async fn organisation_ids(
    engine: &Engine,
    settings: &Settings,
) -> anyhow::Result<Vec<loket_domain::OrgId>> {
    let mut ids = Vec::new();
    for org in &settings.organisations {
        if let Some(found) = engine.find_organisation_by_slug(&org.slug).await? {
            ids.push(found.id);
        }
    }
    Ok(ids)
}

impl Loket {
    /// Stop accepting, drain in-flight requests, finish the running job.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        let _ = self.stop.send(true);
        self.engine.end_live_streams();
        self.server.await.context("server task")??;
        self.worker.await.context("worker task")?;
        Ok(())
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn wait(mut stopped: watch::Receiver<bool>) {
    let _ = stopped.wait_for(|stop| *stop).await;
}
