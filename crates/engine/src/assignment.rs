//! Auto-assignment (issue 12, point 5): a new conversation goes to the online agent (of the
//! channel's team, when configured) below capacity who was auto-assigned to longest ago;
//! colleagues say whether they are online, away or offline; going offline can hand their
//! open conversations back to the queue.
//!
//! The rules come from the configuration at every start (`apply_auto_assignment`) and live in
//! memory: every instance reads the same file. The round robin's order is stored
//! (`last_assigned_at`), so it holds across instances and restarts.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use loket_domain::assignment::{self, AutoAssign, Availability, WhenOffline};
use loket_domain::{ChannelId, ConversationId, OrgId, UserId};
use loket_store::ConversationPatch;

use crate::{Engine, EngineError};

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
        let current = self.store().get_conversation(org, conversation).await?;
        if current.assignee.is_some() {
            return Ok(None);
        }
        let candidates = self.store().assignment_candidates(org, rule.team).await?;
        let Some(user) = assignment::pick(&candidates, rule.capacity) else {
            return Ok(None);
        };
        let patch = ConversationPatch {
            assignee: Some(Some(user)),
            team: rule.team.filter(|_| current.team.is_none()).map(Some),
            ..Default::default()
        };
        self.update_conversation(org, conversation, patch).await?;
        let now = self.clock().now();
        self.store().mark_auto_assigned(org, user, now).await?;
        Ok(Some(user))
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
