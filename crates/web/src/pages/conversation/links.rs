//! Links in messages as the agent sees them: defanged (`hxxps://gemeente[.]nl/…`, not
//! clickable, the domain marked up and announced) unless the domain is on the
//! organisation's allow-list; a link to a block-listed domain adds a warning to the
//! message. Finding and defanging are pure (`loket_domain::links`); here only HTML, built
//! from escaped parts. The text between links is formatted by `format.rs` as before.

use std::collections::HashMap;
use std::sync::Arc;

use loket_domain::links::{self, DomainList, Link};

use super::super::i18n::Tr;
use super::format::{escape, to_html};

/// One organisation's link settings (`[organisation.links]`).
#[derive(Debug, Clone, Default)]
pub struct LinkPolicy {
    /// Domains (and their subdomains) whose links stay clickable: the municipality's own.
    pub allow: DomainList,
    /// Known-bad domains (a file, shared by organisations that name the same one).
    pub block: Arc<DomainList>,
}

/// Every organisation's link policy, by slug; an organisation without one gets the
/// default (every link defanged, nothing blocked).
#[derive(Debug, Clone, Default)]
pub struct LinkPolicies(Arc<HashMap<String, LinkPolicy>>);

impl LinkPolicies {
    pub fn new(policies: impl IntoIterator<Item = (String, LinkPolicy)>) -> Self {
        Self(Arc::new(policies.into_iter().collect()))
    }

    pub fn get(&self, slug: &str) -> LinkPolicy {
        self.0.get(slug).cloned().unwrap_or_default()
    }
}

/// `text` as HTML (formatted, escaped) with its links rendered by `policy`, and whether
/// one of them points at a block-listed domain.
pub fn text_html(text: &str, policy: &LinkPolicy, tr: &Tr) -> (String, bool) {
    let found = links::find(text);
    if found.is_empty() {
        return (to_html(text), false);
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut blocked = false;
    let mut at = 0;
    for link in &found {
        out.push_str(&to_html(&text[at..link.start]));
        let is_blocked = policy.block.covers(&link.host);
        blocked |= is_blocked;
        if policy.allow.covers(&link.host) && !is_blocked {
            clickable(&text[link.start..link.end], &mut out);
        } else {
            defanged(text, link, is_blocked, tr, &mut out);
        }
        at = link.end;
    }
    out.push_str(&to_html(&text[at..]));
    (out, blocked)
}

/// The warning shown above a message with a block-listed link: text, not colour alone.
pub fn blocked_warning(tr: &Tr) -> String {
    format!(
        "<p class=\"utrecht-paragraph loket-message__warning\" role=\"note\">{}</p>",
        escape(&tr.t("convo-link-blocked"))
    )
}

fn clickable(url: &str, out: &mut String) {
    let lower = url.to_ascii_lowercase();
    let href = if lower.starts_with("http://") || lower.starts_with("https://") {
        url.to_owned()
    } else {
        format!("https://{url}")
    };
    out.push_str(&format!(
        "<a class=\"utrecht-link utrecht-link--html-a\" href=\"{}\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">{}</a>",
        escape(&href),
        escape(url)
    ));
}

/// `hxxps://<mark>www[.]gemeente[.]nl</mark>/pad`, announced as a link that is not
/// clickable; the domain is marked up (and styled bold), so it stands out without colour.
fn defanged(text: &str, link: &Link, blocked: bool, tr: &Tr, out: &mut String) {
    let shown = links::defang(&text[link.start..link.end]);
    let host_shown = link.host.replace('.', "[.]");
    let class = if blocked {
        "loket-link loket-link--blocked"
    } else {
        "loket-link"
    };
    out.push_str(&format!(
        "<span class=\"{class}\"><span class=\"loket-visually-hidden\">{} </span>",
        escape(&tr.t("convo-link-defanged"))
    ));
    // The host as written may differ in case from `link.host`: find it case-insensitively.
    match shown.to_ascii_lowercase().find(&host_shown) {
        Some(i) => {
            out.push_str(&escape(&shown[..i]));
            out.push_str("<mark class=\"loket-link__domain\">");
            out.push_str(&escape(&shown[i..i + host_shown.len()]));
            out.push_str("</mark>");
            out.push_str(&escape(&shown[i + host_shown.len()..]));
        }
        None => out.push_str(&escape(&shown)),
    }
    out.push_str("</span>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::i18n::{Lang, Tone};

    fn tr() -> Tr {
        Tr::new(Lang::Nl, Tone::U)
    }

    fn policy() -> LinkPolicy {
        LinkPolicy {
            allow: DomainList::new(["voorbeeld.nl"]).unwrap(),
            block: Arc::new(DomainList::new(["evil.example"]).unwrap()),
        }
    }

    #[test]
    fn a_link_is_defanged_with_its_domain_marked_and_announced() {
        let (html, blocked) = text_html("Zie https://www.gemeente.nl/afval.", &policy(), &tr());
        assert!(!blocked);
        assert!(!html.contains("<a "), "{html}");
        assert!(html.contains(
            "hxxps://<mark class=\"loket-link__domain\">www[.]gemeente[.]nl</mark>/afval</span>."
        ));
        assert!(html.contains("Link, niet aanklikbaar:"));
    }

    #[test]
    fn the_organisations_own_domains_stay_clickable() {
        let (html, _) = text_html("Kijk op loket.voorbeeld.nl/afval", &policy(), &tr());
        assert!(
            html.contains(
                "href=\"https://loket.voorbeeld.nl/afval\" rel=\"noopener noreferrer nofollow\""
            ),
            "{html}"
        );
    }

    #[test]
    fn a_block_listed_domain_is_reported_and_never_clickable() {
        let (html, blocked) = text_html("Betaal via https://pay.evil.example/x", &policy(), &tr());
        assert!(blocked);
        assert!(html.contains("loket-link--blocked"));
        assert!(!html.contains("<a "));
    }

    #[test]
    fn hostile_text_around_links_stays_escaped() {
        let (html, _) = text_html(
            "<script>x</script> https://a.nl/\"onmouseover=alert(1) *vet*",
            &LinkPolicy::default(),
            &tr(),
        );
        assert!(!html.contains("<script>"));
        assert!(!html.contains("\"onmouseover"));
        assert!(html.contains("<strong>vet</strong>"));
    }
}
