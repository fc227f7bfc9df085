//! `POST /api/v1/conversations/{id}/messages` (text, template, interactive, reaction as
//! JSON; files as multipart), retry, and mark-as-read.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use loket_domain::message::SenderKind;
use loket_domain::outbound::{Interactive, TemplateMessage};
use loket_domain::{ConversationId, MessageId};
use loket_engine::outbound::{Attachment, Outgoing, SendRequest};
use loket_engine::query;
use serde::Deserialize;
use serde_json::{Value, json};

use super::auth::OrgAuth;
use super::routes::ApiRoutes;
use super::views::{Items, MessageView};
use crate::error::InvalidParam;
use crate::{ApiError, AppState};

/// Largest upload: WhatsApp's document limit plus form overhead.
const MAX_UPLOAD: usize = 101 * 1024 * 1024;
/// Largest JSON reply, like every other API JSON body (only files need more).
const MAX_JSON: usize = 2 * 1024 * 1024;

pub(super) fn routes(routes: ApiRoutes) -> ApiRoutes {
    routes
        .add(
            Method::POST,
            "/conversations/{id}/messages",
            post(create).layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .post("/conversations/{id}/messages/{message_id}/retry", retry)
        .post("/conversations/{id}/read", read)
}

fn conversation_id(id: &str) -> Result<ConversationId, ApiError> {
    id.parse().map_err(|_| ApiError::NotFound)
}

async fn create(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let conversation = conversation_id(&id)?;
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let send = if is_multipart {
        let multipart = Multipart::from_request(request, &state)
            .await
            .map_err(|e| body_refused(e.status(), e.body_text()))?;
        read_files(multipart).await?
    } else {
        parse_json_send(&read_json_body(request).await?)?
    };
    let records = state
        .engine
        .send_message(org.id, conversation, send)
        .await?;
    let mut views: Vec<MessageView> = records
        .into_iter()
        .map(|r| query::MessageView::new(r, Vec::new()).into())
        .collect();
    // One message alone; several files answer as a list, one message each.
    let body = if views.len() == 1 {
        json!(views.remove(0))
    } else {
        json!(Items { items: views })
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// A body that could not be read: too large stays a 413, anything else is a 400.
fn body_refused(status: StatusCode, text: String) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge(text)
    } else {
        ApiError::BadRequest(text)
    }
}

/// The JSON body, within the JSON limit (the route's own limit is sized for files).
async fn read_json_body(request: Request) -> Result<Bytes, ApiError> {
    let limited = Limited::new(request.into_body(), MAX_JSON);
    match limited.collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(ApiError::PayloadTooLarge(
            format!("A JSON body may hold at most {MAX_JSON} bytes."),
        )),
        Err(e) => Err(ApiError::BadRequest(format!(
            "The request body could not be read: {e}"
        ))),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReactionBody {
    message_id: MessageId,
    #[serde(default)]
    emoji: Option<String>,
}

/// One of `text`, `template`, `interactive`, `reaction`; every problem reported at once.
fn parse_json_send(body: &[u8]) -> Result<SendRequest, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("The body is not valid JSON: {e}")))?;
    let Some(object) = value.as_object() else {
        return Err(invalid("body", "must be a JSON object"));
    };
    let mut problems = Vec::new();
    let kinds: Vec<&str> = ["text", "template", "interactive", "reaction"]
        .into_iter()
        .filter(|k| object.contains_key(*k))
        .collect();
    if kinds.len() != 1 {
        problems.push(param(
            "body",
            "give exactly one of text, template, interactive or reaction",
        ));
    }
    for key in object.keys() {
        if ![
            "text",
            "template",
            "interactive",
            "reaction",
            "preview_url",
            "reply_to",
            "confirm_personal_data",
        ]
        .contains(&key.as_str())
        {
            problems.push(param(key, "unknown field"));
        }
    }
    let preview_url = match object.get("preview_url") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            problems.push(param("preview_url", "must be true or false"));
            false
        }
    };
    let confirm_personal_data = match object.get("confirm_personal_data") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            problems.push(param("confirm_personal_data", "must be true or false"));
            false
        }
    };
    let reply_to = match object.get("reply_to") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_str().and_then(|s| s.parse::<MessageId>().ok()) {
            Some(id) => Some(id),
            None => {
                problems.push(param("reply_to", "must be a message id"));
                None
            }
        },
    };
    let outgoing = match kinds.first().copied() {
        Some("text") => match object["text"].as_str() {
            Some(t) if !t.trim().is_empty() => Some(Outgoing::Text {
                body: t.to_owned(),
                preview_url,
            }),
            _ => {
                problems.push(param("text", "must be a non-empty string"));
                None
            }
        },
        Some("template") => {
            typed::<TemplateMessage>(&object["template"], "template", &mut problems)
                .map(Outgoing::Template)
        }
        Some("interactive") => {
            typed::<Interactive>(&object["interactive"], "interactive", &mut problems)
                .map(Outgoing::Interactive)
        }
        Some("reaction") => typed::<ReactionBody>(&object["reaction"], "reaction", &mut problems)
            .map(|r| Outgoing::Reaction {
                target: r.message_id,
                emoji: r.emoji.filter(|e| !e.is_empty()),
            }),
        _ => None,
    };
    match outgoing {
        Some(outgoing) if problems.is_empty() => Ok(SendRequest {
            outgoing,
            sender: SenderKind::Agent,
            reply_to,
            confirm_personal_data,
        }),
        _ => Err(ApiError::InvalidParams(problems)),
    }
}

