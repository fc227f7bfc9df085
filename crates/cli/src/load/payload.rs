//! Inbound webhook bodies as Meta sends them (reference §2.1): text messages in Dutch from a
//! fixed population of residents, each with a wamid unique to this run.

use std::sync::atomic::{AtomicU64, Ordering};

use loket_channels::whatsapp::escape::to_meta_json;
use loket_channels::whatsapp::signature::sign;
use rand::RngExt;
use serde_json::{Value, json};

const FIRST_NAMES: &[&str] = &[
    "Anouk", "Bram", "Daan", "Emma", "Fenna", "Gijs", "Iris", "Jesse", "Lotte", "Milan", "Noor",
    "Ruben", "Sanne", "Thijs", "Vera", "Wouter", "Yara", "Sem", "Julia", "Lucas",
];
const LAST_NAMES: &[&str] = &[
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
];
const TEXTS: &[&str] = &[
    "Goedemiddag, wanneer wordt het grofvuil bij ons opgehaald?",
    "Mijn paspoort verloopt volgende maand. Moet ik een afspraak maken?",
    "De lantaarnpaal voor ons huis is al een week kapot.",
    "Kan ik mijn parkeervergunning ook online verlengen?",
    "Er ligt zwerfafval bij de speeltuin aan de Lindenlaan.",
    "Hoe vraag ik een uittreksel uit de BRP aan?",
    "Ik wil graag bezwaar maken tegen mijn WOZ-beschikking.",
    "Is het gemeentehuis op Koningsdag geopend?",
    "Bedankt voor jullie snelle reactie!",
    "Wat kost een nieuwe identiteitskaart voor mijn dochter?",
    "De groene container is vandaag niet geleegd.",
    "Kunnen jullie iets doen aan de geluidsoverlast 's nachts?",
    "Waar kan ik een gehandicaptenparkeerkaart aanvragen?",
    "Ik ben verhuisd; hoe geef ik mijn nieuwe adres door?",
    "Mag ik een boom in mijn voortuin kappen?",
    "Oké, dan hoor ik het graag. Fijne dag nog! 😊",
    // Numbers and personal data that is highlighted, not masked (no notice, no outbound
    // message): detection has real work in a load, as in a KCC's day.
    "Bel me gerust terug op 06-12345678, ik ben vanaf 14:00 thuis.",
    "Ordernummer 123456789: de nieuwe pas is nog niet bezorgd op 1234 AB 12.",
    "Mijn afspraak staat op 12-03-2026 om 10:30, klopt dat nog?",
    "Het gaat om kenteken AB-123-C, de boete is € 95,00 (referentie 2026-0815).",
];

/// A fixed population of residents: number `i` has wa_id `316` followed by `10000000 + i`
/// (e.g. `31610000042`) and a Dutch name, the same in every run.
#[derive(Debug, Clone, Copy)]
pub struct Residents(pub u32);

impl Residents {
    pub fn wa_id(&self, i: u32) -> String {
        format!("316{:08}", 10_000_000 + i % self.0.max(1))
    }

    pub fn name(&self, i: u32) -> String {
        let i = (i % self.0.max(1)) as usize;
        format!(
            "{} {}",
            FIRST_NAMES[i % FIRST_NAMES.len()],
            LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()]
        )
    }
}

/// One signed webhook, ready to post.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The exact bytes (Meta's escaping) the signature covers.
    pub body: Vec<u8>,
    /// `X-Hub-Signature-256`.
    pub signature: String,
    /// The wamids of its messages, in order.
    pub wamids: Vec<String>,
}

/// Builds webhooks for one business number; wamids are unique to the builder (a random run
/// tag and a counter).
#[derive(Debug)]
pub struct WebhookBuilder {
    app_secret: Vec<u8>,
    phone_number_id: String,
    display_phone_number: String,
    waba_id: String,
    residents: Residents,
    run: String,
    next: AtomicU64,
}

impl WebhookBuilder {
    pub fn new(
        app_secret: &str,
        phone_number_id: &str,
        display_phone_number: &str,
        waba_id: &str,
        residents: u32,
    ) -> Self {
        let run: u64 = rand::random();
        Self {
            app_secret: app_secret.as_bytes().to_vec(),
            phone_number_id: phone_number_id.to_owned(),
            display_phone_number: display_phone_number.to_owned(),
            waba_id: waba_id.to_owned(),
            residents: Residents(residents.max(1)),
            run: format!("{run:016X}"),
            next: AtomicU64::new(0),
        }
    }

    /// A webhook with `n` text messages, each from a random resident (repeats allowed).
    pub fn build(&self, n: u32) -> Webhook {
        let mut rng = rand::rng();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default()
            .to_string();
        let mut messages = Vec::with_capacity(n as usize);
        let mut contacts: Vec<Value> = Vec::new();
        let mut seen: Vec<u32> = Vec::new();
        let mut wamids = Vec::with_capacity(n as usize);
        for _ in 0..n.max(1) {
            let who = rng.random_range(0..self.residents.0);
            let wa_id = self.residents.wa_id(who);
            if !seen.contains(&who) {
                seen.push(who);
                contacts
                    .push(json!({"profile": {"name": self.residents.name(who)}, "wa_id": wa_id}));
            }
            let seq = self.next.fetch_add(1, Ordering::Relaxed);
            let wamid = format!("wamid.LOAD{}{seq:012}", self.run);
            let text = TEXTS[rng.random_range(0..TEXTS.len())];
            messages.push(json!({
                "from": wa_id,
                "id": wamid,
                "timestamp": now,
                "type": "text",
                "text": {"body": text},
            }));
            wamids.push(wamid);
        }
        let envelope = json!({
            "object": "whatsapp_business_account",
            "entry": [{
                "id": self.waba_id,
                "changes": [{
                    "field": "messages",
                    "value": {
                        "messaging_product": "whatsapp",
                        "metadata": {
                            "display_phone_number": self.display_phone_number,
                            "phone_number_id": self.phone_number_id,
                        },
                        "contacts": contacts,
                        "messages": messages,
                    },
                }],
            }],
        });
        let body = to_meta_json(&envelope).into_bytes();
        let signature = sign(&self.app_secret, &body);
        Webhook {
            body,
            signature,
            wamids,
        }
    }
}

/// A random webhook size in 1..=batch.
pub fn random_size(batch: u32) -> u32 {
    rand::rng().random_range(1..=batch.clamp(1, 10))
}
