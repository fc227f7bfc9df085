//! The check of a template send against the store (§3.1 of the reference): 132001 for an
//! unknown or unapproved template, 132000 for a wrong number or names of parameters, 132012
//! for named vs positional or a wrong parameter type, 132015/132016 for paused/disabled.

use serde_json::{Map, Value};

use super::error::MetaError;
use super::validate::{as_object, opt_str};
use crate::templates::{ParameterFormat, Template, placeholders};

/// What a valid template send means for pricing.
pub(crate) struct TemplateSend {
    /// `utility`, `marketing`, … (the pricing category).
    pub category: String,
}

/// Checks `template` (the send's `template` object) against the store.
pub(crate) fn check_send(
    templates: &[Template],
    template: &Value,
) -> Result<TemplateSend, MetaError> {
    let name = template["name"].as_str().unwrap_or_default();
    let language = template["language"]["code"].as_str().unwrap_or_default();
    let missing = || {
        MetaError::template_missing(format!(
            "template name ({name}) does not exist in {language} or is not approved"
        ))
    };
    let found = templates
        .iter()
        .find(|t| t.name == name && t.language == language)
        .ok_or_else(missing)?;
    match found.status.as_str() {
        "APPROVED" => {}
        "PAUSED" => {
            return Err(MetaError::new(
                132015,
                "Template is Paused",
                format!("Template {name} is paused due to low quality."),
            ));
        }
        "DISABLED" => {
            return Err(MetaError::new(
                132016,
                "Template is disabled",
                format!("Template {name} has been disabled."),
            ));
        }
        _ => return Err(missing()),
    }
    let components = match template.get("components") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list.iter().collect(),
        Some(_) => {
            return Err(MetaError::invalid(
                "Param template['components'] must be an array.",
            ));
        }
    };
    let mut seen = Vec::new();
    for component in &components {
        let component = as_object(component, "template['components'][]")?;
        let kind = opt_str(component, "type", "template['components'][]['type']")?
            .ok_or_else(|| MetaError::missing("template['components'][]['type']"))?
            .to_ascii_lowercase();
        match kind.as_str() {
            "header" => header(found, component)?,
            "body" => text_params(found, found.component("BODY"), component, "body")?,
            "button" => button(found, component)?,
            other => {
                return Err(MetaError::invalid(format!(
                    "Param template['components'][]['type'] ('{other}') must be one of {{HEADER, BODY, BUTTON}}."
                )));
            }
        }
        seen.push(kind);
    }
    // Variables the send left unfilled.
    let body_vars = found.component("BODY").map_or(0, |b| {
        placeholders(b["text"].as_str().unwrap_or_default()).len()
    });
    if body_vars > 0 && !seen.iter().any(|k| k == "body") {
        return Err(MetaError::template_params(format!(
            "body: number of localizable_params (0) does not match the expected number of params ({body_vars})"
        )));
    }
    let header_needed = found.component("HEADER").is_some_and(|h| {
        h["format"] != "TEXT" || !placeholders(h["text"].as_str().unwrap_or_default()).is_empty()
    });
    if header_needed && !seen.iter().any(|k| k == "header") {
        return Err(MetaError::template_params(
            "header: the template's header needs a parameter",
        ));
    }
    for (index, button) in buttons(found).iter().enumerate() {
        let variable = button["url"].as_str().is_some_and(|u| u.contains("{{"));
        let given = components.iter().any(|c| {
            c["type"]
                .as_str()
                .is_some_and(|t| t.eq_ignore_ascii_case("button"))
                && button_index(c) == Some(index)
        });
        if variable && !given {
            return Err(MetaError::template_params(format!(
                "button at index {index}: the URL needs its variable suffix"
            )));
        }
    }
    Ok(TemplateSend {
        category: found.category.to_ascii_lowercase(),
    })
}

fn buttons(template: &Template) -> Vec<Value> {
    template
        .component("BUTTONS")
        .and_then(|b| b["buttons"].as_array().cloned())
        .unwrap_or_default()
}

fn button_index(component: &Value) -> Option<usize> {
    match &component["index"] {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
        _ => None,
    }
}

fn parameters<'a>(component: &'a Map<String, Value>, what: &str) -> Result<&'a [Value], MetaError> {
    match component.get("parameters") {
        None => Ok(&[]),
        Some(Value::Array(list)) => Ok(list),
        Some(_) => Err(MetaError::invalid(format!(
            "Param {what}['parameters'] must be an array."
        ))),
    }
}

