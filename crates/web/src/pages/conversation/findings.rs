//! The warning an agent sees on a message holding personal data (issue 10): each finding
//! named in words (never by colour alone), masked ones as removed, highlighted ones with
//! the value marked. Escaped like all resident text.

use loket_domain::privacy::masking::StoredFinding;
use loket_engine::records::MessageRecord;

use super::super::i18n::Tr;
use super::format::escape;

/// The warning's HTML, or nothing when the message holds no personal data.
pub fn warning_html(record: &MessageRecord, tr: &Tr) -> String {
    if record.findings.is_empty() {
        return String::new();
    }
    let mut html = String::from("<div class=\"loket-findings\" role=\"note\">");
    html.push_str("<p class=\"utrecht-paragraph loket-findings__title\">");
    html.push_str("<span aria-hidden=\"true\">\u{26A0}\u{FE0F} </span><strong>");
    html.push_str(&escape(&tr.t("findings-warning")));
    html.push_str("</strong></p><ul class=\"utrecht-unordered-list loket-findings__list\">");
    for finding in &record.findings {
        html.push_str(&item_html(finding, tr));
    }
    html.push_str("</ul></div>");
    html
}

fn item_html(finding: &StoredFinding, tr: &Tr) -> String {
    let kind = escape(&tr.t(&format!("pii-kind-{}", finding.kind.as_str())));
    let what = match (&finding.value, finding.masked) {
        (Some(value), false) => format!(
            "{}: <mark class=\"loket-findings__value\">{}</mark>",
            escape(&tr.t("findings-highlighted")),
            escape(value)
        ),
        _ => format!(
            "{} <span class=\"loket-findings__token\">{}</span>",
            escape(&tr.t("findings-masked")),
            escape(finding.kind.mask_token())
        ),
    };
    format!("<li class=\"utrecht-unordered-list__item\"><strong>{kind}</strong> {what}</li>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use loket_domain::pii::PiiKind;

    fn finding(kind: PiiKind, value: Option<&str>) -> StoredFinding {
        StoredFinding {
            kind,
            value: value.map(str::to_owned),
            start: 0,
            end: 5,
            masked: value.is_none(),
        }
    }

    #[test]
    fn a_masked_finding_says_removed_and_a_highlighted_one_shows_its_escaped_value() {
        let tr = Tr::default();
        let masked = item_html(&finding(PiiKind::Bsn, None), &tr);
        assert!(
            masked.contains("BSN") && masked.contains("[BSN]"),
            "{masked}"
        );
        assert!(masked.contains(&tr.t("findings-masked")));
        let shown = item_html(&finding(PiiKind::Email, Some("<a@b.nl>")), &tr);
        assert!(
            shown.contains("<mark class=\"loket-findings__value\">&lt;a@b.nl&gt;</mark>"),
            "{shown}"
        );
    }
}
