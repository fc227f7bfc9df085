//! `[organisation.contact_requests]` (issue 12, point 4): the contactverzoeken's promised
//! time, the messages the resident reads, the template for outside the 24-hour window and
//! the one-click teams; with each team's `contact_request_questions`. Held in the engine's
//! memory, not stored: every instance reads the same file at start. A wrong entry (a text
//! without `{{uiterlijk}}`, an undeclared team) stops the start, naming the organisation.
//!
//! ```toml
//! [organisation.contact_requests]
//! working_minutes = 480            # the promised time in open hours (default: 8 hours)
//! expectation_text = "Ik heb je vraag doorgezet naar {{naar}}. Je hoort uiterlijk {{uiterlijk}} van ons."
//! press_text = "Ik heb je vraag doorgezet naar {{naar}}. Je hoort uiterlijk {{uiterlijk}} van ons."
//! signal_text = "Bedankt voor je melding. Ik heb die doorgegeven aan {{naar}}."
//! press_team = "communicatie"      # a declared team's slug: the "Persvraag" button
//! signal_team = "nieuwsredactie"   # the "Signaal" button
//!
//! [organisation.contact_requests.expectation_template]
//! name = "contactverzoek"          # an approved template, sent outside the window
//! language = "nl"
//! parameters = ["naar", "uiterlijk"]   # its body parameters {{1}}, {{2}}, in order
//! ```

use std::collections::HashMap;
use std::time::Duration;

use anyhow::{Context, bail};
use loket_domain::contact_requests::{DEFAULT_EXPECTATION, check_message_text};
use loket_domain::hours::FollowUpTemplate;
use loket_engine::Engine;
use loket_engine::contact_requests::{ContactRequestSettings, TemplateField};
use serde::Deserialize;

use crate::settings::{OrgSettings, Settings};

/// The longest promise: thirty working days of eight hours.
const MAX_WORKING_MINUTES: u64 = 30 * 8 * 60;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactRequestsToml {
    pub working_minutes: Option<u64>,
    pub expectation_text: Option<String>,
    pub press_text: Option<String>,
    pub signal_text: Option<String>,
    pub press_team: Option<String>,
    pub signal_team: Option<String>,
    pub expectation_template: Option<TemplateToml>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateToml {
    pub name: String,
    pub language: String,
    #[serde(default)]
    pub parameters: Vec<String>,
}

/// One organisation's settings, checked; the one-click teams still as slugs (the engine
/// knows their ids once the configuration is applied).
#[derive(Debug, Clone, PartialEq)]
pub struct OrgContactRequests {
    pub slug: String,
    pub settings: ContactRequestSettings,
    pub press_team: Option<String>,
    pub signal_team: Option<String>,
}

impl Settings {
    /// Each organisation's contactverzoeken settings, checked.
    pub fn contact_requests(&self) -> anyhow::Result<Vec<OrgContactRequests>> {
        (self.organisations.iter())
            .map(|org| {
                check(org).with_context(|| format!("organisation {}: contact_requests", org.slug))
            })
            .collect()
    }
}

fn check(org: &OrgSettings) -> anyhow::Result<OrgContactRequests> {
    let questions: HashMap<String, Vec<String>> = (org.teams.iter())
        .filter(|t| !t.contact_request_questions.is_empty())
        .map(|t| (t.slug.clone(), t.contact_request_questions.clone()))
        .collect();
    let toml = org.contact_requests.clone().unwrap_or_default();
    let mut settings = ContactRequestSettings {
        questions,
        ..Default::default()
    };
    if let Some(minutes) = toml.working_minutes {
        if minutes == 0 || minutes > MAX_WORKING_MINUTES {
            bail!("working_minutes must be 1 to {MAX_WORKING_MINUTES}");
        }
        settings.working = Duration::from_secs(minutes * 60);
    }
    let text = |name: &str, value: &Option<String>, promises: bool| -> anyhow::Result<_> {
        match value {
            Some(text) => check_message_text(text, promises)
                .map(|()| Some(text.clone()))
                .map_err(|e| anyhow::anyhow!("{name} {e}")),
            None => Ok(None),
        }
    };
    settings.expectation = text("expectation_text", &toml.expectation_text, true)?
        .unwrap_or_else(|| DEFAULT_EXPECTATION.to_owned());
    settings.press_text = text("press_text", &toml.press_text, true)?;
    if let Some(signal) = text("signal_text", &toml.signal_text, false)? {
        settings.signal_text = signal;
    }
    if let Some(template) = &toml.expectation_template {
        if template.name.trim().is_empty() || template.language.trim().is_empty() {
            bail!("expectation_template needs a name and a language");
        }
        settings.template = Some(FollowUpTemplate {
            name: template.name.clone(),
            language: template.language.clone(),
        });
        settings.template_parameters = (template.parameters.iter())
            .map(|p| {
                TemplateField::parse(p).ok_or_else(|| {
                    anyhow::anyhow!("expectation_template parameter {p:?} is not naar or uiterlijk")
                })
            })
            .collect::<anyhow::Result<_>>()?;
    }
    for (key, slug) in [
        ("press_team", &toml.press_team),
        ("signal_team", &toml.signal_team),
    ] {
        if let Some(slug) = slug
            && !org.teams.iter().any(|t| &t.slug == slug)
        {
            bail!(
                "{key} {slug:?} is no team declared for this organisation ([[organisation.team]])"
            );
        }
    }
    Ok(OrgContactRequests {
        slug: org.slug.clone(),
        settings,
        press_team: toml.press_team,
        signal_team: toml.signal_team,
    })
}

/// Hand each organisation's settings to the engine, the one-click teams by id.
pub async fn apply(engine: &Engine, all: Vec<OrgContactRequests>) -> anyhow::Result<()> {
    for org in all {
        let Some(found) = engine.find_organisation_by_slug(&org.slug).await? else {
            continue;
        };
        let teams = engine.list_teams(found.id).await?;
        let id_of = |slug: &Option<String>| -> anyhow::Result<_> {
            let Some(slug) = slug else { return Ok(None) };
            let team = teams.iter().find(|t| &t.slug == slug).with_context(|| {
                format!(
                    "organisation {}: contact_requests: no team {slug:?}",
                    org.slug
                )
            })?;
            Ok(Some(team.id))
        };
        let mut settings = org.settings;
        settings.press_team = id_of(&org.press_team)?;
        settings.signal_team = id_of(&org.signal_team)?;
        engine.set_contact_request_settings(found.id, settings);
    }
    Ok(())
}

#[cfg(test)]
#[path = "contact_request_settings_tests.rs"]
mod tests;
