//! Links in residents' messages: found, matched against an organisation's allow-list and a
//! block-list of known-bad domains, and defanged (`hxxps://gemeente[.]nl`) for display.
//! Meta does not scan links, so a link in a message is shown unclickable unless its domain
//! is one the organisation trusts. Pure: no I/O; the block-list file is read by the caller.

use std::collections::HashSet;

/// A link found in a text: its byte range (`end` exclusive) and its host, lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub start: usize,
    pub end: usize,
    pub host: String,
}

/// Top-level domains a link without `http(s)://` or `www.` may end in. Bare words with a
/// dot ("Dhr.Jansen", "bijv.ook") would otherwise be taken for links.
const BARE_TLDS: &[&str] = &[
    "nl",
    "com",
    "org",
    "net",
    "eu",
    "be",
    "de",
    "info",
    "io",
    "ly",
    "me",
    "co",
    "app",
    "xyz",
    "top",
    "site",
    "online",
    "ru",
    "cn",
    "uk",
    "fr",
    "tk",
    "gl",
    "gd",
    "to",
    "cc",
    "biz",
    "shop",
    "link",
    "click",
    "gov",
    "frl",
    "amsterdam",
];

/// Every link in `text`, in order: `http://` and `https://` URLs, `www.` hosts and bare
/// hosts ending in a common top-level domain (`bit.ly/x`). The part after an `@` (an email
/// address) is not a link.
pub fn find(text: &str) -> Vec<Link> {
    let mut links = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let at_word_start = i == 0 || !is_url_char(prev_char(text, i));
        if at_word_start && let Some(link) = link_at(text, i) {
            i = link.end;
            links.push(link);
            continue;
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    links
}

fn prev_char(text: &str, i: usize) -> char {
    text[..i].chars().next_back().unwrap_or(' ')
}

fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '.'
}

/// The link starting at byte `start`, if one does.
fn link_at(text: &str, start: usize) -> Option<Link> {
    let rest = &text[start..];
    let lower: String = rest
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    let (host_start, explicit) = if lower.starts_with("https://") {
        (start + 8, true)
    } else if lower.starts_with("http://") {
        (start + 7, true)
    } else if lower.starts_with("www.") {
        (start, true)
    } else {
        (start, false)
    };
    let end = url_end(text, start);
    let after_scheme = &text[host_start..end.max(host_start)];
    // User info (`https://gemeente.nl@evil.example`) is a classic disguise: the host is
    // what follows the last `@` before the path.
    let authority_end = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    let authority = &after_scheme[..authority_end];
    let host_part = authority.rsplit('@').next().unwrap_or(authority);
    let host_part = host_part.split(':').next().unwrap_or(host_part);
    if !explicit && authority.contains('@') {
        return None;
    }
    let host = host_part.trim_end_matches('.').to_ascii_lowercase();
    if !is_host(&host, explicit) {
        return None;
    }
    let end = if explicit || authority_end < after_scheme.len() {
        end
    } else {
        host_start + host_part.trim_end_matches('.').len()
    };
    Some(Link { start, end, host })
}

/// Where the URL starting at `start` ends: at whitespace or a character no URL has, then
/// without trailing punctuation (a sentence's full stop, a closing bracket it did not open).
fn url_end(text: &str, start: usize) -> usize {
    let mut end = start;
    for (offset, c) in text[start..].char_indices() {
        if !is_url_char(c) {
            break;
        }
        end = start + offset + c.len_utf8();
    }
    loop {
        let Some(last) = text[start..end].chars().next_back() else {
            return end;
        };
        let opened = text[start..end].matches('(').count();
        let closed = text[start..end].matches(')').count();
        let trailing = ".,;:!?'\"*_~".contains(last) || (last == ')' && closed > opened);
        if !trailing {
            return end;
        }
        end -= last.len_utf8();
    }
}

fn is_host(host: &str, explicit: bool) -> bool {
    if host.is_empty() || host.len() > 253 || !host.chars().all(is_host_char) {
        return false;
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| l.is_empty() || l.len() > 63 || l.starts_with('-'))
    {
        return false;
    }
    let tld = labels[labels.len() - 1];
    if explicit {
        // An IP address or any alphabetic top-level domain.
        return tld.chars().all(|c| c.is_ascii_alphabetic()) && tld.len() >= 2
            || labels.iter().all(|l| l.chars().all(|c| c.is_ascii_digit()));
    }
    BARE_TLDS.contains(&tld)
}

/// The link as text that no program turns back into a link: `hxxp(s)://` and every dot of
/// the host as `[.]` (the convention of security teams).
pub fn defang(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        out.push_str("hxxps://");
        &url[8..]
    } else if lower.starts_with("http://") {
        out.push_str("hxxp://");
        &url[7..]
    } else {
        url
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    out.push_str(&rest[..host_end].replace('.', "[.]"));
    out.push_str(&rest[host_end..]);
    out
}

