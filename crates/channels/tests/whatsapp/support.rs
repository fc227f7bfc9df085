//! Fixture loading and small helpers shared by the test modules.

use std::path::PathBuf;

use loket_channels::whatsapp::escape::to_meta_json;
use loket_domain::inbound::{AddressedEvent, InboundEvent, InboundMessage, StatusUpdate};
use serde_json::Value;

pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/whatsapp")
}

/// One webhook envelope from a fixture file.
pub struct Variant {
    /// e.g. `pywa/message.json`.
    pub file: String,
    /// The variant's key in a pywa file; the file stem for meta-v25.
    pub name: String,
    /// The body as Meta would send it.
    pub body: Vec<u8>,
    pub envelope: Value,
}

/// Every variant of every fixture file, in a stable order.
pub fn all_variants() -> Vec<Variant> {
    let mut out = Vec::new();
    for folder in ["pywa", "meta-v25"] {
        let mut files: Vec<_> = std::fs::read_dir(fixture_dir().join(folder))
            .expect("fixture folder")
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for path in files {
            let bytes = std::fs::read(&path).expect("fixture file");
            let file = format!("{folder}/{}", path.file_name().unwrap().to_string_lossy());
            let json: Value = serde_json::from_slice(&bytes).expect("fixture is JSON");
            if folder == "pywa" {
                let Value::Object(variants) = json else {
                    panic!("{file} is not an object of variants");
                };
                for (name, envelope) in variants {
                    out.push(Variant {
                        file: file.clone(),
                        name,
                        // Meta's own encoding: escaped non-ASCII and slashes.
                        body: to_meta_json(&envelope).into_bytes(),
                        envelope,
                    });
                }
            } else {
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                out.push(Variant {
                    file,
                    name,
                    body: bytes,
                    envelope: json,
                });
            }
        }
    }
    out
}

pub fn message(event: &AddressedEvent) -> &InboundMessage {
    match &event.event {
        InboundEvent::Message(m) => m,
        other => panic!("expected a message, got {other:?}"),
    }
}

pub fn status(event: &AddressedEvent) -> &StatusUpdate {
    match &event.event {
        InboundEvent::Status(s) => s,
        other => panic!("expected a status, got {other:?}"),
    }
}

/// The one event of a single-item envelope.
pub fn only(events: &[AddressedEvent]) -> &AddressedEvent {
    assert_eq!(events.len(), 1, "expected exactly one event: {events:#?}");
    &events[0]
}
