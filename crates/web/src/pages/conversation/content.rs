//! One message's content as HTML: every content type, with residents' text escaped (and
//! formatted by `format.rs`). Media is shown from this page's own session-authenticated
//! route (`media.rs`); a location links to openstreetmap.org as a plain link (no tiles,
//! no scripts of anyone else).

use loket_domain::message::{Content, Direction, Media, MediaKind, SharedContact};
use loket_domain::queue;
use loket_engine::records::{MediaState, MessageRecord};

use super::super::i18n::Tr;
use super::format::{escape, to_html};
use super::links::{LinkPolicy, blocked_warning, text_html};

/// Where this page serves a message's media.
pub fn media_url(record: &MessageRecord) -> String {
    format!("/inbox/{}/media/{}", record.conversation_id, record.id)
}

/// The message's body as HTML: the newest content (an edit replaces what is shown), or
/// that it was revoked.
pub fn body_html(record: &MessageRecord, tr: &Tr, links: &LinkPolicy) -> String {
    if record.revoked_at.is_some() {
        return notice(&tr.t("convo-revoked"));
    }
    let content = record.edited_content.as_ref().unwrap_or(&record.content);
    // Only residents' links are distrusted: staff's own replies are shown as written.
    let links = (record.direction == Direction::Inbound).then_some(links);
    content_html(content, record, tr, links)
}

fn content_html(
    content: &Content,
    record: &MessageRecord,
    tr: &Tr,
    links: Option<&LinkPolicy>,
) -> String {
    match content {
        Content::Text { body } => linked(body, tr, links),
        Content::Media(media) => media_html(media, record, tr, links),
        Content::Location(l) => location_html(l, tr),
        Content::Contacts { contacts } => contacts_html(contacts, tr),
        Content::Edit { content, .. } => content_html(content, record, tr, links),
        Content::Revoke { .. } => notice(&tr.t("convo-revoked")),
        Content::Unsupported { provider_type, .. } => {
            notice(&tr.t1("convo-unsupported", "kind", provider_type))
        }
        Content::Unreadable => notice(&tr.t("convo-unreadable")),
        Content::Reaction { emoji, .. } => paragraph(&escape(emoji.as_deref().unwrap_or(""))),
        other => match other.text() {
            Some(text) => linked(text, tr, links),
            None => notice(&queue::preview(other)),
        },
    }
}

/// Resident text with its links made safe (`links.rs`), and a warning above it when one
/// points at a known-bad domain.
fn linked(text: &str, tr: &Tr, links: Option<&LinkPolicy>) -> String {
    let Some(links) = links else {
        return paragraph(&to_html(text));
    };
    let (html, blocked) = text_html(text, links, tr);
    let warning = if blocked {
        blocked_warning(tr)
    } else {
        String::new()
    };
    format!("{warning}{}", paragraph(&html))
}

fn paragraph(html: &str) -> String {
    format!("<p class=\"utrecht-paragraph loket-message__text\">{html}</p>")
}

/// A line that says what something is (not the resident's words).
fn notice(text: &str) -> String {
    format!(
        "<p class=\"utrecht-paragraph loket-message__notice\">{}</p>",
        escape(text)
    )
}

fn media_html(
    media: &Media,
    record: &MessageRecord,
    tr: &Tr,
    links: Option<&LinkPolicy>,
) -> String {
    let caption = media.caption.as_deref().map(|c| linked(c, tr, links));
    let shown = match &record.media {
        Some(MediaState::Stored { .. }) => stored_media(media, record, tr),
        Some(MediaState::Failed { .. }) => notice(&tr.t("convo-media-failed")),
        Some(MediaState::Quarantined { .. }) => notice(&tr.t("convo-media-quarantined")),
        Some(MediaState::Pending) | None => notice(&tr.t("convo-media-pending")),
    };
    format!("{shown}{}", caption.unwrap_or_default())
}

