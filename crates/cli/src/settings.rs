//! The configuration file (TOML) with `LOKET__SECTION__KEY` environment overrides.
//! The full format is documented in `docs/configuration.md`.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Toml};
use loket_engine::provision::{OrgSpec, Provisioning};
use loket_engine::secrets::SecretKey;
use loket_store::{MetaApp, NewWhatsappChannel};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

pub use crate::storage::StorageSettings;

/// The key shipped in `loket.example.toml`: fine to try Loket, never for real secrets.
const EXAMPLE_SECRET_KEY: &str = "bG9rZXQtZXhhbXBsZS1rZXktY2hhbmdlLW1lLW5vdyE=";

/// Meta's production Graph API.
pub const DEFAULT_GRAPH_BASE_URL: &str = "https://graph.facebook.com/v23.0";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    #[serde(default)]
    pub storage: StorageSettings,
    #[serde(default)]
    pub log: LogSettings,
    #[serde(default, rename = "whatsapp_app")]
    pub whatsapp_apps: Vec<AppSettings>,
    #[serde(default, rename = "organisation")]
    pub organisations: Vec<OrgSettings>,
    /// `[attachments]`: virus scanner and photo originals (`safety_settings.rs`).
    #[serde(default)]
    pub attachments: crate::safety_settings::AttachmentSettings,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    pub database_url: String,
    /// Tokens for deployment-wide admin endpoints (e.g. unrouted events).
    #[serde(default)]
    pub admin_tokens: Vec<SecretString>,
    /// Where Prometheus metrics are served (a separate, private listener); off when unset.
    #[serde(default)]
    pub metrics_listen: Option<SocketAddr>,
    /// Connection timeouts in seconds (see [`Settings::server_limits`]); `None`: the default.
    #[serde(default)]
    pub header_read_timeout: Option<u64>,
    #[serde(default)]
    pub body_read_timeout: Option<u64>,
    #[serde(default)]
    pub idle_timeout: Option<u64>,
    /// Seals the secrets kept in the database (32 bytes, base64 or hex). Required to start
    /// an engine; optional here so commands without one (e.g. `load`) need none.
    #[serde(default)]
    pub secret_key: Option<SecretString>,
    /// Group committers storing webhooks in parallel; unset: 1 on SQLite (one writer),
    /// 2 on PostgreSQL.
    #[serde(default)]
    pub ingest_committers: Option<usize>,
    /// The address browsers use to reach Loket, e.g. `https://loket.voorbeeld.nl`. When it
    /// is HTTPS, answers carry HSTS and cookies are `Secure`.
    #[serde(default)]
    pub public_url: Option<String>,
    /// Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For` names the client,
    /// for the sign-in lockout and the audit log; unset: the TCP peer is the client.
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    /// `text` (default) or `json`.
    #[serde(default)]
    pub format: Option<String>,
    /// A `tracing` filter such as `info,loket_engine=debug`; `RUST_LOG` wins.
    #[serde(default)]
    pub filter: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppSettings {
    pub name: String,
    pub app_secret: SecretString,
    pub verify_token: SecretString,
    #[serde(default = "default_graph")]
    pub graph_base_url: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgSettings {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub api_tokens: Vec<SecretString>,
    /// A resident's message reopens a conversation resolved less than this many hours ago.
    #[serde(default)]
    pub reopen_within_hours: Option<u64>,
    #[serde(default, rename = "channel")]
    pub channels: Vec<ChannelSettings>,
    /// The organisation's house style in the web pages.
    #[serde(default)]
    pub theme: Option<ThemeSettings>,
    /// `[[organisation.team]]`: declared teams (read-only in Loket, like channels).
    #[serde(default, rename = "team")]
    pub teams: Vec<TeamSettings>,
    /// Members must pass a second factor (TOTP) to work for this organisation.
    #[serde(default)]
    pub require_2fa: bool,
    /// `[organisation.retention]`: how long resolved conversations are kept (`retention.rs`).
    #[serde(default)]
    pub retention: Option<crate::retention::RetentionSettings>,
    /// `[organisation.links]`: allow- and block-listed link domains (`safety_settings.rs`).
    #[serde(default)]
    pub links: Option<crate::safety_settings::LinkSettings>,
    /// `[organisation.privacy]`: masking, the resident's notice, outbound BSN (issue 10).
    #[serde(default)]
    pub privacy: Option<crate::privacy_settings::PrivacySettings>,
    /// `{{openingstijden}}` in saved replies: the opening hours as residents should read
    /// them (until office hours arrive, issue 12).
    #[serde(default)]
    pub opening_hours_text: Option<String>,
    /// `[organisation.office_hours]`: office hours and the automatic messages around them
    /// (issue 12, `hours_settings.rs`). Absent: always open.
    #[serde(default)]
    pub office_hours: Option<crate::hours_settings::OfficeHoursSettings>,
    /// `[organisation.auto_assignment]`: new conversations round robin to online agents
    /// (issue 12, `assignment_settings.rs`). Absent: nobody is assigned automatically.
    #[serde(default)]
    pub auto_assignment: Option<crate::assignment_settings::AutoAssignSettings>,
    /// `[organisation.sla]`: SLA targets in working minutes (`sla_settings.rs`). Absent:
    /// the defaults.
    pub sla: Option<crate::sla_settings::SlaSettings>,
    /// `[organisation.contact_requests]`: promised time, texts, template and one-click
    /// teams (`contact_request_settings.rs`). Absent: the defaults, no one-click buttons.
    #[serde(default)]
    pub contact_requests: Option<crate::contact_request_settings::ContactRequestsToml>,
}

/// `[organisation.theme]`: colours and logo as design tokens, and the form of address.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeSettings {
    /// `#rrggbb`, dark enough for white text (4.5:1).
    #[serde(default)]
    pub primary_color: Option<String>,
    /// A path on this server (`/logo.svg`) or an `https://` URL.
    #[serde(default)]
    pub logo_url: Option<String>,
    /// `u` (formal, the default) or `je`.
    #[serde(default)]
    pub tone: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamSettings {
    pub slug: String,
    pub name: String,
    /// Extra questions a contactverzoek to this team asks (e.g. "Kenmerk parkeerboete").
    #[serde(default)]
    pub contact_request_questions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSettings {
    pub kind: String,
    pub name: String,
    pub app: String,
    pub phone_number_id: String,
    pub display_phone_number: String,
    pub waba_id: String,
    pub access_token: SecretString,
    /// `[organisation.channel.office_hours]`: this channel's own keys over the
    /// organisation's office hours (`hours_settings.rs`).
    #[serde(default)]
    pub office_hours: Option<crate::hours_settings::OfficeHoursSettings>,
    /// `[organisation.channel.auto_assignment]`: this channel's own rule (the whole table),
    /// or `enabled = false` for none.
    #[serde(default)]
    pub auto_assignment: Option<crate::assignment_settings::AutoAssignSettings>,
}

fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}
fn default_graph() -> String {
    DEFAULT_GRAPH_BASE_URL.to_owned()
}

impl Settings {
    /// Read `path`, then apply `LOKET__SECTION__KEY` environment overrides.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        if !path.exists() {
            anyhow::bail!("configuration file {} does not exist", path.display());
        }
        Self::from_figment(Figment::new().merge(Toml::file(path)))
            .with_context(|| format!("reading configuration {}", path.display()))
    }

    pub fn from_toml(text: &str) -> anyhow::Result<Self> {
        Self::from_figment(Figment::new().merge(Toml::string(text)))
    }

    fn from_figment(figment: Figment) -> anyhow::Result<Self> {
        Ok(figment
            .merge(Env::prefixed("LOKET__").split("__"))
            .extract()?)
    }

    /// What the file declares, for the engine to apply.
    pub fn provisioning(&self) -> anyhow::Result<Provisioning> {
        let apps = self
            .whatsapp_apps
            .iter()
            .map(|a| MetaApp {
                name: a.name.clone(),
                app_secret: a.app_secret.expose_secret().to_owned(),
                verify_token: a.verify_token.expose_secret().to_owned(),
                graph_base_url: a.graph_base_url.trim_end_matches('/').to_owned(),
            })
            .collect();
        let mut organisations = Vec::new();
        for org in &self.organisations {
            let mut whatsapp_channels = Vec::new();
            for ch in &org.channels {
                if ch.kind != "whatsapp" {
                    anyhow::bail!(
                        "organisation {:?}: channel kind {:?} is not supported yet (only \"whatsapp\")",
                        org.slug,
                        ch.kind
                    );
                }
                whatsapp_channels.push(NewWhatsappChannel {
                    name: ch.name.clone(),
                    app_name: ch.app.clone(),
                    phone_number_id: ch.phone_number_id.clone(),
                    display_phone_number: ch.display_phone_number.clone(),
                    waba_id: ch.waba_id.clone(),
                    access_token: ch.access_token.expose_secret().to_owned(),
                });
            }
            organisations.push(OrgSpec {
                slug: org.slug.clone(),
                name: org.name.clone(),
                api_tokens: org
                    .api_tokens
                    .iter()
                    .map(|t| t.expose_secret().to_owned())
                    .collect(),
                reopen_within: org
                    .reopen_within_hours
                    .map(|h| Duration::from_secs(h * 3600)),
                whatsapp_channels,
                teams: org
                    .teams
                    .iter()
                    .map(|t| loket_engine::records::NewTeam {
                        slug: t.slug.clone(),
                        name: t.name.clone(),
                    })
                    .collect(),
                require_2fa: org.require_2fa,
            });
        }
        Ok(Provisioning {
            apps,
            organisations,
        })
    }

    /// `server.secret_key`, parsed. Missing or malformed stops the start with what to do.
    pub fn secret_key(&self) -> anyhow::Result<SecretKey> {
        let Some(text) = &self.server.secret_key else {
            anyhow::bail!(
                "server.secret_key is not set: Loket seals the app secrets, verify tokens and \
                 access tokens it stores with it. Generate one with `openssl rand -base64 32` and \
                 set it in the file or as LOKET__SERVER__SECRET_KEY (and keep it with your backups)"
            );
        };
        if text.expose_secret().trim() == EXAMPLE_SECRET_KEY {
            tracing::warn!(
                "server.secret_key is the one from loket.example.toml: generate your own before real use"
            );
        }
        SecretKey::parse(text.expose_secret()).context("server.secret_key")
    }

    pub fn admin_token_hashes(&self) -> Vec<String> {
        self.server
            .admin_tokens
            .iter()
            .map(|t| loket_engine::provision::hash_api_token(t.expose_secret()))
            .collect()
    }
}

impl Settings {
    /// Each organisation's `opening_hours_text`, for `{{openingstijden}}` in saved replies.
    /// An empty text counts as none (the variable is then shown as missing).
    pub fn opening_hours(&self) -> loket_engine::replies::OpeningHours {
        loket_engine::replies::OpeningHours(
            self.organisations
                .iter()
                .filter_map(|org| {
                    let text = org.opening_hours_text.as_deref()?.trim();
                    (!text.is_empty()).then(|| (org.slug.clone(), text.to_owned()))
                })
                .collect(),
        )
    }
}
