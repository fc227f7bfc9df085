//! Validation of a `POST /{phone-number-id}/messages` body, as Meta does it: the common
//! fields, then the payload of its `type` (§3.1 of the reference). Templates are checked
//! against the template store in [`super::templates`].

use serde_json::{Map, Value};

use super::error::MetaError;

/// What the messages handler needs from a valid body.
#[derive(Debug, Clone)]
pub(crate) struct Valid {
    /// `to` (or `recipient`) exactly as sent.
    pub input: String,
    /// The recipient's digits (`wa_id`, `recipient_id`), or their business-scoped user id
    /// when the send named one: the key of their window and rate limits.
    pub wa_id: String,
    /// The business-scoped user id a send to `recipient` named (statuses carry it as
    /// `recipient_user_id`).
    pub user_id: Option<String>,
    /// `type` (`text` when absent, as Meta defaults it).
    pub kind: String,
    /// An audio message with `"voice":true` (gets a `played` status).
    pub voice: bool,
}

type Checked<T = ()> = Result<T, MetaError>;

const MEDIA_TYPES: [&str; 5] = ["image", "audio", "video", "document", "sticker"];

/// Checks the common fields and the type payload. `media_mime` looks up a media id
/// (uploaded or received) and gives its mime type; `country_code` is the business number's,
/// prepended to national numbers (`06…`).
pub(crate) fn validate(
    body: &Value,
    media_mime: &dyn Fn(&str) -> Option<String>,
    country_code: &str,
) -> Checked<Valid> {
    let root = body
        .as_object()
        .ok_or_else(|| MetaError::invalid("The request body must be a JSON object."))?;
    match string(root, "messaging_product", "messaging_product")? {
        "whatsapp" => {}
        other => {
            return Err(MetaError::invalid(format!(
                "Param messaging_product must be 'whatsapp', got '{other}'."
            )));
        }
    }
    if let Some(kind) = opt_str(root, "recipient_type", "recipient_type")?
        && !matches!(kind, "individual" | "group")
    {
        return Err(MetaError::invalid(
            "Param recipient_type must be one of {INDIVIDUAL, GROUP}.",
        ));
    }
    let (input, wa_id, user_id) = addressee(root, country_code)?;
    let kind = opt_str(root, "type", "type")?.unwrap_or("text").to_owned();
    if let Some(context) = root.get("context") {
        if kind == "reaction" {
            return Err(MetaError::invalid(
                "Param context is not allowed for reaction messages.",
            ));
        }
        string(
            as_object(context, "context")?,
            "message_id",
            "context['message_id']",
        )?;
    }
    if let Some(data) = root.get("biz_opaque_callback_data")
        && data.as_str().is_none_or(|d| d.chars().count() > 512)
    {
        return Err(MetaError::invalid(
            "Param biz_opaque_callback_data must be a string of at most 512 characters.",
        ));
    }
    let payload = root.get(&kind).ok_or_else(|| MetaError::missing(&kind))?;
    let mut voice = false;
    match kind.as_str() {
        "text" => text(payload)?,
        media if MEDIA_TYPES.contains(&media) => voice = self::media(media, payload, media_mime)?,
        "location" => location(payload)?,
        "contacts" => contacts(payload)?,
        "interactive" => super::interactive::interactive(payload)?,
        "reaction" => reaction(payload)?,
        "template" => {
            // Checked against the store by the handler; only the shape here.
            let template = as_object(payload, "template")?;
            string(template, "name", "template['name']")?;
            string(
                as_object(
                    template
                        .get("language")
                        .ok_or_else(|| MetaError::missing("template['language']"))?,
                    "template['language']",
                )?,
                "code",
                "template['language']['code']",
            )?;
        }
        other => {
            return Err(MetaError::invalid(format!(
                "Param type ('{other}') must be one of {{AUDIO, CONTACTS, DOCUMENT, IMAGE, \
                 INTERACTIVE, LOCATION, REACTION, STICKER, TEMPLATE, TEXT, VIDEO}}."
            )));
        }
    }
    Ok(Valid {
        input,
        wa_id,
        user_id,
        kind,
        voice,
    })
}

