//! Every user-facing text comes from Fluent files (`crates/web/locales/{nl,en}/*.ftl`),
//! compiled into the binary. Dutch is the default; English is available. Messages that
//! address the reader select on `$tone` (`u` or `je`), the municipality's form of address.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "nl",
        // No Unicode isolation marks around arguments: our texts are left-to-right only.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages the UI is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    /// A language tag or code (`en`, `en-GB`, `NL`); `None` for one we do not speak.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 tag, for `<html lang>` and `hreflang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Nl => langid!("nl"),
            Lang::En => langid!("en"),
        }
    }

    /// The first language of an `Accept-Language` header we speak, by preference.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut choices: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut fields = part.split(';');
                let lang = Lang::parse(fields.next()?)?;
                let q = fields
                    .find_map(|f| f.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (q > 0.0).then_some((q, lang))
            })
            .collect();
        // Stable: among equal weights the header's order wins.
        choices.sort_by(|a, b| b.0.total_cmp(&a.0));
        choices.first().map(|c| c.1)
    }
}

/// The form of address an organisation uses towards its staff: formal `u` or informal `je`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    U,
    Je,
}

impl Tone {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "u" => Some(Tone::U),
            "je" => Some(Tone::Je),
            _ => None,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Tone::U => "u",
            Tone::Je => "je",
        }
    }
}

/// A request's language, chosen by (first that applies) a value a session put in the
/// request's extensions, `?lang=`, the `lang` cookie, `Accept-Language`, Dutch.
impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        if let Some(lang) = parts.extensions.get::<Lang>() {
            return Ok(*lang);
        }
        let from_query = query_lang(parts.uri.query());
        let from_cookie = || {
            parts
                .headers
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .find_map(|c| c.trim().strip_prefix(LANG_COOKIE_PREFIX))
                .and_then(Lang::parse)
        };
        let from_header = || {
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        };
        Ok(from_query
            .or_else(from_cookie)
            .or_else(from_header)
            .unwrap_or_default())
    }
}

pub const LANG_COOKIE_PREFIX: &str = "lang=";

/// `lang` from a query string, when it names a language we speak.
pub fn query_lang(query: Option<&str>) -> Option<Lang> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(Lang::parse)
}

/// The translator a template gets: its language and tone, applied to every lookup.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr {
    pub lang: Lang,
    pub tone: Tone,
}

impl Tr {
    pub fn new(lang: Lang, tone: Tone) -> Self {
        Self { lang, tone }
    }

    /// The message `key`. An unknown key shows as the key itself, and the i18n tests
    /// fail on any template that uses one.
    pub fn t(&self, key: &str) -> String {
        self.lookup(key, &[])
    }

    /// The message `key` with one argument.
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        self.lookup(key, &[(name, value)])
    }

    fn lookup(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        map.insert(Cow::Borrowed("tone"), FluentValue::from(self.tone.key()));
        for (name, value) in args {
            map.insert(Cow::Borrowed(*name), FluentValue::from(value.to_string()));
        }
        LOCALES.lookup_with_args(&self.lang.id(), key, &map)
    }

    /// Whether `key` exists in `lang` and formats with the arguments pages pass.
    pub fn has_message(lang: Lang, key: &str) -> bool {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            ["tone", "page", "organisation", "resident", "n"]
                .into_iter()
                .map(|name| (Cow::Borrowed(name), FluentValue::from("x")))
                .collect();
        LOCALES
            .try_lookup_with_args(&lang.id(), key, &args)
            .is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_language_we_speak() {
        for (header, expected) in [
            ("en-GB,en;q=0.9,nl;q=0.8", Some(Lang::En)),
            ("de-DE, nl;q=0.5, en;q=0.4", Some(Lang::Nl)),
            ("fr, de", None),
            ("en;q=0, nl;q=0.1", Some(Lang::Nl)),
            ("", None),
            ("en;q=abc", None),
        ] {
            assert_eq!(Lang::from_accept_language(header), expected, "{header}");
        }
    }

    #[test]
    fn the_query_names_the_language_only_when_we_speak_it() {
        assert_eq!(query_lang(Some("a=1&lang=en")), Some(Lang::En));
        assert_eq!(query_lang(Some("lang=xx")), None);
        assert_eq!(query_lang(None), None);
    }

    #[test]
    fn the_tone_changes_how_the_reader_is_addressed() {
        let u = Tr::new(Lang::Nl, Tone::U).t("sign-in-intro");
        let je = Tr::new(Lang::Nl, Tone::Je).t("sign-in-intro");
        assert!(u.contains("uw"), "{u}");
        assert!(je.contains("je"), "{je}");
        assert_ne!(u, je);
    }
}
