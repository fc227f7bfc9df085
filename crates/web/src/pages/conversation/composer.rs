//! The composer: reply, internal note, attachments, the template picker when the window
//! has closed. Owned by the composer part.
//!
//! Without JavaScript every step is a form: the reply form posts (multipart, for the
//! files) to `/inbox/{id}/compose` and answers with a redirect back (PRG); the template
//! picker is a GET form (`/inbox/{id}/template`) showing parameter fields and the preview,
//! then a POST form sending it. htmx makes the same forms live (`HX-Request` answers with
//! the composer fragment only); `composer.js` adds Ctrl+Enter, the draft, drag and drop
//! and paste.

mod knowledge;
mod picker;
mod replies;
mod start;

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use loket_domain::ConversationId;
use loket_domain::message::SenderKind;
use loket_domain::privacy::outbound::OutboundRefusal;
use loket_engine::EngineError;
use loket_engine::outbound::{Attachment, Outgoing, SendRequest};

use super::super::Layout;
use super::super::account::failure;
use super::super::i18n::Lang;
use super::super::session::SignedIn;
use super::Context;
use crate::AppState;
pub use picker::{Picker, picker_for, template_fields};

/// Largest upload: WhatsApp's document limit plus form overhead (as the API).
const MAX_UPLOAD: usize = 101 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/inbox/{id}/compose",
            post(compose).layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route("/inbox/{id}/template", post(send_template))
        .route("/inbox/{id}/replies", get(replies::picker))
        .route("/inbox/{id}/knowledge", get(knowledge::search))
        .route(
            "/inbox/{id}/knowledge/{article}/feedback",
            post(knowledge::feedback),
        )
        .merge(start::routes())
}

/// The composer as the page shows it.
#[derive(Template)]
#[template(path = "composer.html")]
pub struct Composer {
    pub layout: Layout,
    pub id: String,
    /// The 24-hour window is open: free text may be sent.
    pub open: bool,
    /// What the agent wrote (kept when a send was refused).
    pub text: String,
    pub note: bool,
    pub error: Option<String>,
    pub picker: Picker,
    /// Colleagues a note can @mention.
    pub members: Vec<Member>,
    /// The last send was held back for personal data: show the confirm checkbox.
    pub confirm_personal_data: bool,
}

/// A colleague to @mention in a note.
pub struct Member {
    pub id: String,
    pub name: String,
}

/// The organisation's other members, by name (for the mention picker).
async fn members(
    state: &AppState,
    signed_in: &SignedIn,
    org: loket_domain::OrgId,
) -> Result<Vec<Member>, EngineError> {
    let view = &signed_in.session.view;
    let Some(slug) = (view.memberships.iter())
        .find(|m| m.org_id == org)
        .map(|m| m.org_slug.clone())
    else {
        return Ok(Vec::new());
    };
    let mut members: Vec<Member> = (state.engine.list_users(Some(&slug)).await?)
        .into_iter()
        .filter(|u| u.user.id != view.user_id && u.user.active)
        .map(|u| Member {
            id: u.user.id.to_string(),
            name: u.user.name,
        })
        .collect();
    members.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(members)
}

/// A full page around the composer, for the steps without JavaScript.
#[derive(Template)]
#[template(path = "composer_page.html")]
pub struct ComposerPage {
    pub layout: Layout,
    pub composer: String,
}

pub async fn render(cx: &Context<'_>) -> Result<String, EngineError> {
    let open = cx.detail.window.is_open();
    let picker = if open {
        Picker::default()
    } else {
        picker_for(
            cx.state,
            cx.org,
            Some(cx.detail.conversation.channel_id),
            &[],
        )
        .await?
    };
    let composer = Composer {
        layout: cx.layout.clone(),
        id: cx.detail.conversation.id.to_string(),
        open,
        text: String::new(),
        note: false,
        error: None,
        picker,
        members: members(cx.state, cx.signed_in, cx.org).await?,
        confirm_personal_data: false,
    };
    composer.render().map_err(|e| EngineError::Other(e.into()))
}

/// What the reply form sent.
#[derive(Default)]
struct Reply {
    text: String,
    note: bool,
    mentions: Vec<loket_domain::UserId>,
    files: Vec<Attachment>,
    confirm_personal_data: bool,
}

async fn read_reply(mut multipart: Multipart) -> Result<Reply, String> {
    let mut reply = Reply::default();
    while let Some(field) = multipart.next_field().await.map_err(|e| e.body_text())? {
        match field.name().unwrap_or_default() {
            "text" => reply.text = field.text().await.map_err(|e| e.body_text())?,
            "note" => reply.note = true,
            "confirm_personal_data" => reply.confirm_personal_data = true,
            "mention" => {
                let id = field.text().await.map_err(|e| e.body_text())?;
                reply.mentions.push(
                    id.parse()
                        .map_err(|_| "mention: not a user id".to_owned())?,
                );
            }
            "file" => {
                let filename = field.file_name().unwrap_or_default().to_owned();
                let mime_type = (field.content_type())
                    .unwrap_or("application/octet-stream")
                    .to_owned();
                let bytes = field.bytes().await.map_err(|e| e.body_text())?;
                // A file input left empty still sends an empty, nameless part.
                if !bytes.is_empty() || !filename.is_empty() {
                    reply.files.push(Attachment {
                        bytes,
                        mime_type,
                        filename,
                        caption: None,
                    });
                }
            }
            _ => {} // the CSRF token (checked before), anything else is ignored
        }
    }
    Ok(reply)
}

