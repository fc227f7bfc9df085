//! WhatsApp's sending limits, kept per instance: 80 messages/s per business number, and
//! the pair limit of one message per 6 s to the same resident with bursts "borrowed" up to
//! 45 (Meta's throughput page). Token buckets on the engine's clock.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use loket_domain::{ChannelId, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LimitConfig {
    pub per_number_per_second: f64,
    pub pair_burst: f64,
    pub pair_interval: Duration,
}

impl Default for LimitConfig {
    fn default() -> Self {
        Self {
            per_number_per_second: 80.0,
            pair_burst: 45.0,
            pair_interval: Duration::from_secs(6),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Timestamp,
}

impl Bucket {
    fn refill(&mut self, now: Timestamp, capacity: f64, per_second: f64) {
        let elapsed = (now.as_microsecond() - self.at.as_microsecond()).max(0) as f64 / 1e6;
        self.tokens = (self.tokens + elapsed * per_second).min(capacity);
        self.at = now;
    }

    fn wait_for_one(&self, per_second: f64) -> Duration {
        Duration::from_secs_f64(((1.0 - self.tokens) / per_second).max(0.0))
    }
}

/// Buckets kept before the first sweep for full ones.
const SWEEP_ABOVE: usize = 1024;

type Buckets = HashMap<(ChannelId, Option<String>), Bucket>;

#[derive(Debug, Default)]
pub struct Limiter {
    config: LimitConfig,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    buckets: Buckets,
    /// Sweep when the map grows past this; doubles with what a sweep keeps, so sweeping
    /// costs O(1) per send however many residents are mid-burst.
    sweep_above: usize,
}

impl Limiter {
    pub fn new(config: LimitConfig) -> Self {
        Self {
            config,
            state: Mutex::new(State {
                buckets: HashMap::new(),
                sweep_above: SWEEP_ABOVE,
            }),
        }
    }

    /// Buckets held (one per number, one per resident still refilling).
    pub fn buckets(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .buckets
            .len()
    }

    /// Take one send for `recipient` on `channel`, or say how long to wait. Nothing is taken
    /// unless both limits allow it.
    pub fn try_acquire(
        &self,
        channel: ChannelId,
        recipient: &str,
        now: Timestamp,
    ) -> Result<(), Duration> {
        let c = self.config;
        let pair_rate = 1.0 / c.pair_interval.as_secs_f64();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.buckets.len() > state.sweep_above {
            let kept = sweep(&mut state.buckets, c, now);
            state.sweep_above = SWEEP_ABOVE.max(2 * kept);
        }
        let buckets = &mut state.buckets;
        let fresh = |capacity| Bucket {
            tokens: capacity,
            at: now,
        };
        let mut number = *buckets
            .entry((channel, None))
            .or_insert_with(|| fresh(c.per_number_per_second));
        let mut pair = *buckets
            .entry((channel, Some(recipient.to_owned())))
            .or_insert_with(|| fresh(c.pair_burst));
        number.refill(now, c.per_number_per_second, c.per_number_per_second);
        pair.refill(now, c.pair_burst, pair_rate);
        let result = if number.tokens < 1.0 {
            Err(number.wait_for_one(c.per_number_per_second))
        } else if pair.tokens < 1.0 {
            Err(pair.wait_for_one(pair_rate))
        } else {
            number.tokens -= 1.0;
            pair.tokens -= 1.0;
            Ok(())
        };
        buckets.insert((channel, None), number);
        buckets.insert((channel, Some(recipient.to_owned())), pair);
        result
    }
}

/// Drop the buckets that have refilled completely: a fresh bucket would be the same, so
/// forgetting them changes no answer. Returns how many are kept.
fn sweep(buckets: &mut Buckets, c: LimitConfig, now: Timestamp) -> usize {
    let pair_rate = 1.0 / c.pair_interval.as_secs_f64();
    buckets.retain(|(_, recipient), bucket| {
        let (capacity, rate) = match recipient {
            Some(_) => (c.pair_burst, pair_rate),
            None => (c.per_number_per_second, c.per_number_per_second),
        };
        let mut refilled = *bucket;
        refilled.refill(now, capacity, rate);
        refilled.tokens < capacity
    });
    buckets.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: i64) -> Timestamp {
        Timestamp::from_millisecond(1_750_000_000_000 + ms).unwrap()
    }

    #[test]
    fn a_resident_gets_a_burst_then_one_message_per_six_seconds() {
        let limiter = Limiter::new(LimitConfig {
            pair_burst: 3.0,
            ..LimitConfig::default()
        });
        let channel = ChannelId::new_at(at(0));
        for _ in 0..3 {
            assert!(limiter.try_acquire(channel, "31612345678", at(0)).is_ok());
        }
        let wait = limiter
            .try_acquire(channel, "31612345678", at(0))
            .unwrap_err();
        assert!(
            wait > Duration::from_secs(5) && wait <= Duration::from_secs(6),
            "{wait:?}"
        );
        assert!(
            limiter.try_acquire(channel, "31699999999", at(0)).is_ok(),
            "other residents are not held up"
        );
        assert!(
            limiter
                .try_acquire(channel, "31612345678", at(6_000))
                .is_ok()
        );
    }

    #[test]
    fn a_number_sends_at_most_its_throughput_per_second() {
        let limiter = Limiter::new(LimitConfig {
            per_number_per_second: 5.0,
            ..LimitConfig::default()
        });
        let channel = ChannelId::new_at(at(0));
        let sent = (0..20)
            .filter(|i| {
                limiter
                    .try_acquire(channel, &format!("316{i:08}"), at(0))
                    .is_ok()
            })
            .count();
        assert_eq!(sent, 5);
        assert!(
            limiter.try_acquire(channel, "31600000099", at(200)).is_ok(),
            "refilled after 1/5 s"
        );
    }

    #[test]
    fn buckets_of_residents_that_have_refilled_are_dropped_when_the_map_grows() {
        let limiter = Limiter::new(LimitConfig::default());
        let channel = ChannelId::new_at(at(0));
        // One send to a resident at a time, far apart: each bucket is full again long before
        // the next resident's turn.
        for i in 0..3 * SWEEP_ABOVE as i64 {
            let now = at(i * 1_000);
            assert!(
                limiter
                    .try_acquire(channel, &format!("316{i:08}"), now)
                    .is_ok()
            );
        }
        assert!(
            limiter.buckets() <= SWEEP_ABOVE + 1,
            "{} buckets",
            limiter.buckets()
        );
    }

    #[test]
    fn a_resident_still_refilling_keeps_its_limit_across_a_sweep() {
        let limiter = Limiter::new(LimitConfig {
            pair_burst: 1.0,
            per_number_per_second: 1e9,
            ..LimitConfig::default()
        });
        let channel = ChannelId::new_at(at(0));
        assert!(limiter.try_acquire(channel, "31612345678", at(0)).is_ok());
        // Enough other residents, a moment later, to make the map sweep.
        for i in 0..2 * SWEEP_ABOVE {
            let _ = limiter.try_acquire(channel, &format!("317{i:08}"), at(1_000));
        }
        assert!(
            limiter
                .try_acquire(channel, "31612345678", at(1_000))
                .is_err(),
            "the pair limit still holds"
        );
    }
}
