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
use secrecy::ExposeSecret;

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
    /// False once the configuration no longer declares the channel: nothing is sent.
    pub enabled: bool,
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
            enabled: channel.enabled,
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
        let mut channel = self.store().get_channel(org, id).await?;
        // The stored token is sealed (`secrets.rs`); the Graph client needs it open.
        let token = self.access_token_of(&channel)?;
        channel.access_token = Some(token.expose_secret().to_owned());
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

#[cfg(test)]
mod tests {
    use loket_domain::Timestamp;

    use super::*;

    fn stored(kind: ChannelKind) -> Channel {
        Channel {
            id: ChannelId::new_at(Timestamp::UNIX_EPOCH),
            org_id: OrgId::new_at(Timestamp::UNIX_EPOCH),
            kind,
            name: "WhatsApp".into(),
            app_name: Some("default".into()),
            phone_number_id: Some("1122334455667".into()),
            display_phone_number: Some("31850601234".into()),
            waba_id: Some("102290129340398".into()),
            access_token: Some("EAAG-token".into()),
            enabled: true,
            needs_attention: None,
            created_at: Timestamp::UNIX_EPOCH,
        }
    }

    fn app() -> Option<MetaApp> {
        Some(MetaApp {
            name: "default".into(),
            app_secret: "secret".into(),
            verify_token: "verify".into(),
            graph_base_url: "https://graph.facebook.com/v23.0".into(),
        })
    }

    #[test]
    fn a_complete_whatsapp_channel_has_every_field_a_graph_call_needs() {
        let channel = WhatsappChannel::new(stored(ChannelKind::Whatsapp), app()).unwrap();
        assert_eq!(channel.phone_number_id, "1122334455667");
        assert_eq!(channel.waba_id, "102290129340398");
        assert_eq!(channel.graph_base_url, "https://graph.facebook.com/v23.0");
        assert!(
            !format!("{channel:?}").contains("EAAG"),
            "the token stays out of logs"
        );
    }

    #[test]
    fn a_channel_missing_a_field_or_of_another_kind_says_what_is_wrong_instead_of_defaulting() {
        let mut no_token = stored(ChannelKind::Whatsapp);
        no_token.access_token = Some(String::new());
        let err = WhatsappChannel::new(no_token, app()).unwrap_err();
        assert!(err.contains("access token"), "{err}");
        let mut no_number = stored(ChannelKind::Whatsapp);
        no_number.phone_number_id = None;
        let err = WhatsappChannel::new(no_number, app()).unwrap_err();
        assert!(err.contains("phone number id"), "{err}");
        let err = WhatsappChannel::new(stored(ChannelKind::Whatsapp), None).unwrap_err();
        assert!(err.contains("Meta app"), "{err}");
        let err = WhatsappChannel::new(stored(ChannelKind::Messenger), app()).unwrap_err();
        assert!(err.contains("not a WhatsApp channel"), "{err}");
    }

    #[test]
    fn a_resident_s_number_is_preferred_and_a_user_id_is_the_fallback() {
        let both = ChannelIdentity {
            wa_id: Some("31612345678".into()),
            user_id: Some("NL.123".into()),
            username: None,
        };
        assert_eq!(
            Address::of(&both),
            Some(Address::Phone("31612345678".into()))
        );
        let user_only = ChannelIdentity {
            wa_id: None,
            user_id: Some("NL.123".into()),
            username: Some("noor".into()),
        };
        let address = Address::of(&user_only).unwrap();
        assert_eq!(address.recipient(), Recipient::UserId("NL.123"));
        assert_eq!(Address::of(&ChannelIdentity::default()), None);
    }
}
