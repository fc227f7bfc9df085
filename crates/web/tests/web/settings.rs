//! The web settings every test app runs with (shared by the `web` and `logs` test binaries).

use std::sync::Arc;

use loket_domain::links::DomainList;
use loket_web::pages::i18n::Tone;
use loket_web::pages::settings::{LinkPolicies, LinkPolicy, WebSettings};
use loket_web::pages::theme::{Color, LogoUrl, Theme, Themes};

/// The pages' settings of every test app: previews on, "voorbeeld" themed (a dark
/// blue and a logo on this server, addressed with "je").
pub fn test_web_settings() -> WebSettings {
    WebSettings {
        public_url: None,
        themes: Themes::new([(
            "voorbeeld".to_owned(),
            Theme {
                primary_color: Some(Color::parse("#1a5f8e").unwrap()),
                logo_url: Some(LogoUrl::parse("/branding/voorbeeld.svg").unwrap()),
                tone: Tone::Je,
            },
        )]),
        preview_pages: true,
        links: test_link_policies(),
    }
}

/// "voorbeeld" trusts its own domain and knows one bad one.
pub fn test_link_policies() -> LinkPolicies {
    LinkPolicies::new([(
        "voorbeeld".to_owned(),
        LinkPolicy {
            allow: DomainList::new(["voorbeeld.nl"]).unwrap(),
            block: Arc::new(DomainList::new(["phish.example"]).unwrap()),
        },
    )])
}
