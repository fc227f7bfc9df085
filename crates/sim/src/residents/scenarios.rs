//! Dutch municipal scenarios: small scripts of resident messages (see `design/domain.md`).
//! A [`Conversation`] plays one scenario for one resident, one webhook per step.

use serde_json::Value;

use super::files;
use crate::payload::{ContactCard, Location, with_context};
use crate::traffic::DeliveryOutcome;
use crate::{GraphSim, Resident};

/// One resident message in a scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    Text(&'static str),
    /// A photo (a generated PNG).
    Photo {
        caption: Option<&'static str>,
    },
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<&'static str>,
        address: Option<&'static str>,
    },
    /// A voice note (`type:"audio"`, `"voice":true`) of this many seconds.
    VoiceNote {
        seconds: u32,
    },
    ContactCard {
        first_name: &'static str,
        last_name: &'static str,
        phone: &'static str,
    },
    /// A document (a generated PDF).
    Document {
        filename: &'static str,
        caption: Option<&'static str>,
    },
    /// A text quoting the message sent at step `step` of the same conversation.
    ReplyTo {
        step: usize,
        body: &'static str,
    },
    /// A reaction to the message sent at step `step` of the same conversation.
    React {
        step: usize,
        emoji: &'static str,
    },
    /// The resident edits the text they sent at step `step` (`type:"edit"`).
    Edit {
        step: usize,
        body: &'static str,
    },
    /// A message type the Cloud API does not support (e.g. `"edit"`).
    Unsupported(&'static str),
}

/// A named script of resident messages about one municipal topic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scenario {
    /// A stable slug, e.g. `"paspoort-afspraak"`.
    pub name: &'static str,
    /// The topic label an agent would give it.
    pub topic: &'static str,
    pub steps: &'static [Step],
}

/// Every scenario. Replies and reactions point at the resident's own earlier messages (the
/// outbound half of the simulator will let them point at the municipality's answers too).
pub static SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "paspoort-afspraak",
        topic: "Paspoort en ID-kaart",
        steps: &[
            Step::Text(
                "Hoi, ik wil een afspraak maken voor een nieuw paspoort. Kan dat deze week nog?",
            ),
            Step::Text(
                "Mijn oude is in december verlopen en we gaan in de meivakantie naar Turkije.",
            ),
        ],
    },
    Scenario {
        name: "verhuizing-doorgeven",
        topic: "Verhuizen",
        steps: &[
            Step::Text(
                "Goedemiddag, wij verhuizen per 1 maart naar de Lindelaan 12. Hoe geef ik onze verhuizing door?",
            ),
            Step::Document {
                filename: "Huurcontract Lindelaan 12.pdf",
                caption: Some("Hierbij het huurcontract, hebben jullie dat nodig?"),
            },
        ],
    },
    Scenario {
        name: "container-vol",
        topic: "Afval",
        steps: &[
            Step::Photo {
                caption: Some("Afvalcontainer zit vol 🗑️ bij de Kerkstraat, graag legen"),
            },
            Step::Text("Er staan ook al zakken naast, de meeuwen halen ze open 😩"),
        ],
    },
    Scenario {
        name: "foutparkeerder",
        topic: "Parkeren",
        steps: &[
            Step::Photo {
                caption: Some(
                    "Deze auto staat al sinds zaterdag half op de stoep. Met de kinderwagen kan ik er niet langs.",
                ),
            },
            Step::Location {
                latitude: 51.503_614,
                longitude: 3.891_245,
                name: Some("Kerkstraat"),
                address: Some("Kerkstraat 14, 4461 AA Goes"),
            },
        ],
    },
    Scenario {
        name: "bsn-in-eerste-bericht",
        topic: "Belastingen",
        steps: &[Step::Text(
            "Goedemorgen, mijn BSN is 999990019. Ik heb een aanslag gemeentelijke belastingen gekregen maar ik heb al betaald, kunt u dat nakijken?",
        )],
    },
    Scenario {
        name: "verdachte-link",
        topic: "Parkeren",
        steps: &[Step::Text(
            "Ik kreeg deze sms over een parkeerboete van de gemeente, klopt dit wel? https://gemeente-parkeerboete.nl-betaalverzoek.info/ideal/?ref=NL83721&bsn=",
        )],
    },
    Scenario {
        name: "spraakbericht",
        topic: "Afval",
        steps: &[
            Step::Text("Ik kan niet zo goed typen, ik spreek het even in"),
            Step::VoiceNote { seconds: 7 },
        ],
    },
    Scenario {
        name: "contactkaart",
        topic: "Openbare verlichting",
        steps: &[
            Step::Text(
                "De lantaarnpaal voor nummer 8 is gisteravond omgevallen. Mijn buurvrouw heeft het ook gezien, hier is haar nummer.",
            ),
            Step::ContactCard {
                first_name: "Wilma",
                last_name: "Hoekstra",
                phone: "+31 6 98765432",
            },
        ],
    },
    Scenario {
        name: "antwoord-op-eerder-bericht",
        topic: "Afval",
        steps: &[
            Step::Text("Wanneer wordt het grofvuil bij ons opgehaald?"),
            Step::Text("Het gaat om een oude bank en twee matrassen."),
            Step::ReplyTo {
                step: 0,
                body: "Ik bedoel trouwens aan de Parkweg 3, niet bij mijn moeder",
            },
        ],
    },
    Scenario {
        name: "reactie",
        topic: "Rijbewijs",
        steps: &[
            Step::Text("Is het gemeentehuis op Koningsdag open? Ik moet mijn rijbewijs ophalen."),
            Step::Text("Anders kom ik de dag erna."),
            Step::React {
                step: 0,
                emoji: "🙏",
            },
        ],
    },
    Scenario {
        name: "bewerkt-bericht",
        topic: "Afval",
        steps: &[
            Step::Text("Hallo, mag ik mijn kliko al op zondagavond bij de strat zetten?"),
            Step::Unsupported("edit"),
        ],
    },
];

