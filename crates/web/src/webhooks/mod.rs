//! Provider webhooks. One endpoint per provider; the channel is found from the payload.

pub mod whatsapp;

use axum::Router;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().merge(whatsapp::routes())
}