fn typed<T: serde::de::DeserializeOwned>(
    value: &Value,
    name: &str,
    problems: &mut Vec<InvalidParam>,
) -> Option<T> {
    serde_json::from_value(value.clone())
        .map_err(|e| problems.push(param(name, &e.to_string())))
        .ok()
}

/// Every `file` part becomes a message; an optional `caption` part goes with the first.
async fn read_files(mut multipart: Multipart) -> Result<SendRequest, ApiError> {
    let mut files = Vec::new();
    let mut caption = None;
    let mut confirm_personal_data = false;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| body_refused(e.status(), e.body_text()))?
    {
        match field.name().unwrap_or_default() {
            "file" => {
                let filename = field.file_name().unwrap_or("bijlage").to_owned();
                let mime_type = field
                    .content_type()
                    .unwrap_or("application/octet-stream")
                    .to_owned();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| body_refused(e.status(), e.body_text()))?;
                files.push(Attachment {
                    bytes,
                    mime_type,
                    filename,
                    caption: None,
                });
            }
            "caption" => {
                caption = Some(
                    field
                        .text()
                        .await
                        .map_err(|e| body_refused(e.status(), e.body_text()))?,
                )
            }
            "confirm_personal_data" => {
                let text = field
                    .text()
                    .await
                    .map_err(|e| body_refused(e.status(), e.body_text()))?;
                confirm_personal_data = match text.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(invalid("confirm_personal_data", "must be true or false")),
                };
            }
            other => {
                return Err(invalid(
                    other,
                    "unknown form field (expected file, caption, confirm_personal_data)",
                ));
            }
        }
    }
    if files.is_empty() {
        return Err(invalid("file", "attach at least one file"));
    }
    files[0].caption = caption;
    Ok(SendRequest {
        outgoing: Outgoing::Media(files),
        sender: SenderKind::Agent,
        reply_to: None,
        confirm_personal_data,
    })
}

async fn retry(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path((id, message_id)): Path<(String, String)>,
) -> Result<Json<MessageView>, ApiError> {
    let conversation = conversation_id(&id)?;
    let message: MessageId = message_id.parse().map_err(|_| ApiError::NotFound)?;
    let record = state
        .engine
        .retry_message(org.id, conversation, message)
        .await?;
    Ok(Json(query::MessageView::new(record, Vec::new()).into()))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ReadBody {
    #[serde(default)]
    typing: bool,
}

async fn read(
    State(state): State<AppState>,
    OrgAuth(org): OrgAuth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let body: ReadBody = if body.is_empty() {
        ReadBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| invalid("body", &e.to_string()))?
    };
    state
        .engine
        .mark_read(org.id, conversation_id(&id)?, body.typing)
        .await?;
    Ok(StatusCode::ACCEPTED)
}

fn param(name: &str, reason: &str) -> InvalidParam {
    InvalidParam {
        name: name.into(),
        reason: reason.into(),
    }
}

fn invalid(name: &str, reason: &str) -> ApiError {
    ApiError::InvalidParams(vec![param(name, reason)])
}
