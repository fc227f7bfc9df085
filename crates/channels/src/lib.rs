//! Channels: one module per provider. Parsing of provider payloads into domain events,
//! requests built from domain messages, and the HTTP clients. No database here.

pub mod whatsapp;
