//! Organisations, Meta apps and WhatsApp channels, as provisioning declares them.

use std::time::Duration;

use loket_domain::channel::ChannelKind;
use loket_domain::{ChannelId, OrgId, Timestamp};

#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    pub id: OrgId,
    pub slug: String,
    pub name: String,
    /// A resident's message reopens a conversation resolved less than this long ago.
    pub reopen_within: Duration,
    pub created_at: Timestamp,
    /// False once the configuration no longer declares it: its tokens are refused and its
    /// channels route nothing. Declaring it again enables it.
    pub enabled: bool,
    /// Members must pass a second factor to work for it (`require_2fa` in the TOML).
    pub require_2fa: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewOrganisation {
    pub slug: String,
    pub name: String,
    pub reopen_within: Duration,
}

/// A Meta app: the secret that signs webhooks and the token of the GET handshake.
#[derive(Clone, PartialEq)]
pub struct MetaApp {
    pub name: String,
    pub app_secret: String,
    pub verify_token: String,
    pub graph_base_url: String,
}

impl std::fmt::Debug for MetaApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetaApp")
            .field("name", &self.name)
            .field("app_secret", &"[redacted]")
            .field("verify_token", &"[redacted]")
            .field("graph_base_url", &self.graph_base_url)
            .finish()
    }
}

#[derive(Clone, PartialEq)]
pub struct Channel {
    pub id: ChannelId,
    pub org_id: OrgId,
    pub kind: ChannelKind,
    pub name: String,
    /// The Meta app whose secret signs this channel's webhooks (WhatsApp, Messenger).
    pub app_name: Option<String>,
    /// WhatsApp: the number's id, the address of webhooks and sends. Unique.
    pub phone_number_id: Option<String>,
    pub display_phone_number: Option<String>,
    /// WhatsApp Business Account id (templates live there).
    pub waba_id: Option<String>,
    pub access_token: Option<String>,
    pub enabled: bool,
    /// Why an admin must look at the channel (e.g. the access token expired).
    pub needs_attention: Option<String>,
    pub created_at: Timestamp,
}

impl std::fmt::Debug for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Channel")
            .field("id", &self.id)
            .field("org_id", &self.org_id)
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("phone_number_id", &self.phone_number_id)
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewWhatsappChannel {
    pub name: String,
    pub app_name: String,
    pub phone_number_id: String,
    pub display_phone_number: String,
    pub waba_id: String,
    pub access_token: String,
}
