//! Retention policy (issue 10): how long a resolved conversation is kept, and what happens
//! then. Pure: the engine reads candidates from the store and asks [`RetentionPolicy`] which
//! rule applies and whether it is due.

use std::time::Duration;

use crate::ChannelId;
use crate::time::{Timestamp, add};

/// What happens to a conversation once its period has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetentionAction {
    /// Remove the conversation and everything of it.
    Delete,
    /// Remove texts, media, raw payloads and notes; keep the content-free facts (events,
    /// statuses, timestamps, labels) so reports stay right.
    Anonymise,
    /// Never remove (e.g. the organisation archives elsewhere).
    Keep,
}

impl RetentionAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Delete => "delete",
            Self::Anonymise => "anonymise",
            Self::Keep => "keep",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "delete" => Some(Self::Delete),
            "anonymise" | "anonymize" => Some(Self::Anonymise),
            "keep" => Some(Self::Keep),
            _ => None,
        }
    }
}

/// A period after resolution and what happens when it has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionRule {
    pub after: Duration,
    pub action: RetentionAction,
}

pub const DAY: Duration = Duration::from_secs(24 * 3600);

/// The default: contact moments that led to no case are kept one year after resolution,
/// then anonymised (see `docs/privacy.md`, "How long we keep what", for the source).
pub const DEFAULT_RULE: RetentionRule = RetentionRule {
    after: Duration::from_secs(365 * 24 * 3600),
    action: RetentionAction::Anonymise,
};

/// The most days a period may have (100 years): beyond that, `keep` says it better.
pub const MAX_DAYS: u64 = 36_500;

impl RetentionRule {
    /// When a conversation resolved at `resolved_at` is due; `None`: never (`keep`).
    pub fn due_at(&self, resolved_at: Timestamp) -> Option<Timestamp> {
        (self.action != RetentionAction::Keep).then(|| add(resolved_at, self.after))
    }

    pub fn is_due(&self, resolved_at: Timestamp, now: Timestamp) -> bool {
        self.due_at(resolved_at).is_some_and(|due| due <= now)
    }

    /// Which of two rules keeps longer (`keep` longest of all; on equal periods the one
    /// that removes less, anonymise before delete).
    fn longer(self, other: Self) -> Self {
        let rank = |r: &Self| {
            let keep = r.action == RetentionAction::Keep;
            (keep, r.after, r.action == RetentionAction::Anonymise)
        };
        if rank(&other) > rank(&self) {
            other
        } else {
            self
        }
    }
}

/// One organisation's policy: a default, optionally overridden per channel or per label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionPolicy {
    pub default: RetentionRule,
    pub channels: Vec<(ChannelId, RetentionRule)>,
    /// By label slug.
    pub labels: Vec<(String, RetentionRule)>,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        Self {
            default: DEFAULT_RULE,
            channels: Vec::new(),
            labels: Vec::new(),
        }
    }
}

impl RetentionPolicy {
    /// The rule for a conversation on `channel` with `labels`. A label says most about what
    /// the conversation was (a complaint, a WMO request), so label rules win over the
    /// channel's; when several labels have rules, the one that keeps longest wins (removing
    /// too early cannot be undone). Then the channel's rule, then the default.
    pub fn rule_for(&self, channel: ChannelId, labels: &[String]) -> RetentionRule {
        let by_label = (self.labels.iter())
            .filter(|(slug, _)| labels.iter().any(|l| l == slug))
            .map(|(_, rule)| *rule)
            .reduce(RetentionRule::longer);
        if let Some(rule) = by_label {
            return rule;
        }
        (self.channels.iter())
            .find(|(id, _)| *id == channel)
            .map_or(self.default, |(_, rule)| *rule)
    }

    fn rules(&self) -> impl Iterator<Item = RetentionRule> + '_ {
        let channels = self.channels.iter().map(|(_, r)| *r);
        let overrides = channels.chain(self.labels.iter().map(|(_, r)| *r));
        std::iter::once(self.default).chain(overrides)
    }

    /// The shortest period of any rule that removes: nothing resolved later than `now`
    /// minus this is due. `None` when every rule keeps.
    pub fn shortest_period(&self) -> Option<Duration> {
        (self.rules())
            .filter(|r| r.action != RetentionAction::Keep)
            .map(|r| r.after)
            .min()
    }

    /// Whether any rule deletes (then anonymised conversations may still have to go).
    pub fn deletes_anything(&self) -> bool {
        self.rules().any(|r| r.action == RetentionAction::Delete)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(days: u64, action: RetentionAction) -> RetentionRule {
        RetentionRule {
            after: DAY * days as u32,
            action,
        }
    }

    fn at(day: i64) -> Timestamp {
        Timestamp::from_second(1_750_000_000 + day * 86_400).unwrap()
    }

    #[test]
    fn a_rule_is_due_once_its_period_after_resolution_has_passed() {
        let r = rule(30, RetentionAction::Delete);
        assert!(!r.is_due(at(0), at(29)));
        assert!(r.is_due(at(0), at(30)));
        assert!(!rule(1, RetentionAction::Keep).is_due(at(0), at(10_000)));
    }

    #[test]
    fn a_label_rule_beats_the_channel_rule_and_the_longest_label_rule_wins() {
        let whatsapp = ChannelId::new_at(at(0));
        let other = ChannelId::new_at(at(1));
        let policy = RetentionPolicy {
            default: rule(365, RetentionAction::Anonymise),
            channels: vec![(whatsapp, rule(30, RetentionAction::Delete))],
            labels: vec![
                ("klacht".into(), rule(730, RetentionAction::Anonymise)),
                ("wmo".into(), rule(3650, RetentionAction::Delete)),
                ("bezwaar".into(), rule(1, RetentionAction::Keep)),
            ],
        };
        assert_eq!(policy.rule_for(other, &[]), policy.default);
        assert_eq!(
            policy.rule_for(whatsapp, &[]),
            rule(30, RetentionAction::Delete)
        );
        let labels = |ls: &[&str]| ls.iter().map(|l| l.to_string()).collect::<Vec<_>>();
        assert_eq!(
            policy.rule_for(whatsapp, &labels(&["klacht"])),
            rule(730, RetentionAction::Anonymise)
        );
        assert_eq!(
            policy.rule_for(whatsapp, &labels(&["klacht", "wmo", "paspoort"])),
            rule(3650, RetentionAction::Delete)
        );
        assert_eq!(
            policy.rule_for(other, &labels(&["wmo", "bezwaar"])).action,
            RetentionAction::Keep
        );
        assert_eq!(policy.shortest_period(), Some(DAY * 30));
        assert!(policy.deletes_anything());
    }

    #[test]
    fn a_policy_that_only_keeps_has_no_shortest_period() {
        let policy = RetentionPolicy {
            default: rule(10, RetentionAction::Keep),
            ..Default::default()
        };
        assert_eq!(policy.shortest_period(), None);
        assert!(!RetentionPolicy::default().deletes_anything());
    }

    #[test]
    fn actions_read_back_from_their_names() {
        for a in [
            RetentionAction::Delete,
            RetentionAction::Anonymise,
            RetentionAction::Keep,
        ] {
            assert_eq!(RetentionAction::parse(a.as_str()), Some(a));
        }
        assert_eq!(RetentionAction::parse("purge"), None);
    }
}