/// Body (or text-header) parameters against the template's variables.
fn text_params(
    template: &Template,
    part: Option<&Value>,
    component: &Map<String, Value>,
    what: &str,
) -> Result<(), MetaError> {
    let expected = part.map_or_else(Vec::new, |p| {
        placeholders(p["text"].as_str().unwrap_or_default())
    });
    let given = parameters(component, what)?;
    for parameter in given {
        let kind = parameter["type"].as_str().unwrap_or("text");
        if !matches!(kind, "text" | "currency" | "date_time") {
            return Err(MetaError::template_format(format!(
                "{what}: parameter type {kind} is not allowed here"
            )));
        }
        if kind == "text"
            && parameter["text"]
                .as_str()
                .is_none_or(|t| t.trim().is_empty())
        {
            return Err(MetaError::missing(&format!(
                "template['components'][{what}]['parameters'][]['text']"
            )));
        }
        let named = parameter.get("parameter_name").is_some();
        match template.parameter_format {
            ParameterFormat::Named if !named => {
                return Err(MetaError::template_format(format!(
                    "{what}: the template uses named parameters; parameter_name is missing"
                )));
            }
            ParameterFormat::Positional if named => {
                return Err(MetaError::template_format(format!(
                    "{what}: the template uses positional parameters; parameter_name is not allowed"
                )));
            }
            _ => {}
        }
    }
    let mismatch = || {
        MetaError::template_params(format!(
            "{what}: number of localizable_params ({}) does not match the expected number of params ({})",
            given.len(),
            expected.len()
        ))
    };
    if given.len() != expected.len() {
        return Err(mismatch());
    }
    if template.parameter_format == ParameterFormat::Named {
        let mut names: Vec<&str> = given
            .iter()
            .filter_map(|p| p["parameter_name"].as_str())
            .collect();
        names.sort_unstable();
        let mut wanted: Vec<&str> = expected.iter().map(String::as_str).collect();
        wanted.sort_unstable();
        if names != wanted {
            return Err(MetaError::template_params(format!(
                "{what}: parameter names {names:?} do not match the template's {wanted:?}"
            )));
        }
    }
    Ok(())
}

fn header(template: &Template, component: &Map<String, Value>) -> Result<(), MetaError> {
    let Some(part) = template.component("HEADER") else {
        return Err(MetaError::template_params(
            "header: the template has no header",
        ));
    };
    let format = part["format"]
        .as_str()
        .unwrap_or("TEXT")
        .to_ascii_lowercase();
    if format == "text" {
        return text_params(template, Some(part), component, "header");
    }
    let given = parameters(component, "header")?;
    let [parameter] = given else {
        return Err(MetaError::template_params(format!(
            "header: expected 1 {format} parameter, got {}",
            given.len()
        )));
    };
    if parameter["type"].as_str() != Some(format.as_str()) {
        return Err(MetaError::template_format(format!(
            "header: expected a parameter of type {format}"
        )));
    }
    let media = &parameter[format.as_str()];
    if media.get("id").is_some() == media.get("link").is_some() {
        return Err(MetaError::invalid(format!(
            "Param header {format} must have exactly one of id or link."
        )));
    }
    Ok(())
}

fn button(template: &Template, component: &Map<String, Value>) -> Result<(), MetaError> {
    let index = button_index(&Value::Object(component.clone()))
        .ok_or_else(|| MetaError::missing("template['components'][]['index']"))?;
    let buttons = buttons(template);
    let Some(defined) = buttons.get(index) else {
        return Err(MetaError::template_params(format!(
            "button at index {index}: the template has no such button"
        )));
    };
    let sub_type = component
        .get("sub_type")
        .and_then(Value::as_str)
        .ok_or_else(|| MetaError::missing("template['components'][]['sub_type']"))?
        .to_ascii_uppercase();
    if defined["type"].as_str() != Some(sub_type.as_str()) {
        return Err(MetaError::template_format(format!(
            "button at index {index}: sub_type {sub_type} does not match the template"
        )));
    }
    let given = parameters(component, "button")?;
    match sub_type.as_str() {
        "URL" => {
            let variable = defined["url"].as_str().is_some_and(|u| u.contains("{{"));
            match given {
                [p] if variable && p["type"] == "text" && p["text"].is_string() => Ok(()),
                [_] if variable => Err(MetaError::template_format(format!(
                    "button at index {index}: the URL suffix must be a text parameter"
                ))),
                _ => Err(MetaError::template_params(format!(
                    "button at index {index}: expected {} parameters, got {}",
                    u8::from(variable),
                    given.len()
                ))),
            }
        }
        _ => match given {
            [] => Ok(()),
            [p] if p["type"] == "payload" && p["payload"].is_string() => Ok(()),
            _ => Err(MetaError::template_format(format!(
                "button at index {index}: a quick reply takes one payload parameter"
            ))),
        },
    }
}
