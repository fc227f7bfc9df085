//! `/admin/channels`: the organisation's channels with the webhook URL Meta must call
//! (from `server.public_url`), where the verify token lives, their status, and a
//! "Verbinding testen" button (the engine asks the Graph API about the number), and the
//! office hours each follows. Channels and hours come from the configuration file, so the
//! page shows them read-only.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use loket_domain::ChannelId;
use loket_domain::channel::ChannelKind;
use loket_engine::operator::ChannelCheck;
use serde::Deserialize;

use super::{Admin, answer_error};
use crate::AppState;
use crate::pages::Layout;
use crate::pages::account::failure;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/channels", get(page))
        .route("/admin/channels/{id}/test", post(test))
}

pub struct ChannelRow {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub number: String,
    pub app: String,
    pub enabled: bool,
    /// Why an admin must look (the engine's text, in English; operators' words).
    pub attention: Option<String>,
    /// The message key of this channel's last test, when the page follows one.
    pub tested: Option<&'static str>,
    /// The office hours it follows, as lines (issue 12).
    pub hours: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_channels.html")]
pub struct ChannelsPage {
    pub layout: Layout,
    pub section: &'static str,
    pub webhook_url: Option<String>,
    pub channels: Vec<ChannelRow>,
}

#[derive(Deserialize, Default)]
pub struct Flags {
    tested: Option<String>,
    result: Option<String>,
}

async fn page(State(state): State<AppState>, admin: Admin, Query(flags): Query<Flags>) -> Response {
    let layout = admin.layout(&state, "admin-channels-title").await;
    let channels = match state.engine.list_channels(admin.org).await {
        Ok(channels) => channels,
        Err(error) => return failure(error),
    };
    let overview = match state.engine.office_hours_overview(admin.org).await {
        Ok(overview) => overview,
        Err(error) => return failure(error),
    };
    let result = result_key(flags.result.as_deref());
    let rows = channels
        .into_iter()
        .map(|c| ChannelRow {
            tested: result.filter(|_| flags.tested.as_deref() == Some(&c.id.to_string())),
            hours: super::channel_hours::lines_for(c.id, &overview, &layout.tr),
            id: c.id.to_string(),
            name: c.name,
            kind: kind_key(c.kind),
            number: c.display_phone_number.unwrap_or_default(),
            app: c.app_name.unwrap_or_default(),
            enabled: c.enabled,
            attention: c.needs_attention,
        })
        .collect();
    let webhook_url = state
        .web
        .public_url
        .as_ref()
        .map(|u| format!("{}/webhooks/whatsapp", u.as_str()));
    layout.respond(ChannelsPage {
        layout: layout.clone(),
        section: "channels",
        webhook_url,
        channels: rows,
    })
}

async fn test(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Response {
    let Ok(channel) = id.parse::<ChannelId>() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    match state
        .engine
        .test_channel_connection(admin.org, channel)
        .await
    {
        Ok(check) => {
            let flag = flag_of(&check);
            Redirect::to(&format!("/admin/channels?tested={channel}&result={flag}")).into_response()
        }
        Err(error) => answer_error(error, "/admin/channels"),
    }
}

fn flag_of(check: &ChannelCheck) -> &'static str {
    match check {
        ChannelCheck::Connected { .. } => "connected",
        ChannelCheck::TokenRefused => "token",
        ChannelCheck::UnknownNumber => "number",
        ChannelCheck::Unreachable => "unreachable",
        ChannelCheck::Incomplete => "incomplete",
        ChannelCheck::Failed { .. } => "failed",
    }
}

fn result_key(flag: Option<&str>) -> Option<&'static str> {
    Some(match flag? {
        "connected" => "admin-test-connected",
        "token" => "admin-test-token",
        "number" => "admin-test-number",
        "unreachable" => "admin-test-unreachable",
        "incomplete" => "admin-test-incomplete",
        "failed" => "admin-test-failed",
        _ => return None,
    })
}

fn kind_key(kind: ChannelKind) -> &'static str {
    match kind {
        ChannelKind::Whatsapp => "channel-kind-whatsapp",
        ChannelKind::Webchat => "channel-kind-webchat",
        ChannelKind::Messenger => "channel-kind-messenger",
        ChannelKind::Instagram => "channel-kind-instagram",
        ChannelKind::Email => "channel-kind-email",
    }
}
