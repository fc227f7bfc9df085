//! The WhatsApp wire layer end to end: webhook parsing against third-party fixtures
//! (`tests/fixtures/whatsapp`, MIT), the signature vector, and the Graph client against a
//! local server that answers with Meta's shapes; outbound request bodies against Meta's
//! documented examples.

#[path = "whatsapp/support.rs"]
mod support;

#[path = "whatsapp/bad_input.rs"]
mod bad_input;
#[path = "whatsapp/batch.rs"]
mod batch;
#[path = "whatsapp/client.rs"]
mod client;
#[path = "whatsapp/fixtures.rs"]
mod fixtures;
#[path = "whatsapp/limits.rs"]
mod limits;
#[path = "whatsapp/never_panics.rs"]
mod never_panics;
#[path = "whatsapp/outbound.rs"]
mod outbound;
#[path = "whatsapp/recipients.rs"]
mod recipients;
#[path = "whatsapp/sending.rs"]
mod sending;
#[path = "whatsapp/signature.rs"]
mod signature;
