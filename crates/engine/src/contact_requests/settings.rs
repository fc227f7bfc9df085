//! Contactverzoeken settings per organisation, from the configuration (`[organisation.
//! contact_requests]` and each team's `contact_request_questions`), kept in memory: they
//! are configuration, applied at every start like the routes, and hold no resident data.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use loket_domain::OrgId;
use loket_domain::contact_requests::{DEFAULT_EXPECTATION, DEFAULT_WORKING};
use loket_domain::hours::FollowUpTemplate;

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
    /// Extra questions per team slug (e.g. "Kenmerk parkeerboete").
    pub questions: HashMap<String, Vec<String>>,
}

impl Default for ContactRequestSettings {
    fn default() -> Self {
        Self {
            working: DEFAULT_WORKING,
            expectation: DEFAULT_EXPECTATION.to_owned(),
            template: None,
            questions: HashMap::new(),
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
