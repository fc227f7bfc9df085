//! Message templates of the simulated WhatsApp Business Account: a few Dutch municipal ones
//! are seeded at start; tests add more, change their status and deliver
//! `message_template_status_update` webhooks (§2.6 of the reference).

use serde_json::{Value, json};

use crate::GraphSim;
use crate::webhook::Delivered;

/// How a template's variables are written: `{{voornaam}}` or `{{1}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterFormat {
    Named,
    Positional,
}

impl ParameterFormat {
    /// `"NAMED"` / `"POSITIONAL"`, as Meta lists it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Named => "NAMED",
            Self::Positional => "POSITIONAL",
        }
    }
}

/// One template in one language, as `GET /{waba-id}/message_templates` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// Numeric id as a string (a JSON number in status webhooks). Empty: the sim picks one.
    pub id: String,
    /// Lowercase with underscores, e.g. `vraag_nog_open`.
    pub name: String,
    /// Meta's language code, e.g. `nl` or `en_US`.
    pub language: String,
    /// `UTILITY`, `MARKETING` or `AUTHENTICATION`.
    pub category: String,
    /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`, … Only `APPROVED` can be sent.
    pub status: String,
    pub parameter_format: ParameterFormat,
    /// Meta's component objects (`HEADER`, `BODY`, `FOOTER`, `BUTTONS`).
    pub components: Vec<Value>,
}

impl Template {
    /// An `APPROVED` template with this body. The format follows the body's variables:
    /// `{{1}}` makes it positional, `{{voornaam}}` named (no variables: positional).
    pub fn new(name: &str, language: &str, category: &str, body: &str) -> Self {
        let names = placeholders(body);
        let format = if names.iter().any(|n| !n.chars().all(|c| c.is_ascii_digit())) {
            ParameterFormat::Named
        } else {
            ParameterFormat::Positional
        };
        let mut component = json!({"type": "BODY", "text": body});
        if !names.is_empty() {
            let examples: Vec<String> = names.iter().map(|n| example_value(n)).collect();
            component["example"] = match format {
                ParameterFormat::Named => {
                    let params: Vec<Value> = names
                        .iter()
                        .zip(&examples)
                        .map(|(n, e)| json!({"param_name": n, "example": e}))
                        .collect();
                    json!({ "body_text_named_params": params })
                }
                ParameterFormat::Positional => json!({ "body_text": [examples] }),
            };
        }
        Self {
            id: String::new(),
            name: name.to_owned(),
            language: language.to_owned(),
            category: category.to_owned(),
            status: "APPROVED".to_owned(),
            parameter_format: format,
            components: vec![component],
        }
    }

    /// With another status (`PENDING`, `REJECTED`, …).
    pub fn with_status(mut self, status: &str) -> Self {
        self.status = status.to_owned();
        self
    }

    /// With a `TEXT` header (may hold one variable).
    pub fn with_text_header(mut self, text: &str) -> Self {
        self.components
            .insert(0, json!({"type": "HEADER", "format": "TEXT", "text": text}));
        self
    }

    /// With a media header: `format` is `IMAGE`, `VIDEO` or `DOCUMENT`. Sends must then give
    /// the media as a header parameter.
    pub fn with_media_header(mut self, format: &str) -> Self {
        let example =
            json!({"header_handle": ["https://scontent.whatsapp.net/v/t61.29466-34/sim"]});
        self.components.insert(
            0,
            json!({"type": "HEADER", "format": format, "example": example}),
        );
        self
    }

    /// With a `FOOTER`.
    pub fn with_footer(mut self, text: &str) -> Self {
        self.components
            .push(json!({"type": "FOOTER", "text": text}));
        self
    }

    /// With a `QUICK_REPLY` button.
    pub fn with_quick_reply(self, text: &str) -> Self {
        self.with_button(json!({"type": "QUICK_REPLY", "text": text}))
    }

    /// With a `URL` button; a `{{1}}` at the end of `url` is a variable suffix the send fills.
    pub fn with_url_button(self, text: &str, url: &str) -> Self {
        let mut button = json!({"type": "URL", "text": text, "url": url});
        if url.contains("{{1}}") {
            button["example"] = json!([url.replace("{{1}}", "voorbeeld")]);
        }
        self.with_button(button)
    }

    fn with_button(mut self, button: Value) -> Self {
        let existing = self.components.iter_mut().find(|c| c["type"] == "BUTTONS");
        match existing {
            Some(buttons) => {
                if let Some(list) = buttons["buttons"].as_array_mut() {
                    list.push(button);
                }
            }
            None => self
                .components
                .push(json!({"type": "BUTTONS", "buttons": [button]})),
        }
        self
    }

    /// The component of `kind` (`HEADER`, `BODY`, `BUTTONS`).
    pub(crate) fn component(&self, kind: &str) -> Option<&Value> {
        self.components.iter().find(|c| c["type"] == kind)
    }

    /// The template as the listing returns it (all fields).
    pub fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "parameter_format": self.parameter_format.as_str(),
            "components": self.components,
            "language": self.language,
            "status": self.status,
            "category": self.category,
            "id": self.id,
        })
    }
}

/// The variable names in `text`, in order of appearance: `["voornaam"]`, `["1", "2"]`.
pub(crate) fn placeholders(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim().to_owned();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
        rest = &after[end + 2..];
    }
    names
}

fn example_value(name: &str) -> String {
    match name {
        "voornaam" => "Sanne".into(),
        "1" => "12 juni".into(),
        "2" => "10:30".into(),
        other => format!("voorbeeld {other}"),
    }
}

/// The templates seeded at start (all `nl`).
pub(crate) fn seed() -> Vec<Template> {
    vec![
        Template::new(
            "vraag_nog_open",
            "nl",
            "UTILITY",
            "Hoi {{voornaam}}, heeft je vraag nog antwoord nodig? Stuur ons gerust een bericht.",
        )
        .with_quick_reply("Ja, graag")
        .with_quick_reply("Nee, dank je"),
        Template::new(
            "afspraak_herinnering",
            "nl",
            "UTILITY",
            "Herinnering: je afspraak bij Gemeente Voorbeeld is op {{1}} om {{2}}. Neem je \
             identiteitsbewijs mee.",
        )
        .with_text_header("Je afspraak")
        .with_footer("Gemeente Voorbeeld"),
        Template::new(
            "tevredenheid_enquete",
            "nl",
            "MARKETING",
            "Hoi {{voornaam}}, je hebt onlangs contact gehad met Gemeente Voorbeeld. Wil je ons \
             laten weten hoe dat ging? Het invullen duurt twee minuten.",
        )
        .with_url_button(
            "Naar de enquête",
            "https://www.gemeente-voorbeeld.nl/enquete/{{1}}",
        ),
        Template::new(
            "werkzaamheden_melding",
            "nl",
            "UTILITY",
            "Let op: vanaf {{1}} wordt er gewerkt in de {{2}}. Bekijk de omleiding op de foto.",
        )
        .with_media_header("IMAGE"),
        Template::new(
            "nieuwsbrief_aanmelding",
            "nl",
            "MARKETING",
            "Hoi {{voornaam}}, wil je de nieuwsbrief van Gemeente Voorbeeld ontvangen?",
        )
        .with_status("PENDING"),
        Template::new(
            "actie_korting",
            "nl",
            "MARKETING",
            "Alleen deze week: 50% korting op je parkeervergunning!",
        )
        .with_status("REJECTED"),
    ]
}

/// The status a template has after a status event (`FLAGGED` changes nothing).
fn status_after(event: &str, current: &str) -> String {
    match event {
        "FLAGGED" => current.to_owned(),
        "REINSTATED" | "UNPAUSED" => "APPROVED".to_owned(),
        other => other.to_owned(),
    }
}

impl GraphSim {
    /// Add (or replace, by name and language) a template; returns its id.
    pub fn add_template(&self, mut template: Template) -> String {
        let mut templates = self.shared.templates();
        if template.id.is_empty() {
            template.id = crate::ids::object_id();
        }
        let id = template.id.clone();
        templates.retain(|t| !(t.name == template.name && t.language == template.language));
        templates.push(template);
        id
    }

    /// Set the status of the template `name` (all languages); `false` if there is none.
    pub fn set_template_status(&self, name: &str, status: &str) -> bool {
        let mut found = false;
        for template in self
            .shared
            .templates()
            .iter_mut()
            .filter(|t| t.name == name)
        {
            template.status = status.to_owned();
            found = true;
        }
        found
    }

    /// All templates, in listing order.
    pub fn templates(&self) -> Vec<Template> {
        self.shared.templates().clone()
    }

    /// A `message_template_status_update` webhook body for the template `name`/`language`:
    /// `event` (`APPROVED`, `REJECTED`, `PAUSED`, …) and `reason` (`NONE`, `PROMOTIONAL`, …;
    /// `None` gives JSON `null`). `None` if there is no such template.
    pub fn template_status_update(
        &self,
        name: &str,
        language: &str,
        event: &str,
        reason: Option<&str>,
    ) -> Option<Value> {
        let templates = self.shared.templates();
        let template = templates
            .iter()
            .find(|t| t.name == name && t.language == language)?;
        let id: Value = template
            .id
            .parse::<u64>()
            .map_or_else(|_| template.id.clone().into(), Value::from);
        let config = &self.shared.config;
        Some(json!({
            "entry": [{
                "id": config.waba_id,
                "time": self.shared.clock.now().as_second(),
                "changes": [{
                    "value": {
                        "event": event,
                        "message_template_id": id,
                        "message_template_name": template.name,
                        "message_template_language": template.language,
                        "reason": reason,
                        "message_template_category": template.category,
                    },
                    "field": "message_template_status_update",
                }],
            }],
            "object": "whatsapp_business_account",
        }))
    }

    /// Apply `event` to the template's status (`REINSTATED` → `APPROVED`, `FLAGGED` keeps it,
    /// any other event becomes the status) and deliver the signed status-update webhook.
    pub async fn deliver_template_status(
        &self,
        name: &str,
        language: &str,
        event: &str,
        reason: Option<&str>,
    ) -> anyhow::Result<Delivered> {
        let body = self
            .template_status_update(name, language, event, reason)
            .ok_or_else(|| anyhow::anyhow!("no template {name} in {language}"))?;
        for template in self
            .shared
            .templates()
            .iter_mut()
            .filter(|t| t.name == name && t.language == language)
        {
            template.status = status_after(event, &template.status);
        }
        self.deliver(&body).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_in_order_without_duplicates() {
        assert_eq!(
            placeholders("Hoi {{voornaam}}, {{ voornaam }}!"),
            ["voornaam"]
        );
        assert_eq!(placeholders("op {{1}} om {{2}}"), ["1", "2"]);
        assert!(placeholders("geen").is_empty());
    }

    #[test]
    fn the_format_follows_the_body_variables() {
        let named = Template::new("a", "nl", "UTILITY", "Hoi {{voornaam}}");
        assert_eq!(named.parameter_format, ParameterFormat::Named);
        assert_eq!(
            named.components[0]["example"]["body_text_named_params"][0]["param_name"],
            "voornaam"
        );
        let positional = Template::new("b", "nl", "UTILITY", "Op {{1}} om {{2}}");
        assert_eq!(positional.parameter_format, ParameterFormat::Positional);
        assert_eq!(
            positional.components[0]["example"]["body_text"][0][1],
            "10:30"
        );
    }
}
