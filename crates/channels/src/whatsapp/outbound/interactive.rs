//! Interactive messages: reply buttons and lists.

use std::collections::HashSet;

use loket_domain::outbound::{Interactive, InteractiveAction, ListSection, ReplyButton};
use serde_json::{Map, Value, json};

use super::{Checks, limits};

pub(super) fn interactive(i: &Interactive, c: &mut Checks) -> Value {
    let (kind, body_max, action) = match &i.action {
        InteractiveAction::Buttons { buttons } => {
            ("button", limits::BUTTONS_BODY, reply_buttons(buttons, c))
        }
        InteractiveAction::List { button, sections } => {
            ("list", limits::LIST_BODY, list(button, sections, c))
        }
    };
    c.non_empty("The interactive message's body", &i.body);
    c.max("The interactive message's body", &i.body, body_max);
    let mut out = json!({"type": kind, "body": {"text": i.body}, "action": action});
    if let Some(header) = &i.header {
        c.non_empty("The interactive message's header", header);
        c.max("The interactive message's header", header, limits::HEADER);
        out["header"] = json!({"type": "text", "text": header});
    }
    if let Some(footer) = &i.footer {
        c.non_empty("The interactive message's footer", footer);
        c.max("The interactive message's footer", footer, limits::FOOTER);
        out["footer"] = json!({"text": footer});
    }
    out
}

fn reply_buttons(buttons: &[ReplyButton], c: &mut Checks) -> Value {
    if buttons.is_empty() {
        c.push("The interactive message has no buttons.".into());
    }
    if buttons.len() > limits::BUTTONS {
        c.push(format!(
            "The interactive message has {} buttons; WhatsApp allows at most {}.",
            buttons.len(),
            limits::BUTTONS
        ));
    }
    let (mut ids, mut titles) = (HashSet::new(), HashSet::new());
    let out = buttons.iter().enumerate().map(|(n, b)| {
        let n = n + 1;
        c.non_empty(&format!("The id of button {n}"), &b.id);
        c.max(&format!("The id of button {n}"), &b.id, limits::BUTTON_ID);
        c.non_empty(&format!("The title of button {n}"), &b.title);
        c.max(
            &format!("The title of button {n}"),
            &b.title,
            limits::BUTTON_TITLE,
        );
        if !ids.insert(&b.id) {
            c.push(format!(
                "The id of button {n} ({:?}) is used by another button.",
                b.id
            ));
        }
        if !titles.insert(&b.title) {
            c.push(format!(
                "The title of button {n} ({:?}) is used by another button.",
                b.title
            ));
        }
        json!({"type": "reply", "reply": {"id": b.id, "title": b.title}})
    });
    json!({"buttons": out.collect::<Vec<_>>()})
}

fn list(button: &str, sections: &[ListSection], c: &mut Checks) -> Value {
    c.non_empty("The list's button label", button);
    c.max("The list's button label", button, limits::LIST_BUTTON);
    if sections.is_empty() {
        c.push("The list has no sections.".into());
    }
    if sections.len() > limits::LIST_SECTIONS {
        c.push(format!(
            "The list has {} sections; WhatsApp allows at most {}.",
            sections.len(),
            limits::LIST_SECTIONS
        ));
    }
    let rows: usize = sections.iter().map(|s| s.rows.len()).sum();
    if rows > limits::LIST_ROWS {
        c.push(format!(
            "The list has {rows} rows; WhatsApp allows at most {} over all sections.",
            limits::LIST_ROWS
        ));
    }
    let mut ids = HashSet::new();
    let out = sections.iter().enumerate().map(|(s, section)| {
        let s = s + 1;
        let mut out = Map::new();
        match &section.title {
            Some(title) => {
                c.max(
                    &format!("The title of section {s}"),
                    title,
                    limits::SECTION_TITLE,
                );
                out.insert("title".into(), title.as_str().into());
            }
            None if sections.len() > 1 => {
                c.push(format!(
                    "Section {s} needs a title, because the list has more than one section."
                ));
            }
            None => {}
        }
        if section.rows.is_empty() {
            c.push(format!("Section {s} has no rows."));
        }
        let rows = section.rows.iter().enumerate().map(|(r, row)| {
            let at = format!("row {} of section {s}", r + 1);
            c.non_empty(&format!("The id of {at}"), &row.id);
            c.max(&format!("The id of {at}"), &row.id, limits::ROW_ID);
            c.non_empty(&format!("The title of {at}"), &row.title);
            c.max(&format!("The title of {at}"), &row.title, limits::ROW_TITLE);
            if !ids.insert(&row.id) {
                c.push(format!(
                    "The id of {at} ({:?}) is used by another row.",
                    row.id
                ));
            }
            let mut out = json!({"id": row.id, "title": row.title});
            if let Some(description) = &row.description {
                c.max(
                    &format!("The description of {at}"),
                    description,
                    limits::ROW_DESCRIPTION,
                );
                out["description"] = description.as_str().into();
            }
            out
        });
        out.insert("rows".into(), Value::Array(rows.collect()));
        Value::Object(out)
    });
    json!({"button": button, "sections": out.collect::<Vec<_>>()})
}
