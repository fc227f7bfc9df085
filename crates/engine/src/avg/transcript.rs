//! The export's readable transcript: plain HTML, every value escaped, one small inline
//! style sheet, no scripts and nothing fetched from elsewhere (it is opened from disk).

use std::fmt::Write as _;

use loket_domain::Timestamp;
use loket_domain::message::Direction;
use loket_store::{ContactRecord, ConversationRecord, MessageRecord, NoteRecord};

const STYLE: &str = "body{font-family:sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111}\
    .m{border:1px solid #bbb;border-radius:.5rem;padding:.5rem .75rem;margin:.5rem 0}\
    .in{margin-right:4rem}.out{margin-left:4rem;background:#eef4ff}\
    .note{margin-left:4rem;background:#fff8dc}.meta{color:#444;font-size:.85rem}";

/// Text made safe for HTML content and attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n{body}</body></html>\n",
        escape(title)
    )
}

fn name_of(contact: &ContactRecord) -> String {
    contact
        .display_name
        .clone()
        .unwrap_or_else(|| "Inwoner".to_owned())
}

/// `index.html`: who, when exported, and a link to each conversation's transcript.
pub(super) fn index(
    contact: &ContactRecord,
    conversations: &[ConversationRecord],
    now: Timestamp,
) -> String {
    let mut body = format!(
        "<h1>Gegevens van {} (data of this resident)</h1>\n<p class=\"meta\">Geëxporteerd op {now}</p>\n<ul>\n",
        escape(&name_of(contact))
    );
    for c in conversations {
        let _ = writeln!(
            body,
            "<li><a href=\"conversations/{id}/transcript.html\">Gesprek van {} ({})</a></li>",
            c.created_at,
            c.status.as_str(),
            id = c.id
        );
    }
    body.push_str("</ul>\n");
    page(&format!("Gegevens van {}", name_of(contact)), &body)
}

/// One conversation's transcript: messages and internal notes in time order.
pub(super) fn conversation(
    contact: &ContactRecord,
    conversation: &ConversationRecord,
    messages: &[MessageRecord],
    notes: &[NoteRecord],
    media: &[(loket_domain::MessageId, String)],
) -> String {
    let name = name_of(contact);
    let mut body = format!(
        "<h1>Gesprek met {} (conversation)</h1>\n<p class=\"meta\">Begonnen {}, status {}</p>\n",
        escape(&name),
        conversation.created_at,
        conversation.status.as_str()
    );
    let mut entries: Vec<(Timestamp, String)> = messages
        .iter()
        .map(|m| (m.sent_at, message(m, &name, media)))
        .collect();
    entries.extend(notes.iter().map(|n| {
        let html = format!(
            "<div class=\"m note\"><p class=\"meta\">Interne notitie (internal note), {}</p><p>{}</p></div>\n",
            n.created_at,
            escape(&n.body)
        );
        (n.created_at, html)
    }));
    entries.sort_by_key(|(at, _)| *at);
    for (_, html) in entries {
        body.push_str(&html);
    }
    page(&format!("Gesprek met {name}"), &body)
}

fn message(m: &MessageRecord, name: &str, media: &[(loket_domain::MessageId, String)]) -> String {
    let (class, who) = match m.direction {
        Direction::Inbound => ("in", escape(name)),
        Direction::Outbound => ("out", "Gemeente (municipality)".to_owned()),
    };
    let content = m.edited_content.as_ref().unwrap_or(&m.content);
    let text = content
        .text()
        .map(escape)
        .unwrap_or_else(|| format!("[{}]", content.kind_name()));
    let mut html = format!(
        "<div class=\"m {class}\"><p class=\"meta\">{who}, {}</p><p>{}</p>",
        m.sent_at,
        text.replace('\n', "<br>")
    );
    if let Some(path) = super::export::media_of(media, m) {
        let _ = write!(
            html,
            "<p><a href=\"../../{}\">Bijlage (attachment)</a></p>",
            escape(path)
        );
    }
    if m.revoked_at.is_some() {
        html.push_str("<p class=\"meta\">Ingetrokken door de afzender (deleted by the sender)</p>");
    }
    html.push_str("</div>\n");
    html
}
