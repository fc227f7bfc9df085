//! Auto-assignment (issue 12, point 5): who gets a new conversation. Round robin over the
//! agents who are online and below their capacity: the one assigned to longest ago goes
//! first, so the order survives restarts and holds across instances (it is stored, not a
//! counter in memory).

use std::str::FromStr;

use crate::conversation::UnknownStatus;
use crate::{TeamId, Timestamp, UserId};

/// Whether a colleague takes new conversations now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Availability {
    Online,
    /// At their desk but not taking new conversations (a meeting, a break).
    Away,
    /// The state of everyone who never said otherwise.
    #[default]
    Offline,
}

impl Availability {
    pub const ALL: [Self; 3] = [Self::Online, Self::Away, Self::Offline];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Away => "away",
            Self::Offline => "offline",
        }
    }
}

impl FromStr for Availability {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "online" => Self::Online,
            "away" => Self::Away,
            "offline" => Self::Offline,
            other => return Err(UnknownStatus(other.to_owned())),
        })
    }
}

/// What happens to a colleague's open conversations when they go offline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WhenOffline {
    /// They stay theirs (they pick them up again tomorrow).
    #[default]
    Keep,
    /// They go back to the queue, unassigned, for whoever is online.
    Unassign,
}

/// How a channel's new conversations are assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoAssign {
    /// Only this team's members (and the conversation gets the team); `None`: every agent
    /// and team lead of the organisation.
    pub team: Option<TeamId>,
    /// Open conversations an agent holds at most before they are skipped.
    pub capacity: u32,
    pub when_offline: WhenOffline,
}

/// The capacity when the configuration names none.
pub const DEFAULT_CAPACITY: u32 = 8;

/// An online colleague who could get the conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub user: UserId,
    /// Conversations assigned to them that are open or pending.
    pub open: u32,
    /// When auto-assignment last gave them one; `None`: never.
    pub last_assigned_at: Option<Timestamp>,
}

/// The candidate below `capacity` whose last assignment is oldest (never first; ties by id,
/// so the choice is the same on every instance); `None` when everyone is full.
pub fn pick(candidates: &[Candidate], capacity: u32) -> Option<UserId> {
    candidates
        .iter()
        .filter(|c| c.open < capacity)
        .min_by_key(|c| (c.last_assigned_at, c.user))
        .map(|c| c.user)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(1_764_000_000 + s).unwrap()
    }

    fn user(n: u64) -> UserId {
        format!("01936f2e-0000-7000-8000-{n:012}").parse().unwrap()
    }

    fn candidate(n: u64, open: u32, last: Option<i64>) -> Candidate {
        Candidate {
            user: user(n),
            open,
            last_assigned_at: last.map(at),
        }
    }

    #[test]
    fn the_colleague_assigned_to_longest_ago_goes_first_and_never_beats_everyone() {
        let all = [
            candidate(1, 0, Some(30)),
            candidate(2, 0, Some(10)),
            candidate(3, 0, Some(20)),
        ];
        assert_eq!(pick(&all, 8), Some(user(2)));
        let with_new = [candidate(1, 0, Some(30)), candidate(4, 5, None)];
        assert_eq!(pick(&with_new, 8), Some(user(4)));
    }

    #[test]
    fn a_full_colleague_is_skipped_and_nobody_below_capacity_means_nobody() {
        let all = [candidate(1, 8, None), candidate(2, 3, Some(50))];
        assert_eq!(pick(&all, 8), Some(user(2)));
        assert_eq!(pick(&all, 3), None);
        assert_eq!(pick(&[], 8), None);
    }

    #[test]
    fn ties_go_by_id_so_every_instance_picks_the_same() {
        let all = [candidate(7, 0, Some(5)), candidate(3, 0, Some(5))];
        assert_eq!(pick(&all, 1), Some(user(3)));
    }

    #[test]
    fn availability_round_trips_through_its_text() {
        for a in Availability::ALL {
            assert_eq!(a.as_str().parse::<Availability>().unwrap(), a);
        }
        assert!("busy".parse::<Availability>().is_err());
        assert_eq!(Availability::default(), Availability::Offline);
    }
}
