//! Auto-assignment (issue 12, point 5): a new conversation goes to the online agent (of the
//! channel's team, when configured) below capacity who was auto-assigned to longest ago;
//! colleagues say whether they are online, away or offline; going offline can hand their
//! open conversations back to the queue.
//!
//! The rules come from the configuration at every start (`apply_auto_assignment`) and live in
//! memory: every instance reads the same file. The round robin's order is stored
//! (`last_assigned_at`), so it holds across instances and restarts.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{Arc, RwLock};

use loket_domain::assignment::{self, AutoAssign, Availability, Candidate, WhenOffline};
use loket_domain::{ChannelId, ConversationId, OrgId, TeamId, UserId};
use loket_store::ConversationPatch;

use crate::{Engine, EngineError};

/// How many waiting conversations one pass looks at.
const WAITING_BATCH: u32 = 200;
/// How often the worker hands out waiting conversations (capacity frees up when a
/// colleague resolves one; several instances each run the pass, the claim keeps it safe).
pub(crate) const ASSIGN_WAITING_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// One organisation's configuration, by slug; channels by phone number id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgAutoAssign {
    pub slug: String,
    pub organisation: Option<AutoAssignConfig>,
    /// A channel's own rule; `None` switches auto-assignment off on that channel.
    pub channels: Vec<(String, Option<AutoAssignConfig>)>,
}

/// A rule as configured: the team by slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoAssignConfig {
    pub team: Option<String>,
    pub capacity: u32,
    pub when_offline: WhenOffline,
}

#[derive(Debug, Default)]
struct OrgRules {
    organisation: Option<AutoAssign>,
    channels: HashMap<ChannelId, Option<AutoAssign>>,
}

/// The rules in force, per organisation.
#[derive(Debug, Default)]
pub(crate) struct AssignmentRules(RwLock<Arc<HashMap<OrgId, OrgRules>>>);

impl AssignmentRules {
    fn get(&self) -> Arc<HashMap<OrgId, OrgRules>> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Engine {
    /// Resolve and put in force the configured rules (unknown organisations, channels or
    /// teams are refused, nothing changes); organisations not listed assign nothing.
    pub async fn apply_auto_assignment(
        &self,
        configs: &[OrgAutoAssign],
    ) -> Result<(), EngineError> {
        let mut rules = HashMap::new();
        for config in configs {
            let org = (self.store().find_organisation_by_slug(&config.slug).await?)
                .ok_or(EngineError::NotFound)?
                .id;
            let mut resolved = OrgRules::default();
            if let Some(rule) = &config.organisation {
                resolved.organisation = Some(self.resolve_rule(org, rule).await?);
            }
            for (number, rule) in &config.channels {
                let channel = (self.store().find_channel_by_phone_number_id(number).await?)
                    .filter(|c| c.org_id == org)
                    .ok_or(EngineError::NotFound)?;
                let rule = match rule {
                    Some(rule) => Some(self.resolve_rule(org, rule).await?),
                    None => None,
                };
                resolved.channels.insert(channel.id, rule);
            }
            rules.insert(org, resolved);
        }
        *self
            .inner
            .assignment
            .0
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Arc::new(rules);
        Ok(())
    }

    async fn resolve_rule(
        &self,
        org: OrgId,
        rule: &AutoAssignConfig,
    ) -> Result<AutoAssign, EngineError> {
        let team = match &rule.team {
            None => None,
            Some(slug) => {
                let teams = self.store().list_teams(org).await?;
                let team = teams.into_iter().find(|t| &t.slug == slug && t.enabled);
                Some(team.ok_or(EngineError::NotFound)?.id)
            }
        };
        Ok(AutoAssign {
            team,
            capacity: rule.capacity,
            when_offline: rule.when_offline,
        })
    }

    /// The rule for `channel` of `org`: the channel's own, else the organisation's.
    fn auto_assign_rule(&self, org: OrgId, channel: ChannelId) -> Option<AutoAssign> {
        let rules = self.inner.assignment.get();
        let org_rules = rules.get(&org)?;
        match org_rules.channels.get(&channel) {
            Some(own) => own.clone(),
            None => org_rules.organisation.clone(),
        }
    }

    /// Give a new, unassigned conversation to the next colleague by the channel's rule;
    /// returns who got it (`None`: no rule, already assigned, or nobody online with room).
    pub async fn auto_assign(
        &self,
        org: OrgId,
        channel: ChannelId,
        conversation: ConversationId,
    ) -> Result<Option<UserId>, EngineError> {
        let Some(rule) = self.auto_assign_rule(org, channel) else {
            return Ok(None);
        };
        let candidates = self.store().assignment_candidates(org, rule.team).await?;
        self.assign_to_next(org, conversation, &rule, &candidates)
            .await
    }

    /// Hand `conversation` to `pick`'s colleague among `candidates`, unless somebody holds
    /// it by now (a colleague, or another instance's worker, was quicker).
    async fn assign_to_next(
        &self,
        org: OrgId,
        conversation: ConversationId,
        rule: &AutoAssign,
        candidates: &[Candidate],
    ) -> Result<Option<UserId>, EngineError> {
        let Some(user) = assignment::pick(candidates, rule.capacity) else {
            return Ok(None);
        };
        let current = self.store().get_conversation(org, conversation).await?;
        // A conversation routed to another team (by a colleague or a rule) is not this
        // rule's to hand out.
        if rule.team.is_some() && current.team.is_some() && current.team != rule.team {
            return Ok(None);
        }
        let patch = ConversationPatch {
            assignee: Some(Some(user)),
            team: rule.team.filter(|_| current.team.is_none()).map(Some),
            only_if_unassigned: true,
            ..Default::default()
        };
        match self.update_conversation(org, conversation, patch).await {
            Ok(_) => {}
            Err(EngineError::Conflict(_)) => return Ok(None),
            Err(e) => return Err(e),
        }
        let now = self.clock().now();
        self.store().mark_auto_assigned(org, user, now).await?;
        Ok(Some(user))
    }

    /// Hand out the conversations that wait unassigned (longest waiting first, at most
    /// `WAITING_BATCH`) by their channel's rule, while colleagues have room: someone came
    /// online or finished a conversation. Returns how many were handed out.
    pub async fn assign_waiting(&self, org: OrgId) -> Result<usize, EngineError> {
        if !self.inner.assignment.get().contains_key(&org) {
            return Ok(0);
        }
        let waiting = self.store().unassigned_open(org, WAITING_BATCH).await?;
        // Candidates per rule's team, kept up to date in memory as conversations go out.
        let mut pools: HashMap<Option<TeamId>, Vec<Candidate>> = HashMap::new();
        let mut handed = 0;
        for (conversation, channel) in waiting {
            let Some(rule) = self.auto_assign_rule(org, channel) else {
                continue;
            };
            let pool = match pools.entry(rule.team) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => {
                    e.insert(self.store().assignment_candidates(org, rule.team).await?)
                }
            };
            let Some(user) = self.assign_to_next(org, conversation, &rule, pool).await? else {
                continue;
            };
            handed += 1;
            let now = self.clock().now();
            for pool in pools.values_mut() {
                for candidate in pool.iter_mut().filter(|c| c.user == user) {
                    candidate.open += 1;
                    candidate.last_assigned_at = Some(now);
                }
            }
        }
        Ok(handed)
    }

