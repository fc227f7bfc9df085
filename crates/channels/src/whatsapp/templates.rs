//! The WABA's message templates: `GET /{waba-id}/message_templates`, page by page, and
//! what a template expects as body parameters.

use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::client::{GraphClient, check_plain_id, json_body};
use super::errors::GraphError;
use super::wire::lenient_string;

/// The fields we ask for.
pub const TEMPLATE_FIELDS: &str = "name,status,category,language,components,parameter_format";

/// The most pages [`GraphClient::all_templates`] walks (at 100 templates a page).
pub const MAX_TEMPLATE_PAGES: usize = 50;

/// One template as Meta lists it:
/// `{"name":"…","parameter_format":"NAMED","components":[…],"language":"en_US",
///   "status":"APPROVED","category":"UTILITY","id":"1387372356726668"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateInfo {
    /// A string in listings, a number in webhooks; always a string here.
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub language: String,
    /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`, …
    #[serde(default)]
    pub status: String,
    /// `UTILITY`, `MARKETING` or `AUTHENTICATION`.
    #[serde(default)]
    pub category: String,
    /// `NAMED` or `POSITIONAL` (absent in older listings: positional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_format: Option<String>,
    /// Meta's components (`HEADER`, `BODY`, `FOOTER`, `BUTTONS`), kept as they are.
    #[serde(default = "empty_array")]
    pub components: Value,
}

/// One page of templates; `next_after` is the cursor of the next page, if there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplatePage {
    pub data: Vec<TemplateInfo>,
    pub next_after: Option<String>,
}

/// The listing's JSON: `{"data":[…],"paging":{"cursors":{"before":"…","after":"…"},"next":"…"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateListResponse {
    #[serde(default)]
    pub data: Vec<TemplateInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paging {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursors: Option<Cursors>,
    /// Present only when there is a next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursors {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

impl TemplateListResponse {
    /// The page, with the `after` cursor only when Meta says a next page exists.
    pub fn into_page(self) -> TemplatePage {
        let paging = self.paging.unwrap_or_default();
        let next_after = match paging.next {
            Some(_) => paging
                .cursors
                .and_then(|c| c.after)
                .filter(|a| !a.is_empty()),
            None => None,
        };
        TemplatePage {
            data: self.data,
            next_after,
        }
    }
}

impl TemplateInfo {
    /// The BODY component's text, e.g. `Beste {{voornaam}}, uw afspraak is op {{1}}.`
    pub fn body_text(&self) -> Option<&str> {
        self.component("BODY")?.get("text")?.as_str()
    }

    /// Whether the template takes named parameters (`parameter_format: NAMED`).
    pub fn is_named(&self) -> bool {
        (self.parameter_format.as_deref()).is_some_and(|f| f.eq_ignore_ascii_case("NAMED"))
    }

    /// The body's parameter names, in order of first use, for a NAMED template: the
    /// `{{name}}` placeholders of the body text, then any further names in
    /// `example.body_text_named_params`. Empty for positional templates.
    pub fn parameter_names(&self) -> Vec<String> {
        if !self.is_named() {
            return Vec::new();
        }
        let mut names: Vec<String> = Vec::new();
        let from_text = self.body_text().map(placeholders).unwrap_or_default();
        let from_example = (self.component("BODY"))
            .and_then(|b| b.pointer("/example/body_text_named_params"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| p.get("param_name")?.as_str());
        for name in from_text.into_iter().chain(from_example) {
            if !name.is_empty() && !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
        names
    }

    /// How many positional parameters the body takes: the distinct `{{n}}` in its text.
    /// Zero for NAMED templates.
    pub fn positional_count(&self) -> usize {
        if self.is_named() {
            return 0;
        }
        let mut numbers: Vec<u32> = (self.body_text().map(placeholders).unwrap_or_default())
            .into_iter()
            .filter_map(|p| p.parse().ok())
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers.len()
    }

    pub(crate) fn component(&self, kind: &str) -> Option<&Value> {
        (self.components.as_array()?.iter()).find(|c| {
            (c.get("type").and_then(Value::as_str)).is_some_and(|t| t.eq_ignore_ascii_case(kind))
        })
    }
}

/// The insides of `{{…}}` in `text`, trimmed, in order.
pub(crate) fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        out.push(after[..end].trim());
        rest = &after[end + 2..];
    }
    out
}

fn empty_array() -> Value {
    Value::Array(Vec::new())
}

impl GraphClient {
    /// One page of the WABA's templates (all statuses), `limit` per page, starting after
    /// the cursor `after` (from [`TemplatePage::next_after`]).
    pub async fn list_templates(
        &self,
        waba_id: &str,
        after: Option<&str>,
        limit: u32,
    ) -> Result<TemplatePage, GraphError> {
        check_plain_id("WABA id", waba_id)?;
        let url = format!("{}/{waba_id}/message_templates", self.base_url);
        let limit = limit.clamp(1, 1000).to_string();
        let mut query = vec![("fields", TEMPLATE_FIELDS), ("limit", limit.as_str())];
        if let Some(after) = after {
            query.push(("after", after));
        }
        let response = self
            .http
            .get(url)
            .query(&query)
            .bearer_auth(self.access_token.expose_secret())
            .timeout(self.timeouts.request)
            .send()
            .await
            .map_err(GraphError::from_reqwest)?;
        let list: TemplateListResponse = json_body(response, "template list").await?;
        Ok(list.into_page())
    }

    /// Every template of the WABA, walking at most [`MAX_TEMPLATE_PAGES`] pages of 100
    /// (stopping early if Meta repeats a cursor).
    pub async fn all_templates(&self, waba_id: &str) -> Result<Vec<TemplateInfo>, GraphError> {
        let mut all = Vec::new();
        let mut after: Option<String> = None;
        for _ in 0..MAX_TEMPLATE_PAGES {
            let page = self.list_templates(waba_id, after.as_deref(), 100).await?;
            all.extend(page.data);
            match page.next_after {
                Some(next) if after.as_deref() != Some(next.as_str()) => after = Some(next),
                _ => break,
            }
        }
        Ok(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template(format: Option<&str>, body: Value) -> TemplateInfo {
        serde_json::from_value(json!({"name": "t", "language": "nl", "status": "APPROVED",
            "category": "UTILITY", "id": 1387372356726668_u64, "parameter_format": format,
            "components": [{"type": "HEADER", "format": "TEXT", "text": "Hoi {{kop}}"}, body]}))
        .unwrap()
    }

    #[test]
    fn a_numeric_id_is_read_as_a_string() {
        let t = template(None, json!({"type": "BODY", "text": "x"}));
        assert_eq!(t.id, "1387372356726668");
    }

    #[test]
    fn named_parameters_come_from_the_body_text_and_its_example_in_order() {
        let t = template(
            Some("NAMED"),
            json!({"type": "BODY", "text": "Beste {{voornaam}}, zaak {{ zaak }} ({{voornaam}}).",
                "example": {"body_text_named_params": [{"param_name": "zaak", "example": "Z-1"},
                    {"param_name": "extra", "example": "e"}]}}),
        );
        assert_eq!(
            t.body_text().unwrap(),
            "Beste {{voornaam}}, zaak {{ zaak }} ({{voornaam}})."
        );
        assert_eq!(t.parameter_names(), ["voornaam", "zaak", "extra"]);
        assert_eq!(t.positional_count(), 0);
    }

    #[test]
    fn positional_parameters_are_counted_once_each_and_the_header_is_ignored() {
        let t = template(
            Some("POSITIONAL"),
            json!({"type": "BODY", "text": "Code {{1}} geeft {{2}}% korting; nogmaals {{1}}. {{"}),
        );
        assert_eq!(t.positional_count(), 2);
        assert!(t.parameter_names().is_empty());
        let legacy = template(None, json!({"type": "body", "text": "{{1}}"}));
        assert_eq!(legacy.positional_count(), 1);
    }

    #[test]
    fn the_next_cursor_is_kept_only_when_a_next_page_exists() {
        let last: TemplateListResponse = serde_json::from_value(
            json!({"data": [], "paging": {"cursors": {"before": "b", "after": "a"}}}),
        )
        .unwrap();
        assert_eq!(last.into_page().next_after, None);
        let more: TemplateListResponse = serde_json::from_value(
            json!({"data": [], "paging": {"cursors": {"after": "a"}, "next": "https://x"}}),
        )
        .unwrap();
        assert_eq!(more.into_page().next_after.as_deref(), Some("a"));
    }
}
