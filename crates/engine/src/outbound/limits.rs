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

#[derive(Debug, Default)]
pub struct Limiter {
    config: LimitConfig,
    buckets: Mutex<HashMap<(ChannelId, Option<String>), Bucket>>,
}

impl Limiter {
    pub fn new(config: LimitConfig) -> Self {
        Self {
            config,
            buckets: Mutex::default(),
        }
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
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
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
}
