//! The OpenAPI document as a checker: turns its OpenAPI 3.0 schemas into JSON Schema
//! (2020-12) and validates real responses against the one documented for their operation.
//!
//! Strict on purpose: an object schema that lists its `properties` accepts no others, so
//! a field that reaches the wire without being documented fails the contract test.

use serde_json::{Map, Value, json};

/// The served `openapi.json`, converted once for validation.
pub struct Contract {
    spec: Value,
    converted: Value,
}

impl Contract {
    pub fn new(spec: Value) -> Self {
        let converted = to_json_schema(spec.clone());
        Self { spec, converted }
    }

    /// Every documented `(METHOD, path)`, e.g. `("GET", "/conversations/{id}")`.
    pub fn operations(&self) -> Vec<(String, String)> {
        let mut operations = Vec::new();
        for (path, item) in self.spec["paths"].as_object().expect("paths") {
            for method in item.as_object().expect("path item").keys() {
                operations.push((method.to_uppercase(), path.clone()));
            }
        }
        operations.sort();
        operations
    }

    /// Validate `body` as the documented answer `status` of `method path`; panics with
    /// every violation.
    pub fn check(&self, method: &str, path: &str, status: u16, body: &Value) {
        let what = format!("{method} {path} → {status}");
        let Some(pointer) = self.schema_pointer(method, path, status) else {
            panic!("{what}: no documented JSON schema for this answer");
        };
        self.validate(&what, &pointer, body);
    }

    /// Validate `body` as a documented problem, for answers outside every operation (an
    /// unknown route, the webhooks).
    pub fn check_problem(&self, body: &Value) {
        self.validate("a problem", "#/components/schemas/Problem", body);
    }

    fn validate(&self, what: &str, pointer: &str, body: &Value) {
        let mut root = json!({ "$ref": pointer });
        root["components"] = self.converted["components"].clone();
        root["paths"] = self.converted["paths"].clone();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("{what}: the documented schema is invalid: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(body)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{what} does not match its documented schema:\n{}\nbody: {body:#}",
            errors.join("\n")
        );
    }

    /// A JSON pointer to the schema of a documented response (following a shared
    /// `#/components/responses/…` to its content).
    fn schema_pointer(&self, method: &str, path: &str, status: u16) -> Option<String> {
        let escaped = path.replace('~', "~0").replace('/', "~1");
        let method = method.to_lowercase();
        let mut response = format!("/paths/{escaped}/{method}/responses/{status}");
        let answer = self.spec.pointer(&response)?;
        if let Some(shared) = answer.get("$ref").and_then(Value::as_str) {
            response = shared.trim_start_matches('#').to_owned();
        }
        let content = self.spec.pointer(&format!("{response}/content"))?;
        let media = ["application/json", "application/problem+json"]
            .into_iter()
            .find(|m| content.get(*m).is_some())?;
        let media = media.replace('/', "~1");
        // A JSON pointer inside a URI fragment: `{` and `}` must be percent-encoded.
        let pointer = format!("{response}/content/{media}/schema")
            .replace('{', "%7B")
            .replace('}', "%7D");
        Some(format!("#{pointer}"))
    }
}

/// OpenAPI 3.0 → JSON Schema: `nullable` becomes a `null` alternative, and objects that
/// list their properties are closed unless they say otherwise.
fn to_json_schema(value: Value) -> Value {
    match value {
        Value::Object(map) => convert_object(map),
        Value::Array(items) => Value::Array(items.into_iter().map(to_json_schema).collect()),
        other => other,
    }
}

fn convert_object(map: Map<String, Value>) -> Value {
    let mut map: Map<String, Value> = map
        .into_iter()
        .map(|(k, v)| {
            // Examples are data, not schemas.
            let v = if k == "example" || k == "examples" {
                v
            } else {
                to_json_schema(v)
            };
            (k, v)
        })
        .collect();
    let is_object_schema = map.get("type").and_then(Value::as_str) == Some("object");
    if is_object_schema
        && map.get("properties").is_some_and(Value::is_object)
        && !map.contains_key("additionalProperties")
    {
        map.insert("additionalProperties".into(), Value::Bool(false));
    }
    if map.remove("nullable") == Some(Value::Bool(true)) {
        return json!({ "anyOf": [Value::Object(map), { "type": "null" }] });
    }
    Value::Object(map)
}
