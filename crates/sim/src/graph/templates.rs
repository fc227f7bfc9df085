//! `GET /{waba-id}/message_templates` with Meta's cursor paging (§3.3 of the reference).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use super::error::MetaError;
use super::{meta_json, refuse_unauthorized, unknown_object};
use crate::GRAPH_VERSION;
use crate::sim::Shared;
use crate::templates::Template;

/// Graph's default page size, and its maximum here.
const DEFAULT_LIMIT: usize = 25;
const MAX_LIMIT: usize = 1000;

fn cursor(index: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("sim-template-cursor:{index}"))
}

fn cursor_index(cursor: &str) -> Option<usize> {
    let raw = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    String::from_utf8(raw)
        .ok()?
        .strip_prefix("sim-template-cursor:")?
        .parse()
        .ok()
}

/// The listing: filters `name` (substring), `status`, `category`, `language`; `fields`
/// picks the fields (`id` always comes along); `limit`, `after`, `before` page.
pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    Path(waba_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let token = query.get("access_token").map(String::as_str);
    if let Some(refused) = refuse_unauthorized(&shared, &headers, token) {
        return refused;
    }
    if waba_id != shared.config.waba_id {
        return unknown_object(&waba_id);
    }
    let param = |name: &str| {
        query
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let limit = match param("limit").map(str::parse::<usize>) {
        None => DEFAULT_LIMIT,
        Some(Ok(n)) if n > 0 => n.min(MAX_LIMIT),
        Some(_) => {
            return MetaError::invalid("Param limit must be a positive integer.").into_response();
        }
    };
    let matching: Vec<Template> = shared
        .templates()
        .iter()
        .filter(|t| param("name").is_none_or(|n| t.name.contains(n)))
        .filter(|t| param("status").is_none_or(|s| t.status.eq_ignore_ascii_case(s)))
        .filter(|t| param("category").is_none_or(|c| t.category.eq_ignore_ascii_case(c)))
        .filter(|t| param("language").is_none_or(|l| t.language == l))
        .cloned()
        .collect();
    let (start, end) = match (param("after"), param("before")) {
        (Some(after), _) => match cursor_index(after) {
            Some(i) => (i + 1, (i + 1 + limit).min(matching.len())),
            None => return bad_cursor(),
        },
        (None, Some(before)) => match cursor_index(before) {
            Some(i) => (i.saturating_sub(limit), i.min(matching.len())),
            None => return bad_cursor(),
        },
        (None, None) => (0, limit.min(matching.len())),
    };
    let start = start.min(end);
    let fields: Option<Vec<&str>> = param("fields").map(|f| f.split(',').map(str::trim).collect());
    let data: Vec<Value> = matching[start..end]
        .iter()
        .map(|t| pick(t.to_json(), fields.as_deref()))
        .collect();
    let mut body = json!({ "data": data });
    if start < end {
        let mut paging = json!({"cursors": {"before": cursor(start), "after": cursor(end - 1)}});
        if start > 0 {
            paging["previous"] = page_url(&shared, &waba_id, &query, "before", start).into();
        }
        if end < matching.len() {
            paging["next"] = page_url(&shared, &waba_id, &query, "after", end - 1).into();
        }
        body["paging"] = paging;
    }
    meta_json(StatusCode::OK, &body)
}

fn bad_cursor() -> Response {
    MetaError::invalid("Param after/before is not a valid cursor.").into_response()
}

fn pick(template: Value, fields: Option<&[&str]>) -> Value {
    let (Some(fields), Value::Object(all)) = (fields, &template) else {
        return template;
    };
    let picked: Map<String, Value> = all
        .iter()
        .filter(|(k, _)| k.as_str() == "id" || fields.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Value::Object(picked)
}

/// The same query with the other cursors replaced, pointing at the simulator.
fn page_url(
    shared: &Shared,
    waba_id: &str,
    query: &HashMap<String, String>,
    direction: &str,
    index: usize,
) -> String {
    let base = format!(
        "{}/{GRAPH_VERSION}/{waba_id}/message_templates",
        shared.origin()
    );
    let mut url = reqwest::Url::parse(&base).expect("the simulator's own URL parses");
    {
        let mut pairs = url.query_pairs_mut();
        let mut keys: Vec<&String> = query.keys().collect();
        keys.sort();
        for key in keys {
            if !matches!(key.as_str(), "after" | "before" | "access_token") {
                pairs.append_pair(key, &query[key]);
            }
        }
        pairs.append_pair(direction, &cursor(index));
    }
    url.to_string()
}
