//! Time: every piece of code asks a [`Clock`]; only [`SystemClock`] reads the real time.
//! [`ScaledClock`] runs faster than the clock it wraps (the demo's simulated time);
//! [`real_duration`] turns a simulated duration into the real sleep for it.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

pub use jiff::Timestamp;

/// Where "now" comes from. Injected everywhere so tests and the demo can move time.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Timestamp;

    /// Simulated seconds per real second: periodic work sleeps `interval / speed` (see
    /// [`real_duration`]) so it keeps its cadence in simulated time. Real time: 1.
    fn speed(&self) -> f64 {
        1.0
    }
}

/// The shortest real sleep [`real_duration`] shortens an interval to: a poll at a high
/// speed must not become a busy loop.
pub const MIN_REAL_SLEEP: Duration = Duration::from_millis(10);

/// The real time to sleep for `simulated` to pass on `clock`: `simulated / speed`, but not
/// shortened below [`MIN_REAL_SLEEP`] (a shorter `simulated` stays as it is). At speed 1
/// (every clock but a [`ScaledClock`]) this is `simulated`.
pub fn real_duration(clock: &dyn Clock, simulated: Duration) -> Duration {
    let speed = clock.speed();
    if !(speed.is_finite() && speed > 0.0) || speed == 1.0 {
        return simulated;
    }
    let scaled = Duration::try_from_secs_f64(simulated.as_secs_f64() / speed).unwrap_or(simulated);
    scaled.max(simulated.min(MIN_REAL_SLEEP))
}

/// The fastest a [`ScaledClock`] may run: a week in a minute. Beyond, the worker's polls
/// (at least [`MIN_REAL_SLEEP`]) would skip whole simulated minutes.
pub const MAX_SPEED: f64 = 10_000.0;

/// Simulated time: starts at a given instant and runs `speed` times faster than the base
/// clock it wraps (the system clock in the demo), never backwards even if the base does.
/// It may be held at its start until released, so a slow set-up takes no simulated time.
pub struct ScaledClock {
    base: Arc<dyn Clock>,
    start: Timestamp,
    speed: f64,
    /// The base's time (microseconds) when simulated time began to run; [`HELD`]: not yet.
    anchor: AtomicI64,
    /// The latest time handed out, in microseconds: `now` never goes back.
    latest: AtomicI64,
}

/// [`ScaledClock::anchor`] of a clock that still stands at its start.
const HELD: i64 = i64::MIN;

impl ScaledClock {
    /// A clock reading `start` now and running `speed` times faster than `base`; `speed`
    /// must be finite and within `(0, MAX_SPEED]`.
    pub fn new(base: Arc<dyn Clock>, start: Timestamp, speed: f64) -> Result<Self, SpeedError> {
        let clock = Self::held(base, start, speed)?;
        clock.release();
        Ok(clock)
    }

    /// Like [`ScaledClock::new`], but standing at `start` until [`ScaledClock::release`].
    pub fn held(base: Arc<dyn Clock>, start: Timestamp, speed: f64) -> Result<Self, SpeedError> {
        if !(speed.is_finite() && speed > 0.0 && speed <= MAX_SPEED) {
            return Err(SpeedError(speed));
        }
        Ok(Self {
            base,
            start,
            speed,
            anchor: AtomicI64::new(HELD),
            latest: AtomicI64::new(to_micros(start)),
        })
    }

    /// Let simulated time run from now on (again: no effect).
    pub fn release(&self) {
        let now = to_micros(self.base.now()).max(HELD + 1);
        let _ = self
            .anchor
            .compare_exchange(HELD, now, Ordering::AcqRel, Ordering::Acquire);
    }
}

impl std::fmt::Debug for ScaledClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScaledClock")
            .field("start", &self.start)
            .field("speed", &self.speed)
            .finish_non_exhaustive()
    }
}

/// A speed a [`ScaledClock`] cannot run at.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("the speed must be a number above 0 and at most {MAX_SPEED}, not {0}")]
pub struct SpeedError(pub f64);

impl Clock for ScaledClock {
    fn now(&self) -> Timestamp {
        let anchor = self.anchor.load(Ordering::Acquire);
        if anchor == HELD {
            return self.start;
        }
        let elapsed = to_micros(self.base.now()).saturating_sub(anchor);
        // f64 keeps microseconds exact for centuries of simulated time.
        let scaled = (elapsed as f64 * self.speed) as i64;
        let micros = to_micros(self.start).saturating_add(scaled);
        let latest = self.latest.fetch_max(micros, Ordering::AcqRel).max(micros);
        from_micros(latest)
    }

    fn speed(&self) -> f64 {
        self.speed
    }
}

/// The real wall clock. The only place in Loket that reads the system time.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that stands still until moved: for tests and simulated time.
#[derive(Debug)]
pub struct ManualClock(Mutex<Timestamp>);

impl ManualClock {
    pub fn new(at: Timestamp) -> Self {
        Self(Mutex::new(at))
    }
    pub fn set(&self, at: Timestamp) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }
    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now = add(*now, by);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// `at + by`, saturating at the end of representable time.
pub fn add(at: Timestamp, by: Duration) -> Timestamp {
    jiff::SignedDuration::try_from(by)
        .ok()
        .and_then(|d| at.checked_add(d).ok())
        .unwrap_or(Timestamp::MAX)
}

