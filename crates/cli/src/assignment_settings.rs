//! `[organisation.auto_assignment]` (issue 12, point 5): new conversations go round robin to
//! the online agents (of a team) below a capacity; a channel may have its own rule or switch
//! it off (`[organisation.channel.auto_assignment]`, the whole table replaces the
//! organisation's).
//!
//! ```toml
//! [organisation.auto_assignment]
//! team = "kcc"              # only this team's members (and the conversation gets the team)
//! capacity = 8              # open conversations per agent, 1–1000
//! when_offline = "keep"     # or "unassign": going offline hands them back to the queue
//! ```

use anyhow::{Context, bail};
use loket_domain::assignment::{DEFAULT_CAPACITY, WhenOffline};
use loket_engine::assignment::{AutoAssignConfig, OrgAutoAssign};
use serde::Deserialize;

use crate::settings::{OrgSettings, Settings};

/// The most open conversations a capacity may allow (a typo like 80000 is caught).
const MAX_CAPACITY: u32 = 1000;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoAssignSettings {
    /// `false` switches auto-assignment off (on a channel: for that channel).
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub capacity: Option<u32>,
    #[serde(default)]
    pub when_offline: Option<String>,
}

fn yes() -> bool {
    true
}

impl Settings {
    /// Every declared organisation's rules, for `Engine::apply_auto_assignment`.
    pub fn auto_assignment(&self) -> anyhow::Result<Vec<OrgAutoAssign>> {
        self.organisations.iter().map(org_rules).collect()
    }
}

fn org_rules(org: &OrgSettings) -> anyhow::Result<OrgAutoAssign> {
    let what = |key: &str| format!("organisation {:?}: {key}", org.slug);
    let organisation = match &org.auto_assignment {
        Some(s) => rule(s).with_context(|| what("auto_assignment"))?,
        None => None,
    };
    let mut channels = Vec::new();
    for channel in &org.channels {
        if let Some(s) = &channel.auto_assignment {
            let key = format!("channel {:?}: auto_assignment", channel.name);
            channels.push((
                channel.phone_number_id.clone(),
                rule(s).with_context(|| what(&key))?,
            ));
        }
    }
    Ok(OrgAutoAssign {
        slug: org.slug.clone(),
        organisation,
        channels,
    })
}

fn rule(s: &AutoAssignSettings) -> anyhow::Result<Option<AutoAssignConfig>> {
    if !s.enabled {
        return Ok(None);
    }
    let capacity = s.capacity.unwrap_or(DEFAULT_CAPACITY);
    if !(1..=MAX_CAPACITY).contains(&capacity) {
        bail!("capacity must be 1–{MAX_CAPACITY}, not {capacity}");
    }
    let when_offline = match s.when_offline.as_deref() {
        None | Some("keep") => WhenOffline::Keep,
        Some("unassign") => WhenOffline::Unassign,
        Some(other) => bail!("when_offline must be \"keep\" or \"unassign\", not {other:?}"),
    };
    Ok(Some(AutoAssignConfig {
        team: s.team.clone(),
        capacity,
        when_offline,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn try_parse(text: &str) -> Result<AutoAssignSettings, Box<figment::Error>> {
        use figment::providers::{Format, Toml};
        figment::Figment::from(Toml::string(text))
            .extract()
            .map_err(Box::new)
    }

    fn parse(text: &str) -> AutoAssignSettings {
        try_parse(text).unwrap()
    }

    #[test]
    fn defaults_are_on_capacity_eight_and_keep() {
        let got = rule(&parse("")).unwrap().unwrap();
        assert_eq!(got.capacity, DEFAULT_CAPACITY);
        assert_eq!(got.when_offline, WhenOffline::Keep);
        assert_eq!(got.team, None);
        assert_eq!(rule(&parse("enabled = false")).unwrap(), None);
    }

    #[test]
    fn a_capacity_out_of_range_or_an_unknown_offline_rule_is_refused_with_its_value() {
        let zero = rule(&parse("capacity = 0")).unwrap_err().to_string();
        assert!(zero.contains("capacity must be 1–1000, not 0"), "{zero}");
        let odd = rule(&parse("when_offline = \"later\""))
            .unwrap_err()
            .to_string();
        assert!(odd.contains("\"later\""), "{odd}");
        assert!(
            try_parse("capacit = 3").is_err(),
            "a misspelt key is refused"
        );
        let given = rule(&parse(
            "team = \"kcc\"\ncapacity = 3\nwhen_offline = \"unassign\"",
        ));
        let given = given.unwrap().unwrap();
        assert_eq!(
            (given.team.as_deref(), given.capacity, given.when_offline),
            (Some("kcc"), 3, WhenOffline::Unassign)
        );
    }
}
