//! `[organisation.privacy]` (issue 10): defaults when absent (the notice in the theme's
//! tone), every key read, and a misspelt kind or value stops the start saying which.

use loket_cli::settings::Settings;
use loket_domain::pii::PiiKind;
use loket_domain::privacy::{KindAction, NOTICE_JE, NOTICE_U, OutboundBsn, PrivacyPolicy};

fn policy(extra: &str) -> anyhow::Result<PrivacyPolicy> {
    let settings = Settings::from_toml(&format!(
        "[server]\ndatabase_url = \"sqlite://x.db\"\n\
         [[organisation]]\nslug = \"voorbeeld\"\nname = \"Gemeente Voorbeeld\"\n{extra}\n"
    ))?;
    let mut policies = settings.privacy_policies()?;
    assert_eq!(policies.len(), 1);
    Ok(policies.remove(0).1.unwrap())
}

#[test]
fn without_a_privacy_section_the_defaults_apply_with_the_notice_in_the_themes_tone() {
    let formal = policy("").unwrap();
    assert_eq!(formal.notice, NOTICE_U);
    assert!(formal.masks(PiiKind::Bsn) && formal.masks(PiiKind::Iban));
    assert_eq!(formal.action(PiiKind::Phone), KindAction::Highlight);
    assert_eq!(formal.outbound_bsn, OutboundBsn::Refuse);
    let informal = policy("[organisation.theme]\ntone = \"je\"").unwrap();
    assert_eq!(informal.notice, NOTICE_JE);
}

#[test]
fn every_key_of_the_privacy_section_is_read() {
    let p = policy(
        "[organisation.privacy]\nnotice = \"Stuur geen BSN.\"\noutbound_bsn = \"confirm\"\n\
         [organisation.privacy.kinds]\nemail = \"mask\"\niban = \"keep\"\nphone = \"highlight\"",
    )
    .unwrap();
    assert_eq!(p.notice, "Stuur geen BSN.");
    assert_eq!(p.outbound_bsn, OutboundBsn::Confirm);
    assert!(p.masks(PiiKind::Email));
    assert_eq!(p.action(PiiKind::Iban), KindAction::Keep);
    assert!(p.masks(PiiKind::Bsn), "unlisted kinds keep their default");
}

#[test]
fn a_misspelt_kind_key_or_value_stops_the_start_saying_which() {
    let kind = policy("[organisation.privacy.kinds]\nbsnn = \"mask\"").unwrap_err();
    assert!(format!("{kind:#}").contains("bsnn"), "{kind:#}");
    let value = policy("[organisation.privacy.kinds]\nbsn = \"masked\"").unwrap_err();
    let text = format!("{value:#}");
    assert!(
        text.contains("voorbeeld") && text.contains("kinds.bsn") && text.contains("masked"),
        "{text}"
    );
    let outbound = policy("[organisation.privacy]\noutbound_bsn = \"allow\"").unwrap_err();
    assert!(format!("{outbound:#}").contains("outbound_bsn"));
    let key = policy("[organisation.privacy]\nnotise = \"x\"").unwrap_err();
    assert!(format!("{key:#}").contains("notise"));
    let empty = policy("[organisation.privacy]\nnotice = \"  \"").unwrap_err();
    assert!(format!("{empty:#}").contains("notice"));
}
