//! A KCC day: more scenarios on what residents ask a municipality most, and the weights
//! that mix all scenarios so that no topic dominates (see `tests` below and
//! `design/domain.md`). Texts are invented, except two questions quoted from the
//! Rijksoverheid FAQ (opendata.rijksoverheid.nl, CC0 1.0: "Hoe kan ik een paspoort of
//! identiteitskaart aanvragen?" and "Heeft mijn kind een eigen paspoort of
//! identiteitskaart nodig?").

use rand::{Rng, RngExt};

use super::scenarios::{SCENARIOS, Scenario, Step};

pub static DAY_SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "id-kaart-kind",
        topic: "Paspoort en ID-kaart",
        steps: &[
            Step::Text("Heeft mijn kind een eigen paspoort of identiteitskaart nodig?"),
            Step::Text("Ze is 4 en we gaan in de zomer met de auto naar Frankrijk."),
            Step::Edit {
                step: 1,
                body: "Ze is 5 en we gaan in de zomer met de auto naar Frankrijk.",
            },
        ],
    },
    Scenario {
        name: "paspoort-aanvragen",
        topic: "Paspoort en ID-kaart",
        steps: &[
            Step::Text("Hoe kan ik een paspoort of identiteitskaart aanvragen?"),
            Step::Photo {
                caption: Some("Is deze pasfoto goed genoeg?"),
            },
        ],
    },
    Scenario {
        name: "rijbewijs-verlengen",
        topic: "Rijbewijs",
        steps: &[
            Step::Text(
                "Goedemorgen, ik word 75 en mijn rijbewijs verloopt. Moet ik eerst een keuring doen voordat ik het kan verlengen?",
            ),
            Step::Document {
                filename: "Verklaring van geschiktheid.pdf",
                caption: Some("Dit heb ik van het CBR gekregen"),
            },
        ],
    },
    Scenario {
        name: "inschrijven-bij-partner",
        topic: "Verhuizen",
        steps: &[
            Step::Text(
                "Ik ga bij mijn vriendin wonen, moet zij toestemming geven voor mijn inschrijving?",
            ),
            Step::Text("Ze woont op de Dorpsstraat 40b."),
            Step::Edit {
                step: 1,
                body: "Ze woont op de Dorpsstraat 40a.",
            },
        ],
    },
    Scenario {
        name: "grofvuil-ophalen",
        topic: "Afval",
        steps: &[
            Step::Text("Hoe kan ik grofvuil laten ophalen? Het gaat om een bank en een kast."),
            Step::Photo {
                caption: Some("Dit moet weg"),
            },
            Step::ReplyTo {
                step: 0,
                body: "En kost dat iets?",
            },
        ],
    },
    Scenario {
        name: "parkeervergunning",
        topic: "Parkeren",
        steps: &[
            Step::Text(
                "Ik heb een nieuwe auto. Kan ik mijn parkeervergunning omzetten naar het nieuwe kenteken?",
            ),
            Step::Text("Het kenteken is al omgezet bij de RDW."),
        ],
    },
    Scenario {
        name: "woz-bezwaar",
        topic: "Belastingen en WOZ",
        steps: &[
            Step::Text(
                "De WOZ-waarde van ons huis is 60.000 euro gestegen, dat klopt toch niet? Hoe maak ik bezwaar?",
            ),
            Step::Document {
                filename: "Taxatieverslag.pdf",
                caption: Some("Hier is het taxatieverslag van vorig jaar"),
            },
            Step::React {
                step: 0,
                emoji: "🙏",
            },
        ],
    },
    Scenario {
        name: "bijstand-aanvragen",
        topic: "Werk en inkomen",
        steps: &[
            Step::Text(
                "Ik ben mijn baan kwijt en kan de huur niet meer betalen. Kan ik bijstand aanvragen?",
            ),
            Step::VoiceNote { seconds: 23 },
        ],
    },
    Scenario {
        name: "lantaarnpaal-kapot",
        topic: "Meldingen openbare ruimte",
        steps: &[
            Step::Photo {
                caption: Some(
                    "De lantaarnpaal voor ons huis is al een week kapot, het is 's avonds helemaal donker.",
                ),
            },
            Step::Location {
                latitude: 52.090_737,
                longitude: 5.121_420,
                name: Some("Lindelaan"),
                address: Some("Lindelaan 7, 3581 AB Utrecht"),
            },
        ],
    },
    Scenario {
        name: "losse-stoeptegel",
        topic: "Meldingen openbare ruimte",
        steps: &[
            Step::Text(
                "Er ligt een losse stoeptegel bij de bushalte aan de Marktstraat, mijn moeder is er bijna over gevallen.",
            ),
            Step::Photo { caption: None },
        ],
    },
    Scenario {
        name: "geboorteaangifte",
        topic: "Geboorte",
        steps: &[
            Step::Text(
                "Onze dochter is gisteren geboren 🎉 Kan ik de geboorteaangifte online doen?",
            ),
            Step::Text("We zijn niet getrouwd, moet ik dan iets extra meenemen?"),
        ],
    },
    Scenario {
        name: "wmo-huishoudelijke-hulp",
        topic: "Zorg en Wmo",
        steps: &[
            Step::Text(
                "Mijn moeder (82) redt het niet meer met het huishouden. Hoe vragen we hulp aan via de Wmo?",
            ),
            Step::VoiceNote { seconds: 41 },
        ],
    },
    Scenario {
        name: "trouwen-stadhuis",
        topic: "Trouwen",
        steps: &[
            Step::Text(
                "Wij willen volgend jaar in juni trouwen op het stadhuis. Hoe ver van tevoren moeten we reserveren?",
            ),
            Step::Text("En hoeveel getuigen mogen we hebben?"),
        ],
    },
];

/// Every scenario, this day's and the original ones ([`SCENARIOS`]), with its weight: how
/// often a resident plays it relative to the others. Unlisted scenarios weigh 1.
const WEIGHTS: &[(&str, u32)] = &[
    ("paspoort-afspraak", 3),
    ("paspoort-aanvragen", 3),
    ("id-kaart-kind", 2),
    ("verhuizing-doorgeven", 3),
    ("inschrijven-bij-partner", 2),
    ("grofvuil-ophalen", 3),
    ("parkeervergunning", 2),
    ("woz-bezwaar", 3),
    ("lantaarnpaal-kapot", 2),
    ("losse-stoeptegel", 2),
    ("bijstand-aanvragen", 2),
    ("rijbewijs-verlengen", 2),
    ("wmo-huishoudelijke-hulp", 2),
];

/// Every scenario with its weight.
pub fn weighted() -> Vec<(&'static Scenario, u32)> {
    SCENARIOS
        .iter()
        .chain(DAY_SCENARIOS)
        .map(|s| {
            let weight = WEIGHTS
                .iter()
                .find(|(n, _)| *n == s.name)
                .map_or(1, |w| w.1);
            (s, weight)
        })
        .collect()
}

/// One scenario, each with a chance proportional to its weight.
pub fn pick<R: Rng + ?Sized>(rng: &mut R, mix: &[(&'static Scenario, u32)]) -> &'static Scenario {
    let total: u32 = mix.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for (scenario, weight) in mix {
        if roll < *weight {
            return scenario;
        }
        roll -= weight;
    }
    &SCENARIOS[0]
}

#[cfg(test)]
mod tests;