/// Whom the send is for: `to` (a phone number), or `recipient` (a business-scoped user id,
/// for a resident known by no number) instead (§3.1) — exactly one of the two. Returns
/// `(input, key, user id)`.
fn addressee(
    root: &Map<String, Value>,
    country_code: &str,
) -> Checked<(String, String, Option<String>)> {
    if root.contains_key("recipient") {
        if root.contains_key("to") {
            return Err(MetaError::invalid(
                "Params to and recipient cannot be used together: use to for a phone number \
                 or recipient for a business-scoped user ID.",
            ));
        }
        let id = string(root, "recipient", "recipient")?;
        if !is_bsuid(id) {
            return Err(MetaError::invalid(format!(
                "Param recipient ('{id}') is not a valid business-scoped user ID."
            )));
        }
        return Ok((id.to_owned(), id.to_owned(), Some(id.to_owned())));
    }
    let input = string(root, "to", "to")?.to_owned();
    let wa_id = recipient_digits(&input, country_code).ok_or_else(|| {
        MetaError::invalid(format!("Param to ('{input}') is not a valid phone number."))
    })?;
    Ok((input, wa_id, None))
}

/// A business-scoped user id as Meta shows them: a country code, a dot and an opaque id
/// (`US.13491208655302741918`, `PE.967744529547245`).
pub(crate) fn is_bsuid(id: &str) -> bool {
    let Some((country, rest)) = id.split_once('.') else {
        return false;
    };
    country.len() == 2
        && country.bytes().all(|b| b.is_ascii_uppercase())
        && !rest.is_empty()
        && rest.len() <= 64
        && rest.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `+31 6-1234 5678`, `(031) …` → digits; a national number (`0612345678`, no `+`) gets
/// the business number's country code. `None` unless 8–15 digits remain.
pub(crate) fn recipient_digits(to: &str, country_code: &str) -> Option<String> {
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | ' ');
    if !to.chars().all(allowed) {
        return None;
    }
    let digits: String = to.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix('0') {
        Some(national) if !to.trim_start().starts_with('+') && !national.starts_with('0') => {
            format!("{country_code}{national}")
        }
        _ => digits,
    };
    (8..=15).contains(&digits.len()).then_some(digits)
}

fn text(payload: &Value) -> Checked {
    let text = as_object(payload, "text")?;
    let body = string(text, "body", "text['body']")?;
    not_blank(body, "text['body']")?;
    max_chars(body, 4096, "text['body']")?;
    if let Some(preview) = text.get("preview_url")
        && !preview.is_boolean()
    {
        return Err(MetaError::invalid(
            "Param text['preview_url'] must be a boolean.",
        ));
    }
    Ok(())
}

/// Exactly one of `id`/`link`; a known id; caption rules per type. Returns `voice`.
fn media(
    kind: &str,
    payload: &Value,
    media_mime: &dyn Fn(&str) -> Option<String>,
) -> Checked<bool> {
    let media = as_object(payload, kind)?;
    let mime = match (opt_str(media, "id", &format!("{kind}['id']"))?, opt_str(media, "link", &format!("{kind}['link']"))?) {
        (Some(_), Some(_)) => {
            return Err(MetaError::invalid(format!(
                "Param {kind} must have exactly one of id or link, not both."
            )));
        }
        (None, None) => return Err(MetaError::missing(&format!("{kind}['id'] or {kind}['link']"))),
        (Some(id), None) => Some(media_mime(id).ok_or_else(|| {
            MetaError::invalid(format!(
                "Param {kind}['id'] ('{id}') is not a valid WhatsApp Business Account media attachment ID."
            ))
        })?),
        (None, Some(link)) => {
            if !(link.starts_with("https://") || link.starts_with("http://")) {
                return Err(MetaError::invalid(format!(
                    "Param {kind}['link'] must be an http or https URL."
                )));
            }
            None
        }
    };
    if let Some(caption) = opt_str(media, "caption", &format!("{kind}['caption']"))? {
        if matches!(kind, "audio" | "sticker") {
            return Err(MetaError::invalid(format!(
                "Param {kind}['caption'] is not allowed."
            )));
        }
        max_chars(caption, 1024, &format!("{kind}['caption']"))?;
    }
    if kind == "document" {
        opt_str(media, "filename", "document['filename']")?;
    }
    let voice = match media.get("voice") {
        None => false,
        Some(Value::Bool(voice)) if kind == "audio" => *voice,
        Some(_) => {
            return Err(MetaError::invalid(format!(
                "Param {kind}['voice'] must be a boolean and is only allowed for audio."
            )));
        }
    };
    if voice && mime.is_some_and(|m| !m.starts_with("audio/ogg")) {
        return Err(MetaError::invalid(
            "Param audio['voice'] is only allowed for OGG/OPUS audio.",
        ));
    }
    Ok(voice)
}

