//! `/admin/channels/{id}/presence`: channel presence (issue 12 point 9). The admin says what
//! the WhatsApp channel is for and not for and the text a resident starts with; the page
//! shows the business profile's texts generated from that and the office hours, the `wa.me`
//! link, an HTML snippet to copy for the website, and its QR code (SVG and PNG downloads).
//! Nothing is stored: the page is a generator, its inputs travel in the query.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use loket_domain::ChannelId;
use loket_domain::presence::{PresenceSettings, business_profile, wa_me_link};
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Deserialize;

use super::Admin;
use crate::AppState;
use crate::pages::Layout;
use crate::pages::account::failure;
use crate::pages::conversation::format::escape;

/// Longest input accepted per field (the profile's own limits are far below).
const MAX_INPUT_CHARS: usize = 500;
/// PNG: pixels per module, and the quiet zone in modules (the standard's four).
const SCALE: usize = 8;
const QUIET: usize = 4;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/channels/{id}/presence", get(page))
        .route("/admin/channels/{id}/qr.svg", get(qr_svg))
        .route("/admin/channels/{id}/qr.png", get(qr_png))
}

#[derive(Deserialize, Default)]
struct Inputs {
    #[serde(default)]
    voor: String,
    #[serde(default)]
    niet_voor: String,
    #[serde(default)]
    tekst: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_presence.html")]
struct PresencePage {
    layout: Layout,
    section: &'static str,
    id: String,
    channel: String,
    voor: String,
    niet_voor: String,
    tekst: String,
    about: String,
    description: String,
    link: Option<String>,
    snippet: String,
    /// The query for the QR links (`tekst=…`, encoded).
    qr_query: String,
}

/// The channel's number and name; `None` for another organisation's (404).
async fn channel_of(
    state: &AppState,
    admin: &Admin,
    id: &str,
) -> Result<Option<(ChannelId, String, String)>, Response> {
    let Ok(id) = id.parse::<ChannelId>() else {
        return Ok(None);
    };
    let channels = state
        .engine
        .list_channels(admin.org)
        .await
        .map_err(failure)?;
    Ok(channels
        .into_iter()
        .find(|c| c.id == id)
        .map(|c| (c.id, c.name, c.display_phone_number.unwrap_or_default())))
}

fn too_long(inputs: &Inputs) -> bool {
    [&inputs.voor, &inputs.niet_voor, &inputs.tekst]
        .iter()
        .any(|v| v.chars().count() > MAX_INPUT_CHARS)
}

async fn page(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(inputs): Query<Inputs>,
) -> Response {
    if too_long(&inputs) {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let (channel_id, name, number) = match channel_of(&state, &admin, &id).await {
        Ok(Some(found)) => found,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(answer) => return answer,
    };
    let hours = state.engine.office_hours(admin.org, Some(channel_id)).await;
    let layout = admin.layout(&state, "presence-title").await;
    // No office hours configured reads as always open: the profile then names none.
    let week = (hours.ok().map(|h| h.spec().week.clone()))
        .filter(|w| *w != loket_domain::hours::WeekSchedule::always());
    let settings = PresenceSettings {
        name: layout.org_name.clone().unwrap_or_default(),
        for_what: inputs.voor.clone(),
        not_for: inputs.niet_voor.clone(),
        week,
    };
    let profile = business_profile(&settings);
    let link = wa_me_link(&number, &inputs.tekst);
    let snippet = link
        .as_deref()
        .map(|l| html_snippet(l, &layout.tr.t("presence-snippet-label")))
        .unwrap_or_default();
    let qr_query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("tekst", &inputs.tekst)
        .finish();
    layout.respond(PresencePage {
        layout: layout.clone(),
        section: "channels",
        id: channel_id.to_string(),
        channel: name,
        voor: inputs.voor,
        niet_voor: inputs.niet_voor,
        tekst: inputs.tekst,
        about: profile.about,
        description: profile.description,
        link,
        snippet,
        qr_query,
    })
}

/// The QR code of the channel's link, or the answer to give instead.
async fn code_of(
    state: &AppState,
    admin: &Admin,
    id: &str,
    inputs: &Inputs,
) -> Result<QrCode, Response> {
    if too_long(inputs) {
        return Err(StatusCode::BAD_REQUEST.into_response());
    }
    let Some((_, _, number)) = channel_of(state, admin, id).await? else {
        return Err(StatusCode::NOT_FOUND.into_response());
    };
    let link =
        wa_me_link(&number, &inputs.tekst).ok_or_else(|| StatusCode::NOT_FOUND.into_response())?;
    QrCode::new(link.as_bytes()).map_err(|_| StatusCode::BAD_REQUEST.into_response())
}

async fn qr_svg(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(inputs): Query<Inputs>,
) -> Response {
    let code = match code_of(&state, &admin, &id, &inputs).await {
        Ok(code) => code,
        Err(answer) => return answer,
    };
    let image = code
        .render::<svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    download(image.into_bytes(), "image/svg+xml", "whatsapp-qr.svg")
}

async fn qr_png(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(inputs): Query<Inputs>,
) -> Response {
    let code = match code_of(&state, &admin, &id, &inputs).await {
        Ok(code) => code,
        Err(answer) => return answer,
    };
    match png_of(&code) {
        Ok(bytes) => download(bytes, "image/png", "whatsapp-qr.png"),
        Err(error) => {
            tracing::error!(%error, "the QR code could not be encoded as PNG");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// An 8-bit greyscale PNG: black modules on white, with the quiet zone.
pub fn png_of(code: &QrCode) -> Result<Vec<u8>, png::EncodingError> {
    let modules = code.width();
    let side = (modules + 2 * QUIET) * SCALE;
    let colors = code.to_colors();
    let mut pixels = vec![255u8; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color != qrcode::Color::Dark {
            continue;
        }
        let (mx, my) = (i % modules + QUIET, i / modules + QUIET);
        for y in my * SCALE..(my + 1) * SCALE {
            pixels[y * side + mx * SCALE..y * side + (mx + 1) * SCALE].fill(0);
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side as u32, side as u32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

fn download(bytes: Vec<u8>, mime: &'static str, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// The HTML snippet for the municipality's website: a link to `link` with `label`, both
/// escaped, opening WhatsApp in a new tab without handing it the page.
fn html_snippet(link: &str, label: &str) -> String {
    format!(
        "<a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">{}</a>",
        escape(link),
        escape(label)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_snippet_escapes_the_link_and_the_label() {
        let snippet = html_snippet("https://wa.me/316?text=a%26b", "Chat <met> \"ons\"");
        assert_eq!(
            snippet,
            "<a href=\"https://wa.me/316?text=a%26b\" target=\"_blank\" rel=\"noopener noreferrer\">Chat &lt;met&gt; &quot;ons&quot;</a>"
        );
    }
}
