//! WhatsApp Cloud API (Meta Graph API): webhooks in, messages and media out.

pub mod client;
pub mod errors;
pub mod escape;
pub mod parse;
pub mod signature;
pub mod wire;

pub use client::{GraphClient, sha256_base64, sha256_matches};
pub use errors::GraphError;
pub use parse::{ParseError, parse_webhook};
pub use wire::MediaInfo;
