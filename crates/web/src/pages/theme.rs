//! An organisation's house style: its primary colour and logo (as NL Design System
//! tokens, served as `/theme/{slug}.css`, never inline styles) and its form of address.
//! Values come from the configuration and are parsed strictly: whatever reaches the CSS
//! is a `#rrggbb` colour or a URL without characters that could end a CSS string.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::i18n::Tone;
use crate::AppState;
use crate::error::ApiError;

/// A colour as `#rrggbb`, dark enough to carry white text (WCAG AA, 4.5:1): the theme
/// uses it for primary buttons and links on white.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color([u8; 3]);

impl Color {
    pub fn parse(text: &str) -> Result<Self, String> {
        let hex = text
            .strip_prefix('#')
            .filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| format!("{text:?} is not a colour like \"#1a5f8e\""))?;
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("checked hex");
        let color = Color([byte(0), byte(2), byte(4)]);
        let contrast = color.contrast_with_white();
        if contrast < 4.5 {
            return Err(format!(
                "{text} on white has a contrast of {contrast:.2}:1; WCAG AA asks at least 4.5:1 \
                 (choose a darker colour)"
            ));
        }
        Ok(color)
    }

    /// WCAG 2.1 contrast ratio against white.
    fn contrast_with_white(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0;
        let luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
        1.05 / (luminance + 0.05)
    }

    pub fn css(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// Where the logo is: a path on this server (`/…`) or an `https://` URL. Quotes,
/// backslashes, angle brackets, parentheses and whitespace are refused outright.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoUrl(String);

impl LogoUrl {
    pub fn parse(text: &str) -> Result<Self, String> {
        let allowed = |c: char| c.is_ascii_graphic() && !"\"'\\<>()`{};".contains(c);
        let placed = (text.starts_with('/') && !text.starts_with("//"))
            || (text.starts_with("https://") && text.len() > "https://".len());
        if !placed || !text.chars().all(allowed) || text.len() > 500 {
            return Err(format!(
                "{text:?} is not a logo URL: give a path on this server (\"/logo.svg\") or an \
                 https:// URL, without quotes, brackets or spaces"
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `https://host[:port]` when the logo lives elsewhere: the page's CSP must allow it.
    pub fn origin(&self) -> Option<&str> {
        let rest = self.0.strip_prefix("https://")?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        Some(&self.0[..("https://".len() + end)])
    }
}

/// One organisation's house style (`[organisation.theme]`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Theme {
    pub primary_color: Option<Color>,
    pub logo_url: Option<LogoUrl>,
    pub tone: Tone,
}

impl Theme {
    /// The stylesheet: Utrecht component tokens set from the organisation's colour.
    pub fn css(&self, slug: &str) -> String {
        let mut css = format!("/* House style of organisation {slug} (configuration). */\n");
        css.push_str(".utrecht-theme {\n");
        if let Some(color) = self.primary_color {
            let c = color.css();
            for token in PRIMARY_TOKENS {
                let _ = writeln!(css, "  --utrecht-{token}: {c};");
            }
            // The default footer paints a two-tone red over its colour.
            css.push_str("  --utrecht-page-footer-background-image: none;\n");
        }
        css.push_str("}\n");
        css
    }
}

/// Tokens that take the primary colour (as background with white text, or as text on white).
const PRIMARY_TOKENS: &[&str] = &[
    "button-primary-action-background-color",
    "button-primary-action-border-color",
    "button-primary-action-hover-background-color",
    "button-primary-action-hover-border-color",
    "button-primary-action-focus-background-color",
    "button-primary-action-active-background-color",
    "link-color",
    "link-visited-color",
    "page-footer-background-color",
];

/// Every organisation's theme by slug, with its stylesheet rendered once.
#[derive(Debug, Clone, Default)]
pub struct Themes(Arc<HashMap<String, (Theme, String, String)>>);

impl Themes {
    pub fn new(themes: impl IntoIterator<Item = (String, Theme)>) -> Self {
        let map = themes
            .into_iter()
            .map(|(slug, theme)| {
                let css = theme.css(&slug);
                let version = hex::encode(&Sha256::digest(css.as_bytes())[..8]);
                (slug, (theme, css, version))
            })
            .collect();
        Self(Arc::new(map))
    }

    pub fn get(&self, slug: &str) -> Option<&Theme> {
        self.0.get(slug).map(|t| &t.0)
    }

    /// The stylesheet's URL, versioned by its content.
    pub fn stylesheet_url(&self, slug: &str) -> Option<String> {
        self.0
            .get(slug)
            .map(|(_, _, version)| format!("/theme/{slug}.css?v={version}"))
    }
}

/// `GET /theme/{slug}.css`.
pub async fn stylesheet(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let slug = file.strip_suffix(".css").ok_or(ApiError::NotFound)?;
    let (_, css, _) = state.web.themes.0.get(slug).ok_or(ApiError::NotFound)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            // Linked with `?v=` its content hash: a changed theme is a new URL.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        css.clone(),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colour_is_six_hex_digits_dark_enough_for_white_text() {
        assert_eq!(Color::parse("#1A5F8E").unwrap().css(), "#1a5f8e");
        for bad in [
            "1a5f8e",
            "#1a5f8",
            "#1a5f8e0",
            "#gg0000",
            "red",
            "#000000;} body{display:none",
            "",
            "#ffff00",
            "#77aaff",
        ] {
            assert!(Color::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(Color::parse("#ffff00").unwrap_err().contains("contrast"));
    }

    #[test]
    fn a_logo_url_is_a_local_path_or_https_and_cannot_break_out_of_css() {
        assert!(LogoUrl::parse("/branding/logo.svg").is_ok());
        let remote = LogoUrl::parse("https://www.voorbeeld.nl/logo.svg?x=1").unwrap();
        assert_eq!(remote.origin(), Some("https://www.voorbeeld.nl"));
        assert_eq!(LogoUrl::parse("/logo.svg").unwrap().origin(), None);
        for bad in [
            "http://www.voorbeeld.nl/logo.svg",
            "//evil.example/logo.svg",
            "javascript:alert(1)",
            "data:image/svg+xml,<svg/>",
            "/logo.svg\");}body{x:url(\"",
            "/logo svg",
            "https://",
            "logo.svg",
            "",
        ] {
            assert!(LogoUrl::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(LogoUrl::parse(&format!("/{}", "a".repeat(600))).is_err());
    }

    #[test]
    fn the_stylesheet_sets_the_primary_tokens_and_nothing_else() {
        let theme = Theme {
            primary_color: Some(Color::parse("#1a5f8e").unwrap()),
            ..Theme::default()
        };
        let css = theme.css("voorbeeld");
        assert!(css.contains("--utrecht-button-primary-action-background-color: #1a5f8e;"));
        assert!(css.contains("--utrecht-link-color: #1a5f8e;"));
        assert!(!Theme::default().css("x").contains("--utrecht"));
    }
}
