//! Retention in the configuration (`[organisation.retention]`, checked strictly at start) and
//! `loket retention run --config FILE [--dry-run]`.
//!
//! ```toml
//! [organisation.retention]          # optional; the default is 365 days, anonymise
//! days = 365
//! action = "anonymise"              # delete | anonymise | keep
//! [[organisation.retention.channel]]
//! phone_number_id = "1122334455667" # a channel of this organisation
//! days = 30
//! action = "delete"
//! [[organisation.retention.label]]
//! label = "klacht"                  # a label's slug
//! days = 730
//! action = "anonymise"
//! ```

use std::collections::HashSet;
use std::sync::Arc;

use anyhow::{Context, bail};
use loket_domain::retention::{DAY, DEFAULT_RULE, MAX_DAYS, RetentionAction, RetentionRule};
use loket_domain::time::SystemClock;
use loket_engine::retention::{OrgRetention, RetentionConfig, RetentionReport};
use serde::Deserialize;

use crate::settings::{OrgSettings, Settings};

/// `[organisation.retention]`: the organisation's default, and overrides.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionSettings {
    /// Days after resolution (default 365).
    #[serde(default)]
    pub days: Option<u64>,
    /// `delete`, `anonymise` or `keep` (default `anonymise`).
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default, rename = "channel")]
    pub channels: Vec<ChannelRetention>,
    #[serde(default, rename = "label")]
    pub labels: Vec<LabelRetention>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelRetention {
    pub phone_number_id: String,
    pub days: Option<u64>,
    pub action: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelRetention {
    pub label: String,
    pub days: Option<u64>,
    pub action: Option<String>,
}

/// A rule from its declared parts, each falling back to `fallback`'s; `at` names the place
/// in the file for the error.
fn rule(
    at: &str,
    days: Option<u64>,
    action: Option<&str>,
    fallback: RetentionRule,
) -> anyhow::Result<RetentionRule> {
    let action = match action {
        None => fallback.action,
        Some(text) => RetentionAction::parse(text).with_context(|| {
            format!("{at}.action is {text:?}: use \"delete\", \"anonymise\" or \"keep\"")
        })?,
    };
    let after = match days {
        None => fallback.after,
        Some(0) => {
            bail!("{at}.days must be at least 1 (0 would remove at once what was just resolved)")
        }
        Some(d) if d > MAX_DAYS => {
            bail!("{at}.days is {d}: at most {MAX_DAYS}; use action = \"keep\" to keep for good")
        }
        Some(d) => DAY * u32::try_from(d).unwrap_or(u32::MAX),
    };
    Ok(RetentionRule { after, action })
}

/// One organisation's declared policy, checked: known channels, no duplicates.
pub fn org_retention(org: &OrgSettings) -> anyhow::Result<OrgRetention> {
    let declared = org.retention.as_ref();
    let empty = RetentionSettings::default();
    let r = declared.unwrap_or(&empty);
    let at = format!("organisation {:?}: retention", org.slug);
    let default = rule(&at, r.days, r.action.as_deref(), DEFAULT_RULE)?;
    let mut seen = HashSet::new();
    let mut channels = Vec::new();
    for ch in &r.channels {
        let at = format!("{at}.channel {:?}", ch.phone_number_id);
        if !org
            .channels
            .iter()
            .any(|c| c.phone_number_id == ch.phone_number_id)
        {
            bail!("{at}: this organisation declares no channel with that phone_number_id");
        }
        if !seen.insert(("channel", ch.phone_number_id.clone())) {
            bail!("{at} is declared twice");
        }
        let rule = rule(&at, ch.days, ch.action.as_deref(), default)?;
        channels.push((ch.phone_number_id.clone(), rule));
    }
    let mut labels = Vec::new();
    for l in &r.labels {
        let at = format!("{at}.label {:?}", l.label);
        if l.label.trim().is_empty() {
            bail!("{at}: the label's slug is empty");
        }
        if !seen.insert(("label", l.label.clone())) {
            bail!("{at} is declared twice");
        }
        labels.push((
            l.label.clone(),
            rule(&at, l.days, l.action.as_deref(), default)?,
        ));
    }
    Ok(OrgRetention {
        slug: org.slug.clone(),
        default,
        channels,
        labels,
    })
}

impl Settings {
    /// Every declared organisation's retention policy (the default where none is declared).
    pub fn retention(&self) -> anyhow::Result<RetentionConfig> {
        let organisations = (self.organisations.iter())
            .map(org_retention)
            .collect::<anyhow::Result<_>>()?;
        Ok(RetentionConfig { organisations })
    }
}

/// `loket retention run`: apply the policies once and print what was removed (counts).
pub async fn run(settings: &Settings, dry_run: bool) -> anyhow::Result<()> {
    let config = settings.retention()?;
    let engine = crate::runtime::build_engine(settings, Arc::new(SystemClock)).await?;
    let reports = engine.run_retention(&config, dry_run).await?;
    for report in &reports {
        println!("{}", describe(report));
    }
    for org in &config.organisations {
        if !reports.iter().any(|r| r.slug == org.slug) {
            println!(
                "{}: not in the database yet (start Loket once): nothing to do",
                org.slug
            );
        }
    }
    if !dry_run {
        let unrouted = engine.prune_unrouted_events().await?;
        println!("unrouted events older than 30 days: {unrouted} removed");
    }
    if let Some(failed) = reports.iter().find(|r| r.error.is_some()) {
        bail!("retention for {:?} stopped early (see above)", failed.slug);
    }
    Ok(())
}

/// One line per organisation: counts only.
pub fn describe(r: &RetentionReport) -> String {
    let c = &r.counts;
    let verb = if r.dry_run {
        "due (dry run)"
    } else {
        "removed"
    };
    let mut line = format!(
        "{}: {verb}: {} conversations deleted, {} anonymised; {} messages deleted, {} anonymised; \
         {} media files, {} notes, {} jobs, {} residents' numbers, {} channel notices",
        r.slug,
        c.conversations_deleted,
        c.conversations_anonymised,
        c.messages_deleted,
        c.messages_anonymised,
        c.media_removed,
        c.notes_deleted,
        c.jobs_deleted,
        c.contacts_removed,
        c.channel_events_deleted,
    );
    if let Some(e) = &r.error {
        line.push_str(&format!(" — stopped: {e}"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"
        [server]
        database_url = "sqlite::memory:"
        [[organisation]]
        slug = "utrecht"
        name = "Gemeente Utrecht"
        [[organisation.channel]]
        kind = "whatsapp"
        name = "WhatsApp"
        app = "default"
        phone_number_id = "1122334455667"
        display_phone_number = "31850601234"
        waba_id = "1"
        access_token = "t"
    "#;

    fn retention_of(extra: &str) -> anyhow::Result<RetentionConfig> {
        Settings::from_toml(&format!("{BASE}{extra}"))?.retention()
    }

    fn error_of(extra: &str) -> String {
        format!("{:#}", retention_of(extra).unwrap_err())
    }

    #[test]
    fn an_organisation_without_a_retention_section_gets_the_documented_default() {
        let config = retention_of("").unwrap();
        assert_eq!(config.organisations[0].default, DEFAULT_RULE);
        assert_eq!(DEFAULT_RULE.after, DAY * 365);
        assert_eq!(DEFAULT_RULE.action, RetentionAction::Anonymise);
    }

    #[test]
    fn channel_and_label_overrides_fall_back_to_the_organisations_default() {
        let config = retention_of(
            r#"
            [organisation.retention]
            days = 180
            action = "delete"
            [[organisation.retention.channel]]
            phone_number_id = "1122334455667"
            days = 30
            [[organisation.retention.label]]
            label = "klacht"
            action = "anonymise"
            "#,
        )
        .unwrap();
        let org = &config.organisations[0];
        assert_eq!(
            org.default,
            RetentionRule {
                after: DAY * 180,
                action: RetentionAction::Delete
            }
        );
        assert_eq!(
            org.channels[0].1,
            RetentionRule {
                after: DAY * 30,
                action: RetentionAction::Delete
            }
        );
        assert_eq!(
            org.labels[0].1,
            RetentionRule {
                after: DAY * 180,
                action: RetentionAction::Anonymise
            }
        );
    }

    #[test]
    fn bad_retention_settings_stop_the_start_saying_what_is_wrong() {
        let cases = [
            (
                "[organisation.retention]\ndays = 0",
                "days must be at least 1",
            ),
            ("[organisation.retention]\ndays = 100000", "at most 36500"),
            ("[organisation.retention]\naction = \"purge\"", "\"purge\""),
            ("[organisation.retention]\nweeks = 3", "unknown field"),
            (
                "[[organisation.retention.channel]]\nphone_number_id = \"999\"",
                "declares no channel",
            ),
            (
                "[[organisation.retention.label]]\nlabel = \"a\"\n[[organisation.retention.label]]\nlabel = \"a\"",
                "declared twice",
            ),
            (
                "[[organisation.retention.label]]\nlabel = \" \"",
                "slug is empty",
            ),
        ];
        for (extra, expected) in cases {
            let error = error_of(extra);
            assert!(error.contains(expected), "{extra}: {error}");
        }
    }
}
