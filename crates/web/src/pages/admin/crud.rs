//! What the admin pages that list things and edit one at a time (saved replies, the
//! knowledge base) share: the `done` flag after a redirect, the id from the path, the
//! answer to an engine write — done, refused (the form is shown again with what was typed
//! and why), another organisation's (404) or a failure — and the delete's redirect.

use std::str::FromStr;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use loket_engine::EngineError;
use serde::Deserialize;

use crate::pages::Layout;
use crate::pages::account::failure;

/// The query of a list or edit page after a change (PRG).
#[derive(Deserialize, Default)]
pub struct Flags {
    pub done: Option<String>,
}

/// The messages of the `done` flags (`created`, `saved`, `deleted`).
pub struct DoneKeys {
    pub created: &'static str,
    pub saved: &'static str,
    pub deleted: &'static str,
}

impl DoneKeys {
    /// The message of a flag from the query; unknown flags show nothing.
    pub fn of(&self, flag: Option<&str>) -> Option<&'static str> {
        Some(match flag? {
            "created" => self.created,
            "saved" => self.saved,
            "deleted" => self.deleted,
            _ => return None,
        })
    }
}

/// An id from the path; `None` for anything that is not one — answer it with
/// [`not_found`], as another organisation's id.
pub fn path_id<T: FromStr>(id: &str) -> Option<T> {
    id.parse().ok()
}

pub fn not_found() -> Response {
    StatusCode::NOT_FOUND.into_response()
}

/// A form the engine refused: its status and the message shown above it.
pub type Refusal = (StatusCode, &'static str);

/// What an engine write came to, as a form answers it.
pub enum Written<T> {
    Done(T),
    /// The form's fault: show it again with what was typed.
    Refused(Refusal),
    /// Another organisation's id (404) or a failure: the answer itself.
    Answer(Response),
}

/// Sorts an engine write's result; `refusal` tells the form's faults from the rest.
pub fn written<T>(
    result: Result<T, EngineError>,
    refusal: impl Fn(&EngineError) -> Option<Refusal>,
) -> Written<T> {
    match result {
        Ok(value) => Written::Done(value),
        Err(EngineError::NotFound) => Written::Answer(not_found()),
        Err(error) => match refusal(&error) {
            Some(refused) => Written::Refused(refused),
            None => Written::Answer(failure(error)),
        },
    }
}

/// A delete's answer: back to `list` with the `deleted` flag, 404 for another
/// organisation's id.
pub fn deleted(result: Result<(), EngineError>, list: &str) -> Response {
    match written(result, |_| None) {
        Written::Done(()) => Redirect::to(&format!("{list}?done=deleted")).into_response(),
        Written::Refused(_) => not_found(),
        Written::Answer(response) => response,
    }
}

/// A page with its status (a refused form is 400 or 409, not 200).
pub fn respond(layout: &Layout, page: impl IntoResponse, status: StatusCode) -> Response {
    (status, layout.respond(page)).into_response()
}
