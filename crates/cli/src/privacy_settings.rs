//! `[organisation.privacy]` (issue 10): what an organisation does with the personal data
//! residents send, and whether agents may send a BSN. Removed: the defaults apply;
//! misspelt: the start stops, saying which organisation and key.
//!
//! ```toml
//! [organisation.privacy]
//! notice = "Deel uw BSN liever niet via WhatsApp. …"   # default: per the theme's tone
//! outbound_bsn = "refuse"                              # or "confirm"
//! [organisation.privacy.kinds]                         # mask | highlight | keep
//! bsn = "mask"
//! email = "mask"
//! ```

use loket_domain::pii::PiiKind;
use loket_domain::privacy::{KindAction, NOTICE_JE, NOTICE_U, OutboundBsn, PrivacyPolicy};
use serde::Deserialize;

use crate::settings::{OrgSettings, Settings};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacySettings {
    /// Sent to a resident whose BSN or IBAN was removed; default in the theme's tone.
    #[serde(default)]
    pub notice: Option<String>,
    /// `refuse` (default) or `confirm`.
    #[serde(default)]
    pub outbound_bsn: Option<String>,
    #[serde(default)]
    pub kinds: KindSettings,
}

/// One key per kind of personal data; a misspelt kind is an unknown key.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindSettings {
    pub bsn: Option<String>,
    pub iban: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub postcode: Option<String>,
    pub date_of_birth: Option<String>,
    pub document_number: Option<String>,
    pub licence_plate: Option<String>,
}

impl KindSettings {
    fn get(&self, kind: PiiKind) -> Option<&str> {
        match kind {
            PiiKind::Bsn => self.bsn.as_deref(),
            PiiKind::Iban => self.iban.as_deref(),
            PiiKind::Phone => self.phone.as_deref(),
            PiiKind::Email => self.email.as_deref(),
            PiiKind::Postcode => self.postcode.as_deref(),
            PiiKind::DateOfBirth => self.date_of_birth.as_deref(),
            PiiKind::DocumentNumber => self.document_number.as_deref(),
            PiiKind::LicencePlate => self.licence_plate.as_deref(),
        }
    }
}

impl Settings {
    /// Every declared organisation's policy, by slug, for `Engine::apply_privacy_policies`.
    pub fn privacy_policies(&self) -> anyhow::Result<Vec<(String, Option<PrivacyPolicy>)>> {
        self.organisations
            .iter()
            .map(|org| Ok((org.slug.clone(), Some(policy_of(org)?))))
            .collect()
    }
}

fn policy_of(org: &OrgSettings) -> anyhow::Result<PrivacyPolicy> {
    let error = |key: &str, what: String| {
        anyhow::anyhow!("organisation {:?}: privacy.{key}: {what}", org.slug)
    };
    let informal = org
        .theme
        .as_ref()
        .and_then(|t| t.tone.as_deref())
        .is_some_and(|t| t == "je");
    let default_notice = if informal { NOTICE_JE } else { NOTICE_U };
    let mut policy = PrivacyPolicy {
        notice: default_notice.to_owned(),
        ..PrivacyPolicy::default()
    };
    let Some(settings) = &org.privacy else {
        return Ok(policy);
    };
    if let Some(notice) = &settings.notice {
        if notice.trim().is_empty() || notice.chars().count() > 1000 {
            return Err(error("notice", "must hold 1 to 1000 characters".into()));
        }
        policy.notice = notice.clone();
    }
    if let Some(text) = &settings.outbound_bsn {
        policy.outbound_bsn = OutboundBsn::parse(text).ok_or_else(|| {
            error(
                "outbound_bsn",
                format!("{text:?} is not \"refuse\" or \"confirm\""),
            )
        })?;
    }
    for kind in PiiKind::ALL {
        if let Some(text) = settings.kinds.get(kind) {
            let action = KindAction::parse(text).ok_or_else(|| {
                error(
                    &format!("kinds.{}", kind.as_str()),
                    format!("{text:?} is not \"mask\", \"highlight\" or \"keep\""),
                )
            })?;
            policy.actions.insert(kind, action);
        }
    }
    Ok(policy)
}