/// A set of domains; a domain also covers its subdomains (`voorbeeld.nl` covers
/// `www.voorbeeld.nl`, not `nietvoorbeeld.nl`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DomainList {
    domains: HashSet<String>,
}

impl DomainList {
    /// The domains given; each must be a host name (`voorbeeld.nl`), else the error names it.
    pub fn new<I, S>(domains: I) -> Result<Self, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut set = HashSet::new();
        for domain in domains {
            let d = normalise(domain.as_ref());
            if !is_host(&d, true) {
                return Err(format!(
                    "{:?} is not a domain name (such as \"voorbeeld.nl\")",
                    domain.as_ref()
                ));
            }
            set.insert(d);
        }
        Ok(Self { domains: set })
    }

    /// A block-list file: one domain a line; blank lines and `#` comments skipped, and
    /// lines that are no domain too (lists from elsewhere carry odd entries), counted.
    pub fn parse_lines(text: &str) -> (Self, usize) {
        let mut set = HashSet::new();
        let mut skipped = 0;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let d = normalise(line);
            if is_host(&d, true) {
                set.insert(d);
            } else {
                skipped += 1;
            }
        }
        (Self { domains: set }, skipped)
    }

    pub fn len(&self) -> usize {
        self.domains.len()
    }

    pub fn is_empty(&self) -> bool {
        self.domains.is_empty()
    }

    /// Whether `host` is one of the domains or a subdomain of one.
    pub fn covers(&self, host: &str) -> bool {
        let host = normalise(host);
        self.domains.contains(&host)
            || host
                .match_indices('.')
                .any(|(i, _)| self.domains.contains(&host[i + 1..]))
    }
}

fn normalise(domain: &str) -> String {
    domain.trim().trim_end_matches('.').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(text: &str) -> Vec<(String, &str)> {
        find(text)
            .into_iter()
            .map(|l| (l.host.clone(), &text[l.start..l.end]))
            .collect()
    }

    #[test]
    fn urls_www_hosts_and_bare_hosts_are_found_without_trailing_punctuation() {
        let text = "Zie https://www.Gemeente.nl/afval?x=1. Of www.voorbeeld.nl, of bit.ly/abc!";
        assert_eq!(
            hosts(text),
            vec![
                (
                    "www.gemeente.nl".into(),
                    "https://www.Gemeente.nl/afval?x=1"
                ),
                ("www.voorbeeld.nl".into(), "www.voorbeeld.nl"),
                ("bit.ly".into(), "bit.ly/abc"),
            ]
        );
    }

    #[test]
    fn email_addresses_abbreviations_and_names_are_not_links() {
        for text in [
            "mail jan@gemeente.nl",
            "t.a.v. Dhr.Jansen",
            "bijv. 3.5 kilo",
            "e.g. iets",
        ] {
            assert_eq!(hosts(text), vec![], "{text}");
        }
    }

    #[test]
    fn user_info_does_not_disguise_the_host() {
        let found = find("https://gemeente.nl@evil.example/login");
        assert_eq!(found[0].host, "evil.example");
    }

    #[test]
    fn a_bracketed_link_loses_only_the_bracket_it_did_not_open() {
        assert_eq!(
            hosts("(zie https://nl.wikipedia.org/wiki/Loket_(bank))")[0].1,
            "https://nl.wikipedia.org/wiki/Loket_(bank)"
        );
    }

    #[test]
    fn defanging_breaks_the_scheme_and_every_dot_of_the_host() {
        assert_eq!(
            defang("https://www.gemeente.nl/a.pdf"),
            "hxxps://www[.]gemeente[.]nl/a.pdf"
        );
        assert_eq!(defang("bit.ly/x"), "bit[.]ly/x");
    }

    #[test]
    fn a_domain_covers_its_subdomains_only() {
        let list = DomainList::new(["Voorbeeld.nl"]).unwrap();
        assert!(list.covers("voorbeeld.nl"));
        assert!(list.covers("www.voorbeeld.nl"));
        assert!(list.covers("a.b.voorbeeld.nl."));
        assert!(!list.covers("nietvoorbeeld.nl"));
        assert!(!list.covers("voorbeeld.nl.evil.example"));
        assert!(DomainList::new(["not a domain"]).is_err());
    }

    #[test]
    fn a_block_list_file_skips_comments_blanks_and_junk() {
        let (list, skipped) =
            DomainList::parse_lines("# bad\nevil.example\n\nphish.test # x\n!!\n");
        assert_eq!(list.len(), 2);
        assert_eq!(skipped, 1);
        assert!(list.covers("login.phish.test"));
    }

    #[test]
    fn hostile_text_finds_no_panic() {
        for text in [
            "https://",
            "www.",
            "http://.",
            "@@@",
            "é.nl",
            "a.nl\u{0}b",
            "(((((",
        ] {
            let _ = find(text);
        }
    }
}