/// `at - by`, saturating at the start of representable time.
pub fn sub(at: Timestamp, by: Duration) -> Timestamp {
    jiff::SignedDuration::try_from(by)
        .ok()
        .and_then(|d| at.checked_sub(d).ok())
        .unwrap_or(Timestamp::MIN)
}

/// Microseconds since the Unix epoch: how timestamps are stored.
pub fn to_micros(at: Timestamp) -> i64 {
    at.as_microsecond()
}

/// The inverse of [`to_micros`]; out-of-range values clamp to the representable range.
pub fn from_micros(micros: i64) -> Timestamp {
    Timestamp::from_microsecond(micros).unwrap_or(if micros < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scaled(speed: f64) -> (Arc<ManualClock>, ScaledClock, Timestamp) {
        let base = Arc::new(ManualClock::new(
            Timestamp::from_second(1_750_000_000).unwrap(),
        ));
        // Saturday 5 December 2026, 22:00 in Amsterdam.
        let start: Timestamp = "2026-12-05T21:00:00Z".parse().unwrap();
        let clock = ScaledClock::new(base.clone(), start, speed).unwrap();
        (base, clock, start)
    }

    #[test]
    fn a_scaled_clock_starts_exactly_at_its_start() {
        let (_, clock, start) = scaled(60.0);
        assert_eq!(clock.now(), start);
        assert_eq!(
            clock.now(),
            start,
            "no base time passed, no simulated time either"
        );
    }

    #[test]
    fn a_scaled_clock_runs_speed_times_faster_than_its_base() {
        let (base, clock, start) = scaled(60.0);
        base.advance(Duration::from_secs(90));
        assert_eq!(clock.now(), add(start, Duration::from_secs(90 * 60)));
        let (base, clock, start) = scaled(0.5);
        base.advance(Duration::from_secs(10));
        assert_eq!(clock.now(), add(start, Duration::from_secs(5)));
    }

    #[test]
    fn a_held_scaled_clock_stands_at_its_start_until_released() {
        let base = Arc::new(ManualClock::new(
            Timestamp::from_second(1_750_000_000).unwrap(),
        ));
        let start = Timestamp::from_second(1_800_000_000).unwrap();
        let clock = ScaledClock::held(base.clone(), start, 60.0).unwrap();
        base.advance(Duration::from_secs(30));
        assert_eq!(clock.now(), start);
        clock.release();
        assert_eq!(clock.now(), start);
        base.advance(Duration::from_secs(1));
        clock.release();
        assert_eq!(
            clock.now(),
            add(start, Duration::from_secs(60)),
            "released once"
        );
    }

    #[test]
    fn a_scaled_clock_does_not_go_back_when_its_base_does() {
        let (base, clock, start) = scaled(100.0);
        base.advance(Duration::from_secs(10));
        let later = clock.now();
        base.set(Timestamp::from_second(1_749_999_000).unwrap());
        assert_eq!(clock.now(), later);
        assert!(later > start);
    }

    #[test]
    fn a_speed_outside_the_range_is_refused() {
        let base: Arc<dyn Clock> = Arc::new(SystemClock);
        let at = Timestamp::UNIX_EPOCH;
        for speed in [0.0, -1.0, f64::NAN, f64::INFINITY, MAX_SPEED + 1.0] {
            assert!(
                ScaledClock::new(base.clone(), at, speed).is_err(),
                "{speed}"
            );
        }
        assert!(ScaledClock::new(base, at, MAX_SPEED).is_ok());
    }

    #[test]
    fn a_sleep_is_divided_by_the_speed_but_not_below_the_floor() {
        let (_, clock, _) = scaled(60.0);
        assert_eq!(
            real_duration(&clock, Duration::from_secs(300)),
            Duration::from_secs(5)
        );
        assert_eq!(
            real_duration(&clock, Duration::from_millis(100)),
            MIN_REAL_SLEEP
        );
        assert_eq!(
            real_duration(&clock, Duration::from_millis(3)),
            Duration::from_millis(3),
            "a sleep shorter than the floor is not lengthened"
        );
        let real = SystemClock;
        assert_eq!(
            real_duration(&real, Duration::from_millis(500)),
            Duration::from_millis(500)
        );
    }

    proptest! {
        #[test]
        fn a_scaled_clock_is_monotonic_and_keeps_its_speed(
            speed in 0.01f64..MAX_SPEED,
            steps in proptest::collection::vec(0u64..5_000_000, 1..20),
        ) {
            let (base, clock, start) = scaled(speed);
            let mut previous = clock.now();
            let mut total = 0u64;
            for micros in steps {
                base.advance(Duration::from_micros(micros));
                total += micros;
                let now = clock.now();
                prop_assert!(now >= previous);
                previous = now;
            }
            let expected = total as f64 * speed;
            let got = previous.duration_since(start).as_micros() as f64;
            // Truncated to whole microseconds, nothing else lost.
            prop_assert!((got - expected).abs() <= 1.0 + expected * 1e-12, "{got} vs {expected}");
        }
    }

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let start = Timestamp::from_second(1_750_000_000).unwrap();
        let clock = ManualClock::new(start);
        assert_eq!(clock.now(), start);
        clock.advance(Duration::from_secs(90));
        assert_eq!(clock.now().as_second(), 1_750_000_090);
    }

    #[test]
    fn timestamps_round_trip_through_microseconds() {
        let at = Timestamp::from_microsecond(1_750_000_000_123_456).unwrap();
        assert_eq!(from_micros(to_micros(at)), at);
    }
}
