//! Lenient accessors on `serde_json::Value`: Meta's payloads are loosely typed (ids as
//! strings or numbers, prices as numbers or numeric strings), so every read tolerates both.

use loket_domain::Timestamp;
use loket_domain::delivery::ProviderError;
use serde_json::Value;

/// `v[key]` as a string slice, if it is a string.
pub(super) fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)?.as_str()
}

/// `v[key]` as an owned, non-empty string.
pub(super) fn text_at(v: &Value, key: &str) -> Option<String> {
    str_at(v, key).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// An identifier that Meta sends as a string or (template ids, sometimes entry ids) a number.
pub(super) fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A number sent as a JSON number or a numeric string.
pub(super) fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

/// An integer sent as a JSON number or a numeric string.
pub(super) fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
}

/// `v[key]` is `true` (or the string `"true"`).
pub(super) fn flag_at(v: &Value, key: &str) -> bool {
    match v.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// Values above this are taken as milliseconds (1e11 seconds is the year 5138).
const MILLIS_THRESHOLD: i64 = 100_000_000_000;

/// A Unix time in seconds sent as a string (WhatsApp) or a number. Values that only make
/// sense as milliseconds (Messenger style) are read as milliseconds.
pub(super) fn timestamp(v: &Value) -> Option<Timestamp> {
    let n = integer(v)?;
    if n.abs() >= MILLIS_THRESHOLD {
        Timestamp::from_millisecond(n).ok()
    } else {
        Timestamp::from_second(n).ok()
    }
}

/// Meta's error objects (`code`, `title`, `message`, `error_data.details`) as domain errors.
/// Anything that is not an array of objects yields no errors.
pub(super) fn provider_errors(v: Option<&Value>) -> Vec<ProviderError> {
    let Some(Value::Array(items)) = v else {
        return Vec::new();
    };
    items
        .iter()
        .filter(|e| e.is_object())
        .map(|e| {
            let message = text_at(e, "message");
            ProviderError {
                code: e.get("code").and_then(integer).unwrap_or(0),
                title: text_at(e, "title")
                    .or_else(|| message.clone())
                    .unwrap_or_default(),
                details: e
                    .get("error_data")
                    .and_then(|d| text_at(d, "details"))
                    .or(message),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_and_numbers_are_read_from_strings_and_numbers_alike() {
        assert_eq!(
            id_string(&json!(1689556908129832u64)).as_deref(),
            Some("1689556908129832")
        );
        assert_eq!(id_string(&json!("abc")).as_deref(), Some("abc"));
        assert_eq!(id_string(&json!(null)), None);
        assert_eq!(number(&json!("30.5")), Some(30.5));
        assert_eq!(number(&json!(2)), Some(2.0));
        assert_eq!(number(&json!("NaN")), None);
        assert_eq!(integer(&json!("131000")), Some(131000));
    }

    #[test]
    fn timestamps_accept_string_seconds_numbers_and_milliseconds() {
        let at = Timestamp::from_second(1_749_416_383).unwrap();
        assert_eq!(timestamp(&json!("1749416383")), Some(at));
        assert_eq!(timestamp(&json!(1_749_416_383)), Some(at));
        assert_eq!(timestamp(&json!(1_749_416_383_000i64)), Some(at));
        assert_eq!(timestamp(&json!("yesterday")), None);
    }

    #[test]
    fn provider_errors_take_details_from_error_data_or_fall_back_to_the_message() {
        let errors = provider_errors(Some(&json!([
            {"code": 131051, "title": "Message type unknown", "message": "Message type unknown",
             "error_data": {"details": "Message type is currently not supported."}},
            {"code": "4", "message": "Too many calls"},
            "not an object"
        ])));
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].code, 131051);
        assert_eq!(
            errors[0].details.as_deref(),
            Some("Message type is currently not supported.")
        );
        assert_eq!(errors[1].code, 4);
        assert_eq!(errors[1].title, "Too many calls");
        assert_eq!(errors[1].details.as_deref(), Some("Too many calls"));
    }
}
