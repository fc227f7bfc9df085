//! What the web server and pages take from the settings: limits, proxies, public URL, themes.

use std::time::Duration;

use crate::settings::Settings;

impl Settings {
    /// How long a client may take to send a request head, pause within a body, or keep an
    /// idle connection (`server.header_read_timeout`, `body_read_timeout`, `idle_timeout`,
    /// in seconds). Zero is refused: it would close every connection at once.
    pub fn server_limits(&self) -> anyhow::Result<loket_web::ServerLimits> {
        let defaults = loket_web::ServerLimits::default();
        let pick = |name: &str, value: Option<u64>, default: Duration| match value {
            None => Ok(default),
            Some(0) => anyhow::bail!("server.{name} must be at least 1 second"),
            Some(secs) => Ok(Duration::from_secs(secs)),
        };
        let s = &self.server;
        Ok(loket_web::ServerLimits {
            header_read_timeout: pick(
                "header_read_timeout",
                s.header_read_timeout,
                defaults.header_read_timeout,
            )?,
            body_read_timeout: pick(
                "body_read_timeout",
                s.body_read_timeout,
                defaults.body_read_timeout,
            )?,
            idle_timeout: pick("idle_timeout", s.idle_timeout, defaults.idle_timeout)?,
            trusted_proxies: trusted_proxies(&s.trusted_proxies)?,
        })
    }
}

/// `server.trusted_proxies`: each an address (`10.0.0.5`) or a range (`10.0.0.0/24`).
fn trusted_proxies(entries: &[String]) -> anyhow::Result<std::sync::Arc<[ipnet::IpNet]>> {
    entries
        .iter()
        .map(|entry| {
            let entry = entry.trim();
            entry
                .parse::<ipnet::IpNet>()
                .or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| {
                    anyhow::anyhow!(
                        "server.trusted_proxies: {entry:?} is not an IP address or range"
                    )
                })
        })
        .collect()
}

impl Settings {
    /// What the web pages need: `server.public_url` and each organisation's theme,
    /// parsed strictly (a bad colour or URL stops the start, saying which).
    pub fn web_settings(&self) -> anyhow::Result<loket_web::pages::settings::WebSettings> {
        use loket_web::pages::{i18n::Tone, theme};
        let public_url = match &self.server.public_url {
            None => None,
            Some(text) => Some(
                loket_web::pages::settings::PublicUrl::parse(text)
                    .map_err(|e| anyhow::anyhow!("server.public_url: {e}"))?,
            ),
        };
        let mut themes = Vec::new();
        for org in &self.organisations {
            let Some(t) = &org.theme else { continue };
            let field = |name: &str, e: String| {
                anyhow::anyhow!("organisation {:?}: theme.{name}: {e}", org.slug)
            };
            let tone = match t.tone.as_deref() {
                None => Tone::default(),
                Some(text) => Tone::parse(text)
                    .ok_or_else(|| field("tone", format!("{text:?} is not \"u\" or \"je\"")))?,
            };
            let theme = theme::Theme {
                primary_color: t
                    .primary_color
                    .as_deref()
                    .map(theme::Color::parse)
                    .transpose()
                    .map_err(|e| field("primary_color", e))?,
                logo_url: t
                    .logo_url
                    .as_deref()
                    .map(theme::LogoUrl::parse)
                    .transpose()
                    .map_err(|e| field("logo_url", e))?,
                tone,
            };
            themes.push((org.slug.clone(), theme));
        }
        Ok(loket_web::pages::settings::WebSettings {
            public_url,
            themes: theme::Themes::new(themes),
            preview_pages: false,
            links: self.link_policies()?,
        })
    }
}
