//! WhatsApp Cloud API (Meta Graph API): webhooks in, messages and media out.

pub mod client;
pub mod errors;
pub mod escape;
pub mod outbound;
pub mod parse;
pub mod phone;
mod rendering;
pub mod send;
pub mod signature;
pub mod templates;
pub mod wire;

pub use client::{
    DEFAULT_SEND_TIMEOUT, GraphClient, GraphTimeouts, http_client, sha256_base64, sha256_matches,
};
pub use errors::{ErrorClass, GraphError, SendError, classify, explain_nl};
pub use outbound::{BuildError, Recipient, SendOptions, mark_read_request, message_request};
pub use parse::{ParseError, parse_webhook};
pub use phone::PhoneNumberInfo;
pub use send::SendAccepted;
pub use templates::{TemplateInfo, TemplatePage};
pub use wire::MediaInfo;
