//! The template picker: the organisation's approved templates, the chosen one's parameter
//! fields and a preview of the exact text the resident will read (rendered by the engine's
//! code that records a sent template). Used by the composer (window closed) and by
//! starting a conversation.

use loket_domain::outbound::{RenderedTemplate, TemplateMessage};
use loket_domain::{ChannelId, OrgId};
use loket_engine::EngineError;
use loket_engine::outbound::compose::TemplateChoice;

use crate::AppState;

/// One template in the select: `value` is `channel:name:language`.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One parameter field of the chosen template.
pub struct Field {
    pub label: String,
    pub value: String,
}

#[derive(Default)]
pub struct Picker {
    pub choices: Vec<Choice>,
    pub chosen: Option<TemplateChoice>,
    /// The chosen one's fields, in the template's order.
    pub fields: Vec<Field>,
    pub preview: Option<RenderedTemplate>,
    pub error: Option<String>,
    /// The last send was held back for personal data in the values (or the box is ticked):
    /// show the confirm box, ticked or not.
    pub confirm_shown: bool,
    pub confirm_ticked: bool,
}

impl Picker {
    /// The chosen template with its parameters, as the engine sends it.
    pub fn message(&self) -> Option<TemplateMessage> {
        let chosen = self.chosen.as_ref()?;
        let values: Vec<String> = self.fields.iter().map(|f| f.value.clone()).collect();
        Some(TemplateMessage {
            name: chosen.info.name.clone(),
            language: chosen.info.language.clone(),
            parameters: chosen.params(&values),
            header_media: None,
            buttons: Vec::new(),
            rendered: None,
        })
    }

    pub fn channel(&self) -> Option<ChannelId> {
        self.chosen.as_ref().map(|c| c.channel_id)
    }
}

fn value_of(c: &TemplateChoice) -> String {
    format!("{}:{}:{}", c.channel_id, c.info.name, c.info.language)
}

/// Whether the form's personal-data confirm box is ticked.
pub fn confirm_ticked(body: &[u8]) -> bool {
    url::form_urlencoded::parse(body).any(|(k, _)| k == "confirm_personal_data")
}

/// `template` and the `p` fields (in order) of a query or form body.
pub fn template_fields(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body)
        .filter(|(k, _)| k == "template" || k == "p")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The picker for `channel` (every channel when `None`), with the template `fields` name.
pub async fn picker_for(
    state: &AppState,
    org: OrgId,
    channel: Option<ChannelId>,
    fields: &[(String, String)],
) -> Result<Picker, EngineError> {
    let templates = state.engine.composer_templates(org, channel).await?;
    let wanted = fields
        .iter()
        .find(|(k, _)| k == "template")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let values: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "p")
        .map(|(_, v)| v.clone())
        .collect();
    let mut picker = Picker::default();
    for t in templates {
        let value = value_of(&t);
        let selected = value == wanted;
        picker.choices.push(Choice {
            label: format!("{} ({})", t.info.name, t.info.language),
            value,
            selected,
        });
        if selected {
            picker.chosen = Some(t);
        }
    }
    if let Some(chosen) = &picker.chosen {
        let names = chosen.parameter_names();
        let named = chosen.info.parameter_format.as_deref() == Some("NAMED");
        let values: Vec<String> = (0..names.len())
            .map(|i| values.get(i).cloned().unwrap_or_default())
            .collect();
        picker.fields = names
            .into_iter()
            .zip(values.iter().cloned())
            .map(|(name, value)| Field {
                label: if named {
                    name
                } else {
                    format!("{{{{{name}}}}}")
                },
                value,
            })
            .collect();
        picker.preview = Some(chosen.preview(&values));
    }
    Ok(picker)
}
