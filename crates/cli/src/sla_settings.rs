//! `[organisation.sla]` (issue 12, point 6): the SLA targets in working minutes (office
//! hours, `hours_settings.rs`). Absent keys keep the defaults: a first response within 60
//! working minutes, an answer within 480 (one working day), a warning 15 before. Held in
//! the engine's options, not stored: every instance reads the same file at start. A wrong
//! entry stops the start, naming the organisation.
//!
//! ```toml
//! [organisation.sla]
//! first_response_minutes = 60
//! resolution_minutes = 480
//! warn_before_minutes = 15
//! ```

use std::time::Duration;

use loket_domain::sla::SlaPolicy;
use loket_engine::sla::SlaPolicies;
use serde::Deserialize;

use crate::settings::Settings;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaSettings {
    pub first_response_minutes: Option<u64>,
    pub resolution_minutes: Option<u64>,
    pub warn_before_minutes: Option<u64>,
}

impl SlaSettings {
    pub fn policy(&self) -> Result<SlaPolicy, loket_domain::sla::SlaError> {
        let default = SlaPolicy::default();
        let minutes = |m: Option<u64>, d: Duration| m.map_or(d, |m| Duration::from_secs(m * 60));
        let policy = SlaPolicy {
            first_response: minutes(self.first_response_minutes, default.first_response),
            resolution: minutes(self.resolution_minutes, default.resolution),
            warn_before: minutes(self.warn_before_minutes, default.warn_before),
        };
        policy.validate()?;
        Ok(policy)
    }
}

impl Settings {
    /// Each organisation's `[organisation.sla]`, checked.
    pub fn sla(&self) -> anyhow::Result<SlaPolicies> {
        let mut out = Vec::new();
        for org in &self.organisations {
            if let Some(sla) = &org.sla {
                let policy = sla
                    .policy()
                    .map_err(|e| anyhow::anyhow!("organisation {}: sla: {e}", org.slug))?;
                out.push((org.slug.clone(), policy));
            }
        }
        Ok(SlaPolicies(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_keys_keep_the_defaults_and_a_warning_longer_than_a_target_is_refused() {
        let empty = SlaSettings::default();
        assert_eq!(empty.policy().unwrap(), SlaPolicy::default());
        let short = SlaSettings {
            first_response_minutes: Some(30),
            ..SlaSettings::default()
        };
        assert_eq!(
            short.policy().unwrap().first_response,
            Duration::from_secs(1800)
        );
        let wrong = SlaSettings {
            warn_before_minutes: Some(90),
            ..SlaSettings::default()
        };
        assert!(wrong.policy().is_err());
        let zero = SlaSettings {
            resolution_minutes: Some(0),
            ..SlaSettings::default()
        };
        assert!(zero.policy().is_err());
    }
}
