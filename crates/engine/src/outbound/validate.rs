//! Checks on a reply before anything is kept or queued: Meta's rules per content, one
//! emoji per reaction, the one allow-list of file types, sizes and file names. Problems
//! are named by the API field they concern (`text`, `reaction.emoji`, `file`), whichever
//! check found them.

use loket_channels::whatsapp::{BuildError, SendOptions, message_request};
use loket_domain::input::{self, FieldProblem};
use loket_domain::message::{Content, MediaKind, MessageContext};

use super::{Attachment, Outgoing};
use crate::EngineError;

/// The API field a content is given in.
pub(super) fn field_of(content: &Content) -> &'static str {
    match content {
        Content::Text { .. } => "text",
        Content::Template(_) => "template",
        Content::Interactive(_) => "interactive",
        Content::Reaction { .. } => "reaction",
        Content::Media(_) => "file",
        _ => "body",
    }
}

/// Name an engine refusal by `field`, so it is reported like every other problem of it.
pub(super) fn in_field(error: EngineError, field: &str) -> EngineError {
    match error {
        EngineError::Invalid(reasons) => EngineError::InvalidFields(
            reasons
                .into_iter()
                .map(|reason| FieldProblem::new(field, reason))
                .collect(),
        ),
        other => other,
    }
}

/// What can be told from the request alone: one emoji per reaction; each file's type,
/// size and count. Cheap, so it runs before any lookup or blob write.
pub(super) fn check_request(outgoing: &mut Outgoing) -> Result<(), EngineError> {
    let problems = match outgoing {
        Outgoing::Reaction {
            emoji: Some(emoji), ..
        } if !input::is_single_emoji(emoji) => vec![FieldProblem::new(
            "reaction.emoji",
            "must be exactly one emoji (or empty to remove the reaction)",
        )],
        Outgoing::Media(files) => check_files(files),
        _ => Vec::new(),
    };
    if problems.is_empty() {
        Ok(())
    } else {
        Err(EngineError::InvalidFields(problems))
    }
}

/// Every file is an accepted type within its size limit; names lose paths and controls.
fn check_files(files: &mut [Attachment]) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if files.is_empty() {
        problems.push(FieldProblem::new("file", "attach at least one file"));
    }
    if files.len() > input::MAX_ATTACHMENTS {
        problems.push(FieldProblem::new(
            "file",
            format!("at most {} files per reply", input::MAX_ATTACHMENTS),
        ));
    }
    for (i, file) in files.iter_mut().enumerate() {
        file.filename = input::sanitise_filename(&file.filename);
        match input::media_kind(&file.mime_type) {
            None => problems.push(FieldProblem::new(
                "file",
                format!(
                    "file {}: this type cannot be sent on WhatsApp (images, audio, video, \
                     PDF, plain text and Office documents can)",
                    i + 1
                ),
            )),
            Some(kind) if file.bytes.len() as u64 > kind.max_bytes() => {
                problems.push(FieldProblem::new(
                    "file",
                    format!(
                        "file {}: larger than WhatsApp allows for a {} ({} MB)",
                        i + 1,
                        kind.as_str(),
                        kind.max_bytes() / (1024 * 1024)
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    problems
}

/// The kind a checked attachment is sent as.
pub(super) fn kind_of(file: &Attachment) -> Result<MediaKind, EngineError> {
    input::media_kind(&file.mime_type).ok_or_else(|| {
        EngineError::InvalidFields(vec![FieldProblem::new(
            "file",
            "this type cannot be sent on WhatsApp",
        )])
    })
}

/// Check Meta's rules before queueing: a message that cannot be built would fail later.
pub(super) fn validate_for_whatsapp(
    content: &Content,
    context: &MessageContext,
    preview_url: bool,
) -> Result<(), EngineError> {
    let mut probe = content.clone();
    if let Content::Media(m) = &mut probe {
        m.provider_media_id = "0".into();
    }
    let options = SendOptions {
        reply_to: context.reply_to.clone(),
        preview_url,
        callback_data: None,
    };
    let field = field_of(content);
    match message_request("31600000000", &probe, &options) {
        Ok(_) => Ok(()),
        Err(BuildError::Invalid(problems)) => Err(in_field(EngineError::Invalid(problems), field)),
        Err(e @ BuildError::Unsupported(_)) => {
            Err(in_field(EngineError::Invalid(vec![e.to_string()]), field))
        }
    }
}