fn location(payload: &Value) -> Checked {
    let location = as_object(payload, "location")?;
    for (key, limit) in [("latitude", 90.0), ("longitude", 180.0)] {
        let path = format!("location['{key}']");
        let value = location.get(key).ok_or_else(|| MetaError::missing(&path))?;
        let number = match value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        if !number.is_some_and(|n: f64| n.is_finite() && n.abs() <= limit) {
            return Err(MetaError::invalid(format!(
                "Param {path} must be a number between -{limit} and {limit}."
            )));
        }
    }
    opt_str(location, "name", "location['name']")?;
    opt_str(location, "address", "location['address']")?;
    Ok(())
}

fn contacts(payload: &Value) -> Checked {
    let cards = payload
        .as_array()
        .ok_or_else(|| MetaError::invalid("Param contacts must be an array."))?;
    if cards.is_empty() {
        return Err(MetaError::invalid("Param contacts must not be empty."));
    }
    for (i, card) in cards.iter().enumerate() {
        let card = as_object(card, &format!("contacts[{i}]"))?;
        let name_path = format!("contacts[{i}]['name']");
        let name = as_object(
            card.get("name")
                .ok_or_else(|| MetaError::missing(&name_path))?,
            &name_path,
        )?;
        let formatted = string(
            name,
            "formatted_name",
            &format!("{name_path}['formatted_name']"),
        )?;
        not_blank(formatted, &format!("{name_path}['formatted_name']"))?;
    }
    Ok(())
}

fn reaction(payload: &Value) -> Checked {
    let reaction = as_object(payload, "reaction")?;
    let message_id = string(reaction, "message_id", "reaction['message_id']")?;
    not_blank(message_id, "reaction['message_id']")?;
    // An empty emoji removes the reaction; otherwise one emoji (a short grapheme cluster).
    let emoji = string(reaction, "emoji", "reaction['emoji']")?;
    max_chars(emoji, 10, "reaction['emoji']")
}

pub(super) fn as_object<'a>(value: &'a Value, path: &str) -> Checked<&'a Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| MetaError::invalid(format!("Param {path} must be a JSON object.")))
}

/// A required string field.
pub(super) fn string<'a>(
    parent: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Checked<&'a str> {
    opt_str(parent, key, path)?.ok_or_else(|| MetaError::missing(path))
}

/// An optional string field (present but not a string is invalid).
pub(super) fn opt_str<'a>(
    parent: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Checked<Option<&'a str>> {
    match parent.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(MetaError::invalid(format!(
            "Param {path} must be a string."
        ))),
    }
}

pub(super) fn max_chars(text: &str, max: usize, path: &str) -> Checked {
    if text.chars().count() > max {
        return Err(MetaError::invalid(format!(
            "Param {path} must be at most {max} characters long."
        )));
    }
    Ok(())
}

pub(super) fn not_blank(text: &str, path: &str) -> Checked {
    if text.trim().is_empty() {
        return Err(MetaError::invalid(format!(
            "Param {path} must be a non-empty string."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_are_normalised_to_digits_with_the_business_country_code_for_national_numbers() {
        assert_eq!(
            recipient_digits("+31 6-1234 5678", "31").unwrap(),
            "31612345678"
        );
        assert_eq!(
            recipient_digits("31612345678", "31").unwrap(),
            "31612345678"
        );
        assert_eq!(recipient_digits("0612345678", "31").unwrap(), "31612345678");
        assert_eq!(
            recipient_digits("(+1) 650 555 1234", "31").unwrap(),
            "16505551234"
        );
        assert!(recipient_digits("abc", "31").is_none());
        assert!(recipient_digits("123", "31").is_none());
    }
}
