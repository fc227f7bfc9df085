//! `POST /account/availability`: a colleague says whether they take new conversations
//! (online / afwezig / offline), from the form at the top of the inbox. Auto-assignment
//! gives new conversations only to colleagues who are online (issue 12, point 5).

use axum::Router;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use loket_domain::assignment::Availability;
use serde::Deserialize;

use super::account::failure;
use super::inbox::current;
use super::session::SignedIn;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/account/availability", post(set))
}

/// One option of the availability form.
#[derive(Debug, Clone)]
pub struct AvailabilityChoice {
    pub value: &'static str,
    /// The Fluent key of its label.
    pub name: &'static str,
    pub selected: bool,
}

/// The form's options with `current` selected.
pub fn choices(current: Availability) -> Vec<AvailabilityChoice> {
    Availability::ALL
        .iter()
        .map(|a| AvailabilityChoice {
            value: a.as_str(),
            name: match a {
                Availability::Online => "availability-online",
                Availability::Away => "availability-away",
                Availability::Offline => "availability-offline",
            },
            selected: *a == current,
        })
        .collect()
}

#[derive(Deserialize)]
struct AvailabilityForm {
    status: String,
}

async fn set(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<AvailabilityForm>,
) -> Response {
    let Some((org, _, user)) = current(&signed_in) else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let Ok(availability) = form.status.parse::<Availability>() else {
        return (StatusCode::UNPROCESSABLE_ENTITY, "unknown availability").into_response();
    };
    match state.engine.set_availability(org, user, availability).await {
        Ok(_) => Redirect::to("/").into_response(),
        Err(error) => failure(error),
    }
}