impl Scenario {
    /// Every scenario ([`SCENARIOS`]).
    pub fn all() -> &'static [Scenario] {
        SCENARIOS
    }

    /// The scenario called `name` (also those of a KCC day, `day.rs`).
    pub fn find(name: &str) -> Option<&'static Scenario> {
        SCENARIOS
            .iter()
            .chain(super::day::DAY_SCENARIOS)
            .find(|s| s.name == name)
    }

    /// Deliver every step for `resident`, one after another; stops early if a delivery gets
    /// no HTTP answer.
    pub async fn play(&'static self, sim: &GraphSim, resident: Resident) -> Vec<DeliveryOutcome> {
        let mut conversation = Conversation::new(self, resident);
        let mut outcomes = Vec::new();
        while let Some(prepared) = conversation.prepare_next(sim) {
            let outcome = DeliveryOutcome::deliver(sim, prepared).await;
            let failed = outcome.result.is_err();
            outcomes.push(outcome);
            if failed {
                break;
            }
        }
        outcomes
    }
}

/// A webhook ready to deliver: one step of a conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedMessage {
    pub scenario: &'static str,
    /// The sender's `wa_id`.
    pub resident: String,
    pub wamid: String,
    /// The message's `type` (`"text"`, `"image"`, …).
    pub message_type: String,
    /// The whole webhook body (envelope).
    pub body: Value,
}

/// One resident playing one scenario, step by step.
#[derive(Debug, Clone)]
pub struct Conversation {
    scenario: &'static Scenario,
    resident: Resident,
    sent: Vec<String>,
}

impl Conversation {
    pub fn new(scenario: &'static Scenario, resident: Resident) -> Self {
        Self {
            scenario,
            resident,
            sent: Vec::new(),
        }
    }

    pub fn scenario(&self) -> &'static Scenario {
        self.scenario
    }

    pub fn resident(&self) -> &Resident {
        &self.resident
    }

    /// The wamids of the steps prepared so far, in order.
    pub fn sent(&self) -> &[String] {
        &self.sent
    }

    pub fn is_finished(&self) -> bool {
        self.sent.len() >= self.scenario.steps.len()
    }

    /// Build the webhook for the next step (adding its media to `sim`), or `None` when done.
    pub fn prepare_next(&mut self, sim: &GraphSim) -> Option<PreparedMessage> {
        let step = *self.scenario.steps.get(self.sent.len())?;
        let message = self.build(sim, step);
        let wamid = message["id"].as_str().unwrap_or_default().to_owned();
        let message_type = message["type"].as_str().unwrap_or_default().to_owned();
        self.sent.push(wamid.clone());
        let body = sim.envelope(vec![message], vec![self.resident.contact()]);
        Some(PreparedMessage {
            scenario: self.scenario.name,
            resident: self.resident.wa_id.clone(),
            wamid,
            message_type,
            body,
        })
    }

    /// The wamid of step `step`; scenarios only refer to earlier steps.
    fn earlier(&self, step: usize) -> &str {
        self.sent.get(step).map_or("", String::as_str)
    }

    fn build(&self, sim: &GraphSim, step: Step) -> Value {
        let me = &self.resident;
        let last_digit = me.wa_id.bytes().last().unwrap_or(0);
        let tint = (self.sent.len() as u8)
            .wrapping_mul(61)
            .wrapping_add(last_digit);
        match step {
            Step::Text(body) => sim.text(me, body),
            Step::Photo { caption } => {
                let id = sim.add_media(files::photo_png(160, 120, tint), "image/png");
                sim.image(me, &id, caption)
            }
            Step::Location {
                latitude,
                longitude,
                name,
                address,
            } => {
                let location = Location {
                    latitude,
                    longitude,
                    name: name.map(str::to_owned),
                    address: address.map(str::to_owned),
                };
                sim.location(me, &location)
            }
            Step::VoiceNote { seconds } => {
                let id = sim.add_media(files::voice_note(seconds), "audio/ogg; codecs=opus");
                sim.voice_note(me, &id)
            }
            Step::ContactCard {
                first_name,
                last_name,
                phone,
            } => {
                let wa_id: String = phone.chars().filter(char::is_ascii_digit).collect();
                let card = ContactCard {
                    first_name: first_name.into(),
                    last_name: last_name.into(),
                    phone: phone.into(),
                    wa_id: Some(wa_id),
                };
                sim.contact_card(me, &card)
            }
            Step::Document { filename, caption } => {
                let id = sim.add_media(files::pdf(filename), "application/pdf");
                sim.document(me, &id, filename, caption)
            }
            Step::ReplyTo { step, body } => {
                with_context(sim.text(me, body), &me.wa_id, self.earlier(step))
            }
            Step::React { step, emoji } => sim.reaction(me, self.earlier(step), emoji),
            Step::Edit { step, body } => {
                let edited = serde_json::json!({
                    "original_message_id": self.earlier(step),
                    "message": {"type": "text", "text": {"body": body}},
                });
                sim.message(me, "edit", edited)
            }
            Step::Unsupported(kind) => sim.unsupported(me, kind),
        }
    }
}