    /// [`Engine::assign_waiting`] for every organisation with a rule (the worker's pass).
    pub(crate) async fn assign_waiting_everywhere(&self) {
        let orgs: Vec<OrgId> = self.inner.assignment.get().keys().copied().collect();
        for org in orgs {
            if let Err(e) = self.assign_waiting(org).await {
                tracing::warn!(error = %e, %org, "could not hand out waiting conversations");
            }
        }
    }

    pub async fn availability(
        &self,
        org: OrgId,
        user: UserId,
    ) -> Result<Availability, EngineError> {
        Ok(self.store().availability(org, user).await?)
    }

    /// Say whether `user` takes new conversations. Going offline where the organisation's
    /// rule says so hands their unresolved conversations back to the queue (each change
    /// recorded like a colleague's); returns how many.
    pub async fn set_availability(
        &self,
        org: OrgId,
        user: UserId,
        availability: Availability,
    ) -> Result<usize, EngineError> {
        let now = self.clock().now();
        self.store()
            .set_availability(org, user, availability, now)
            .await?;
        let unassign = self.inner.assignment.get().get(&org).is_some_and(|r| {
            (r.organisation.as_ref()).is_some_and(|a| a.when_offline == WhenOffline::Unassign)
        });
        if availability == Availability::Online {
            // Their availability is saved; the worker's next pass retries a failed hand-out.
            if let Err(e) = self.assign_waiting(org).await {
                tracing::warn!(error = %e, %org, "could not hand out waiting conversations");
            }
            return Ok(0);
        }
        if availability != Availability::Offline || !unassign {
            return Ok(0);
        }
        let held = self.store().assigned_unresolved(org, user).await?;
        for conversation in &held {
            let patch = ConversationPatch {
                assignee: Some(None),
                ..Default::default()
            };
            self.update_conversation(org, *conversation, patch).await?;
        }
        Ok(held.len())
    }
}
