//! [`GraphSim`]: the handle callers hold. Cheap to clone; the server stops when the last
//! clone is dropped or [`GraphSim::shutdown`] is called.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use anyhow::Context as _;
use loket_domain::Clock;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

use crate::faults::Faults;
use crate::graph::media::{MediaFaults, MediaStore};
use crate::outbound::Outbound;
use crate::stats::{Counters, RequestLog, RequestRecord, SimStats};
use crate::statuses::Statuses;
use crate::templates::Template;
use crate::window::Window;
use crate::{GRAPH_VERSION, SimConfig};

/// How long the simulator waits for Loket to answer a webhook (Messenger documents 20 s).
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(20);

/// The simulated Meta Graph API and webhook sender. See the crate docs.
#[derive(Clone)]
pub struct GraphSim {
    pub(crate) shared: Arc<Shared>,
    server: Arc<ServerGuard>,
}

/// State shared by the handle and the server's handlers.
pub(crate) struct Shared {
    pub config: SimConfig,
    pub webhook_url: RwLock<String>,
    pub clock: Arc<dyn Clock>,
    pub addr: SocketAddr,
    pub media: Mutex<MediaStore>,
    pub faults: Mutex<MediaFaults>,
    pub media_urls_in_webhooks: AtomicBool,
    pub counters: Counters,
    pub log: RequestLog,
    pub http: reqwest::Client,
    /// Signs download URLs (`hash=`), so a tampered `ext` or `mid` gives 404.
    pub url_key: [u8; 32],
    pub window: Mutex<Window>,
    pub send_faults: Mutex<Faults>,
    pub outbound: Outbound,
    pub statuses: Statuses,
    pub templates: Mutex<Vec<Template>>,
    /// Turns `true` when the server stops (releases answers held by the timeout fault).
    pub stopping: watch::Receiver<bool>,
}

/// Dropping it (with the last [`GraphSim`]) drops `stop`, which shuts the server down.
struct ServerGuard {
    stop: Mutex<Option<oneshot::Sender<()>>>,
    task: Mutex<Option<JoinHandle<()>>>,
    stopping: watch::Sender<bool>,
}

impl Drop for ServerGuard {
    fn drop(&mut self) {
        self.stopping.send_replace(true);
    }
}

impl Shared {
    pub fn faults(&self) -> std::sync::MutexGuard<'_, MediaFaults> {
        self.faults.lock().unwrap_or_else(|e| e.into_inner())
    }
    pub fn media(&self) -> std::sync::MutexGuard<'_, MediaStore> {
        self.media.lock().unwrap_or_else(|e| e.into_inner())
    }
    pub fn templates(&self) -> std::sync::MutexGuard<'_, Vec<Template>> {
        self.templates.lock().unwrap_or_else(|e| e.into_inner())
    }
    /// `http://127.0.0.1:PORT`: the server's origin (download URLs hang off it).
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl GraphSim {
    /// Start serving the Graph API on `listener` (bind `127.0.0.1:0` in tests). Every time
    /// the simulator needs (timestamps, URL expiry) comes from `clock`.
    pub async fn start(
        listener: tokio::net::TcpListener,
        config: SimConfig,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<GraphSim> {
        let mut addr = listener
            .local_addr()
            .context("reading the listener's address")?;
        if addr.ip().is_unspecified() {
            addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
        }
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(WEBHOOK_TIMEOUT)
            .build()
            .context("building the webhook HTTP client")?;
        let (stopping_tx, stopping) = watch::channel(false);
        let templates = crate::templates::seed()
            .into_iter()
            .map(|mut t| {
                t.id = crate::ids::object_id();
                t
            })
            .collect();
        let shared = Arc::new(Shared {
            webhook_url: RwLock::new(config.webhook_url.clone()),
            config,
            clock,
            addr,
            media: Mutex::default(),
            faults: Mutex::default(),
            media_urls_in_webhooks: AtomicBool::new(true),
            counters: Counters::default(),
            log: RequestLog::default(),
            http,
            url_key: crate::ids::secret_key(),
            window: Mutex::default(),
            send_faults: Mutex::default(),
            outbound: Outbound::default(),
            statuses: Statuses::default(),
            templates: Mutex::new(templates),
            stopping,
        });
        let (stop, stopped) = oneshot::channel::<()>();
        let app = crate::graph::router(shared.clone());
        let task = tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.await;
            };
            if let Err(error) = axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
            {
                tracing::error!(%error, "the Graph API simulator stopped");
            }
        });
        tracing::info!(%addr, "Graph API simulator listening");
        let server = Arc::new(ServerGuard {
            stop: Mutex::new(Some(stop)),
            task: Mutex::new(Some(task)),
            stopping: stopping_tx,
        });
        Ok(GraphSim { shared, server })
    }

    /// `http://127.0.0.1:PORT/v23.0`: what Loket's `graph_base_url` is set to.
    pub fn base_url(&self) -> String {
        format!("{}/{GRAPH_VERSION}", self.shared.origin())
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.shared.addr
    }

    /// The configuration the simulator was started with (the webhook URL as at start).
    pub fn config(&self) -> &SimConfig {
        &self.shared.config
    }

    /// Where webhooks go from now on (Loket may start after the simulator).
    pub fn set_webhook_url(&self, url: impl Into<String>) {
        *self
            .shared
            .webhook_url
            .write()
            .unwrap_or_else(|e| e.into_inner()) = url.into();
    }

    /// The current webhook URL.
    pub fn webhook_url(&self) -> String {
        self.shared
            .webhook_url
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The injected clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.shared.clock
    }

    /// Whether media objects in built webhooks carry a download `url` (Meta's rollout since
    /// 2025-11; on by default). Off tests Loket's fallback to `GET /{media-id}`.
    pub fn set_media_urls_in_webhooks(&self, on: bool) {
        self.shared
            .media_urls_in_webhooks
            .store(on, Ordering::Relaxed);
    }

    /// Counters so far.
    pub fn stats(&self) -> SimStats {
        self.shared.counters.snapshot()
    }

    /// The most recent requests the server answered (up to 10 000), oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.log.records()
    }

    /// The next `n` media-info calls (`GET /{media-id}`) fail with HTTP 500 (Graph code 2,
    /// transient); later ones succeed again.
    pub fn fail_next_media_info(&self, n: u32) {
        self.shared.faults().info_failures = n;
    }

    /// The next `n` media downloads fail with HTTP 500.
    pub fn fail_next_media_downloads(&self, n: u32) {
        self.shared.faults().download_failures = n;
    }

    /// The next `n` successful downloads serve bytes whose sha256 differs from the announced
    /// one (one byte flipped), as a corrupted transfer would.
    pub fn corrupt_next_media_downloads(&self, n: u32) {
        self.shared.faults().corrupt_downloads = n;
    }

    /// The next `n` successful downloads arrive slowly but steadily: `chunk_bytes` at a
    /// time with `pause` between (a large video on a modest line).
    pub fn trickle_next_media_downloads(&self, n: u32, chunk_bytes: usize, pause: Duration) {
        let mut faults = self.shared.faults();
        faults.trickled_downloads = n;
        faults.trickle = (chunk_bytes, pause);
    }

    /// Stop the server and wait until it has stopped (answers held by the timeout fault are
    /// released first). Other clones stop working too.
    pub async fn shutdown(&self) {
        self.server.stopping.send_replace(true);
        let stop = self
            .server
            .stop
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(stop) = stop {
            let _ = stop.send(());
        }
        let task = self
            .server
            .task
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }
}

impl std::fmt::Debug for GraphSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphSim")
            .field("addr", &self.shared.addr)
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}
