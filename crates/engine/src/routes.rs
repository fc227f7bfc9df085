//! Which channel an address (a WhatsApp `phone_number_id`) belongs to, cached in memory:
//! ingestion asks for every event, and channels rarely change.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use loket_domain::{ChannelId, OrgId};

use crate::{Engine, EngineError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route {
    pub org_id: OrgId,
    pub channel_id: ChannelId,
    pub reopen_within: Duration,
    /// The Meta app whose secret must sign this channel's webhooks.
    pub app_name: Option<std::sync::Arc<str>>,
    /// The organisation's privacy policy, applied in ingestion (issue 10).
    pub privacy: std::sync::Arc<loket_domain::privacy::PrivacyPolicy>,
}

/// Positive lookups only: an unknown address is asked again next time, so a channel
/// configured later is found at once.
#[derive(Debug, Default)]
pub(crate) struct RouteCache {
    by_number: Mutex<HashMap<String, Route>>,
}

impl RouteCache {
    pub fn clear(&self) {
        self.by_number
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

impl Engine {
    /// The enabled channel of an enabled organisation for a WhatsApp `phone_number_id`, if any.
    pub(crate) async fn route_for_number(
        &self,
        phone_number_id: &str,
    ) -> Result<Option<Route>, EngineError> {
        let cache = &self.inner.routes.by_number;
        if let Some(route) = cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(phone_number_id)
        {
            return Ok(Some(route.clone()));
        }
        let Some(channel) = self
            .store()
            .find_channel_by_phone_number_id(phone_number_id)
            .await?
        else {
            return Ok(None);
        };
        if !channel.enabled {
            return Ok(None);
        }
        let org = self.store().get_organisation(channel.org_id).await?;
        if !org.enabled {
            return Ok(None);
        }
        let route = Route {
            org_id: org.id,
            channel_id: channel.id,
            reopen_within: org.reopen_within,
            app_name: channel.app_name.as_deref().map(std::sync::Arc::from),
            privacy: self.privacy_policy(org.id).await?,
        };
        cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(phone_number_id.to_owned(), route.clone());
        Ok(Some(route))
    }

    /// The first enabled channel of a WhatsApp Business Account (for account-level events).
    pub(crate) async fn route_for_account(
        &self,
        account_id: &str,
    ) -> Result<Option<Route>, EngineError> {
        let channels = self.store().find_channels_by_waba_id(account_id).await?;
        let Some(channel) = channels.into_iter().find(|c| c.enabled) else {
            return Ok(None);
        };
        match channel.phone_number_id {
            Some(number) => self.route_for_number(&number).await,
            None => Ok(None),
        }
    }

    /// A channel the configuration no longer declares sends nothing (replies are refused
    /// before anything is queued).
    pub(crate) async fn check_channel_enabled(
        &self,
        org: OrgId,
        channel: ChannelId,
    ) -> Result<(), EngineError> {
        if self.channel_enabled(org, channel).await? {
            Ok(())
        } else {
            Err(EngineError::Conflict(
                "Dit kanaal is uitgeschakeld in de configuratie; er kan niet via worden geantwoord."
                    .into(),
            ))
        }
    }

    /// Whether the stored channel is still declared by the configuration (read before
    /// anything needs its Meta app, which may have been removed with it).
    pub(crate) async fn channel_enabled(
        &self,
        org: OrgId,
        channel: ChannelId,
    ) -> Result<bool, EngineError> {
        Ok(self.store().get_channel(org, channel).await?.enabled)
    }

    pub(crate) fn forget_routes(&self) {
        self.inner.routes.clear();
        self.inner.hours.clear();
    }
}
