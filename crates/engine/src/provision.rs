//! Declarative provisioning: the Meta apps, organisations, channels and API tokens a
//! configuration file declares, applied idempotently at every start.

use std::time::Duration;

use loket_domain::conversation::DEFAULT_REOPEN_WITHIN;
use loket_store::{
    MetaApp, NewOrganisation, NewTeam, NewWhatsappChannel, OrgProvisioning, ProvisioningSpec,
};
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
    /// `[[organisation.team]]`: declared teams, read-only elsewhere.
    pub teams: Vec<NewTeam>,
    /// Members must pass a second factor (TOTP) to work for this organisation.
    pub require_2fa: bool,
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
    /// Declared before, no longer declared, now disabled (apps, organisations, channels).
    pub disabled: usize,
}

/// How API tokens are stored: SHA-256, hex. Tokens are long random strings, so a fast
/// hash suffices (unlike passwords) and lookups stay one indexed query.
pub fn hash_api_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl Engine {
    /// Make the store what `spec` declares, in one transaction: declared apps, organisations,
    /// channels and tokens are created, updated and enabled; what is no longer declared is
    /// disabled (tokens refused, webhooks kept as unrouted, handshake refused) until it is
    /// declared again. Secrets are sealed with the secret key first.
    pub async fn provision(&self, spec: &Provisioning) -> Result<ProvisionReport, EngineError> {
        validate(spec)?;
        self.unlock_secrets().await?;
        let sealed = self.sealed_spec(spec).await?;
        let applied = self
            .store()
            .apply_provisioning(&sealed, self.clock().now())
            .await?;
        self.load_apps().await?;
        self.forget_routes();
        let mut report = ProvisionReport {
            apps: spec.apps.len(),
            organisations: applied.organisations.len(),
            channels: applied.channels.len(),
            tokens: spec.organisations.iter().map(|o| o.api_tokens.len()).sum(),
            replayed: 0,
            disabled: applied.disabled_apps
                + applied.disabled_organisations
                + applied.disabled_channels,
        };
        // Numbers, and business accounts for account-level events. A replay that fails
        // is logged, never a reason not to start.
        let mut addresses: Vec<&String> = applied
            .channels
            .iter()
            .flat_map(|c| [c.phone_number_id.as_ref(), c.waba_id.as_ref()])
            .flatten()
            .collect();
        addresses.sort();
        addresses.dedup();
        for address in addresses {
            match self.replay_unrouted(address).await {
                Ok(n) => report.replayed += n,
                Err(e) => tracing::warn!(error = %e, "replaying unrouted events failed"),
            }
        }
        Ok(report)
    }

    /// The store's form of `spec`: token hashes, secrets sealed. An access token that did
    /// not change keeps its sealed text, so the store can tell a changed token (which
    /// clears `needs_attention`) from a re-sealed one.
    async fn sealed_spec(&self, spec: &Provisioning) -> Result<ProvisioningSpec, EngineError> {
        let apps = spec
            .apps
            .iter()
            .map(|app| MetaApp {
                app_secret: self.seal(&app.app_secret),
                verify_token: self.seal(&app.verify_token),
                ..app.clone()
            })
            .collect();
        let mut organisations = Vec::new();
        for org in &spec.organisations {
            let mut whatsapp_channels = Vec::new();
            for channel in &org.whatsapp_channels {
                let access_token = self.sealed_access_token(channel).await?;
                whatsapp_channels.push(NewWhatsappChannel {
                    access_token,
                    ..channel.clone()
                });
            }
            organisations.push(OrgProvisioning {
                organisation: NewOrganisation {
                    slug: org.slug.clone(),
                    name: org.name.clone(),
                    reopen_within: org.reopen_within.unwrap_or(DEFAULT_REOPEN_WITHIN),
                },
                token_hashes: org.api_tokens.iter().map(|t| hash_api_token(t)).collect(),
                whatsapp_channels,
                teams: org.teams.clone(),
                require_2fa: org.require_2fa,
            });
        }
        Ok(ProvisioningSpec {
            apps,
            organisations,
        })
    }

    async fn sealed_access_token(
        &self,
        channel: &NewWhatsappChannel,
    ) -> Result<String, EngineError> {
        let stored = self
            .store()
            .find_channel_by_phone_number_id(&channel.phone_number_id)
            .await?
            .and_then(|c| c.access_token);
        if let Some(sealed) = stored
            && self.open(&sealed)? == channel.access_token
        {
            return Ok(sealed);
        }
        Ok(self.seal(&channel.access_token))
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
        problems.extend(team_problems(org));
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

/// Each declared team needs a valid slug, unique within its organisation, and a name.
fn team_problems(org: &OrgSpec) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for team in &org.teams {
        if !loket_domain::people::is_valid_slug(&team.slug) {
            problems.push(format!(
                "organisation {:?}, team {:?}: slug must be lowercase letters, digits and dashes",
                org.slug, team.slug
            ));
        }
        if !seen.insert(team.slug.as_str()) {
            problems.push(format!(
                "organisation {:?}: team {:?} is declared twice",
                org.slug, team.slug
            ));
        }
        if team.name.trim().is_empty() || team.name.chars().count() > 100 {
            problems.push(format!(
                "organisation {:?}, team {:?}: name must be 1 to 100 characters",
                org.slug, team.slug
            ));
        }
    }
    problems
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
                teams: vec![NewTeam {
                    slug: "Vergunningen".into(),
                    name: "".into(),
                }],
                require_2fa: false,
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
        assert_eq!(problems.len(), 6, "{problems:?}");
    }
}
