//! Validation of `type:"interactive"` payloads: reply buttons, lists, CTA URLs and location
//! requests, with Meta's limits (§3.1 of the reference).

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::error::MetaError;
use super::validate::{as_object, max_chars, not_blank, opt_str, string};

type Checked<T = ()> = Result<T, MetaError>;

pub(super) fn interactive(payload: &Value) -> Checked {
    let interactive = as_object(payload, "interactive")?;
    let kind = string(interactive, "type", "interactive['type']")?;
    let action_path = "interactive['action']";
    let action = as_object(
        interactive
            .get("action")
            .ok_or_else(|| MetaError::missing(action_path))?,
        action_path,
    )?;
    let body_limit = match kind {
        "button" | "cta_url" | "location_request_message" => 1024,
        "list" => 4096,
        other => {
            return Err(MetaError::invalid(format!(
                "Param interactive['type'] ('{other}') must be one of {{BUTTON, LIST, CTA_URL, \
                 LOCATION_REQUEST_MESSAGE}}."
            )));
        }
    };
    body(interactive, body_limit)?;
    if let Some(footer) = interactive.get("footer") {
        let footer = as_object(footer, "interactive['footer']")?;
        max_chars(
            string(footer, "text", "interactive['footer']['text']")?,
            60,
            "interactive['footer']['text']",
        )?;
    }
    if let Some(header) = interactive.get("header") {
        header_ok(as_object(header, "interactive['header']")?, kind)?;
    }
    match kind {
        "button" => buttons(action),
        "list" => list(action),
        "cta_url" => cta_url(action),
        _ => {
            if string(action, "name", "interactive['action']['name']")? != "send_location" {
                return Err(MetaError::invalid(
                    "Param interactive['action']['name'] must be 'send_location'.",
                ));
            }
            Ok(())
        }
    }
}

fn body(interactive: &Map<String, Value>, limit: usize) -> Checked {
    let path = "interactive['body']";
    let body = as_object(
        interactive
            .get("body")
            .ok_or_else(|| MetaError::missing(path))?,
        path,
    )?;
    let text = string(body, "text", "interactive['body']['text']")?;
    not_blank(text, "interactive['body']['text']")?;
    max_chars(text, limit, "interactive['body']['text']")
}

fn header_ok(header: &Map<String, Value>, kind: &str) -> Checked {
    let media_kind = string(header, "type", "interactive['header']['type']")?;
    match media_kind {
        "text" => {
            let text = string(header, "text", "interactive['header']['text']")?;
            max_chars(text, 60, "interactive['header']['text']")
        }
        "image" | "video" | "document" if kind != "list" => {
            let path = format!("interactive['header']['{media_kind}']");
            let media = as_object(
                header
                    .get(media_kind)
                    .ok_or_else(|| MetaError::missing(&path))?,
                &path,
            )?;
            if media.contains_key("id") == media.contains_key("link") {
                return Err(MetaError::invalid(format!(
                    "Param {path} must have exactly one of id or link."
                )));
            }
            Ok(())
        }
        other => Err(MetaError::invalid(format!(
            "Param interactive['header']['type'] ('{other}') is not allowed for {kind} messages."
        ))),
    }
}

fn buttons(action: &Map<String, Value>) -> Checked {
    let path = "interactive['action']['buttons']";
    let buttons = action
        .get("buttons")
        .ok_or_else(|| MetaError::missing(path))?
        .as_array()
        .ok_or_else(|| MetaError::invalid(format!("Param {path} must be an array.")))?;
    if buttons.is_empty() || buttons.len() > 3 {
        return Err(MetaError::invalid(format!(
            "Param {path} must have between 1 and 3 buttons, got {}.",
            buttons.len()
        )));
    }
    let (mut ids, mut titles) = (HashSet::new(), HashSet::new());
    for (i, button) in buttons.iter().enumerate() {
        let button_path = format!("{path}[{i}]");
        let button = as_object(button, &button_path)?;
        if string(button, "type", &format!("{button_path}['type']"))? != "reply" {
            return Err(MetaError::invalid(format!(
                "Param {button_path}['type'] must be 'reply'."
            )));
        }
        let reply_path = format!("{button_path}['reply']");
        let reply = as_object(
            button
                .get("reply")
                .ok_or_else(|| MetaError::missing(&reply_path))?,
            &reply_path,
        )?;
        let id = string(reply, "id", &format!("{reply_path}['id']"))?;
        not_blank(id, &format!("{reply_path}['id']"))?;
        max_chars(id, 256, &format!("{reply_path}['id']"))?;
        let title = string(reply, "title", &format!("{reply_path}['title']"))?;
        not_blank(title, &format!("{reply_path}['title']"))?;
        max_chars(title, 20, &format!("{reply_path}['title']"))?;
        if !ids.insert(id) || !titles.insert(title) {
            return Err(MetaError::invalid(format!(
                "Param {path} must have unique ids and titles."
            )));
        }
    }
    Ok(())
}

