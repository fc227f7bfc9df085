//! Where one conversation stands against its targets, at one instant.

use std::time::Duration;

use jiff::Timestamp;

use super::SlaPolicy;
use crate::hours::OfficeHours;

/// The two promises of issue 12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// The resident's waiting question gets an agent's (or bot's) reply.
    FirstResponse,
    /// The conversation is resolved.
    Resolution,
}

impl Target {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FirstResponse => "first_response",
            Self::Resolution => "resolution",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "first_response" => Some(Self::FirstResponse),
            "resolution" => Some(Self::Resolution),
            _ => None,
        }
    }
}

/// Where a target stands. Ordered from harmless to urgent (`Met` and `Paused` first), so
/// the worst of several is their maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TargetState {
    /// Done in time.
    Met,
    /// The clock stands still: the conversation is pending or snoozed.
    Paused,
    Ok,
    /// Due within the policy's `warn_before`.
    Warning,
    /// Past due (or done too late).
    Breached,
}

impl TargetState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::Paused => "paused",
            Self::Ok => "ok",
            Self::Warning => "warning",
            Self::Breached => "breached",
        }
    }
}

/// One target, evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetStatus {
    pub target: Target,
    pub state: TargetState,
    /// When the target falls due; `None` while paused or when the schedule never gets there.
    pub due_at: Option<Timestamp>,
    /// Working time left (zero once breached or met).
    pub remaining: Duration,
    /// Working time past due (zero unless breached).
    pub overdue: Duration,
}

/// The facts of one conversation that its targets depend on, gathered by the engine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlaFacts {
    /// The resident's unanswered question started waiting (`None`: nothing waits).
    pub waiting_since: Option<Timestamp>,
    /// When this stretch of the conversation began: created, or last reopened.
    pub started_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    /// Stretches pending or snoozed, oldest first; an open end is a pause still running.
    pub pauses: Vec<(Timestamp, Option<Timestamp>)>,
}

/// Both targets; `None` where a target does not apply (nothing waits; nothing started).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaStatus {
    pub first_response: Option<TargetStatus>,
    pub resolution: Option<TargetStatus>,
}

impl SlaStatus {
    /// The most urgent of the two (what a list row shows).
    pub fn worst(&self) -> Option<TargetStatus> {
        [self.first_response, self.resolution]
            .into_iter()
            .flatten()
            .max_by_key(|t| (t.state, std::cmp::Reverse(t.due_at)))
    }
}

/// Where `facts` stand at `now` against `policy`, in the business time of `hours`.
pub fn evaluate(
    policy: &SlaPolicy,
    hours: &OfficeHours,
    facts: &SlaFacts,
    now: Timestamp,
) -> SlaStatus {
    let first_response = facts.waiting_since.map(|start| {
        let clock = Clock {
            start,
            done_at: None,
            pauses: &facts.pauses,
        };
        clock.status(
            Target::FirstResponse,
            policy.first_response,
            policy,
            hours,
            now,
        )
    });
    let resolution = facts.started_at.map(|start| {
        let clock = Clock {
            start,
            done_at: facts.resolved_at,
            pauses: &facts.pauses,
        };
        clock.status(Target::Resolution, policy.resolution, policy, hours, now)
    });
    SlaStatus {
        first_response,
        resolution,
    }
}

/// One running clock: starts at `start`, stops at `done_at`, stands still in `pauses`.
struct Clock<'a> {
    start: Timestamp,
    done_at: Option<Timestamp>,
    pauses: &'a [(Timestamp, Option<Timestamp>)],
}

/// Where a clock got to: its due instant, or paused with this much working time left.
enum Due {
    At(Option<Timestamp>),
    Paused(Duration),
}

impl Clock<'_> {
    /// The due instant: `target` working time after the start, not counting paused time.
    fn due(&self, target: Duration, hours: &OfficeHours) -> Due {
        let mut cursor = self.start;
        let mut left = target;
        for &(pause_start, pause_end) in self.pauses {
            if pause_end.is_some_and(|end| end <= cursor) {
                continue;
            }
            if pause_start > cursor {
                let candidate = hours.add_working(cursor, left);
                if candidate.is_none_or(|due| due <= pause_start) {
                    return Due::At(candidate);
                }
                left = left.saturating_sub(hours.working_between(cursor, pause_start));
            }
            match pause_end {
                Some(end) => cursor = cursor.max(end),
                None => return Due::Paused(left),
            }
        }
        Due::At(hours.add_working(cursor, left))
    }

    fn status(
        &self,
        target: Target,
        length: Duration,
        policy: &SlaPolicy,
        hours: &OfficeHours,
        now: Timestamp,
    ) -> TargetStatus {
        let mut status = TargetStatus {
            target,
            state: TargetState::Ok,
            due_at: None,
            remaining: Duration::ZERO,
            overdue: Duration::ZERO,
        };
        let due_at = match self.due(length, hours) {
            Due::Paused(left) if self.done_at.is_none() => {
                status.state = TargetState::Paused;
                status.remaining = left;
                return status;
            }
            // Done while a pause was running (resolved from pending): in time.
            Due::Paused(_) => {
                status.state = TargetState::Met;
                return status;
            }
            Due::At(due) => due,
        };
        status.due_at = due_at;
        let Some(due) = due_at else {
            // The schedule never gets there: the clock can never run out.
            status.state = if self.done_at.is_some() {
                TargetState::Met
            } else {
                TargetState::Ok
            };
            status.remaining = length;
            return status;
        };
        let until = self.done_at.unwrap_or(now);
        if until > due {
            status.state = TargetState::Breached;
            status.overdue = hours.working_between(due, until);
        } else if self.done_at.is_some() {
            status.state = TargetState::Met;
        } else {
            status.remaining = hours.working_between(now, due);
            status.state = if status.remaining <= policy.warn_before {
                TargetState::Warning
            } else {
                TargetState::Ok
            };
        }
        status
    }
}
