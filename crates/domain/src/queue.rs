//! What a queue shows of a conversation without opening it: which messages stand on their
//! own, which ask for an answer or count as unread, and the short preview of the last one.

use crate::message::{Content, MediaKind};

/// The longest preview, in characters (an ellipsis marks a cut).
pub const PREVIEW_CHARS: usize = 140;

/// Whether the message stands on its own in the conversation. Edits and revocations
/// change an earlier message instead (and `unreadable` rows are shown where they are).
pub fn stands_alone(content: &Content) -> bool {
    !matches!(content, Content::Edit { .. } | Content::Revoke { .. })
}

/// Whether a resident's message counts as unread until an agent reads the conversation:
/// everything that stands on its own, reactions included.
pub fn counts_as_unread(content: &Content) -> bool {
    stands_alone(content)
}

/// Whether a resident's message waits for an answer. A reaction, an edit, a revocation
/// or a notice (a number change) does not: a 🙏 after the answer does not put the
/// conversation back in the queue.
pub fn asks_for_answer(content: &Content) -> bool {
    !matches!(
        content,
        Content::Reaction { .. }
            | Content::Edit { .. }
            | Content::Revoke { .. }
            | Content::System { .. }
    )
}

/// Whether an agent's or bot's message answers the resident (a reaction does not).
pub fn answers(content: &Content) -> bool {
    asks_for_answer(content)
}

/// A one-line preview of `content`: its text (body, caption, title…) with runs of
/// whitespace made one space, or a Dutch label of its kind when it has no text (a photo
/// without caption, a location…); at most [`PREVIEW_CHARS`] characters.
pub fn preview(content: &Content) -> String {
    let text = content
        .text()
        .map(one_line)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| label(content));
    cut(&text, PREVIEW_CHARS)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut to at most `max` characters, an ellipsis marking the cut.
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// What a message without text is, as an agent reads it.
fn label(content: &Content) -> String {
    let label = match content {
        Content::Media(m) if m.voice => "Spraakbericht",
        Content::Media(m) => match m.kind {
            MediaKind::Image => "Foto",
            MediaKind::Video => "Video",
            MediaKind::Audio => "Audio",
            MediaKind::Document => {
                return m.filename.as_deref().map_or("Document".into(), one_line);
            }
            MediaKind::Sticker => "Sticker",
        },
        Content::Location(_) => "Locatie",
        Content::Contacts { .. } => "Contactkaart",
        Content::Reaction {
            emoji: Some(emoji), ..
        } => return format!("Reactie {emoji}"),
        Content::Reaction { emoji: None, .. } => "Reactie verwijderd",
        Content::Order { .. } => "Bestelling",
        Content::FlowReply { .. } => "Formulier ingevuld",
        Content::Template(t) => return format!("Sjabloon {}", t.name),
        Content::Edit { .. } => "Bericht bewerkt",
        Content::Revoke { .. } => "Bericht verwijderd",
        Content::Unsupported { .. } => "Niet ondersteund bericht",
        Content::Unreadable => "Onleesbaar bericht",
        _ => "Bericht",
    };
    label.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Media;

    fn photo(caption: Option<&str>) -> Content {
        Content::Media(Media {
            kind: MediaKind::Image,
            provider_media_id: "1".into(),
            mime_type: None,
            sha256: None,
            caption: caption.map(str::to_owned),
            filename: None,
            voice: false,
            animated: false,
        })
    }

    #[test]
    fn a_long_text_is_cut_to_140_characters_with_an_ellipsis() {
        let body = "é".repeat(500);
        let got = preview(&Content::Text { body });
        assert_eq!(got.chars().count(), PREVIEW_CHARS);
        assert!(got.ends_with('…'));
    }

    #[test]
    fn a_preview_is_one_line() {
        let got = preview(&Content::Text {
            body: "  Goedemorgen,\n\n mijn  paspoort\t".into(),
        });
        assert_eq!(got, "Goedemorgen, mijn paspoort");
    }

    #[test]
    fn media_shows_its_caption_or_else_its_kind() {
        assert_eq!(preview(&photo(Some("mijn brief"))), "mijn brief");
        assert_eq!(preview(&photo(None)), "Foto");
        assert_eq!(preview(&photo(Some("  "))), "Foto");
    }

    #[test]
    fn a_reaction_does_not_ask_for_an_answer_but_counts_as_unread() {
        let reaction = Content::Reaction {
            target: "wamid.1".into(),
            emoji: Some("🙏".into()),
        };
        assert!(!asks_for_answer(&reaction));
        assert!(counts_as_unread(&reaction));
        assert_eq!(preview(&reaction), "Reactie 🙏");
    }

    #[test]
    fn an_edit_stands_not_alone_and_asks_nothing() {
        let edit = Content::Edit {
            original: "wamid.1".into(),
            content: Box::new(Content::Text { body: "x".into() }),
        };
        assert!(!stands_alone(&edit));
        assert!(!counts_as_unread(&edit));
        assert!(!asks_for_answer(&edit));
    }
}
