//! Loket's application layer: every operation a person, an integration or a job performs
//! (ingest, provision, read, reply…) lives here, so each rule has exactly one home.
//! The HTTP API, the CLI and the job worker are thin callers.

mod admin;
pub mod assignment;
pub mod attachments;
pub mod audit;
pub mod automation;
pub mod avg;
pub mod blobs;
pub mod bus;
pub mod commit;
pub mod contact_requests;
pub mod conversations;
pub mod error;
pub mod hours;
pub mod inbox;
pub mod ingest;
pub mod jobs;
pub mod knowledge;
pub mod live;
pub mod media;
pub mod mentions;
pub mod notes;
pub mod operator;
pub mod outbound;
pub mod people;
pub mod privacy;
pub mod provision;
pub mod query;
mod replay;
pub mod replies;
pub mod residents;
pub mod retention;
mod routes;
pub mod search;
pub mod secrets;
pub mod sla;
#[cfg(feature = "testing")]
pub mod testing;
pub mod timeline;
pub mod wrap_ups;

use std::sync::{Arc, RwLock};

use loket_domain::Clock;
use loket_store::{DynStore, MetaApp};
use object_store::ObjectStore;
use tokio::sync::Notify;

pub use bus::{Bus, Event};
pub use error::EngineError;

/// The store's types that the engine's callers see (rows, filters, patches), re-exported
/// so callers depend on the engine only. The store itself stays private to the engine.
pub mod records {
    pub use loket_store::NoteRecord;
    pub use loket_store::PageBefore;
    pub use loket_store::SavedReply;
    pub use loket_store::retention::{LegalHold, RemovalCounts, RetentionRun, RetentionState};
    pub use loket_store::{AuditFilter, AuditRecord};
    pub use loket_store::{AutomationRuleRecord, AutomationRunRecord};
    pub use loket_store::{COUNT_CAP, ConversationSearch};
    pub use loket_store::{
        Channel, ConversationEvent, ConversationFilter, ConversationPatch, ConversationRecord,
        MediaState, MessageRecord, Organisation, Page, PageRequest, QueueStats, TemplateRecord,
        UnroutedEvent,
    };
    pub use loket_store::{ContactConversation, ContactRecord, Label};
    pub use loket_store::{ContactRequest, ContactRequestFilter, ContactRequestStep, Expectation};
    pub use loket_store::{ConversationCursor, ConversationOrder, LastMessage};
    pub use loket_store::{ErasedCounts, HeldConversation};
    pub use loket_store::{KbSynonymList, KnowledgeArticle, KnowledgeFeedback};
    pub use loket_store::{Membership, NewTeam, Team, User, UserListing};
    pub use loket_store::{MentionCursor, MentionPage, MentionRecord};
    pub use loket_store::{WrapUpCount, WrapUpRecord};
}

/// How long an instance trusts its cached Meta apps and routes before reading them again.
pub const CONFIG_TTL: std::time::Duration = std::time::Duration::from_secs(60);

/// Cheap to clone: everything is behind one `Arc`.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    store: DynStore,
    clock: Arc<dyn Clock>,
    bus: Bus,
    blobs: Arc<dyn ObjectStore>,
    http: reqwest::Client,
    /// Meta apps (webhook secrets), loaded from the store; refreshed by provisioning.
    apps: RwLock<Arc<Vec<MetaApp>>>,
    /// When the apps were loaded (by the injected clock): another instance may provision,
    /// so the apps and routes are reloaded once they are older than [`CONFIG_TTL`].
    apps_loaded_at: std::sync::Mutex<Option<loket_domain::Timestamp>>,
    routes: routes::RouteCache,
    limiter: outbound::limits::Limiter,
    /// Wakes the job worker when new jobs were committed.
    jobs_ready: Notify,
    options: EngineOptions,
    committer: std::sync::OnceLock<commit::Committer>,
    /// Set once the secret key was checked against the database (`secrets.rs`).
    secrets_unlocked: tokio::sync::OnceCell<()>,
    /// The live event feed, its tasks started on first use (`live/`).
    live: std::sync::OnceLock<live::Feed>,
    /// Knowledge-base search indexes per organisation (`knowledge/index.rs`).
    knowledge: knowledge::KbCache,
    /// Office hours and automatic texts per organisation (`hours/`).
    hours: hours::HoursCache,
    /// Auto-assignment's rules per organisation (`assignment.rs`).
    assignment: assignment::AssignmentRules,
    /// Contactverzoeken settings per organisation (`contact_requests/settings.rs`).
    contact_requests: contact_requests::settings::SettingsCache,
}

/// Tunables with production defaults; tests shorten the timeouts.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// How long a send may wait for Meta's answer before its outcome is "uncertain".
    pub send_timeout: std::time::Duration,
    pub limits: outbound::limits::LimitConfig,
    pub group_commit: commit::GroupCommitConfig,
    /// Seals the secrets kept in the database. The default is a fresh random key, right for
    /// tests over a database of their own; `serve` always sets the configured one.
    pub secret_key: secrets::SecretKey,
    pub live: live::LiveOptions,
    /// The retention policies the worker runs (none: retention does not run).
    pub retention: retention::RetentionConfig,
    /// Type sniffing, virus scanning and metadata stripping of residents' files.
    pub attachments: attachments::AttachmentOptions,
    /// `{{openingstijden}}` in saved replies, per organisation.
    pub opening_hours: replies::OpeningHours,
    /// SLA targets per organisation (`[organisation.sla]`; others get the defaults).
    pub sla: sla::SlaPolicies,
}

