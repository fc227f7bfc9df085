//! One click in the conversation's side panel: `POST /inbox/{id}/contactverzoek/persvraag`
//! (a press question to Communicatie) and `.../signaal` (a signal to the newsroom), shown
//! only when the organisation configured their team. Post/Redirect/Get to the new request,
//! which says what the resident was told. CSRF is the page layer's (`csrf.rs`).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use loket_domain::ConversationId;
use loket_domain::contact_requests::Kind;
use loket_engine::EngineError;

use super::super::account::failure;
use super::super::inbox::current;
use super::super::session::SignedIn;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/inbox/{id}/contactverzoek/{kind}", post(hand_over))
}

async fn hand_over(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((id, kind)): Path<(String, String)>,
) -> Response {
    let kind = Kind::parse(&kind).filter(|k| *k != Kind::Vraag);
    let (Some((org, _, user)), Ok(conversation), Some(kind)) =
        (current(&signed_in), id.parse::<ConversationId>(), kind)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.engine.hand_over(org, conversation, user, kind).await {
        Ok(created) => Redirect::to(&format!("/contactverzoeken/{}", created.id)).into_response(),
        Err(EngineError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(EngineError::InvalidFields(_)) => StatusCode::UNPROCESSABLE_ENTITY.into_response(),
        Err(error) => failure(error),
    }
}
