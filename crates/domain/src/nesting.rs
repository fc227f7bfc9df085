//! Provider JSON nested beyond [`MAX_NESTING`] levels is kept as its text (a JSON string),
//! not as a tree.
//!
//! Why: a resident controls some of the JSON we keep (a Flow's `response_json`, unknown
//! message types). Stored inside our own envelopes it nests deeper still, and a JSON reader
//! refuses documents deeper than its limit (serde_json: 128) — so a deep enough value could
//! be written but never read back, breaking every list and view that holds it. Legitimate
//! provider payloads nest a handful of levels; 32 leaves ample room for them and for our
//! envelopes around them.

use serde_json::Value;

use crate::inbound::{AddressedEvent, InboundEvent, InboundMessage};
use crate::message::Content;

/// The deepest provider JSON kept as a tree (an object or array counts as one level).
pub const MAX_NESTING: usize = 32;

/// How many levels of objects and arrays `value` nests (a scalar: 0).
pub fn depth(value: &Value) -> usize {
    // Iterative: the value may be deeper than the stack would like.
    let mut deepest = 0;
    let mut pending = vec![(value, 1)];
    while let Some((v, level)) = pending.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match v {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        deepest = deepest.max(level);
        pending.extend(children.map(|c| (c, level + 1)));
    }
    deepest
}

/// Make `value` nest at most `max` levels: deeper objects and arrays become their JSON text.
pub fn bound(value: &mut Value, max: usize) {
    match value {
        Value::Array(_) | Value::Object(_) if max == 0 => {
            *value = Value::String(value.to_string());
        }
        Value::Array(items) => items.iter_mut().for_each(|v| bound(v, max - 1)),
        Value::Object(map) => map.values_mut().for_each(|v| bound(v, max - 1)),
        _ => {}
    }
}

/// JSON text as a tree when it parses and nests at most [`MAX_NESTING`] levels; otherwise
/// the text itself, so nothing is lost.
pub fn parse_bounded(text: &str) -> Value {
    match serde_json::from_str::<Value>(text) {
        Ok(tree) if depth(&tree) <= MAX_NESTING => tree,
        _ => Value::String(text.to_owned()),
    }
}

/// Types holding provider JSON: bound every such value to `max` levels.
pub trait BoundNesting {
    fn bound_nesting(&mut self, max: usize);
}

impl BoundNesting for Value {
    fn bound_nesting(&mut self, max: usize) {
        bound(self, max);
    }
}

impl<T: BoundNesting> BoundNesting for Option<T> {
    fn bound_nesting(&mut self, max: usize) {
        if let Some(v) = self {
            v.bound_nesting(max);
        }
    }
}

impl BoundNesting for Content {
    fn bound_nesting(&mut self, max: usize) {
        match self {
            Content::Contacts { contacts } => {
                contacts.iter_mut().for_each(|c| bound(&mut c.card, max))
            }
            Content::FlowReply { response, .. } => bound(response, max),
            Content::Unsupported { raw, .. } => bound(raw, max),
            Content::Edit { content, .. } => content.bound_nesting(max),
            _ => {}
        }
    }
}

impl BoundNesting for InboundMessage {
    fn bound_nesting(&mut self, max: usize) {
        self.content.bound_nesting(max);
        self.context.referred_product.bound_nesting(max);
        self.referral.bound_nesting(max);
        bound(&mut self.raw, max);
    }
}

impl BoundNesting for InboundEvent {
    fn bound_nesting(&mut self, max: usize) {
        match self {
            InboundEvent::Message(m) => m.bound_nesting(max),
            InboundEvent::Status(s) => bound(&mut s.raw, max),
            InboundEvent::TemplateStatus(t) => bound(&mut t.raw, max),
            InboundEvent::ChannelError { raw, .. } | InboundEvent::Other { raw, .. } => {
                bound(raw, max)
            }
        }
    }
}

impl BoundNesting for AddressedEvent {
    fn bound_nesting(&mut self, max: usize) {
        self.event.bound_nesting(max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nested(levels: usize) -> Value {
        let text = format!("{}1{}", r#"{"a":"#.repeat(levels), "}".repeat(levels));
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn depth_counts_objects_and_arrays() {
        assert_eq!(depth(&json!(1)), 0);
        assert_eq!(depth(&json!([])), 1);
        assert_eq!(depth(&json!({"a": [1, {"b": 2}]})), 3);
        assert_eq!(depth(&nested(100)), 100);
    }

    #[test]
    fn a_value_deeper_than_the_limit_keeps_its_deep_part_as_text() {
        let mut value = nested(40);
        bound(&mut value, MAX_NESTING);
        assert_eq!(depth(&value), MAX_NESTING);
        let mut leaf = &value;
        for _ in 0..MAX_NESTING - 1 {
            leaf = &leaf["a"];
        }
        let kept = leaf["a"].as_str().expect("the deep part as text");
        assert_eq!(serde_json::from_str::<Value>(kept).unwrap(), nested(8));
    }

    #[test]
    fn a_value_within_the_limit_is_untouched() {
        let mut value = json!({"a": [1, {"b": "c"}], "d": null});
        let before = value.clone();
        bound(&mut value, 3);
        assert_eq!(value, before);
    }

    #[test]
    fn text_too_deep_or_not_json_is_kept_as_text() {
        assert_eq!(parse_bounded(r#"{"a": 1}"#), json!({"a": 1}));
        assert_eq!(parse_bounded("niet json"), json!("niet json"));
        let deep = nested(MAX_NESTING + 1).to_string();
        assert_eq!(parse_bounded(&deep), Value::String(deep.clone()));
    }
}
