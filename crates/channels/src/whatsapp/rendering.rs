//! A template as the resident reads it: Meta's components (`HEADER`, `BODY`, `FOOTER`,
//! `BUTTONS`) with the body's parameters filled in, and which media its header needs.

use loket_domain::message::MediaKind;
use loket_domain::outbound::{RenderedTemplate, TemplateParams};
use serde_json::Value;

use super::templates::TemplateInfo;

impl TemplateInfo {
    /// The text the resident reads when the template is sent with `params`. A placeholder
    /// without a value stays as it is written (the send checks the parameters first).
    pub fn render(&self, params: &TemplateParams) -> RenderedTemplate {
        let text_of = |kind| {
            self.component(kind)
                .and_then(|c| c.get("text"))
                .and_then(Value::as_str)
        };
        let header = self
            .component("HEADER")
            .filter(|h| format_of(h).is_none_or(|f| f.eq_ignore_ascii_case("TEXT")))
            .and_then(|h| h.get("text"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let buttons = self
            .component("BUTTONS")
            .and_then(|b| b.get("buttons"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|b| b.get("text").and_then(Value::as_str).map(str::to_owned))
            .collect();
        RenderedTemplate {
            header,
            body: fill(text_of("BODY").unwrap_or_default(), params),
            footer: text_of("FOOTER").map(str::to_owned),
            buttons,
        }
    }

    /// The kind of media the header shows (`IMAGE`, `VIDEO`, `DOCUMENT`): a send must
    /// give it, or Meta refuses the message after it was queued.
    pub fn header_media_kind(&self) -> Option<MediaKind> {
        let format = format_of(self.component("HEADER")?)?;
        match format.to_ascii_uppercase().as_str() {
            "IMAGE" => Some(MediaKind::Image),
            "VIDEO" => Some(MediaKind::Video),
            "DOCUMENT" => Some(MediaKind::Document),
            _ => None,
        }
    }
}

fn format_of(component: &Value) -> Option<&str> {
    component.get("format").and_then(Value::as_str)
}

/// `text` with each `{{n}}` (1-based) or `{{name}}` replaced by its value.
fn fill(text: &str, params: &TemplateParams) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        out.push_str(&rest[..start]);
        let key = after[..end].trim();
        let value = match params {
            TemplateParams::Positional(values) => key
                .parse::<usize>()
                .ok()
                .and_then(|n| values.get(n.checked_sub(1)?)),
            TemplateParams::Named(values) => values.get(key),
        };
        match value {
            Some(v) => out.push_str(v),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template(components: Value) -> TemplateInfo {
        serde_json::from_value(json!({"name": "t", "language": "nl", "components": components}))
            .unwrap()
    }

    #[test]
    fn the_resident_reads_header_body_with_parameters_footer_and_buttons() {
        let t = template(json!([
            {"type": "HEADER", "format": "TEXT", "text": "Uw afspraak"},
            {"type": "BODY", "text": "Beste {{1}}, u bent welkom op {{2}}. Groet, {{1}}?"},
            {"type": "FOOTER", "text": "Gemeente Utrecht"},
            {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Ja"},
                                             {"type": "URL", "text": "Bekijk", "url": "https://x/{{1}}"}]}
        ]));
        let params = TemplateParams::Positional(vec!["Fatima".into(), "2 mei".into()]);
        let got = t.render(&params);
        assert_eq!(got.header.as_deref(), Some("Uw afspraak"));
        assert_eq!(
            got.body,
            "Beste Fatima, u bent welkom op 2 mei. Groet, Fatima?"
        );
        assert_eq!(got.footer.as_deref(), Some("Gemeente Utrecht"));
        assert_eq!(got.buttons, ["Ja", "Bekijk"]);
        assert_eq!(t.header_media_kind(), None);
    }

    #[test]
    fn named_parameters_are_filled_by_name_and_unknown_ones_stay() {
        let t = template(json!([{"type": "BODY", "text": "Hoi {{ naam }}, {{zaak}} {{x"}]));
        let params = TemplateParams::Named([("naam".to_owned(), "Piet".to_owned())].into());
        assert_eq!(t.render(&params).body, "Hoi Piet, {{zaak}} {{x");
    }

    #[test]
    fn a_media_header_names_the_media_it_needs_and_is_no_text() {
        let t =
            template(json!([{"type": "HEADER", "format": "IMAGE"}, {"type": "BODY", "text": "x"}]));
        assert_eq!(t.header_media_kind(), Some(MediaKind::Image));
        assert_eq!(t.render(&TemplateParams::default()).header, None);
    }
}
