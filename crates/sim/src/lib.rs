//! The Meta Graph API simulator: what Loket talks to instead of `graph.facebook.com` in the
//! demo, in tests and in load benchmarks. It follows Meta's documented wire format exactly
//! (see `shared/reference/whatsapp-cloud-api.md`).
//!
//! - [`GraphSim`] serves the Graph API under `/v23.0` (media info, Bearer-protected download
//!   URLs that expire after five minutes) and delivers signed, PHP-escaped webhooks to Loket.
//! - Builders ([`GraphSim::envelope`], [`GraphSim::text`], …) produce inbound message objects
//!   the way Meta sends them.
//! - The outbound half: `POST /{phone-number-id}/messages` (validated like Meta, with the
//!   24-hour window, switchable [`SendFault`]s and optional rate limits), mark-as-read,
//!   `POST /{phone-number-id}/media`, `GET /{waba-id}/message_templates`; every accepted send
//!   lands in [`GraphSim::sent_messages`] and is followed by signed status webhooks as the
//!   [`StatusPlan`] says.
//! - [`Traffic`] plays Dutch residents' [`Scenario`]s against Loket at a steady or bursty pace.
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! use std::sync::Arc;
//! use loket_domain::time::SystemClock;
//! use loket_sim::{GraphSim, Pace, SimConfig, Traffic};
//!
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let config = SimConfig::example("http://127.0.0.1:8080/webhooks/whatsapp");
//! let sim = GraphSim::start(listener, config, Arc::new(SystemClock)).await?;
//! // Point Loket's graph_base_url at sim.base_url(), then:
//! let report = Traffic::new(&sim, Pace::Steady { per_minute: 30 }).run(100).await;
//! println!("{} of {} accepted", report.accepted(), report.outcomes.len());
//! # Ok(()) }
//! ```

mod faults;
mod graph;
mod ids;
mod outbound;
mod payload;
pub mod residents;
mod sim;
mod stats;
mod statuses;
mod templates;
mod traffic;
mod webhook;
mod window;

pub use faults::{PAIR_BURST, PAIR_WINDOW, SendFault, THROUGHPUT_PER_SECOND};
pub use graph::media::MEDIA_URL_TTL;
pub use outbound::{ReadMark, SendStats, SentMessage};
pub use payload::{ContactCard, Location, with_context};
pub use residents::Resident;
pub use residents::files;
pub use residents::scenarios::{Conversation, PreparedMessage, Scenario, Step};
pub use sim::GraphSim;
pub use stats::{RequestRecord, SimStats};
pub use statuses::{StatusPlan, StatusRecord};
pub use templates::{ParameterFormat, Template};
pub use traffic::{DeliveryOutcome, Pace, Traffic, TrafficReport};
pub use webhook::Delivered;
pub use window::{SERVICE_WINDOW, WindowEnforcement};

/// The Graph API version the simulator serves: [`GraphSim::base_url`] ends in it.
pub const GRAPH_VERSION: &str = "v23.0";

/// How the simulated WhatsApp Business Account is set up. The same values go into Loket's
/// WhatsApp channel settings.
#[derive(Clone)]
pub struct SimConfig {
    /// The app secret: the HMAC key of `X-Hub-Signature-256`.
    pub app_secret: String,
    /// The verify token of the GET handshake ([`GraphSim::subscribe`]).
    pub verify_token: String,
    /// Where webhooks go (Loket's `/webhooks/whatsapp`). May be empty at start; see
    /// [`GraphSim::set_webhook_url`].
    pub webhook_url: String,
    /// The business phone number's id (`metadata.phone_number_id`).
    pub phone_number_id: String,
    /// The business phone number, digits without `+` (`metadata.display_phone_number`).
    pub display_phone_number: String,
    /// The WhatsApp Business Account id (`entry[].id`).
    pub waba_id: String,
    /// The access token every Graph call must carry as `Authorization: Bearer …`.
    pub access_token: String,
}

impl SimConfig {
    /// Plausible placeholder values (fake ids and secrets) posting to `webhook_url`.
    pub fn example(webhook_url: impl Into<String>) -> Self {
        Self {
            app_secret: "sim-app-secret".into(),
            verify_token: "sim-verify-token".into(),
            webhook_url: webhook_url.into(),
            phone_number_id: "106540352242922".into(),
            display_phone_number: "31850601234".into(),
            waba_id: "102290129340398".into(),
            access_token: "EAAsim-access-token".into(),
        }
    }
}

impl std::fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimConfig")
            .field("app_secret", &"[redacted]")
            .field("verify_token", &"[redacted]")
            .field("webhook_url", &self.webhook_url)
            .field("phone_number_id", &self.phone_number_id)
            .field("display_phone_number", &self.display_phone_number)
            .field("waba_id", &self.waba_id)
            .field("access_token", &"[redacted]")
            .finish()
    }
}
