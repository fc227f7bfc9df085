//! Personal data in what an agent sends: a BSN is refused (unless the organisation chose
//! confirm-before-send); any other personal data needs the agent's confirmation.

use super::{OutboundBsn, PrivacyPolicy};
use crate::pii::{self, Finding, PiiKind};

/// Why a reply was not sent as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutboundRefusal {
    /// It holds a BSN and the organisation refuses those: confirming does not help.
    Bsn(Vec<Finding>),
    /// It holds personal data the agent has not confirmed sending.
    NeedsConfirmation(Vec<Finding>),
}

impl OutboundRefusal {
    pub fn findings(&self) -> &[Finding] {
        match self {
            Self::Bsn(f) | Self::NeedsConfirmation(f) => f,
        }
    }
}

/// Check the texts of one reply (body, caption…) together.
pub fn check_outbound<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    policy: &PrivacyPolicy,
    confirmed: bool,
) -> Result<(), OutboundRefusal> {
    let findings: Vec<Finding> = texts.into_iter().flat_map(pii::find).collect();
    if findings.is_empty() {
        return Ok(());
    }
    let has_bsn = findings.iter().any(|f| f.kind == PiiKind::Bsn);
    if has_bsn && policy.outbound_bsn == OutboundBsn::Refuse {
        return Err(OutboundRefusal::Bsn(findings));
    }
    if !confirmed {
        return Err(OutboundRefusal::NeedsConfirmation(findings));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bsn_is_refused_even_when_confirmed_unless_the_organisation_allows_confirming() {
        let mut policy = PrivacyPolicy::default();
        let refused = check_outbound(["Uw BSN is 111222333"], &policy, true);
        assert!(matches!(refused, Err(OutboundRefusal::Bsn(f)) if f.len() == 1));
        policy.outbound_bsn = OutboundBsn::Confirm;
        assert!(matches!(
            check_outbound(["Uw BSN is 111222333"], &policy, false),
            Err(OutboundRefusal::NeedsConfirmation(_))
        ));
        assert_eq!(
            check_outbound(["Uw BSN is 111222333"], &policy, true),
            Ok(())
        );
    }

    #[test]
    fn text_without_personal_data_passes() {
        assert_eq!(
            check_outbound(["Goedemiddag!"], &PrivacyPolicy::default(), false),
            Ok(())
        );
    }
}