fn list(action: &Map<String, Value>) -> Checked {
    let button = string(action, "button", "interactive['action']['button']")?;
    not_blank(button, "interactive['action']['button']")?;
    max_chars(button, 20, "interactive['action']['button']")?;
    let path = "interactive['action']['sections']";
    let sections = action
        .get("sections")
        .ok_or_else(|| MetaError::missing(path))?
        .as_array()
        .ok_or_else(|| MetaError::invalid(format!("Param {path} must be an array.")))?;
    if sections.is_empty() || sections.len() > 10 {
        return Err(MetaError::invalid(format!(
            "Param {path} must have between 1 and 10 sections."
        )));
    }
    let mut row_ids = HashSet::new();
    for (i, section) in sections.iter().enumerate() {
        let section_path = format!("{path}[{i}]");
        let section = as_object(section, &section_path)?;
        let title_path = format!("{section_path}['title']");
        match opt_str(section, "title", &title_path)? {
            Some(title) => max_chars(title, 24, &title_path)?,
            None if sections.len() > 1 => return Err(MetaError::missing(&title_path)),
            None => {}
        }
        let rows_path = format!("{section_path}['rows']");
        let rows = section
            .get("rows")
            .ok_or_else(|| MetaError::missing(&rows_path))?
            .as_array()
            .ok_or_else(|| MetaError::invalid(format!("Param {rows_path} must be an array.")))?;
        if rows.is_empty() {
            return Err(MetaError::invalid(format!(
                "Param {rows_path} must not be empty."
            )));
        }
        for (j, row) in rows.iter().enumerate() {
            let row_path = format!("{rows_path}[{j}]");
            let row = as_object(row, &row_path)?;
            let id = string(row, "id", &format!("{row_path}['id']"))?;
            not_blank(id, &format!("{row_path}['id']"))?;
            max_chars(id, 200, &format!("{row_path}['id']"))?;
            let title = string(row, "title", &format!("{row_path}['title']"))?;
            not_blank(title, &format!("{row_path}['title']"))?;
            max_chars(title, 24, &format!("{row_path}['title']"))?;
            let description_path = format!("{row_path}['description']");
            if let Some(description) = opt_str(row, "description", &description_path)? {
                max_chars(description, 72, &description_path)?;
            }
            if !row_ids.insert(id) {
                return Err(MetaError::invalid(format!(
                    "Param {path} must have unique row ids."
                )));
            }
        }
    }
    if row_ids.len() > 10 {
        return Err(MetaError::invalid(format!(
            "Param {path} must have at most 10 rows in total, got {}.",
            row_ids.len()
        )));
    }
    Ok(())
}

fn cta_url(action: &Map<String, Value>) -> Checked {
    if string(action, "name", "interactive['action']['name']")? != "cta_url" {
        return Err(MetaError::invalid(
            "Param interactive['action']['name'] must be 'cta_url'.",
        ));
    }
    let path = "interactive['action']['parameters']";
    let parameters = as_object(
        action
            .get("parameters")
            .ok_or_else(|| MetaError::missing(path))?,
        path,
    )?;
    let text = string(
        parameters,
        "display_text",
        &format!("{path}['display_text']"),
    )?;
    max_chars(text, 20, &format!("{path}['display_text']"))?;
    let url = string(parameters, "url", &format!("{path}['url']"))?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(MetaError::invalid(format!(
            "Param {path}['url'] must be an http or https URL."
        )));
    }
    Ok(())
}
