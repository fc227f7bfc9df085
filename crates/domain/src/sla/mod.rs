//! SLA policies in business time (issue 12, point 6): a first response within one working
//! hour and an answer within one working day by default, measured in office hours
//! ([`OfficeHours`]: holidays and closures do not count), paused while the conversation is
//! pending or snoozed, with a warning shortly before a target is due.
//!
//! Pure: [`evaluate`] takes the facts of one conversation and the instant it is asked
//! about; the engine gathers the facts (row and status events) and the office hours.

mod evaluate;

pub use evaluate::{SlaFacts, SlaStatus, Target, TargetState, TargetStatus, evaluate};

use std::time::Duration;

/// Longest target accepted (a working year is far more than any municipality promises).
pub const MAX_TARGET: Duration = Duration::from_secs(366 * 24 * 3600);

/// The targets of one organisation (or one channel), as working durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaPolicy {
    /// From the resident's unanswered question to the first agent or bot reply.
    pub first_response: Duration,
    /// From the start of the conversation (or its reopening) to resolved.
    pub resolution: Duration,
    /// How long before a target is due it is shown (and announced) as a warning.
    pub warn_before: Duration,
}

impl Default for SlaPolicy {
    /// One working hour, one working day (of eight hours), a warning fifteen minutes before.
    fn default() -> Self {
        Self {
            first_response: Duration::from_secs(3600),
            resolution: Duration::from_secs(8 * 3600),
            warn_before: Duration::from_secs(15 * 60),
        }
    }
}

/// What is wrong with a policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlaError {
    #[error("{0} must be more than zero and at most a year")]
    OutOfRange(&'static str),
    #[error("warn_before must be shorter than first_response and resolution")]
    WarnTooLong,
}

impl SlaPolicy {
    pub fn validate(&self) -> Result<(), SlaError> {
        for (name, d) in [
            ("first_response", self.first_response),
            ("resolution", self.resolution),
        ] {
            if d.is_zero() || d > MAX_TARGET {
                return Err(SlaError::OutOfRange(name));
            }
        }
        if self.warn_before >= self.first_response || self.warn_before >= self.resolution {
            return Err(SlaError::WarnTooLong);
        }
        Ok(())
    }
}
