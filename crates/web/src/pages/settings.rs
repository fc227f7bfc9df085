//! What the pages need from the configuration, handed in by the binary (`AppState::web`).

pub use super::conversation::links::{LinkPolicies, LinkPolicy};
use super::theme::Themes;

/// The address residents' and agents' browsers use to reach Loket (`server.public_url`).
/// When it is HTTPS, answers carry HSTS and cookies will be `Secure`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl(url::Url);

impl PublicUrl {
    pub fn parse(text: &str) -> Result<Self, String> {
        let url = url::Url::parse(text).map_err(|e| format!("{text:?} is not a URL: {e}"))?;
        let ok = matches!(url.scheme(), "http" | "https")
            && url.host().is_some()
            && url.query().is_none()
            && url.fragment().is_none()
            && url.username().is_empty()
            && url.password().is_none();
        if !ok {
            return Err(format!(
                "{text:?} must be an http:// or https:// address without user, query or fragment, \
                 such as \"https://loket.voorbeeld.nl\""
            ));
        }
        Ok(Self(url))
    }

    pub fn is_https(&self) -> bool {
        self.0.scheme() == "https"
    }

    /// Without a trailing slash, so paths can be appended.
    pub fn as_str(&self) -> &str {
        self.0.as_str().trim_end_matches('/')
    }
}

/// Settings of the web pages; the default serves them for a local trial over HTTP.
#[derive(Debug, Clone, Default)]
pub struct WebSettings {
    /// `server.public_url`; `None`: not configured (local use).
    pub public_url: Option<PublicUrl>,
    /// Each organisation's house style, by slug.
    pub themes: Themes,
    /// Serve the page shells not wired to accounts yet under `/preview/…` with sample
    /// content (tests and demos; never in production, the content is made up).
    pub preview_pages: bool,
    /// Each organisation's link allow- and block-list (`[organisation.links]`), by slug.
    pub links: LinkPolicies,
}

impl WebSettings {
    /// Whether cookies must be `Secure` and HSTS sent.
    pub fn is_https(&self) -> bool {
        self.public_url.as_ref().is_some_and(PublicUrl::is_https)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_url_is_http_or_https_without_extras() {
        let url = PublicUrl::parse("https://loket.voorbeeld.nl/").unwrap();
        assert!(url.is_https());
        assert_eq!(url.as_str(), "https://loket.voorbeeld.nl");
        assert!(
            !PublicUrl::parse("http://127.0.0.1:8080")
                .unwrap()
                .is_https()
        );
        for bad in [
            "loket.voorbeeld.nl",
            "ftp://loket.voorbeeld.nl",
            "https://loket.voorbeeld.nl/?a=b",
            "https://user:pw@loket.voorbeeld.nl",
            "https://loket.voorbeeld.nl/#x",
            "",
        ] {
            assert!(PublicUrl::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