fn stored_media(media: &Media, record: &MessageRecord, tr: &Tr) -> String {
    let url = escape(&media_url(record));
    let download = format!(
        "<a class=\"utrecht-link utrecht-link--html-a\" href=\"{url}\" download>{}</a>",
        escape(&tr.t("convo-media-download"))
    );
    match media.kind {
        MediaKind::Image | MediaKind::Sticker => {
            let key = if media.kind == MediaKind::Image {
                "convo-image"
            } else {
                "convo-sticker"
            };
            let alt = escape(media.caption.as_deref().unwrap_or(&tr.t(key)));
            let class = if media.kind == MediaKind::Image {
                "loket-media__image"
            } else {
                "loket-media__sticker"
            };
            // `data-enlarge`: images.js opens it in the page's dialog; the link is the
            // fallback without JavaScript.
            let enlarge = if media.kind == MediaKind::Image {
                " data-enlarge"
            } else {
                ""
            };
            format!(
                "<a class=\"loket-media\" href=\"{url}\" target=\"_blank\" rel=\"noopener\"{enlarge} \
                 aria-label=\"{}\"><img class=\"{class}\" src=\"{url}\" alt=\"{alt}\" loading=\"lazy\"></a>",
                escape(&tr.t("convo-image-enlarge"))
            )
        }
        MediaKind::Video => format!(
            "<video class=\"loket-media__video\" controls preload=\"metadata\" src=\"{url}\"></video><p class=\"utrecht-paragraph\">{download}</p>"
        ),
        MediaKind::Audio => {
            let key = if media.voice {
                "convo-voice"
            } else {
                "convo-audio"
            };
            format!(
                "<p class=\"utrecht-paragraph loket-message__notice\">{}</p>\
                 <audio class=\"loket-media__audio\" controls preload=\"metadata\" src=\"{url}\" aria-label=\"{}\"></audio>\
                 <p class=\"utrecht-paragraph\">{download}</p>",
                escape(&tr.t(key)),
                escape(&tr.t(key))
            )
        }
        MediaKind::Document => {
            let name = media.filename.as_deref().unwrap_or_default();
            let label = if name.is_empty() {
                tr.t("convo-document")
            } else {
                name.to_owned()
            };
            format!(
                "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link utrecht-link--html-a\" href=\"{url}\" download>{}</a> \
                 <span class=\"loket-message__notice\">({})</span></p>",
                escape(&label),
                escape(&tr.t("convo-document"))
            )
        }
    }
}

fn location_html(l: &loket_domain::message::Location, tr: &Tr) -> String {
    let mut out = String::new();
    if let Some(name) = &l.name {
        out.push_str(&paragraph(&escape(name)));
    }
    if let Some(address) = &l.address {
        out.push_str(&paragraph(&escape(address)));
    }
    if !(l.latitude.is_finite() && l.longitude.is_finite()) {
        out.push_str(&notice(&tr.t("convo-location-unknown")));
        return out;
    }
    let (lat, lon) = (l.latitude, l.longitude);
    out.push_str(&format!(
        "<p class=\"utrecht-paragraph\">{}: {lat:.5}, {lon:.5} · <a class=\"utrecht-link utrecht-link--html-a\" \
         href=\"https://www.openstreetmap.org/?mlat={lat:.6}&amp;mlon={lon:.6}#map=17/{lat:.6}/{lon:.6}\" \
         rel=\"noopener noreferrer\">{}</a></p>",
        escape(&tr.t("convo-location")),
        escape(&tr.t("convo-location-map"))
    ));
    out
}

fn contacts_html(contacts: &[SharedContact], tr: &Tr) -> String {
    let mut out = notice(&tr.t("convo-contacts"));
    out.push_str("<ul class=\"utrecht-unordered-list loket-contacts\">");
    for contact in contacts {
        out.push_str("<li class=\"utrecht-unordered-list__item\">");
        out.push_str(&escape(
            contact
                .formatted_name
                .as_deref()
                .unwrap_or(&tr.t("convo-contact-unnamed")),
        ));
        for phone in &contact.phones {
            out.push_str(" · ");
            out.push_str(&escape(phone));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}
