//! Rate limiting and temporary lockout of sign-ins, keyed on (address, account): after
//! [`MAX_FAILURES`] failures within [`FAILURE_WINDOW`] that pair is refused for
//! [`LOCKOUT`], by the injected clock. Kept in the database so every instance agrees.

use std::time::Duration;

use loket_domain::Timestamp;
use loket_domain::time::add;
use loket_store::SignInAttempts;

use crate::{Engine, EngineError};

pub const MAX_FAILURES: u32 = 5;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
pub const LOCKOUT: Duration = Duration::from_secs(15 * 60);

/// Until when the pair is locked out, if it is at `now`.
pub(crate) fn locked_until(attempts: Option<&SignInAttempts>, now: Timestamp) -> Option<Timestamp> {
    attempts
        .and_then(|a| a.locked_until)
        .filter(|until| *until > now)
}

/// The attempts after one more failure at `now`: a new window once the old one has passed
/// (or a lockout ended), locked once the window holds `MAX_FAILURES`.
pub(crate) fn after_failure(previous: Option<&SignInAttempts>, now: Timestamp) -> SignInAttempts {
    let current = previous.filter(|a| {
        add(a.window_start, FAILURE_WINDOW) > now && a.locked_until.is_none_or(|u| u > now)
    });
    let (failures, window_start) = match current {
        Some(a) => (a.failures.saturating_add(1), a.window_start),
        None => (1, now),
    };
    SignInAttempts {
        failures,
        window_start,
        locked_until: (failures >= MAX_FAILURES).then(|| add(now, LOCKOUT)),
    }
}

impl Engine {
    /// `Some(until)` when (address, account) is locked out now.
    pub(crate) async fn lockout_of(
        &self,
        address: &str,
        account: &str,
    ) -> Result<Option<Timestamp>, EngineError> {
        let attempts = self.store().find_sign_in_attempts(address, account).await?;
        Ok(locked_until(attempts.as_ref(), self.clock().now()))
    }

    /// Count a failure; returns the lockout it caused, if any.
    pub(crate) async fn record_failure(
        &self,
        address: &str,
        account: &str,
    ) -> Result<Option<Timestamp>, EngineError> {
        let now = self.clock().now();
        let previous = self.store().find_sign_in_attempts(address, account).await?;
        let next = after_failure(previous.as_ref(), now);
        self.store()
            .put_sign_in_attempts(address, account, &next)
            .await?;
        Ok(next.locked_until)
    }

    pub(crate) async fn clear_failures(
        &self,
        address: &str,
        account: &str,
    ) -> Result<(), EngineError> {
        Ok(self
            .store()
            .clear_sign_in_attempts(address, account)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + s).unwrap()
    }

    #[test]
    fn the_fifth_failure_within_the_window_locks_for_the_lockout_time() {
        let mut state = None;
        for i in 0..MAX_FAILURES {
            assert_eq!(locked_until(state.as_ref(), at(i64::from(i))), None);
            state = Some(after_failure(state.as_ref(), at(i64::from(i))));
        }
        let until = locked_until(state.as_ref(), at(5)).expect("locked");
        assert_eq!(until, add(at(4), LOCKOUT));
        assert_eq!(
            locked_until(state.as_ref(), until),
            None,
            "released at the end"
        );
    }

    #[test]
    fn failures_spread_beyond_the_window_never_lock() {
        let mut state = None;
        for i in 0..20 {
            let now = at(i * 301);
            assert_eq!(locked_until(state.as_ref(), now), None);
            state = Some(after_failure(state.as_ref(), now));
        }
    }

    #[test]
    fn after_a_lockout_ends_counting_starts_afresh() {
        let mut state = None;
        for i in 0..MAX_FAILURES {
            state = Some(after_failure(state.as_ref(), at(i64::from(i))));
        }
        let later = add(at(4), LOCKOUT);
        let next = after_failure(state.as_ref(), later);
        assert_eq!(next.failures, 1);
        assert_eq!(next.locked_until, None);
    }
}
