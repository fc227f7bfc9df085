//! JSON columns: written so that they always read back, and read so that one damaged row
//! never fails a list, a view, a replay or a start.
//!
//! - Writing: serde_json refuses to read documents nested deeper than 128 levels, but writes
//!   them without complaint. [`encode`] therefore checks the depth of what it wrote and, past
//!   [`WRITE_MAX_DEPTH`], keeps the deeper parts as JSON text (a string) instead. Provider JSON
//!   is already bounded far below that by the parser (`loket_domain::nesting`); this is the
//!   guarantee for every other writer.
//! - Reading: [`decode`] also reads rows that older versions wrote nested deeper than 128
//!   levels (up to [`LEGACY_MAX_DEPTH`]), and the `*_or_*` helpers turn what still fails
//!   into an explicit "unreadable" value, logging the row id and column — never the content.

use loket_domain::inbound::AddressedEvent;
use loket_domain::message::Content;
use loket_domain::nesting;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The deepest document [`encode`] writes as is (serde_json reads up to 128).
pub(crate) const WRITE_MAX_DEPTH: usize = 100;

/// The deepest document [`decode`] reads without serde_json's recursion limit: rows older
/// versions wrote hold a webhook's JSON (≤ 128 levels) inside a few levels of our own. Kept
/// low so the recursive decoder stays far from the end of a thread's stack.
pub(crate) const LEGACY_MAX_DEPTH: usize = 160;

/// `value` as JSON text that [`decode`] can read back.
pub(crate) fn encode<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let text = serde_json::to_string(value)?;
    if text_depth(&text) <= WRITE_MAX_DEPTH {
        return Ok(text);
    }
    let mut tree = serde_json::to_value(value)?;
    nesting::bound(&mut tree, WRITE_MAX_DEPTH);
    serde_json::to_string(&tree)
}

/// Read JSON text, also when it nests deeper than serde_json's default limit (up to
/// [`LEGACY_MAX_DEPTH`]).
pub(crate) fn decode<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    match serde_json::from_str(text) {
        Err(e) if text_depth(text) <= LEGACY_MAX_DEPTH => {
            let mut reader = serde_json::Deserializer::from_str(text);
            reader.disable_recursion_limit();
            T::deserialize(&mut reader)
                .and_then(|v| reader.end().map(|()| v))
                .map_err(|_| e)
        }
        other => other,
    }
}

/// How deep JSON text nests: brackets outside strings, without parsing (so without limits).
pub(crate) fn text_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Say which row and column could not be read, and why in general terms: serde_json's
/// messages may quote the content, which can hold personal data.
fn log_unreadable(row: &str, column: &str, e: &serde_json::Error) {
    tracing::warn!(
        row,
        column,
        category = ?e.classify(),
        line = e.line(),
        at = e.column(),
        "stored JSON does not decode; shown as unreadable"
    );
}

/// A message's content, or [`Content::Unreadable`] when the row is damaged.
pub(crate) fn content_or_unreadable(row: &str, column: &str, text: &str) -> Content {
    decode(text).unwrap_or_else(|e| {
        log_unreadable(row, column, &e);
        Content::Unreadable
    })
}

/// A column's value, or its default when the row is damaged.
pub(crate) fn or_default<T: DeserializeOwned + Default>(row: &str, column: &str, text: &str) -> T {
    decode(text).unwrap_or_else(|e| {
        log_unreadable(row, column, &e);
        T::default()
    })
}

/// A kept webhook event, or `None` (logged) when the row is damaged. Reads the encoding of
/// older versions too, which wrote a template status with the key `event` twice.
pub(crate) fn event_or_none(row: &str, text: &str) -> Option<AddressedEvent> {
    match decode(text) {
        Ok(event) => Some(event),
        Err(e) => legacy_template_status(text).or_else(|| {
            log_unreadable(row, "event", &e);
            None
        }),
    }
}

/// `{"event":{"event":"template_status", …, "event":"APPROVED", …}}`: read as a tree the
/// last key wins, leaving the verdict where the tag was; move it to `template_event`.
fn legacy_template_status(text: &str) -> Option<AddressedEvent> {
    let mut tree: Value = decode(text).ok()?;
    let inner = tree.get_mut("event")?.as_object_mut()?;
    if inner.contains_key("template_event") || !inner.contains_key("template_id") {
        return None;
    }
    let verdict = inner.remove("event")?;
    inner.insert("template_event".into(), verdict);
    inner.insert("event".into(), Value::String("template_status".into()));
    serde_json::from_value(tree).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nested(levels: usize) -> String {
        format!("{}1{}", "[".repeat(levels), "]".repeat(levels))
    }

    #[test]
    fn depth_of_text_ignores_brackets_inside_strings() {
        assert_eq!(text_depth(r#"{"a": "[[[{{\"]]"}"#), 1);
        assert_eq!(text_depth(&nested(300)), 300);
        assert_eq!(text_depth("3"), 0);
    }

    #[test]
    fn a_document_too_deep_for_the_reader_is_written_with_its_deep_part_as_text() {
        let deep: Value = decode(&nested(150)).unwrap();
        let text = encode(&json!({ "raw": deep })).unwrap();
        assert!(text_depth(&text) <= WRITE_MAX_DEPTH);
        let back: Value = serde_json::from_str(&text).unwrap();
        assert!(back["raw"].is_array());
    }

    #[test]
    fn rows_deeper_than_serde_json_reads_by_default_still_decode() {
        let text = nested(140);
        assert!(serde_json::from_str::<Value>(&text).is_err());
        assert!(decode::<Value>(&text).is_ok());
        assert!(decode::<Value>(&nested(LEGACY_MAX_DEPTH + 1)).is_err());
    }
}