/// Where the composer acts: the conversation of this organisation, else 404.
struct Target {
    layout: Layout,
    id: ConversationId,
    org: loket_domain::OrgId,
    signed_in: SignedIn,
}

async fn target(
    state: &AppState,
    lang: Lang,
    signed_in: SignedIn,
    id: &str,
) -> Result<Target, Response> {
    let layout = Layout::for_session(state, lang, &signed_in.session, "conversation-title").await;
    let (Some(org), Ok(id)) = (signed_in.org_id, id.parse::<ConversationId>()) else {
        return Err(StatusCode::NOT_FOUND.into_response());
    };
    match state.engine.conversation_summary(org, id).await {
        Ok(_) => Ok(Target {
            layout,
            id,
            org,
            signed_in,
        }),
        Err(EngineError::NotFound) => Err(StatusCode::NOT_FOUND.into_response()),
        Err(error) => Err(failure(error)),
    }
}

async fn compose(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Path(id): Path<String>,
    headers: HeaderMap,
    audit: crate::audit::AuditSlot,
    multipart: Multipart,
) -> Response {
    let t = match target(&state, lang, signed_in, &id).await {
        Ok(t) => t,
        Err(response) => return response,
    };
    let org = t.org;
    let user = t.signed_in.session.view.user_id;
    let reply = match read_reply(multipart).await {
        Ok(reply) => reply,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    };
    let mut confirm_personal_data = false;
    let outcome = if reply.note {
        (state.engine)
            .add_note(org, t.id, user, &reply.text, &reply.mentions)
            .await
            .map(|_| ())
            .map_err(|e| explain(&t.layout, e))
    } else if reply.text.trim().is_empty() && reply.files.is_empty() {
        Err(t.layout.tr.t("composer-empty"))
    } else {
        let outgoing = if reply.files.is_empty() {
            Outgoing::Text {
                body: reply.text.clone(),
                preview_url: false,
            }
        } else {
            let mut files = reply.files.clone();
            files[0].caption = Some(reply.text.clone()).filter(|t| !t.trim().is_empty());
            Outgoing::Media(files)
        };
        let request = SendRequest {
            outgoing,
            sender: SenderKind::Agent,
            reply_to: None,
            confirm_personal_data: reply.confirm_personal_data,
        };
        (state.engine.send_message_as(org, t.id, request, user).await)
            .map(|_| ())
            .map_err(|e| {
                confirm_personal_data = needs_confirmation(&e);
                explain(&t.layout, e)
            })
    };
    audit_compose(&audit, reply.note, t.id, outcome.is_ok());
    let (text, error) = match outcome {
        Ok(()) if !is_htmx(&headers) => {
            return Redirect::to(&format!("/inbox/{}", t.id)).into_response();
        }
        Ok(()) => (String::new(), None),
        Err(error) => (reply.text, Some(error)),
    };
    let detail = match state.engine.conversation_summary(org, t.id).await {
        Ok(detail) => detail,
        Err(error) => return failure(error),
    };
    let open = detail.window.is_open();
    let picker = if open {
        Picker::default()
    } else {
        match picker_for(&state, org, Some(detail.conversation.channel_id), &[]).await {
            Ok(p) => p,
            Err(error) => return failure(error),
        }
    };
    let status = if error.is_some() && !is_htmx(&headers) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let composer = Composer {
        layout: t.layout.clone(),
        id: t.id.to_string(),
        open,
        text,
        note: reply.note,
        error,
        picker,
        members: match members(&state, &t.signed_in, org).await {
            Ok(m) => m,
            Err(error) => return failure(error),
        },
        confirm_personal_data,
    };
    (status, respond(&headers, t.layout, composer)).into_response()
}

/// The composer alone for htmx, else a page around it.
pub(crate) fn respond(headers: &HeaderMap, layout: Layout, composer: Composer) -> Response {
    let html = match composer.render() {
        Ok(html) => html,
        Err(error) => return failure(EngineError::Other(error.into())),
    };
    if is_htmx(headers) {
        return axum::response::Html(html).into_response();
    }
    let page = ComposerPage {
        layout: layout.clone(),
        composer: html,
    };
    match page.render() {
        Ok(body) => layout.respond(axum::response::Html(body)),
        Err(error) => failure(EngineError::Other(error.into())),
    }
}

