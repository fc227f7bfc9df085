//! Fake but plausible Dutch residents, the scenarios they play and the media they send.

pub mod day;
pub mod files;
pub mod scenarios;

use rand::seq::IndexedRandom;
use rand::{Rng, RngExt};
use serde_json::{Value, json};

/// A resident writing to the municipality on WhatsApp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resident {
    /// The WhatsApp profile name (`contacts[].profile.name`).
    pub name: String,
    /// The phone number, digits without `+` (`wa_id`, `from`), e.g. `"31612345678"`.
    pub wa_id: String,
    /// The 2026 business-scoped user id (`user_id`, `from_user_id`), e.g. `"NL.967744529547245"`.
    pub user_id: String,
}

const FIRST_NAMES: &[&str] = &[
    "Sanne", "Daan", "Fatima", "Jeroen", "Anouk", "Mohamed", "Femke", "Bram", "Ilse", "Youssef",
    "Marieke", "Kees", "Esra", "Thijs", "Lotte", "Henk", "Priya", "Ruud", "Noor", "Wilma",
];

const LAST_NAMES: &[&str] = &[
    "de Vries",
    "Jansen",
    "Bakker",
    "El Amrani",
    "Visser",
    "Smit",
    "van den Berg",
    "Yilmaz",
    "Mulder",
    "de Boer",
    "Bos",
    "van Dijk",
    "Kramer",
    "Meijer",
    "Hoekstra",
    "Ramdin",
];

impl Resident {
    /// A resident with the given profile name and number and a fresh `NL.` user id.
    pub fn new(name: impl Into<String>, wa_id: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            wa_id: wa_id.into(),
            user_id: crate::ids::bsuid("NL"),
        }
    }

    /// A random resident: a Dutch name, a Dutch mobile number `316xxxxxxxx`.
    pub fn random<R: Rng + ?Sized>(rng: &mut R) -> Self {
        let first = FIRST_NAMES.choose(rng).copied().unwrap_or("Sanne");
        let last = LAST_NAMES.choose(rng).copied().unwrap_or("de Vries");
        // Some residents use only their first name or a nickname as profile name.
        let name = if rng.random_bool(0.2) {
            first.to_owned()
        } else {
            format!("{first} {last}")
        };
        let wa_id = format!("316{:08}", rng.random_range(10_000_000u32..100_000_000));
        let user_id = format!(
            "NL.{}",
            rng.random_range(100_000_000_000_000u64..1_000_000_000_000_000)
        );
        Self {
            name,
            wa_id,
            user_id,
        }
    }

    /// This resident's `contacts[]` entry in a webhook.
    pub fn contact(&self) -> Value {
        json!({"profile": {"name": self.name}, "wa_id": self.wa_id, "user_id": self.user_id})
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn random_residents_have_dutch_mobile_numbers_and_nl_user_ids() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for _ in 0..50 {
            let resident = Resident::random(&mut rng);
            assert_eq!(resident.wa_id.len(), 11);
            assert!(resident.wa_id.starts_with("316"));
            assert!(resident.user_id.starts_with("NL."));
            assert!(!resident.name.is_empty());
        }
    }
}
