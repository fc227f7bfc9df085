//! Contactverzoeken settings per organisation, from the configuration (`[organisation.
//! contact_requests]` and each team's `contact_request_questions`), kept in memory: they
//! are configuration, applied at every start like the routes, and hold no resident data.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use loket_domain::contact_requests::{DEFAULT_EXPECTATION, DEFAULT_SIGNAL_THANKS, DEFAULT_WORKING};
use loket_domain::hours::FollowUpTemplate;
use loket_domain::{OrgId, TeamId};

use crate::Engine;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRequestSettings {
    /// Working time until the resident hears from us ("uiterlijk …").
    pub working: Duration,
    /// The message the resident reads inside the 24-hour window (with `{{naar}}` and
    /// `{{uiterlijk}}`).
    pub expectation: String,
    /// Sent instead outside the window; `None`: nothing can be sent, the agent is told.
    pub template: Option<FollowUpTemplate>,
    /// The template's positional body parameters, in order.
    pub template_parameters: Vec<TemplateField>,
    /// Extra questions per team slug (e.g. "Kenmerk parkeerboete").
    pub questions: HashMap<String, Vec<String>>,
    /// The team a press question goes to in one click (Communicatie); `None`: no button.
    pub press_team: Option<TeamId>,
    /// The team a signal goes to in one click (the newsroom); `None`: no button.
    pub signal_team: Option<TeamId>,
    /// What a press question's resident reads; `None`: `expectation`.
    pub press_text: Option<String>,
    /// What a signal's resident reads inside the window (with `{{naar}}`); outside it
    /// nothing is sent (a thanks is not worth a paid template).
    pub signal_text: String,
}

/// What fills one of the template's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateField {
    /// The team's or colleague's name.
    Naar,
    /// When the resident hears from us at the latest.
    Uiterlijk,
}

impl TemplateField {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "naar" => Some(Self::Naar),
            "uiterlijk" => Some(Self::Uiterlijk),
            _ => None,
        }
    }
}

impl Default for ContactRequestSettings {
    fn default() -> Self {
        Self {
            working: DEFAULT_WORKING,
            expectation: DEFAULT_EXPECTATION.to_owned(),
            template: None,
            template_parameters: Vec::new(),
            questions: HashMap::new(),
            press_team: None,
            signal_team: None,
            press_text: None,
            signal_text: DEFAULT_SIGNAL_THANKS.to_owned(),
        }
    }
}

/// The settings per organisation; an organisation without gets the defaults.
#[derive(Default)]
pub(crate) struct SettingsCache {
    by_org: Mutex<HashMap<OrgId, Arc<ContactRequestSettings>>>,
}

impl Engine {
    /// Use `settings` for `org`'s contactverzoeken from now on.
    pub fn set_contact_request_settings(&self, org: OrgId, settings: ContactRequestSettings) {
        self.inner
            .contact_requests
            .by_org
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(org, Arc::new(settings));
    }

    /// `org`'s settings (the defaults when none were set).
    pub fn contact_request_settings(&self, org: OrgId) -> Arc<ContactRequestSettings> {
        self.inner
            .contact_requests
            .by_org
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&org)
            .cloned()
            .unwrap_or_default()
    }
}
