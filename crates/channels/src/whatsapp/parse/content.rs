//! One WhatsApp message object → [`Content`]. Never fails: whatever does not have the
//! shape we expect becomes [`Content::Unsupported`] with the message object as `raw`.

use loket_domain::message::{
    Content, Location, Media, MediaKind, MessageContext, OrderItem, ReplyKind, SharedContact,
};
use loket_domain::nesting::parse_bounded;
use serde_json::Value;

use super::json::{flag_at, id_string, number, str_at, text_at};

/// The content of a message object (also used for the message nested in an `edit`).
pub(super) fn content(msg: &Value) -> Content {
    let ty = str_at(msg, "type").unwrap_or("");
    known(ty, msg).unwrap_or_else(|| Content::Unsupported {
        provider_type: unsupported_type(ty, msg),
        raw: msg.clone(),
    })
}

/// The content of a type we understand, or `None` when the type is unknown or its
/// object is malformed.
fn known(ty: &str, msg: &Value) -> Option<Content> {
    match ty {
        "text" => Some(Content::Text {
            body: str_at(msg.get("text")?, "body")?.to_owned(),
        }),
        "image" => media(MediaKind::Image, msg.get("image")?),
        "video" => media(MediaKind::Video, msg.get("video")?),
        "audio" => media(MediaKind::Audio, msg.get("audio")?),
        "document" => media(MediaKind::Document, msg.get("document")?),
        "sticker" => media(MediaKind::Sticker, msg.get("sticker")?),
        "location" => location(msg.get("location")?),
        "contacts" => contacts(msg.get("contacts")?),
        "interactive" => interactive(msg.get("interactive")?),
        "button" => button(msg.get("button")?),
        "reaction" => reaction(msg.get("reaction")?),
        "order" => order(msg.get("order")?),
        "system" => system(msg.get("system")?),
        "edit" => edit(msg.get("edit")?),
        "revoke" => Some(Content::Revoke {
            original: original_id(msg.get("revoke")?)?,
        }),
        "unsupported" => unsupported_edit(msg),
        // Every type we do not know.
        _ => None,
    }
}

/// The provider type to record for content we could not map.
fn unsupported_type(ty: &str, msg: &Value) -> String {
    match ty {
        "unsupported" => msg
            .get("unsupported")
            .and_then(|u| text_at(u, "type"))
            .unwrap_or_else(|| "unsupported".to_owned()),
        "" => "unknown".to_owned(),
        other => other.to_owned(),
    }
}

fn media(kind: MediaKind, m: &Value) -> Option<Content> {
    Some(Content::Media(Media {
        kind,
        provider_media_id: m.get("id").and_then(id_string).filter(|s| !s.is_empty())?,
        mime_type: text_at(m, "mime_type"),
        sha256: text_at(m, "sha256"),
        caption: text_at(m, "caption"),
        filename: text_at(m, "filename"),
        voice: flag_at(m, "voice"),
        animated: flag_at(m, "animated"),
    }))
}

fn location(l: &Value) -> Option<Content> {
    Some(Content::Location(Location {
        latitude: number(l.get("latitude")?)?,
        longitude: number(l.get("longitude")?)?,
        name: text_at(l, "name"),
        address: text_at(l, "address"),
        url: text_at(l, "url"),
    }))
}

fn contacts(cards: &Value) -> Option<Content> {
    let cards = cards.as_array()?;
    let contacts = cards
        .iter()
        .map(|card| SharedContact {
            formatted_name: card.get("name").and_then(|n| text_at(n, "formatted_name")),
            phones: card
                .get("phones")
                .and_then(Value::as_array)
                .map(|phones| phones.iter().filter_map(|p| text_at(p, "phone")).collect())
                .unwrap_or_default(),
            card: card.clone(),
        })
        .collect();
    Some(Content::Contacts { contacts })
}

fn interactive(i: &Value) -> Option<Content> {
    // The sub-object named by `type`; without a `type`, whichever reply object is present.
    let ty = str_at(i, "type").or_else(|| {
        ["button_reply", "list_reply", "nfm_reply"]
            .into_iter()
            .find(|k| i.get(*k).is_some())
    })?;
    let reply = |reply_kind, r: &Value| {
        Some(Content::InteractiveReply {
            reply_kind,
            id: r.get("id").and_then(id_string)?,
            title: str_at(r, "title")?.to_owned(),
            description: text_at(r, "description"),
        })
    };
    match ty {
        "button_reply" => reply(ReplyKind::Button, i.get("button_reply")?),
        "list_reply" => reply(ReplyKind::List, i.get("list_reply")?),
        "nfm_reply" => {
            let n = i.get("nfm_reply")?;
            // Text that is not JSON, or nests too deep to keep as a tree, is kept as text.
            let response = match n.get("response_json") {
                Some(Value::String(s)) => parse_bounded(s),
                Some(other) => other.clone(),
                None => Value::Null,
            };
            Some(Content::FlowReply {
                name: text_at(n, "name"),
                body: text_at(n, "body"),
                response,
            })
        }
        _ => None,
    }
}

fn button(b: &Value) -> Option<Content> {
    let payload = str_at(b, "payload");
    let text = str_at(b, "text");
    if payload.is_none() && text.is_none() {
        return None;
    }
    Some(Content::TemplateButtonReply {
        payload: payload.or(text).unwrap_or_default().to_owned(),
        text: text.or(payload).unwrap_or_default().to_owned(),
    })
}

fn reaction(r: &Value) -> Option<Content> {
    Some(Content::Reaction {
        target: text_at(r, "message_id")?,
        emoji: text_at(r, "emoji"),
    })
}

