//! The 24-hour customer service window (§4 of the reference): when each resident last wrote,
//! which inbound wamids exist (for mark-as-read), and how a free-form send outside the
//! window is refused.

use std::collections::HashMap;
use std::time::Duration;

use loket_domain::Timestamp;
use loket_domain::time::add;
use serde_json::Value;

use crate::GraphSim;
use crate::sim::Shared;

/// How long a resident's message keeps the window open.
pub const SERVICE_WINDOW: Duration = Duration::from_secs(24 * 60 * 60);
/// How long after receipt a message can be marked read.
const READ_MARK_LIMIT: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// `error_data.details` of code 131047.
pub(crate) const RE_ENGAGEMENT_DETAILS: &str = "Message failed to send because more than 24 hours \
                                                have passed since the customer last replied to \
                                                this number.";

/// What happens to a free-form (non-template) send outside the window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WindowEnforcement {
    /// Meta's usual behaviour: 200 with a wamid, then a `failed` status webhook with 131047.
    #[default]
    Async,
    /// HTTP 400 with error code 131047 (`(#131047) Re-engagement message`).
    Sync,
    /// No window: everything is delivered (load runs with random recipients).
    Off,
}

#[derive(Default)]
pub(crate) struct Window {
    pub last_inbound: HashMap<String, Timestamp>,
    /// Inbound wamids and when they were received.
    pub inbound: HashMap<String, Timestamp>,
    pub enforcement: WindowEnforcement,
}

impl Window {
    /// Whether a free-form message to `wa_id` is allowed at `now`.
    pub fn is_open(&self, wa_id: &str, now: Timestamp) -> bool {
        self.last_inbound
            .get(wa_id)
            .is_some_and(|&at| at <= now && now < add(at, SERVICE_WINDOW))
    }

    /// Whether `wamid` is a resident's message that can still be marked read at `now`.
    pub fn can_mark_read(&self, wamid: &str, now: Timestamp) -> bool {
        self.inbound
            .get(wamid)
            .is_some_and(|&at| now < add(at, READ_MARK_LIMIT))
    }
}

impl Shared {
    pub(crate) fn window(&self) -> std::sync::MutexGuard<'_, Window> {
        self.window.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Notes every resident message in a webhook body the sim is about to deliver: it opens
    /// (or refreshes) the sender's window and can be marked read.
    pub(crate) fn note_inbound(&self, body: &[u8]) {
        let Ok(body) = serde_json::from_slice::<Value>(body) else {
            return;
        };
        let now = self.clock.now();
        let mut window = self.window();
        let changes = body["entry"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|entry| entry["changes"].as_array().into_iter().flatten());
        for change in changes {
            let messages = change["value"]["messages"].as_array().into_iter().flatten();
            for message in messages {
                // A resident known only by a business-scoped user id is answered at that id.
                for from in [&message["from"], &message["from_user_id"]] {
                    if let Some(from) = from.as_str() {
                        window.last_inbound.insert(from.to_owned(), now);
                    }
                }
                if let Some(id) = message["id"].as_str() {
                    window.inbound.insert(id.to_owned(), now);
                }
            }
        }
    }
}

impl GraphSim {
    /// Pretend `wa_id` last wrote at `at` (the sim also records it whenever it delivers a
    /// resident's message webhook).
    pub fn set_last_inbound(&self, wa_id: &str, at: Timestamp) {
        self.shared
            .window()
            .last_inbound
            .insert(wa_id.to_owned(), at);
    }

    /// When `wa_id` last wrote, as far as the sim knows.
    pub fn last_inbound(&self, wa_id: &str) -> Option<Timestamp> {
        self.shared.window().last_inbound.get(wa_id).copied()
    }

    /// Whether a free-form message to `wa_id` would be delivered now.
    pub fn window_open(&self, wa_id: &str) -> bool {
        self.shared.window().is_open(wa_id, self.shared.clock.now())
    }

    /// How free-form sends outside the window are refused (default [`WindowEnforcement::Async`]).
    pub fn set_window_enforcement(&self, enforcement: WindowEnforcement) {
        self.shared.window().enforcement = enforcement;
    }
}