/// The form's send button was used (not "show the preview").
pub(crate) fn wants_send(body: &[u8]) -> bool {
    url::form_urlencoded::parse(body).any(|(k, v)| k == "action" && v == "send")
}

/// After a send: a redirect, or for htmx a full navigation there.
pub(crate) fn sent(headers: &HeaderMap, to: &str) -> Response {
    if is_htmx(headers) {
        ([("hx-redirect", to.to_owned())], StatusCode::OK).into_response()
    } else {
        Redirect::to(to).into_response()
    }
}

pub(crate) fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request")
}

/// The engine's refusal in words for the agent (its messages are the API's).
pub(super) fn explain(layout: &Layout, error: EngineError) -> String {
    match error {
        EngineError::WindowClosed(_) => layout.tr.t("composer-window-closed"),
        EngineError::Invalid(problems) => problems.join("; "),
        EngineError::InvalidFields(problems) => (problems.iter())
            .map(|p| p.reason.clone())
            .collect::<Vec<_>>()
            .join("; "),
        EngineError::Conflict(why) => why,
        EngineError::NotFound => layout.tr.t("composer-not-found"),
        EngineError::PersonalData(refusal) => personal_data_text(layout, &refusal),
        other => {
            tracing::error!(error = %other, "the composer's send failed");
            layout.tr.t("composer-failed")
        }
    }
}

async fn send_template(
    State(state): State<AppState>,
    lang: Lang,
    signed_in: SignedIn,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let t = match target(&state, lang, signed_in, &id).await {
        Ok(t) => t,
        Err(response) => return response,
    };
    let org = t.org;
    let user = t.signed_in.session.view.user_id;
    let fields = template_fields(&body);
    let detail = match state.engine.conversation_summary(org, t.id).await {
        Ok(detail) => detail,
        Err(error) => return failure(error),
    };
    let mut picker =
        match picker_for(&state, org, Some(detail.conversation.channel_id), &fields).await {
            Ok(p) => p,
            Err(error) => return failure(error),
        };
    picker.confirm_ticked = picker::confirm_ticked(&body);
    picker.confirm_shown = picker.confirm_ticked;
    let outcome = match picker.message() {
        // Choosing a template, filling in its fields: show the form and the preview again.
        _ if !wants_send(&body) => Err(None),
        None => Err(Some(t.layout.tr.t("composer-template-missing"))),
        Some(template) => {
            let request = SendRequest {
                outgoing: Outgoing::Template(template),
                sender: SenderKind::Agent,
                reply_to: None,
                // Template values are checked too, and confirmed like a reply's text.
                confirm_personal_data: picker.confirm_ticked,
            };
            (state.engine.send_message_as(org, t.id, request, user).await)
                .map(|_| ())
                .map_err(|e| {
                    picker.confirm_shown |= needs_confirmation(&e);
                    Some(explain(&t.layout, e))
                })
        }
    };
    match outcome {
        Ok(()) => sent(&headers, &format!("/inbox/{}", t.id)),
        Err(error) => {
            let refused = error.is_some();
            picker.error = error;
            let composer = Composer {
                layout: t.layout.clone(),
                id: t.id.to_string(),
                open: detail.window.is_open(),
                text: String::new(),
                note: false,
                error: None,
                picker,
                members: Vec::new(),
                confirm_personal_data: false,
            };
            let status = if refused && !is_htmx(&headers) {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            (status, respond(&headers, t.layout, composer)).into_response()
        }
    }
}

/// A note or a reply, and whether it went through (a refused one re-shows the form, 200).
fn audit_compose(
    audit: &crate::audit::AuditSlot,
    note: bool,
    conversation: loket_domain::ConversationId,
    ok: bool,
) {
    use loket_domain::audit::{Action, Outcome, Target};
    let action = if note {
        Action::NoteWritten
    } else {
        Action::MessageSent
    };
    let outcome = if ok { Outcome::Ok } else { Outcome::Failed };
    audit.set(
        vec![(action, Target::conversation(conversation))],
        Some(outcome),
    );
}

/// Whether the agent may send this after ticking the confirm box (not for a refused BSN).
fn needs_confirmation(error: &EngineError) -> bool {
    matches!(
        error,
        EngineError::PersonalData(OutboundRefusal::NeedsConfirmation(_))
    )
}

/// Why the reply was held back, naming the kinds found (never the values: they are in
/// the agent's own text, kept in the form).
fn personal_data_text(layout: &Layout, refusal: &OutboundRefusal) -> String {
    let key = match refusal {
        OutboundRefusal::Bsn(_) => "composer-bsn-refused",
        OutboundRefusal::NeedsConfirmation(_) => "composer-personal-data-confirm",
    };
    let mut kinds: Vec<String> = Vec::new();
    for f in refusal.findings() {
        let name = layout.tr.t(&format!("pii-kind-{}", f.kind.as_str()));
        if !kinds.contains(&name) {
            kinds.push(name);
        }
    }
    format!("{} ({})", layout.tr.t(key), kinds.join(", "))
}
