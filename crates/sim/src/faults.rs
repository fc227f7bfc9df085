//! Switchable faults on `POST /{phone-number-id}/messages`, each armed "for the next N
//! sends", and the optional enforcement of Meta's real throughput and pair rate limits.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use loket_domain::Timestamp;
use serde_json::json;

use crate::GraphSim;
use crate::graph::error::MetaError;
use crate::sim::Shared;

/// Messages per second per business number before 130429 (when enforced).
pub const THROUGHPUT_PER_SECOND: usize = 80;
/// Messages to one recipient within [`PAIR_WINDOW`] before 131056 (when enforced).
pub const PAIR_BURST: usize = 45;
/// The span of the pair rate limit.
pub const PAIR_WINDOW: Duration = Duration::from_secs(6);

/// A fault a send can meet. Arm with [`GraphSim::fail_next_sends`].
///
/// [`SendFault::ExpiredToken`] is checked before the body is validated; the other refusals
/// only meet sends whose body is valid. When several refusals are armed, a send meets the
/// first that applies in declaration order and only that one's counter goes down. The
/// acceptance faults ([`SendFault::Undeliverable`], [`SendFault::Timeout`]) meet accepted
/// sends and combine with each other (and with [`GraphSim::slow_next_sends`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SendFault {
    /// HTTP 401, code 190, `error_subcode` 463: the access token has expired.
    ExpiredToken,
    /// HTTP 400, `(#130429) Rate limit hit`: the number's throughput is exhausted.
    Throughput,
    /// HTTP 400, `(#131056) (Business Account, Consumer Account) pair rate limit hit`.
    PairRateLimit,
    /// HTTP 500, Graph code 1, `is_transient: true`.
    ServerError,
    /// HTTP 503, Graph code 2, `is_transient: true`.
    Unavailable,
    /// HTTP 400, `(#131051) Unsupported message type`.
    UnsupportedType,
    /// Template sends only: HTTP 400, code 132001 (template does not exist / not approved).
    TemplateMissing,
    /// Template sends only: HTTP 400, code 132000 (parameter count mismatch).
    TemplateParams,
    /// 200 with a wamid, then a `failed` status webhook with 131026 (undeliverable).
    Undeliverable,
    /// The sim accepts and records the message and schedules its status webhooks, but holds
    /// the HTTP answer back ([`GraphSim::set_timeout_hold`], 1 h by default) so the client's
    /// timeout fires: the "unknown outcome" case.
    Timeout,
}

/// The refusals, in the order they are checked.
const REFUSALS: [SendFault; 6] = [
    SendFault::Throughput,
    SendFault::PairRateLimit,
    SendFault::ServerError,
    SendFault::Unavailable,
    SendFault::UnsupportedType,
    SendFault::TemplateMissing,
];

pub(crate) struct Faults {
    armed: HashMap<SendFault, u32>,
    fired: HashMap<SendFault, u64>,
    slow: (u32, Duration),
    pub timeout_hold: Duration,
    enforce: bool,
    recent: VecDeque<Instant>,
    pairs: HashMap<String, VecDeque<Instant>>,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            armed: HashMap::new(),
            fired: HashMap::new(),
            slow: (0, Duration::ZERO),
            timeout_hold: Duration::from_secs(60 * 60),
            enforce: false,
            recent: VecDeque::new(),
            pairs: HashMap::new(),
        }
    }
}

impl Faults {
    /// Fires `fault` if armed (and counts it).
    pub fn take(&mut self, fault: SendFault) -> bool {
        let Some(left) = self.armed.get_mut(&fault).filter(|n| **n > 0) else {
            return false;
        };
        *left -= 1;
        *self.fired.entry(fault).or_default() += 1;
        true
    }

    /// The delay of an armed slow answer.
    pub fn take_slow(&mut self) -> Option<Duration> {
        let (left, delay) = &mut self.slow;
        (*left > 0).then(|| {
            *left -= 1;
            *delay
        })
    }

    /// The first armed refusal that applies to a send (`template`: a template send).
    pub fn take_refusal(&mut self, template: bool) -> Option<MetaError> {
        let fault = REFUSALS
            .into_iter()
            .chain(template.then_some(SendFault::TemplateParams))
            .filter(|f| template || *f != SendFault::TemplateMissing)
            .find(|f| self.armed.get(f).is_some_and(|n| *n > 0))?;
        self.take(fault);
        Some(refusal(fault))
    }

    /// With rate limits enforced: the refusal this send gets, or `None` after counting it.
    pub fn check_rates(&mut self, to: &str) -> Option<MetaError> {
        if !self.enforce {
            return None;
        }
        let now = Instant::now();
        while self
            .recent
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            self.recent.pop_front();
        }
        if self.recent.len() >= THROUGHPUT_PER_SECOND {
            return Some(refusal(SendFault::Throughput));
        }
        let pair = self.pairs.entry(to.to_owned()).or_default();
        while pair
            .front()
            .is_some_and(|t| now.duration_since(*t) >= PAIR_WINDOW)
        {
            pair.pop_front();
        }
        if pair.len() >= PAIR_BURST {
            return Some(refusal(SendFault::PairRateLimit));
        }
        pair.push_back(now);
        self.recent.push_back(now);
        None
    }
}

