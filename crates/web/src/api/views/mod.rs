//! The API's own response types. Handlers answer with these, converted from engine
//! views and records, so the store and the engine can change without changing what
//! clients see; `openapi.json` documents exactly these shapes (the contract tests check).
//!
//! Ids and timestamps keep their standard forms (UUID text, RFC 3339). Message content
//! is the domain's tagged union, which mirrors the provider's message types one to one
//! and is documented as such (`Content` in `openapi.json`).

mod contact_request;
mod conversation;
mod event;
mod live;
mod message;
mod saved_reply;
mod sla;
mod template;

pub(crate) use contact_request::{ContactRequestPage, ContactRequestView};
pub(crate) use conversation::{ConversationDetailView, ConversationView};
pub(crate) use event::EventView;
pub(crate) use live::live_item_view;
pub(crate) use message::MessageView;
pub(crate) use saved_reply::SavedReplyView;
pub(crate) use sla::SlaView;
pub(crate) use template::TemplateView;

use serde::Serialize;

/// A list answer: `{ "items": [...] }`.
#[derive(Serialize)]
pub(crate) struct Items<T> {
    pub items: Vec<T>,
}

impl<T> Items<T> {
    pub fn of<R>(records: impl IntoIterator<Item = R>) -> Self
    where
        T: From<R>,
    {
        Self {
            items: records.into_iter().map(T::from).collect(),
        }
    }
}
