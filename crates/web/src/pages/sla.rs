//! SLA timers as agents read them (issue 12, point 6): "Eerste reactie binnen 0:42
//! werkuur", in the inbox rows and the conversation header. A warning and a breach say so
//! in words too (not only by colour), and the state names a CSS class for the styling.

use std::time::Duration;

use loket_domain::sla::{SlaStatus, Target, TargetState, TargetStatus};

use super::Layout;

/// One target's timer, ready to show.
#[derive(Debug, Clone, Default)]
pub struct SlaBadge {
    pub text: String,
    /// `ok`, `warning`, `breached` or `paused` (the class `loket-sla--{state}`).
    pub state: &'static str,
}

/// Working time as hours and minutes ("0:42", "7:05").
fn clock(d: Duration) -> String {
    let minutes = d.as_secs() / 60;
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// A target's timer; nothing for one that was met.
pub fn badge(layout: &Layout, target: &TargetStatus) -> Option<SlaBadge> {
    let which = match target.target {
        Target::FirstResponse => "first-response",
        Target::Resolution => "resolution",
    };
    let tr = &layout.tr;
    let (text, state) = match target.state {
        TargetState::Met => return None,
        TargetState::Ok => (
            tr.t1(&format!("sla-{which}"), "time", &clock(target.remaining)),
            "ok",
        ),
        TargetState::Warning => (
            format!(
                "{} {}",
                tr.t("sla-warning"),
                tr.t1(&format!("sla-{which}"), "time", &clock(target.remaining))
            ),
            "warning",
        ),
        TargetState::Breached => (
            tr.t1(
                &format!("sla-{which}-breached"),
                "time",
                &clock(target.overdue),
            ),
            "breached",
        ),
        TargetState::Paused => (
            tr.t1(
                &format!("sla-{which}-paused"),
                "time",
                &clock(target.remaining),
            ),
            "paused",
        ),
    };
    Some(SlaBadge { text, state })
}

/// The most urgent timer (an inbox row).
pub fn worst(layout: &Layout, status: &SlaStatus) -> Option<SlaBadge> {
    badge(layout, &status.worst()?)
}

/// Every running timer (the conversation header), the first response first.
pub fn all(layout: &Layout, status: &SlaStatus) -> Vec<SlaBadge> {
    [status.first_response, status.resolution]
        .iter()
        .flatten()
        .filter_map(|t| badge(layout, t))
        .collect()
}
