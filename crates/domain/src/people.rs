//! People: e-mail addresses as accounts, roles in an organisation, a user's locale, and the
//! password rules. Pure; hashing and storage live in the engine and the store.

use std::fmt;
use std::str::FromStr;

/// An e-mail address as an account name: trimmed and lowercased, so `Anna@Example.NL` and
/// `anna@example.nl` are one account (unique across the deployment).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

/// Longest accepted address (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not an e-mail address (expected name@domain, at most 254 characters, no spaces)")]
pub struct InvalidEmail;

impl Email {
    pub fn parse(text: &str) -> Result<Self, InvalidEmail> {
        let normalised = text.trim().to_lowercase();
        let (local, domain) = normalised.split_once('@').ok_or(InvalidEmail)?;
        let plausible = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && normalised.chars().count() <= MAX_EMAIL_CHARS
            && !normalised
                .chars()
                .any(|c| c.is_whitespace() || c.is_control());
        if plausible {
            Ok(Self(normalised))
        } else {
            Err(InvalidEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = InvalidEmail;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Personal data: an address is never printed by `Debug` (logs).
impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Email([redacted])")
    }
}

/// What a member may do in one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Agent,
    TeamLead,
    /// Functional admin of that organisation.
    Admin,
    /// A back-office colleague (vakafdeling): sees only the contactverzoeken of their teams
    /// or addressed to them, never the inbox or conversations.
    BackOffice,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agent => "agent",
            Self::TeamLead => "team_lead",
            Self::Admin => "admin",
            Self::BackOffice => "back_office",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown role {0:?} (expected agent, team_lead, admin or back_office)")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "agent" => Ok(Self::Agent),
            "team_lead" => Ok(Self::TeamLead),
            "admin" => Ok(Self::Admin),
            "back_office" => Ok(Self::BackOffice),
            other => Err(UnknownRole(other.to_owned())),
        }
    }
}

/// The language a user reads the UI in. Dutch first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    Nl,
    En,
}

impl Locale {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Nl => "nl",
            Self::En => "en",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown locale {0:?} (expected nl or en)")]
pub struct UnknownLocale(pub String);

impl FromStr for Locale {
    type Err = UnknownLocale;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "nl" => Ok(Self::Nl),
            "en" => Ok(Self::En),
            other => Err(UnknownLocale(other.to_owned())),
        }
    }
}

/// Shortest password accepted (NCSC advises length over composition rules).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest: argon2 hashes anything, but a megabyte "password" is a denial of service.
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// Why a new password is refused, in Dutch (shown to the person choosing it).
pub fn check_new_password(password: &str) -> Result<(), &'static str> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        Err("Het wachtwoord moet minstens 12 tekens lang zijn.")
    } else if chars > MAX_PASSWORD_CHARS {
        Err("Het wachtwoord mag hoogstens 1024 tekens lang zijn.")
    } else {
        Ok(())
    }
}

/// A team's slug as declared in the configuration: lowercase letters, digits and dashes.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 64
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_one_account_whatever_its_case_and_surrounding_spaces() {
        let a = Email::parse("  Anna.de.Vries@Voorbeeld.NL ").unwrap();
        assert_eq!(a.as_str(), "anna.de.vries@voorbeeld.nl");
        assert_eq!(a, Email::parse("anna.de.vries@voorbeeld.nl").unwrap());
    }

    #[test]
    fn text_that_is_no_address_is_refused() {
        for bad in [
            "",
            "anna",
            "@voorbeeld.nl",
            "anna@",
            "anna@voorbeeld",
            "an na@voorbeeld.nl",
            "anna@@voorbeeld.nl",
            "anna@.nl",
        ] {
            assert_eq!(Email::parse(bad), Err(InvalidEmail), "{bad:?}");
        }
        let huge = format!("{}@voorbeeld.nl", "a".repeat(300));
        assert_eq!(Email::parse(&huge), Err(InvalidEmail));
    }

    #[test]
    fn an_address_is_not_printed_by_debug() {
        let a = Email::parse("anna@voorbeeld.nl").unwrap();
        assert!(!format!("{a:?}").contains("anna"));
    }

    #[test]
    fn roles_and_locales_round_trip_through_their_names() {
        for role in [Role::Agent, Role::TeamLead, Role::Admin, Role::BackOffice] {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert!("owner".parse::<Role>().is_err());
        for locale in [Locale::Nl, Locale::En] {
            assert_eq!(locale.as_str().parse::<Locale>().unwrap(), locale);
        }
    }

    #[test]
    fn passwords_must_be_long_but_not_absurdly_long() {
        assert!(check_new_password("kort").is_err());
        assert!(check_new_password("twaalf tekens").is_ok());
        assert!(check_new_password(&"x".repeat(2000)).is_err());
    }
}
