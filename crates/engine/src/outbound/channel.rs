//! A WhatsApp channel as the outbox and the jobs use it: the stored [`Channel`] has optional
//! fields (it serves every channel kind), this has every field a Graph API call needs, or
//! says which one is missing. And the one way to build a channel's Graph client, so that
//! every caller gets the same send timeout and transfer limits.

use loket_channels::whatsapp::{GraphClient, Recipient};
use loket_domain::channel::ChannelKind;
use loket_domain::contact::ChannelIdentity;
use loket_domain::message::Content;
use loket_domain::{ChannelId, OrgId};
use loket_store::{Channel, MetaApp};

use crate::{Engine, EngineError};

/// A WhatsApp channel with its Meta app resolved.
pub struct WhatsappChannel {
    pub id: ChannelId,
    pub org_id: OrgId,
    /// The address of sends and uploads.
    pub phone_number_id: String,
    /// The WhatsApp Business Account (templates live there).
    pub waba_id: String,
    /// The Meta app's Graph API base URL, with its version.
    pub graph_base_url: String,
    access_token: String,
}

impl std::fmt::Debug for WhatsappChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhatsappChannel")
            .field("id", &self.id)
            .field("phone_number_id", &self.phone_number_id)
            .field("waba_id", &self.waba_id)
            .field("graph_base_url", &self.graph_base_url)
            .finish_non_exhaustive()
    }
}

impl WhatsappChannel {
    /// The WhatsApp parts of `channel`, whose app is `app` (looked up by its name).
    pub fn new(channel: Channel, app: Option<MetaApp>) -> Result<Self, String> {
        if channel.kind != ChannelKind::Whatsapp {
            return Err(format!("channel {} is not a WhatsApp channel", channel.id));
        }
        let missing = |what: &str| format!("WhatsApp channel {} has no {what}", channel.id);
        let present = |v: Option<String>| v.filter(|v| !v.is_empty());
        Ok(Self {
            phone_number_id: present(channel.phone_number_id.clone())
                .ok_or_else(|| missing("phone number id"))?,
            waba_id: present(channel.waba_id.clone())
                .ok_or_else(|| missing("WhatsApp Business Account id"))?,
            access_token: present(channel.access_token.clone())
                .ok_or_else(|| missing("access token"))?,
            graph_base_url: app
                .ok_or_else(|| missing("configured Meta app"))?
                .graph_base_url,
            id: channel.id,
            org_id: channel.org_id,
        })
    }
}

impl Engine {
    /// The organisation's WhatsApp channel `id`, ready for Graph API calls.
    pub(crate) async fn whatsapp_channel(
        &self,
        org: OrgId,
        id: ChannelId,
    ) -> Result<WhatsappChannel, EngineError> {
        let channel = self.store().get_channel(org, id).await?;
        let app = channel.app_name.as_deref().and_then(|name| self.app(name));
        WhatsappChannel::new(channel, app).map_err(|e| EngineError::Other(anyhow::anyhow!(e)))
    }

    /// The Graph API client of `channel`: its app's base URL, its token, the configured
    /// send timeout and the default transfer limits.
    pub(crate) fn graph_client(&self, channel: &WhatsappChannel) -> GraphClient {
        GraphClient::new(
            self.inner.http.clone(),
            &channel.graph_base_url,
            &channel.access_token,
        )
        .with_send_timeout(self.inner.options.send_timeout)
    }
}

/// Where a send to a resident goes: their number when we know it (every message type
/// accepts one), else their business-scoped user id (BSUID).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Address {
    Phone(String),
    UserId(String),
}

impl Address {
    pub fn of(identity: &ChannelIdentity) -> Option<Self> {
        let known = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
        known(&identity.wa_id)
            .map(Self::Phone)
            .or_else(|| known(&identity.user_id).map(Self::UserId))
    }

    pub fn recipient(&self) -> Recipient<'_> {
        match self {
            Self::Phone(phone) => Recipient::Phone(phone),
            Self::UserId(id) => Recipient::UserId(id),
        }
    }

    /// The resident's key for the pair rate limit.
    pub fn key(&self) -> &str {
        match self {
            Self::Phone(key) | Self::UserId(key) => key,
        }
    }
}

impl Engine {
    /// Why `content` cannot go to `address` on `channel`, if it cannot: Meta sends
    /// authentication templates only to a phone number (it refuses them with 131062).
    pub(crate) async fn address_refusal(
        &self,
        org: OrgId,
        channel: ChannelId,
        address: &Address,
        content: &Content,
    ) -> Result<Option<String>, EngineError> {
        let (Address::UserId(_), Content::Template(t)) = (address, content) else {
            return Ok(None);
        };
        let template = self
            .store()
            .find_template(org, channel, &t.name, &t.language)
            .await?;
        let authentication =
            template.is_some_and(|t| t.category.eq_ignore_ascii_case("AUTHENTICATION"));
        Ok(authentication.then(|| {
            "Een authenticatiesjabloon kan WhatsApp alleen naar een telefoonnummer sturen, \
             en van deze inwoner is alleen een gebruikers-id bekend (131062)."
                .to_owned()
        }))
    }
}
