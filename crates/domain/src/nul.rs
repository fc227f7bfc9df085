//! PostgreSQL text cannot hold the NUL character (U+0000): an identifier or name holding
//! one fails the insert, and with it the whole webhook it came in — which Meta then
//! redelivers, failing again. Fields stored or looked up as plain text lose their NULs
//! when parsed; text kept inside JSON (message bodies, raw payloads) keeps them, since JSON
//! escapes them.

use crate::contact::{ChannelIdentity, ContactProfile};
use crate::inbound::{AddressedEvent, InboundEvent, InboundMessage};
use crate::message::Content;

/// Remove every NUL from `text`.
pub fn strip(text: &mut String) {
    if text.contains('\0') {
        text.retain(|c| c != '\0');
    }
}

/// Types with plain-text fields: strip the NULs from each.
pub trait StripNul {
    fn strip_nul(&mut self);
}

impl StripNul for String {
    fn strip_nul(&mut self) {
        strip(self);
    }
}

impl<T: StripNul> StripNul for Option<T> {
    fn strip_nul(&mut self) {
        if let Some(v) = self {
            v.strip_nul();
        }
    }
}

impl StripNul for ChannelIdentity {
    fn strip_nul(&mut self) {
        self.wa_id.strip_nul();
        self.user_id.strip_nul();
        self.username.strip_nul();
    }
}

impl StripNul for ContactProfile {
    fn strip_nul(&mut self) {
        self.identity.strip_nul();
        self.name.strip_nul();
    }
}

impl StripNul for Content {
    /// The provider ids other messages are looked up by, and a changed number.
    fn strip_nul(&mut self) {
        match self {
            Content::Reaction { target, .. } => strip(target),
            Content::Revoke { original } => strip(original),
            Content::Edit { original, content } => {
                strip(original);
                content.strip_nul();
            }
            Content::System { new_wa_id, .. } => new_wa_id.strip_nul(),
            _ => {}
        }
    }
}

impl StripNul for InboundMessage {
    fn strip_nul(&mut self) {
        strip(&mut self.provider_message_id);
        self.from.strip_nul();
        self.content.strip_nul();
        self.context.reply_to.strip_nul();
    }
}

impl StripNul for InboundEvent {
    fn strip_nul(&mut self) {
        match self {
            InboundEvent::Message(m) => m.strip_nul(),
            InboundEvent::Status(s) => {
                strip(&mut s.provider_message_id);
                s.recipient.strip_nul();
            }
            InboundEvent::TemplateStatus(t) => {
                for text in [
                    &mut t.template_id,
                    &mut t.name,
                    &mut t.language,
                    &mut t.event,
                ] {
                    strip(text);
                }
                t.reason.strip_nul();
            }
            InboundEvent::Other { field, .. } => strip(field),
            InboundEvent::ChannelError { .. } => {}
        }
    }
}

impl StripNul for AddressedEvent {
    fn strip_nul(&mut self) {
        strip(&mut self.account_id);
        self.phone_number_id.strip_nul();
        self.display_phone_number.strip_nul();
        self.event.strip_nul();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_characters_are_removed_and_other_text_is_kept() {
        let mut text = "wamid.\u{0}1\u{0}".to_owned();
        strip(&mut text);
        assert_eq!(text, "wamid.1");
        let mut content = Content::Edit {
            original: "a\u{0}".into(),
            content: Box::new(Content::Text {
                body: "b\u{0}".into(),
            }),
        };
        content.strip_nul();
        assert_eq!(
            content,
            Content::Edit {
                original: "a".into(),
                content: Box::new(Content::Text {
                    body: "b\u{0}".into()
                }),
            },
            "a body is JSON, where NUL is escaped: kept"
        );
    }
}
