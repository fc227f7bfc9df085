//! Applying a [`PrivacyPolicy`] to what a resident sent, before anything is stored: the
//! text and captions, every string of the provider's raw payload (the JSON stays valid),
//! and the findings kept with the message (ranges in the stored text; the value left
//! out once masked).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::PrivacyPolicy;
use crate::inbound::{InboundEvent, InboundMessage};
use crate::message::Content;
use crate::pii::{self, PiiKind};

/// A finding as stored with a message and shown by the API: its range (code points, `end`
/// exclusive) is in the STORED text, so a masked one covers its token; `value` is left
/// out once masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFinding {
    pub kind: PiiKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub masked: bool,
}

/// Kinds of personal data, each once, in the order first met.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kinds(pub Vec<PiiKind>);

impl Kinds {
    pub fn insert(&mut self, kind: PiiKind) {
        if !self.0.contains(&kind) {
            self.0.push(kind);
        }
    }
    pub fn extend(&mut self, other: Kinds) {
        other.0.into_iter().for_each(|k| self.insert(k));
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn contains(&self, kind: PiiKind) -> bool {
        self.0.contains(&kind)
    }
}

/// What masking one message did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Masked {
    /// The findings in the message's readable text ([`Content::text`]).
    pub findings: Vec<StoredFinding>,
    /// Every kind masked anywhere in the message (text, captions, raw payload…).
    pub masked: Kinds,
}

/// JSON keys whose strings are identifiers, never a resident's words: masking them would
/// break deduplication (`id` is the provider's message id) or the resident's identity.
const IDENTIFIER_KEYS: &[&str] = &[
    "id",
    "wa_id",
    "from",
    "recipient_id",
    "timestamp",
    "type",
    "mime_type",
    "sha256",
    "messaging_product",
    "phone_number_id",
    "display_phone_number",
    "provider_message_id",
    "provider_media_id",
    "target",
    "original",
    "new_wa_id",
    "catalog_id",
    "product_retailer_id",
    "reply_kind",
    "kind",
    "voice",
    "animated",
];

