//! `/inbox/new`: start a conversation — a template to a phone number (a call-back over
//! WhatsApp), with the resident's opt-in stated and recorded (who, when). One POST form:
//! "preview" shows it again with the template's fields and the text the resident will
//! read, "send" starts the conversation and opens it. htmx refreshes the form live.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use loket_engine::EngineError;
use loket_engine::outbound::compose::{StartRequest, normalise_phone};

use super::super::super::Layout;
use super::super::super::account::failure;
use super::super::super::i18n::Lang;
use super::super::super::session::SignedIn;
use super::picker::{Picker, picker_for, template_fields};
use super::{explain, is_htmx, sent, wants_send};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/inbox/new", get(show).post(submit))
}

#[derive(Template)]
#[template(path = "start.html")]
pub struct StartPage {
    pub layout: Layout,
    pub phone: String,
    pub opt_in: bool,
    pub picker: Picker,
}

#[derive(Template)]
#[template(path = "start_form.html")]
pub struct StartForm {
    pub layout: Layout,
    pub phone: String,
    pub opt_in: bool,
    pub picker: Picker,
}

async fn show(State(state): State<AppState>, lang: Lang, signed_in: SignedIn) -> Response {
    let layout = Layout::for_session(&state, lang, &signed_in.session, "start-title").await;
    let Some(org) = signed_in.org_id else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match picker_for(&state, org, None, &[]).await {
        Ok(picker) => page(
            StatusCode::OK,
            &HeaderMap::new(),
            layout,
            String::new(),
            false,
            picker,
        ),
        Err(error) => failure(error),
    }
}

fn field(body: &[u8], name: &str) -> Option<String> {
    url::form_urlencoded::parse(body)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let layout = Layout::for_session(&state, lang, &signed_in.session, "start-title").await;
    let Some(org) = signed_in.org_id else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let phone = field(&body, "phone").unwrap_or_default();
    let opt_in = field(&body, "opt_in").is_some();
    let mut picker = match picker_for(&state, org, None, &template_fields(&body)).await {
        Ok(picker) => picker,
        Err(error) => return failure(error),
    };
    if !wants_send(&body) {
        return page(StatusCode::OK, &headers, layout, phone, opt_in, picker);
    }
    let mut problems = Vec::new();
    if normalise_phone(&phone).is_none() {
        problems.push(layout.tr.t("start-phone-invalid"));
    }
    if !opt_in {
        problems.push(layout.tr.t("start-opt-in-missing"));
    }
    let (Some(template), Some(channel)) = (picker.message(), picker.channel()) else {
        problems.push(layout.tr.t("composer-template-missing"));
        picker.error = Some(problems.join(" "));
        return page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &headers,
            layout,
            phone,
            opt_in,
            picker,
        );
    };
    if !problems.is_empty() {
        picker.error = Some(problems.join(" "));
        return page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &headers,
            layout,
            phone,
            opt_in,
            picker,
        );
    }
    let request = StartRequest {
        channel,
        phone: phone.clone(),
        template,
        by: signed_in.session.view.user_id,
        opt_in,
    };
    match state.engine.start_conversation(org, request).await {
        Ok((conversation, _)) => sent(&headers, &format!("/inbox/{conversation}")),
        Err(EngineError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            picker.error = Some(explain(&layout, error));
            page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &headers,
                layout,
                phone,
                opt_in,
                picker,
            )
        }
    }
}

/// The whole page, or for htmx only the form (a refusal is then shown, not a 422).
fn page(
    status: StatusCode,
    headers: &HeaderMap,
    layout: Layout,
    phone: String,
    opt_in: bool,
    picker: Picker,
) -> Response {
    let rendered = if is_htmx(headers) {
        StartForm {
            layout: layout.clone(),
            phone,
            opt_in,
            picker,
        }
        .render()
        .map(|html| (StatusCode::OK, axum::response::Html(html)))
    } else {
        StartPage {
            layout: layout.clone(),
            phone,
            opt_in,
            picker,
        }
        .render()
        .map(|html| (status, axum::response::Html(html)))
    };
    match rendered {
        Ok(answer) => layout.respond(answer),
        Err(error) => failure(EngineError::Other(error.into())),
    }
}
