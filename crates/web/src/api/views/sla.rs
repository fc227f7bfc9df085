//! A conversation's SLA timers as the API shows them (issue 12, point 6): per target its
//! state, due time and working time left or overdue, and whether a breach was escalated.

use loket_domain::Timestamp;
use loket_domain::sla::{SlaStatus, TargetStatus};
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct SlaView {
    /// Null while no question waits for an answer.
    first_response: Option<SlaTargetView>,
    resolution: Option<SlaTargetView>,
    /// A breach was escalated to the team lead.
    escalated: bool,
}

#[derive(Serialize)]
struct SlaTargetView {
    /// `ok`, `warning`, `breached`, `met` or `paused`.
    state: &'static str,
    /// Null while paused (or when the office hours never reach it).
    due_at: Option<Timestamp>,
    /// Working seconds left (zero once met or breached).
    remaining_seconds: u64,
    /// Working seconds past due (zero unless breached).
    overdue_seconds: u64,
}

impl SlaView {
    /// `status` is `None` where nothing was evaluated (no targets apply).
    pub(crate) fn new(status: Option<SlaStatus>, escalated: bool) -> Self {
        let status = status.unwrap_or(SlaStatus {
            first_response: None,
            resolution: None,
        });
        Self {
            first_response: status.first_response.map(SlaTargetView::from),
            resolution: status.resolution.map(SlaTargetView::from),
            escalated,
        }
    }
}

impl From<TargetStatus> for SlaTargetView {
    fn from(t: TargetStatus) -> Self {
        Self {
            state: t.state.as_str(),
            due_at: t.due_at,
            remaining_seconds: t.remaining.as_secs(),
            overdue_seconds: t.overdue.as_secs(),
        }
    }
}
