//! WhatsApp Cloud API (Meta Graph API): webhooks in, messages and media out.

pub mod escape;
pub mod parse;
pub mod signature;