/// The synchronous answer of a refusal fault.
pub(crate) fn refusal(fault: SendFault) -> MetaError {
    match fault {
        SendFault::Throughput => MetaError::new(
            130429,
            "Rate limit hit",
            "Cloud API message throughput has been reached.",
        )
        .with("error_subcode", 2_494_055),
        SendFault::PairRateLimit => MetaError::new(
            131056,
            "(Business Account, Consumer Account) pair rate limit hit",
            "Message failed to send because there were too many messages sent from this phone \
             number to the same phone number in a short period of time.",
        ),
        SendFault::ServerError => transient(
            StatusCode::INTERNAL_SERVER_ERROR,
            1,
            "An unknown error has occurred.",
        ),
        SendFault::Unavailable => transient(
            StatusCode::SERVICE_UNAVAILABLE,
            2,
            "Service temporarily unavailable",
        ),
        SendFault::UnsupportedType => MetaError::new(
            131051,
            "Unsupported message type",
            "Message type is not currently supported.",
        ),
        SendFault::TemplateParams => MetaError::template_params(
            "body: number of localizable_params does not match the expected number of params",
        ),
        _ => MetaError::template_missing("template name does not exist in the translation"),
    }
}

fn transient(status: StatusCode, code: u32, message: &str) -> MetaError {
    MetaError {
        status,
        code,
        error: json!({"message": message, "type": "OAuthException", "is_transient": true, "code": code}),
    }
}

/// HTTP 401, code 190, subcode 463, as Meta words an expired session.
pub(crate) fn expired_token(now: Timestamp) -> MetaError {
    let format = "%A, %d-%b-%y %H:%M:%S UTC";
    let expired = Timestamp::from_second(now.as_second() - 3600).unwrap_or(now);
    let message = format!(
        "Error validating access token: Session has expired on {}. The current time is {}.",
        expired.strftime(format),
        now.strftime(format)
    );
    MetaError {
        status: StatusCode::UNAUTHORIZED,
        code: 190,
        error: json!({"message": message, "type": "OAuthException", "code": 190, "error_subcode": 463}),
    }
}

impl Shared {
    pub(crate) fn faults_mut(&self) -> std::sync::MutexGuard<'_, Faults> {
        self.send_faults.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl GraphSim {
    /// The next `n` sends that `fault` applies to meet it (adds to what is still armed).
    pub fn fail_next_sends(&self, fault: SendFault, n: u32) {
        *self.shared.faults_mut().armed.entry(fault).or_default() += n;
    }

    /// The next `n` sends (any outcome) are answered only after `delay`.
    pub fn slow_next_sends(&self, n: u32, delay: Duration) {
        self.shared.faults_mut().slow = (n, delay);
    }

    /// How long the [`SendFault::Timeout`] fault holds an answer back (1 h by default; the
    /// held answer is released at [`GraphSim::shutdown`]). It then answers 200 with the wamid.
    pub fn set_timeout_hold(&self, hold: Duration) {
        self.shared.faults_mut().timeout_hold = hold;
    }

    /// How many sends `fault` is still armed for.
    pub fn armed(&self, fault: SendFault) -> u32 {
        self.shared
            .faults_mut()
            .armed
            .get(&fault)
            .copied()
            .unwrap_or(0)
    }

    /// How often `fault` has fired.
    pub fn fired(&self, fault: SendFault) -> u64 {
        self.shared
            .faults_mut()
            .fired
            .get(&fault)
            .copied()
            .unwrap_or(0)
    }

    /// Disarm every fault (and slow answers).
    pub fn clear_faults(&self) {
        let mut faults = self.shared.faults_mut();
        faults.armed.clear();
        faults.slow = (0, Duration::ZERO);
    }

    /// Enforce Meta's limits (off by default): more than [`THROUGHPUT_PER_SECOND`] accepted
    /// sends in a second → 130429; more than [`PAIR_BURST`] to one recipient within
    /// [`PAIR_WINDOW`] → 131056. Measured in real time, not by the sim's clock.
    pub fn enforce_rate_limits(&self, on: bool) {
        let mut faults = self.shared.faults_mut();
        faults.enforce = on;
        faults.recent.clear();
        faults.pairs.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_fire_in_order_and_template_faults_only_on_template_sends() {
        let mut faults = Faults::default();
        faults.armed.insert(SendFault::TemplateParams, 1);
        faults.armed.insert(SendFault::Throughput, 1);
        assert_eq!(faults.take_refusal(false).unwrap().code, 130429);
        assert!(faults.take_refusal(false).is_none());
        assert_eq!(faults.take_refusal(true).unwrap().code, 132000);
        assert!(faults.take_refusal(true).is_none());
    }

    #[test]
    fn the_pair_limit_allows_a_burst_of_45() {
        let mut faults = Faults {
            enforce: true,
            ..Faults::default()
        };
        for _ in 0..PAIR_BURST {
            assert!(faults.check_rates("31612345678").is_none());
        }
        assert_eq!(faults.check_rates("31612345678").unwrap().code, 131056);
        assert!(faults.check_rates("31687654321").is_none());
    }
}