fn order(o: &Value) -> Option<Content> {
    let items = match o.get("product_items") {
        Some(Value::Array(items)) => items.iter().map(order_item).collect::<Option<_>>()?,
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return None,
    };
    Some(Content::Order {
        catalog_id: o
            .get("catalog_id")
            .and_then(id_string)
            .filter(|s| !s.is_empty()),
        text: text_at(o, "text"),
        items,
    })
}

fn order_item(item: &Value) -> Option<OrderItem> {
    Some(OrderItem {
        product_retailer_id: item.get("product_retailer_id").and_then(id_string)?,
        quantity: number(item.get("quantity")?)?,
        item_price: number(item.get("item_price")?)?,
        currency: str_at(item, "currency").unwrap_or_default().to_owned(),
    })
}

fn system(s: &Value) -> Option<Content> {
    Some(Content::System {
        kind: text_at(s, "type")?,
        body: text_at(s, "body"),
        new_wa_id: text_at(s, "wa_id").or_else(|| text_at(s, "new_wa_id")),
    })
}

fn edit(e: &Value) -> Option<Content> {
    let nested = e.get("message").filter(|m| m.is_object())?;
    Some(Content::Edit {
        original: original_id(e)?,
        content: Box::new(content(nested)),
    })
}

/// Meta's `unsupported` of `type: edit`: the resident edited a message, but Meta names
/// neither the message nor its new text. Shown as a notice saying so (the raw object is
/// kept on the message), not as an unknown type.
fn unsupported_edit(msg: &Value) -> Option<Content> {
    (msg.get("unsupported").and_then(|u| text_at(u, "type")).as_deref() == Some("edit")).then(
        || Content::System {
            kind: EDIT_UNAVAILABLE.into(),
            body: Some(
                "De inwoner heeft een bericht bewerkt; WhatsApp stuurt niet mee welk bericht of de nieuwe tekst."
                    .into(),
            ),
            new_wa_id: None,
        },
    )
}

/// The notice kind of an edit Meta could not show (see [`unsupported_edit`]).
pub const EDIT_UNAVAILABLE: &str = "edit_unavailable";

fn original_id(v: &Value) -> Option<String> {
    text_at(v, "original_message_id")
}

/// `context`: what the message replies to, forwarding flags, a product enquiry.
pub(super) fn context(c: Option<&Value>) -> MessageContext {
    let Some(c) = c.filter(|c| c.is_object()) else {
        return MessageContext::default();
    };
    MessageContext {
        reply_to: text_at(c, "id"),
        forwarded: flag_at(c, "forwarded"),
        frequently_forwarded: flag_at(c, "frequently_forwarded"),
        referred_product: c.get("referred_product").filter(|p| !p.is_null()).cloned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_known_type_with_a_malformed_object_is_kept_as_unsupported() {
        let msg = json!({"type": "image", "image": {"mime_type": "image/jpeg"}});
        assert_eq!(
            content(&msg),
            Content::Unsupported {
                provider_type: "image".into(),
                raw: msg.clone()
            }
        );
    }

    #[test]
    fn an_unsupported_edit_is_recognised_as_an_edit_notice() {
        let msg = json!({"from": "16505551234", "id": "wamid.x", "timestamp": "1750090702",
            "type": "unsupported", "unsupported": {"type": "edit"},
            "errors": [{"code": 131051, "title": "Message type unknown"}]});
        assert!(matches!(content(&msg),
            Content::System { kind, body: Some(_), .. } if kind == EDIT_UNAVAILABLE));
        let other = json!({"type": "unsupported", "unsupported": {"type": "poll_creation"}});
        assert!(matches!(content(&other),
            Content::Unsupported { provider_type, .. } if provider_type == "poll_creation"));
    }

    #[test]
    fn a_message_without_a_type_is_unsupported_of_type_unknown() {
        let msg = json!({"text": {"body": "hoi"}});
        assert!(matches!(content(&msg),
            Content::Unsupported { provider_type, .. } if provider_type == "unknown"));
    }

    #[test]
    fn order_prices_and_quantities_may_be_numeric_strings() {
        let msg = json!({"type": "order", "order": {"catalog_id": 194836987003835u64, "text": "",
            "product_items": [{"product_retailer_id": "di9ozbzfi4", "quantity": "2",
                               "item_price": "30.50", "currency": "EUR"}]}});
        let Content::Order {
            catalog_id,
            text,
            items,
        } = content(&msg)
        else {
            panic!("not an order");
        };
        assert_eq!(catalog_id.as_deref(), Some("194836987003835"));
        assert_eq!(text, None);
        assert_eq!(items[0].quantity, 2.0);
        assert_eq!(items[0].item_price, 30.5);
    }

    #[test]
    fn a_flow_response_that_is_not_json_is_kept_as_a_string() {
        let msg = json!({"type": "interactive", "interactive": {"type": "nfm_reply",
            "nfm_reply": {"response_json": "not json", "name": "flow"}}});
        assert!(matches!(content(&msg),
            Content::FlowReply { response: Value::String(s), .. } if s == "not json"));
    }

    #[test]
    fn a_flow_response_nested_too_deep_is_kept_as_its_text() {
        let deep = format!("{}1{}", "[".repeat(127), "]".repeat(127));
        let msg = json!({"type": "interactive", "interactive": {"type": "nfm_reply",
            "nfm_reply": {"response_json": deep, "name": "flow"}}});
        assert!(matches!(content(&msg),
            Content::FlowReply { response: Value::String(s), .. } if s == deep));
    }

    #[test]
    fn an_on_prem_number_change_uses_new_wa_id() {
        let msg = json!({"type": "system", "system": {"type": "user_changed_number",
            "new_wa_id": "31612345678"}});
        assert!(matches!(content(&msg),
            Content::System { new_wa_id: Some(n), .. } if n == "31612345678"));
    }
}
