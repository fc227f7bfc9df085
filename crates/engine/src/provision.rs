//! Declarative provisioning: the Meta apps, organisations, channels and API tokens a
//! configuration file declares, applied idempotently at every start.

use std::time::Duration;

use loket_domain::conversation::DEFAULT_REOPEN_WITHIN;
use loket_store::{MetaApp, NewOrganisation, NewWhatsappChannel};
use sha2::{Digest, Sha256};

use crate::{Engine, EngineError};

#[derive(Debug, Clone, Default)]
pub struct Provisioning {
    pub apps: Vec<MetaApp>,
    pub organisations: Vec<OrgSpec>,
}

#[derive(Debug, Clone)]
pub struct OrgSpec {
    pub slug: String,
    pub name: String,
    /// Plain tokens as configured; only their hashes are stored.
    pub api_tokens: Vec<String>,
    pub reopen_within: Option<Duration>,
    pub whatsapp_channels: Vec<NewWhatsappChannel>,
}

/// What provisioning did, for the start-up log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProvisionReport {
    pub apps: usize,
    pub organisations: usize,
    pub channels: usize,
    pub tokens: usize,
    /// Webhooks kept for numbers that now have a channel, replayed into it.
    pub replayed: usize,
}

/// How API tokens are stored: SHA-256, hex. Tokens are long random strings, so a fast
/// hash suffices (unlike passwords) and lookups stay one indexed query.
pub fn hash_api_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl Engine {
    pub async fn provision(&self, spec: &Provisioning) -> Result<ProvisionReport, EngineError> {
        validate(spec)?;
        let now = self.clock().now();
        let store = self.store();
        let mut report = ProvisionReport::default();
        for app in &spec.apps {
            store.upsert_meta_app(app).await?;
            report.apps += 1;
        }
        let mut numbers = Vec::new();
        for org in &spec.organisations {
            let new = NewOrganisation {
                slug: org.slug.clone(),
                name: org.name.clone(),
                reopen_within: org.reopen_within.unwrap_or(DEFAULT_REOPEN_WITHIN),
            };
            let stored = store.upsert_organisation(&new, now).await?;
            report.organisations += 1;
            let hashes: Vec<String> = org.api_tokens.iter().map(|t| hash_api_token(t)).collect();
            store
                .replace_config_api_tokens(stored.id, &hashes, now)
                .await?;
            report.tokens += hashes.len();
            for channel in &org.whatsapp_channels {
                store
                    .upsert_whatsapp_channel(stored.id, channel, now)
                    .await?;
                numbers.push(channel.phone_number_id.clone());
                numbers.push(channel.waba_id.clone());
                report.channels += 1;
            }
        }
        self.load_apps().await?;
        self.forget_routes();
        // Numbers, and business accounts for account-level events. A replay that fails
        // is logged, never a reason not to start.
        numbers.sort();
        numbers.dedup();
        for address in numbers {
            match self.replay_unrouted(&address).await {
                Ok(n) => report.replayed += n,
                Err(e) => tracing::warn!(error = %e, "replaying unrouted events failed"),
            }
        }
        Ok(report)
    }
}

/// Every problem at once, so an admin fixes the file in one go.
fn validate(spec: &Provisioning) -> Result<(), EngineError> {
    let mut problems = Vec::new();
    let app_names: Vec<&str> = spec.apps.iter().map(|a| a.name.as_str()).collect();
    for app in &spec.apps {
        if app.app_secret.is_empty() {
            problems.push(format!("whatsapp_app {:?}: app_secret is empty", app.name));
        }
        if app.verify_token.is_empty() {
            problems.push(format!(
                "whatsapp_app {:?}: verify_token is empty",
                app.name
            ));
        }
    }
    for org in &spec.organisations {
        if org.slug.is_empty()
            || !org
                .slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            problems.push(format!(
                "organisation {:?}: slug must be lowercase letters, digits and dashes",
                org.slug
            ));
        }
        for token in &org.api_tokens {
            if token.len() < 16 {
                problems.push(format!(
                    "organisation {:?}: an API token is shorter than 16 characters",
                    org.slug
                ));
            }
        }
        for ch in &org.whatsapp_channels {
            if !app_names.contains(&ch.app_name.as_str()) {
                problems.push(format!(
                    "organisation {:?}, channel {:?}: app {:?} is not a declared whatsapp_app",
                    org.slug, ch.name, ch.app_name
                ));
            }
            if ch.phone_number_id.is_empty() || ch.phone_number_id.chars().any(char::is_whitespace)
            {
                problems.push(format!(
                    "organisation {:?}, channel {:?}: phone_number_id must be set, without spaces",
                    org.slug, ch.name
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(EngineError::Invalid(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_tokens_are_stored_as_their_sha256() {
        assert_eq!(
            hash_api_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn validation_lists_every_problem_at_once() {
        let spec = Provisioning {
            apps: vec![],
            organisations: vec![OrgSpec {
                slug: "Voorbeeld!".into(),
                name: "Gemeente Voorbeeld".into(),
                api_tokens: vec!["short".into()],
                reopen_within: None,
                whatsapp_channels: vec![NewWhatsappChannel {
                    name: "WhatsApp".into(),
                    app_name: "missing".into(),
                    phone_number_id: "".into(),
                    display_phone_number: "31612345678".into(),
                    waba_id: "1".into(),
                    access_token: "t".into(),
                }],
            }],
        };
        let Err(EngineError::Invalid(problems)) = validate(&spec) else {
            panic!("expected invalid")
        };
        assert_eq!(problems.len(), 4, "{problems:?}");
    }
}