/// `text` with the kinds the policy masks replaced by their tokens, and every finding with
/// its range in the returned text.
pub fn mask_text<'a>(text: &'a str, policy: &PrivacyPolicy) -> (Cow<'a, str>, Vec<StoredFinding>) {
    let found = pii::find(text);
    if found.is_empty() {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut out_len = 0; // code points written
    let mut stored = Vec::with_capacity(found.len());
    let mut chars = text.chars().enumerate().peekable();
    for finding in found {
        while let Some((_, c)) = chars.next_if(|(i, _)| *i < finding.start) {
            out.push(c);
            out_len += 1;
        }
        let start = out_len;
        let masked = policy.masks(finding.kind);
        while let Some((_, c)) = chars.next_if(|(i, _)| *i < finding.end) {
            if !masked {
                out.push(c);
                out_len += 1;
            }
        }
        if masked {
            let token = finding.kind.mask_token();
            out.push_str(token);
            out_len += token.chars().count();
        }
        stored.push(StoredFinding {
            kind: finding.kind,
            value: (!masked).then_some(finding.value),
            start,
            end: out_len,
            masked,
        });
    }
    out.extend(chars.map(|(_, c)| c));
    (Cow::Owned(out), stored)
}

/// Whether a message's findings earn the resident the notice: a BSN or IBAN was removed.
pub fn earns_notice(findings: &[StoredFinding]) -> bool {
    findings
        .iter()
        .any(|f| f.masked && matches!(f.kind, PiiKind::Bsn | PiiKind::Iban))
}

/// Mask every string value of `value` (not the identifiers), in place; the kinds masked.
pub fn mask_json(value: &mut Value, policy: &PrivacyPolicy) -> Kinds {
    let mut masked = Kinds::default();
    mask_value(value, policy, &mut masked);
    masked
}

fn mask_value(value: &mut Value, policy: &PrivacyPolicy, masked: &mut Kinds) {
    match value {
        Value::String(s) => {
            let (text, findings) = mask_text(s, policy);
            if let Cow::Owned(text) = text {
                let mut any = false;
                for f in findings.iter().filter(|f| f.masked) {
                    masked.insert(f.kind);
                    any = true;
                }
                if any {
                    *s = text;
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| mask_value(v, policy, masked)),
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if v.is_string() && IDENTIFIER_KEYS.contains(&key.as_str()) {
                    continue;
                }
                mask_value(v, policy, masked);
            }
        }
        _ => {}
    }
}

/// Mask a resident's message in place: its content (text, caption, contact cards…), its
/// referral and its raw payload. Findings are those of the readable text.
pub fn mask_inbound(message: &mut InboundMessage, policy: &PrivacyPolicy) -> Masked {
    let findings = match message.content.text() {
        Some(text) => mask_text(text, policy).1,
        None => Vec::new(),
    };
    // Fast path for the common case: plain text with nothing to mask needs no JSON walk.
    let plain_clean =
        matches!(message.content, Content::Text { .. }) && !findings.iter().any(|f| f.masked);
    let mut masked = if plain_clean {
        Kinds::default()
    } else {
        mask_content(&mut message.content, policy)
    };
    masked.extend(mask_json(&mut message.raw, policy));
    if let Some(referral) = &mut message.referral {
        masked.extend(mask_json(referral, policy));
    }
    Masked { findings, masked }
}

/// Mask every string of the content through its JSON form (one walk covers every variant).
fn mask_content(content: &mut Content, policy: &PrivacyPolicy) -> Kinds {
    let Ok(mut json) = serde_json::to_value(&*content) else {
        return Kinds::default();
    };
    let masked = mask_json(&mut json, policy);
    if !masked.is_empty() {
        *content = match serde_json::from_value(json) {
            Ok(c) => c,
            // Cannot happen for strings replaced by strings; if it did, keep nothing
            // readable rather than the number.
            Err(_) => Content::Text {
                body: content
                    .text()
                    .map(|t| mask_text(t, policy).0.into_owned())
                    .unwrap_or_default(),
            },
        };
    }
    masked
}

/// Mask an event in place (kept unrouted, or a channel's account-level event); the kinds
/// masked.
pub fn mask_event(event: &mut InboundEvent, policy: &PrivacyPolicy) -> Kinds {
    match event {
        InboundEvent::Message(message) => mask_inbound(message, policy).masked,
        InboundEvent::Status(update) => mask_json(&mut update.raw, policy),
        InboundEvent::TemplateStatus(update) => mask_json(&mut update.raw, policy),
        InboundEvent::ChannelError { raw, .. } | InboundEvent::Other { raw, .. } => {
            mask_json(raw, policy)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_masked_bsn_leaves_its_token_and_a_range_over_it() {
        let (text, findings) = mask_text("Één BSN: 111.222.333, dank", &PrivacyPolicy::default());
        assert_eq!(text, "Één BSN: [BSN], dank");
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert!(f.masked && f.value.is_none());
        let shown: String = text.chars().skip(f.start).take(f.end - f.start).collect();
        assert_eq!(shown, "[BSN]");
    }

    #[test]
    fn a_highlighted_bsn_keeps_its_value_and_range() {
        let mut policy = PrivacyPolicy::default();
        policy
            .actions
            .insert(PiiKind::Bsn, super::super::KindAction::Highlight);
        let (text, findings) = mask_text("BSN 111222333", &policy);
        assert_eq!(text, "BSN 111222333");
        assert_eq!(findings[0].value.as_deref(), Some("111222333"));
        assert_eq!((findings[0].start, findings[0].end), (4, 13));
    }

    #[test]
    fn a_removed_bsn_or_iban_earns_the_notice_and_a_highlighted_one_does_not() {
        let finding = |kind, masked| StoredFinding {
            kind,
            value: None,
            start: 0,
            end: 6,
            masked,
        };
        assert!(earns_notice(&[finding(PiiKind::Iban, true)]));
        assert!(earns_notice(&[finding(PiiKind::Bsn, true)]));
        assert!(!earns_notice(&[finding(PiiKind::Iban, false)]));
        assert!(!earns_notice(&[finding(PiiKind::Email, true)]));
        assert!(!earns_notice(&[]));
    }

    #[test]
    fn a_caption_is_masked_and_the_media_id_left_alone() {
        let mut content = Content::Media(crate::message::Media {
            kind: crate::message::MediaKind::Image,
            provider_media_id: "111222333".into(),
            mime_type: Some("image/jpeg".into()),
            sha256: None,
            caption: Some("mijn bsn 111-222-333".into()),
            filename: None,
            voice: false,
            animated: false,
        });
        let masked = mask_content(&mut content, &PrivacyPolicy::default());
        assert!(masked.contains(PiiKind::Bsn));
        let Content::Media(media) = content else {
            panic!("still media")
        };
        assert_eq!(media.caption.as_deref(), Some("mijn bsn [BSN]"));
        assert_eq!(media.provider_media_id, "111222333");
    }

    #[test]
    fn raw_payloads_are_masked_string_by_string_and_identifiers_are_left_alone() {
        let mut raw = json!({
            "id": "wamid.111222333",
            "from": "31612345678",
            "text": {"body": "mijn bsn 111222333"},
            "list": ["111 222 333", 111222333],
        });
        let masked = mask_json(&mut raw, &PrivacyPolicy::default());
        assert_eq!(masked.0, vec![PiiKind::Bsn]);
        assert_eq!(raw["text"]["body"], "mijn bsn [BSN]");
        assert_eq!(raw["list"][0], "[BSN]");
        assert_eq!(raw["id"], "wamid.111222333");
        assert_eq!(raw["from"], "31612345678");
    }
}
