//! Meta's JSON encoding of webhook bodies (PHP `json_encode` style): compact, non-ASCII as
//! lowercase `\uXXXX` (surrogate pairs beyond the BMP), `/` as `\/`. The signature is
//! over these exact bytes, so the simulator must produce them to test verification honestly.

use std::fmt::Write;

/// Serialise `value` exactly as Meta sends webhook bodies.
pub fn to_meta_json(value: &serde_json::Value) -> String {
    let compact = value.to_string();
    let mut out = String::with_capacity(compact.len() + compact.len() / 8);
    for c in compact.chars() {
        // Outside strings JSON is pure ASCII without '/', so every match is inside a string.
        match c {
            '/' => out.push_str("\\/"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn non_ascii_and_slashes_are_escaped_like_meta_does() {
        let v = json!({"caption": "Hola quiero un café", "mime_type": "image/jpeg"});
        assert_eq!(
            to_meta_json(&v),
            r#"{"caption":"Hola quiero un caf\u00e9","mime_type":"image\/jpeg"}"#
        );
    }

    #[test]
    fn emoji_become_surrogate_pairs_and_the_text_still_parses_back() {
        let v = json!({"emoji": "😮"});
        let encoded = to_meta_json(&v);
        assert_eq!(encoded, r#"{"emoji":"\ud83d\ude2e"}"#);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&encoded).unwrap(),
            v
        );
    }
}
