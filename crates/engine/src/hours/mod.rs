//! Office hours (issue 12): each organisation's configured hours and automatic texts, with
//! per-channel overrides, cached like the routes; the out-of-hours receipt and the greeting
//! (`receipts.rs`, gathered by `privacy::auto_replies`); the next-morning follow-up of
//! windows that expired unanswered (`follow_up.rs`, run by the worker).
//!
//! API: [`Engine::apply_office_hours`] (start-up, from configuration),
//! [`Engine::office_hours`] (the hours that hold for a channel, for SLA clocks and
//! promises such as "Je hoort uiterlijk … van ons"), [`Engine::office_hours_overview`]
//! (read-only display), [`Engine::send_follow_ups`] (the worker's sweep).

mod follow_up;
pub(crate) mod receipts;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use loket_domain::hours::{AutoReplyPolicy, OfficeHours};
use loket_domain::{ChannelId, OrgId};
use loket_store::ScopedPolicy;

use crate::{Engine, EngineError};

pub use follow_up::{FOLLOW_UP, FOLLOW_UP_EVERY};

/// What the configuration declares for one organisation, by slug and phone number id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgOfficeHours {
    pub slug: String,
    /// The organisation's own; `None`: always open, nothing sent by itself.
    pub organisation: Option<AutoReplyPolicy>,
    /// Overrides for channels, by WhatsApp `phone_number_id`.
    pub channels: Vec<(String, AutoReplyPolicy)>,
}

/// A policy with its office hours checked and its time zone resolved.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    pub policy: AutoReplyPolicy,
    pub hours: OfficeHours,
}

/// One organisation's policies, as loaded.
#[derive(Debug, Default)]
struct OrgPolicies {
    organisation: Option<Arc<Resolved>>,
    channels: HashMap<ChannelId, Arc<Resolved>>,
}

/// Policies per organisation, read once and kept until the configuration is reloaded
/// (`forget_routes`): ingestion asks for every message, and most organisations have none.
#[derive(Debug, Default)]
pub(crate) struct HoursCache {
    by_org: Mutex<HashMap<OrgId, Arc<OrgPolicies>>>,
}

impl HoursCache {
    pub fn clear(&self) {
        self.by_org
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

impl Engine {
    /// Apply the configured office hours by organisation slug; every declared organisation
    /// is listed (one without hours clears what an earlier start stored). Each policy's
    /// hours are checked first: nothing is stored when one is wrong.
    pub async fn apply_office_hours(&self, configs: &[OrgOfficeHours]) -> Result<(), EngineError> {
        let mut plans = Vec::with_capacity(configs.len());
        for config in configs {
            let org = self
                .store()
                .find_organisation_by_slug(&config.slug)
                .await?
                .ok_or(EngineError::NotFound)?;
            let mut scoped = Vec::new();
            if let Some(policy) = &config.organisation {
                scoped.push(checked(&config.slug, None, policy)?);
            }
            for (number, policy) in &config.channels {
                let channel = self
                    .store()
                    .find_channel_by_phone_number_id(number)
                    .await?
                    .filter(|c| c.org_id == org.id)
                    .ok_or(EngineError::NotFound)?;
                scoped.push(checked(&config.slug, Some(channel.id), policy)?);
            }
            plans.push((org.id, scoped));
        }
        for (org, scoped) in plans {
            self.store().set_auto_reply_policies(org, &scoped).await?;
        }
        self.inner.hours.clear();
        Ok(())
    }

    /// The policy that holds for `channel` of `org`: its override, else the organisation's,
    /// else none.
    pub(crate) async fn auto_reply_policy(
        &self,
        org: OrgId,
        channel: ChannelId,
    ) -> Result<Option<Arc<Resolved>>, EngineError> {
        let policies = self.org_policies(org).await?;
        Ok(policies
            .channels
            .get(&channel)
            .or(policies.organisation.as_ref())
            .cloned())
    }

    /// The office hours that hold for `channel` (or the organisation's own for `None`);
    /// always open when none are configured.
    pub async fn office_hours(
        &self,
        org: OrgId,
        channel: Option<ChannelId>,
    ) -> Result<OfficeHours, EngineError> {
        let policies = self.org_policies(org).await?;
        let resolved = match channel {
            Some(channel) => policies.channels.get(&channel),
            None => None,
        }
        .or(policies.organisation.as_ref());
        Ok(resolved.map_or_else(OfficeHours::always_open, |r| r.hours.clone()))
    }

    /// The configured policies of `org` (the organisation's first, then overrides by
    /// channel), for read-only display.
    pub async fn office_hours_overview(
        &self,
        org: OrgId,
    ) -> Result<Vec<(Option<ChannelId>, AutoReplyPolicy)>, EngineError> {
        let scoped = self.store().auto_reply_policies(org).await?;
        Ok(scoped.into_iter().map(|s| (s.channel, s.policy)).collect())
    }

    async fn org_policies(&self, org: OrgId) -> Result<Arc<OrgPolicies>, EngineError> {
        let cache = &self.inner.hours.by_org;
        if let Some(found) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&org) {
            return Ok(found.clone());
        }
        let mut loaded = OrgPolicies::default();
        for scoped in self.store().auto_reply_policies(org).await? {
            let hours = match scoped.policy.office_hours() {
                Ok(hours) => hours,
                Err(e) => {
                    // Checked when applied; a row that no longer checks (a time zone gone
                    // from the database) must not stop ingestion: always open instead.
                    tracing::warn!(%org, error = %e, "stored office hours are unusable; ignored");
                    continue;
                }
            };
            let resolved = Arc::new(Resolved {
                policy: scoped.policy,
                hours,
            });
            match scoped.channel {
                Some(channel) => {
                    loaded.channels.insert(channel, resolved);
                }
                None => loaded.organisation = Some(resolved),
            }
        }
        let loaded = Arc::new(loaded);
        cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(org, loaded.clone());
        Ok(loaded)
    }
}

/// `policy` as stored, once its hours check; the error names the organisation.
fn checked(
    slug: &str,
    channel: Option<ChannelId>,
    policy: &AutoReplyPolicy,
) -> Result<ScopedPolicy, EngineError> {
    policy
        .office_hours()
        .map_err(|e| EngineError::Invalid(vec![format!("{slug}: office_hours: {e}")]))?;
    Ok(ScopedPolicy {
        channel,
        policy: policy.clone(),
    })
}