impl Default for EngineOptions {
    fn default() -> Self {
        Self {
            send_timeout: loket_channels::whatsapp::DEFAULT_SEND_TIMEOUT,
            limits: outbound::limits::LimitConfig::default(),
            group_commit: commit::GroupCommitConfig::default(),
            secret_key: secrets::SecretKey::generate(),
            live: live::LiveOptions::default(),
            retention: retention::RetentionConfig::default(),
            attachments: attachments::AttachmentOptions::default(),
            opening_hours: replies::OpeningHours::default(),
            sla: sla::SlaPolicies::default(),
        }
    }
}

impl Engine {
    pub fn new(
        store: DynStore,
        clock: Arc<dyn Clock>,
        blobs: Arc<dyn ObjectStore>,
        http: reqwest::Client,
    ) -> Self {
        Self::with_options(store, clock, blobs, http, EngineOptions::default())
    }

    pub fn with_options(
        store: DynStore,
        clock: Arc<dyn Clock>,
        blobs: Arc<dyn ObjectStore>,
        http: reqwest::Client,
        options: EngineOptions,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                clock,
                bus: Bus::default(),
                blobs,
                http,
                apps: RwLock::new(Arc::new(Vec::new())),
                apps_loaded_at: std::sync::Mutex::new(None),
                routes: routes::RouteCache::default(),
                limiter: outbound::limits::Limiter::new(options.limits),
                jobs_ready: Notify::new(),
                options,
                committer: std::sync::OnceLock::new(),
                secrets_unlocked: tokio::sync::OnceCell::new(),
                live: std::sync::OnceLock::new(),
                knowledge: knowledge::KbCache::default(),
                hours: hours::HoursCache::default(),
                assignment: assignment::AssignmentRules::default(),
                contact_requests: Default::default(),
            }),
        }
    }

    /// Private to the engine: callers use its operations, so every rule has one home.
    pub(crate) fn store(&self) -> &DynStore {
        &self.inner.store
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.inner.clock
    }

    /// Also starts the live event tasks (`live/`), so what is published reaches the log.
    pub fn bus(&self) -> &Bus {
        self.live_feed();
        &self.inner.bus
    }

    pub fn blobs(&self) -> &Arc<dyn ObjectStore> {
        &self.inner.blobs
    }

    /// The group committer, started on first use (it needs the async runtime).
    fn committer(&self) -> &commit::Committer {
        self.inner
            .committer
            .get_or_init(|| commit::start_for(&self.inner, self.inner.options.group_commit))
    }

    /// Group commit so far: how many commits carried how many webhooks.
    pub fn commit_stats(&self) -> commit::CommitStats {
        self.committer().stats()
    }

    /// (Re)load the enabled Meta apps from the store, their secrets opened.
    pub async fn load_apps(&self) -> Result<(), EngineError> {
        self.unlock_secrets().await?;
        let mut apps = self.inner.store.list_meta_apps().await?;
        for app in &mut apps {
            app.app_secret = self.open(&app.app_secret)?;
            app.verify_token = self.open(&app.verify_token)?;
        }
        *self.inner.apps.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(apps);
        *self.apps_loaded_at() = Some(self.clock().now());
        Ok(())
    }

    /// Reload the apps and forget the cached routes when they are older than
    /// [`CONFIG_TTL`]: another instance on the same database may have removed an app or a
    /// channel. An engine that never loaded its apps has nothing to refresh. Returns
    /// whether it reloaded.
    pub async fn refresh_config_if_stale(&self) -> Result<bool, EngineError> {
        let loaded_at = *self.apps_loaded_at();
        let stale = loaded_at
            .is_some_and(|at| loket_domain::time::add(at, CONFIG_TTL) <= self.clock().now());
        if !stale {
            return Ok(false);
        }
        self.load_apps().await?;
        self.forget_routes();
        Ok(true)
    }

    fn apps_loaded_at(&self) -> std::sync::MutexGuard<'_, Option<loket_domain::Timestamp>> {
        self.inner
            .apps_loaded_at
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    fn apps(&self) -> Arc<Vec<MetaApp>> {
        self.inner
            .apps
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Whether `header` is a valid `X-Hub-Signature-256` of `body` for any configured app.
    pub fn verify_meta_signature(&self, body: &[u8], header: &str) -> bool {
        !self.meta_apps_signing(body, header).is_empty()
    }

    /// The names of the configured apps whose secret makes `header` a valid signature.
    pub fn meta_apps_signing(&self, body: &[u8], header: &str) -> Vec<String> {
        self.apps()
            .iter()
            .filter(|app| {
                loket_channels::whatsapp::signature::verify(app.app_secret.as_bytes(), body, header)
            })
            .map(|app| app.name.clone())
            .collect()
    }

    /// Whether `token` is the verify token of a configured app (the webhook GET handshake).
    pub fn verify_token_matches(&self, token: &str) -> bool {
        self.apps()
            .iter()
            .any(|app| constant_time_eq(app.verify_token.as_bytes(), token.as_bytes()))
    }

    pub(crate) fn app(&self, name: &str) -> Option<MetaApp> {
        self.apps().iter().find(|a| a.name == name).cloned()
    }
}

/// Whether two secrets are equal, in time that does not depend on where they differ
/// (`subtle`: the optimiser cannot turn it back into an early exit). Only the length may
/// show, and secrets here have fixed or public lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}
