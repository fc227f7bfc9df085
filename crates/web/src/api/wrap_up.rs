//! The `wrap_up` object of `PATCH /api/v1/conversations/{id}`: `result` (a key of the
//! organisation's list), `question` (optional, ≤ 180 characters), `articles` (knowledge-base
//! article ids). Only the shape is checked here; the rules are the domain's and the engine's.

use loket_domain::KbArticleId;
use loket_domain::wrap_up::WrapUp;
use serde_json::Value;

/// The wrap-up, or each problem as (field, reason).
pub(super) fn parse_wrap_up(value: &Value) -> Result<WrapUp, Vec<(String, String)>> {
    let mut problems = Vec::new();
    let mut bad = |name: &str, reason: &str| problems.push((name.into(), reason.into()));
    let Some(object) = value.as_object() else {
        bad(
            "wrap_up",
            "must be an object with result, question and articles",
        );
        return Err(problems);
    };
    let mut wrap_up = WrapUp::default();
    for (name, v) in object {
        match name.as_str() {
            "result" => match v.as_str() {
                Some(key) => wrap_up.result = key.into(),
                None => bad("wrap_up.result", "must be a string (a result key)"),
            },
            "question" => match v {
                Value::Null => {}
                Value::String(q) => wrap_up.question = Some(q.clone()),
                _ => bad("wrap_up.question", "must be a string or null"),
            },
            "articles" => match v.as_array().map(|a| {
                (a.iter())
                    .map(|id| id.as_str()?.parse::<KbArticleId>().ok())
                    .collect::<Option<Vec<_>>>()
            }) {
                Some(Some(ids)) => wrap_up.articles = ids,
                _ => bad("wrap_up.articles", "must be a list of article ids"),
            },
            _ => bad(
                &format!("wrap_up.{}", loket_domain::input::excerpt(name, 40)),
                "unknown field",
            ),
        }
    }
    if !object.contains_key("result") {
        bad("wrap_up.result", "is required");
    }
    if problems.is_empty() {
        Ok(wrap_up)
    } else {
        Err(problems)
    }
}
