//! Builders for inbound webhook bodies (§2.1–2.2 of the reference): the envelope and one
//! builder per message type. Each message gets a fresh wamid and the clock's timestamp.

use std::sync::atomic::Ordering;

use serde_json::{Map, Value, json};

use crate::{GraphSim, Resident};

/// A shared location (`type:"location"`). A current/pinned location has no name or address.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    pub name: Option<String>,
    pub address: Option<String>,
}

/// A contact card (`type:"contacts"`) with one phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactCard {
    pub first_name: String,
    pub last_name: String,
    /// As the resident's phone shows it, e.g. `"+31 6 12345678"`.
    pub phone: String,
    /// The number's WhatsApp id, if it has WhatsApp.
    pub wa_id: Option<String>,
}

/// `message` as a reply quoting `quoted_id`, sent by `quoted_from` (the resident's own
/// number, or the business number when quoting the municipality).
pub fn with_context(mut message: Value, quoted_from: &str, quoted_id: &str) -> Value {
    message["context"] = json!({"from": quoted_from, "id": quoted_id});
    message
}

impl GraphSim {
    /// A `messages` webhook from the configured WABA and business number. `contacts` is left
    /// out when empty (as for `system` messages).
    pub fn envelope(&self, messages: Vec<Value>, contacts: Vec<Value>) -> Value {
        let config = &self.shared.config;
        let mut value = json!({
            "messaging_product": "whatsapp",
            "metadata": {
                "display_phone_number": config.display_phone_number,
                "phone_number_id": config.phone_number_id,
            },
        });
        if !contacts.is_empty() {
            value["contacts"] = Value::Array(contacts);
        }
        value["messages"] = Value::Array(messages);
        json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": config.waba_id, "changes": [{"value": value, "field": "messages"}]}],
        })
    }

    /// The common fields of a message from `from` of type `kind`, with `payload` under `kind`.
    pub fn message(&self, from: &Resident, kind: &str, payload: Value) -> Value {
        let mut message = Map::new();
        message.insert("from".into(), from.wa_id.clone().into());
        message.insert("from_user_id".into(), from.user_id.clone().into());
        message.insert("id".into(), crate::ids::inbound_wamid(&from.wa_id).into());
        let timestamp = self.shared.clock.now().as_second().to_string();
        message.insert("timestamp".into(), timestamp.into());
        message.insert("type".into(), kind.into());
        message.insert(kind.into(), payload);
        Value::Object(message)
    }

    /// `type:"text"`.
    pub fn text(&self, from: &Resident, body: &str) -> Value {
        self.message(from, "text", json!({ "body": body }))
    }

    /// `type:"image"` for media added with [`GraphSim::add_media`].
    ///
    /// # Panics
    /// If `media_id` is unknown (or expired): that is a bug in the caller.
    pub fn image(&self, from: &Resident, media_id: &str, caption: Option<&str>) -> Value {
        self.media_message(from, "image", media_id, caption, json!({}))
    }

    /// `type:"video"`. Panics like [`GraphSim::image`].
    pub fn video(&self, from: &Resident, media_id: &str, caption: Option<&str>) -> Value {
        self.media_message(from, "video", media_id, caption, json!({}))
    }

    /// `type:"document"` with its file name. Panics like [`GraphSim::image`].
    pub fn document(
        &self,
        from: &Resident,
        media_id: &str,
        filename: &str,
        caption: Option<&str>,
    ) -> Value {
        let extra = json!({ "filename": filename });
        self.media_message(from, "document", media_id, caption, extra)
    }

    /// `type:"sticker"` (not animated). Panics like [`GraphSim::image`].
    pub fn sticker(&self, from: &Resident, media_id: &str) -> Value {
        self.media_message(from, "sticker", media_id, None, json!({"animated": false}))
    }

    /// A voice note: `type:"audio"` with `"voice":true`; add the media as
    /// `audio/ogg; codecs=opus` (see [`crate::files::voice_note`]). Panics like
    /// [`GraphSim::image`].
    pub fn voice_note(&self, from: &Resident, media_id: &str) -> Value {
        self.media_message(from, "audio", media_id, None, json!({"voice": true}))
    }

    fn media_message(
        &self,
        from: &Resident,
        kind: &str,
        media_id: &str,
        caption: Option<&str>,
        extra: Value,
    ) -> Value {
        let (mime, sha256) = self
            .media_meta(media_id)
            .unwrap_or_else(|| panic!("media {media_id} was not added with GraphSim::add_media"));
        let mut payload = extra;
        if let Some(caption) = caption {
            payload["caption"] = caption.into();
        }
        payload["mime_type"] = mime.into();
        payload["sha256"] = sha256.into();
        payload["id"] = media_id.into();
        if self.shared.media_urls_in_webhooks.load(Ordering::Relaxed) {
            payload["url"] = self.shared.media_url(media_id, true).into();
        }
        self.message(from, kind, payload)
    }

    /// `type:"location"`; latitude and longitude are JSON numbers.
    pub fn location(&self, from: &Resident, location: &Location) -> Value {
        let mut payload = json!({"latitude": location.latitude, "longitude": location.longitude});
        if let Some(name) = &location.name {
            payload["name"] = name.as_str().into();
        }
        if let Some(address) = &location.address {
            payload["address"] = address.as_str().into();
        }
        self.message(from, "location", payload)
    }

    /// `type:"contacts"` with one card.
    pub fn contact_card(&self, from: &Resident, card: &ContactCard) -> Value {
        let mut phone = json!({"phone": card.phone, "type": "CELL"});
        if let Some(wa_id) = &card.wa_id {
            phone["wa_id"] = wa_id.as_str().into();
        }
        let formatted_name = format!("{} {}", card.first_name, card.last_name);
        let contact = json!({
            "name": {
                "first_name": card.first_name,
                "last_name": card.last_name,
                "formatted_name": formatted_name,
            },
            "phones": [phone],
        });
        self.message(from, "contacts", json!([contact]))
    }

    /// `type:"reaction"` to `message_id`; an empty `emoji` removes the reaction.
    pub fn reaction(&self, from: &Resident, message_id: &str, emoji: &str) -> Value {
        self.message(
            from,
            "reaction",
            json!({"message_id": message_id, "emoji": emoji}),
        )
    }

    /// An `interactive/button_reply` to the business's interactive message `context_id`.
    pub fn button_reply(&self, from: &Resident, context_id: &str, id: &str, title: &str) -> Value {
        let payload = json!({"type": "button_reply", "button_reply": {"id": id, "title": title}});
        let message = self.message(from, "interactive", payload);
        with_context(
            message,
            &self.shared.config.display_phone_number,
            context_id,
        )
    }

    /// An `interactive/list_reply` to the business's list message `context_id`.
    pub fn list_reply(
        &self,
        from: &Resident,
        context_id: &str,
        id: &str,
        title: &str,
        description: Option<&str>,
    ) -> Value {
        let mut row = json!({"id": id, "title": title});
        if let Some(description) = description {
            row["description"] = description.into();
        }
        let payload = json!({"type": "list_reply", "list_reply": row});
        let message = self.message(from, "interactive", payload);
        with_context(
            message,
            &self.shared.config.display_phone_number,
            context_id,
        )
    }

    /// `type:"unsupported"` (e.g. `kind` = `"edit"`, `"poll_creation"`) with error 131051.
    pub fn unsupported(&self, from: &Resident, kind: &str) -> Value {
        let mut message = self.message(from, "unsupported", json!({ "type": kind }));
        message["errors"] = json!([{
            "code": 131051,
            "title": "Message type unknown",
            "message": "Message type unknown",
            "error_data": {"details": "Message type is currently not supported."},
        }]);
        message
    }
}
