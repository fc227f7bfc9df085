//! What an organisation does with the personal data residents send: per kind mask,
//! highlight or keep; the notice the resident gets; whether an agent may send a BSN.
//! Detection itself is [`crate::pii`]; applying the policy to messages is [`masking`].

pub mod masking;
pub mod outbound;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::pii::PiiKind;

/// What happens to one kind of personal data in what residents send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindAction {
    /// Replaced by its token (`[BSN]`) before anything is stored or shown.
    Mask,
    /// Stored as sent; the agent sees it highlighted with a warning.
    Highlight,
    /// Stored as sent, no warning (until the retention period ends).
    Keep,
}

impl KindAction {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "mask" => Some(Self::Mask),
            "highlight" => Some(Self::Highlight),
            "keep" => Some(Self::Keep),
            _ => None,
        }
    }
}

/// What happens when an agent's reply holds a BSN.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboundBsn {
    /// Refused with an explanation: a municipality must not send a BSN over WhatsApp.
    #[default]
    Refuse,
    /// Sent once the agent confirms, like any other personal data.
    Confirm,
}

impl OutboundBsn {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "refuse" => Some(Self::Refuse),
            "confirm" => Some(Self::Confirm),
            _ => None,
        }
    }
}

/// The resident's notice in the formal tone (`u`).
pub const NOTICE_U: &str =
    "Deel uw BSN liever niet via WhatsApp. We hebben het uit dit gesprek verwijderd.";
/// The resident's notice in the informal tone (`je`).
pub const NOTICE_JE: &str =
    "Deel je BSN liever niet via WhatsApp. We hebben het uit dit gesprek verwijderd.";

/// An organisation's policy. Kinds not listed in `actions` take [`default_action`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyPolicy {
    #[serde(default)]
    pub actions: HashMap<PiiKind, KindAction>,
    /// Sent to the resident when a BSN or IBAN of theirs was masked.
    pub notice: String,
    #[serde(default)]
    pub outbound_bsn: OutboundBsn,
}

/// BSNs and IBANs are masked at once; everything else is highlighted only (the
/// contactverzoek needs the resident's phone number, for one).
pub fn default_action(kind: PiiKind) -> KindAction {
    match kind {
        PiiKind::Bsn | PiiKind::Iban => KindAction::Mask,
        _ => KindAction::Highlight,
    }
}

impl Default for PrivacyPolicy {
    fn default() -> Self {
        Self {
            actions: HashMap::new(),
            notice: NOTICE_JE.to_owned(),
            outbound_bsn: OutboundBsn::Refuse,
        }
    }
}

impl PrivacyPolicy {
    pub fn action(&self, kind: PiiKind) -> KindAction {
        self.actions
            .get(&kind)
            .copied()
            .unwrap_or_else(|| default_action(kind))
    }

    pub fn masks(&self, kind: PiiKind) -> bool {
        self.action(kind) == KindAction::Mask
    }

    /// For events that belong to no organisation (unrouted): BSNs and IBANs are always
    /// masked, whatever any organisation chose; nothing else is.
    pub fn unrouted() -> Self {
        let mut actions = HashMap::new();
        for kind in PiiKind::ALL {
            let action = match kind {
                PiiKind::Bsn | PiiKind::Iban => KindAction::Mask,
                _ => KindAction::Keep,
            };
            actions.insert(kind, action);
        }
        Self {
            actions,
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_default_bsn_and_iban_are_masked_and_the_rest_highlighted() {
        let policy = PrivacyPolicy::default();
        assert!(policy.masks(PiiKind::Bsn));
        assert!(policy.masks(PiiKind::Iban));
        assert_eq!(policy.action(PiiKind::Phone), KindAction::Highlight);
        assert_eq!(policy.outbound_bsn, OutboundBsn::Refuse);
    }

    #[test]
    fn an_organisation_may_mask_more_and_keep_others() {
        let mut policy = PrivacyPolicy::default();
        policy.actions.insert(PiiKind::Email, KindAction::Mask);
        policy.actions.insert(PiiKind::Iban, KindAction::Keep);
        assert!(policy.masks(PiiKind::Email));
        assert_eq!(policy.action(PiiKind::Iban), KindAction::Keep);
        let json = serde_json::to_string(&policy).unwrap();
        assert_eq!(
            serde_json::from_str::<PrivacyPolicy>(&json).unwrap(),
            policy
        );
    }

    #[test]
    fn unrouted_events_always_mask_bsn_and_iban_only() {
        let policy = PrivacyPolicy::unrouted();
        assert!(policy.masks(PiiKind::Bsn) && policy.masks(PiiKind::Iban));
        assert!(!policy.masks(PiiKind::Phone));
    }
}
