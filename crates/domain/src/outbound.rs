//! What agents and bots send: interactive messages and templates, typed. (Text, media and
//! reactions reuse the inbound content types.)

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::message::MediaKind;

/// A reply button (WhatsApp allows at most 3; title ≤ 20 characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyButton {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSection {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub rows: Vec<ListRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InteractiveAction {
    Buttons {
        buttons: Vec<ReplyButton>,
    },
    /// `button` is the label of the button that opens the list.
    List {
        button: String,
        sections: Vec<ListSection>,
    },
}

/// An interactive message with reply buttons or a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interactive {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
    pub action: InteractiveAction,
}

/// Body parameters of a template: `{{1}}…` in order, or by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TemplateParams {
    Positional(Vec<String>),
    Named(BTreeMap<String, String>),
}

impl Default for TemplateParams {
    fn default() -> Self {
        Self::Positional(Vec::new())
    }
}

impl TemplateParams {
    pub fn len(&self) -> usize {
        match self {
            Self::Positional(v) => v.len(),
            Self::Named(m) => m.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A media header of a template, by public link or uploaded media id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateHeaderMedia {
    pub kind: MediaKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateButtonKind {
    QuickReply,
    Url,
}

/// A parameter for one of the template's buttons: a quick reply's payload or a URL suffix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateButtonParam {
    pub index: u32,
    pub kind: TemplateButtonKind,
    pub value: String,
}

/// A pre-approved template message: the only kind allowed outside the 24-hour window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateMessage {
    pub name: String,
    /// Meta's language code, e.g. `nl` or `en_US`.
    pub language: String,
    #[serde(default)]
    pub parameters: TemplateParams,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_media: Option<TemplateHeaderMedia>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<TemplateButtonParam>,
    /// The text the resident read, filled in from the approved template when it was
    /// queued (never taken from a client). Absent on templates stored before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rendered: Option<RenderedTemplate>,
}

/// A template as the resident read it: its components with the parameters filled in.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RenderedTemplate {
    /// A text header (a media header is `header_media`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
    /// The buttons' labels, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_parameters_accept_a_list_or_named_values() {
        let positional: TemplateParams = serde_json::from_str(r#"["Fatima"]"#).unwrap();
        assert_eq!(
            positional,
            TemplateParams::Positional(vec!["Fatima".into()])
        );
        let named: TemplateParams = serde_json::from_str(r#"{"voornaam":"Fatima"}"#).unwrap();
        assert_eq!(named.len(), 1);
        assert!(matches!(named, TemplateParams::Named(_)));
    }
}
