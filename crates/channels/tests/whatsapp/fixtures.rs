//! Every variant of every fixture: parsed completely, nothing dropped, the right content.

use loket_channels::whatsapp::parse_webhook;
use loket_domain::Timestamp;
use loket_domain::delivery::DeliveryStatus;
use loket_domain::inbound::{AddressedEvent, InboundEvent};
use loket_domain::message::{Content, Location, Media, MediaKind, ReplyKind};
use serde_json::Value;

use crate::support::{Variant, all_variants, message, only, status};

/// The events a correct parser must produce for an envelope, counted from the JSON itself.
fn expected_event_count(envelope: &Value) -> usize {
    let mut n = 0;
    for entry in envelope["entry"].as_array().unwrap() {
        for change in entry["changes"].as_array().unwrap() {
            let value = &change["value"];
            let len = |k: &str| value[k].as_array().map_or(0, Vec::len);
            if change["field"] == "messages" {
                let (m, s, e) = (len("messages"), len("statuses"), len("errors"));
                // Value-level errors next to messages are attached to them.
                n += m + s + usize::from(e > 0 && m == 0);
                if m + s + e == 0 {
                    n += 1;
                }
            } else {
                n += 1;
            }
        }
    }
    n
}

/// The message objects of an envelope, in payload order.
fn message_objects(envelope: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    for entry in envelope["entry"].as_array().unwrap() {
        for change in entry["changes"].as_array().unwrap() {
            if let Some(messages) = change["value"]["messages"].as_array() {
                out.extend(messages);
            }
        }
    }
    out
}

#[test]
fn every_fixture_variant_parses_into_one_event_per_item_with_its_raw_object_kept() {
    let variants = all_variants();
    assert!(
        variants.len() >= 45,
        "only {} variants found",
        variants.len()
    );
    for Variant {
        file,
        name,
        body,
        envelope,
    } in &variants
    {
        let events = parse_webhook(body).unwrap_or_else(|e| panic!("{file} {name}: {e}"));
        assert_eq!(
            events.len(),
            expected_event_count(envelope),
            "{file} {name}: {events:#?}"
        );
        assert!(
            !events
                .iter()
                .any(|e| matches!(e.event, InboundEvent::Other { .. })),
            "{file} {name}: an item was not recognised: {events:#?}"
        );

        let raws: Vec<&Value> = events
            .iter()
            .filter_map(|e| match &e.event {
                InboundEvent::Message(m) => Some(&m.raw),
                _ => None,
            })
            .collect();
        assert_eq!(
            raws,
            message_objects(envelope),
            "{file} {name}: raw differs"
        );

        let entry = &envelope["entry"][0];
        let metadata = &entry["changes"][0]["value"]["metadata"];
        for event in &events {
            assert_eq!(
                event.account_id,
                entry["id"].as_str().unwrap(),
                "{file} {name}"
            );
            assert_eq!(
                event.phone_number_id.as_deref(),
                metadata["phone_number_id"].as_str(),
                "{file} {name}"
            );
            assert_eq!(
                event.display_phone_number.as_deref(),
                metadata["display_phone_number"].as_str(),
                "{file} {name}"
            );
            if let InboundEvent::Message(m) = &event.event {
                assert_ne!(m.sent_at, Timestamp::UNIX_EPOCH, "{file} {name}");
                assert!(!m.from.identity.is_empty(), "{file} {name}: no sender");
            }
        }
    }
}

#[test]
fn every_fixture_variant_maps_to_its_expected_content() {
    for v in all_variants() {
        let events = parse_webhook(&v.body).unwrap();
        expect(&v.file, &v.name, &events);
    }
}

fn media(event: &AddressedEvent) -> &Media {
    match &message(event).content {
        Content::Media(m) => m,
        other => panic!("expected media, got {other:?}"),
    }
}

fn status_is(events: &[AddressedEvent], expected: DeliveryStatus) {
    let s = status(only(events));
    assert_eq!(s.status, expected);
    assert!(s.recipient.wa_id.is_some());
}

/// The expectation for one variant. Every variant must be listed here.
fn expect(file: &str, name: &str, events: &[AddressedEvent]) {
    let first = &events[0];
    match (file, name) {
        ("pywa/callback_button.json", "button") => {
            let m = message(only(events));
            assert_eq!(
                m.content,
                Content::InteractiveReply {
                    reply_kind: ReplyKind::Button,
                    id: "callback_data".into(),
                    title: "title".into(),
                    description: None
                }
            );
            assert_eq!(m.context.reply_to.as_deref(), Some("wamid.xyzxyz"));
            assert_eq!(m.from.identity.wa_id.as_deref(), Some("972987654321"));
            assert_eq!(
                m.from.identity.user_id.as_deref(),
                Some("US.13491208655302741918")
            );
            assert_eq!(m.from.name.as_deref(), Some("Test Name"));
        }
        ("pywa/callback_button.json", "quick_reply" | "quick_reply_without_context") => {
            let m = message(only(events));
            assert_eq!(
                m.content,
                Content::TemplateButtonReply {
                    payload: "callback_data".into(),
                    text: "title".into()
                }
            );
            assert_eq!(m.context.is_empty(), name == "quick_reply_without_context");
            assert_eq!(
                m.from.identity.user_id.as_deref(),
                Some("US.13491208655302741918")
            );
        }
        ("pywa/callback_selection.json", "callback" | "description") => {
            let m = message(only(events));
            assert_eq!(
                m.content,
                Content::InteractiveReply {
                    reply_kind: ReplyKind::List,
                    id: "callback_data".into(),
                    title: "title".into(),
                    description: (name == "description").then(|| "description".into()),
                }
            );
        }
        ("pywa/deleted_message.json", "revoke") => {
            let m = message(only(events));
            assert_eq!(
                m.content,
                Content::Revoke {
                    original: "<ORIGINAL_WHATSAPP_MESSAGE_ID>".into()
                }
            );
            // The only contact has another wa_id: it is not this sender's.
            assert_eq!(
                m.from.identity.wa_id.as_deref(),
                Some("<WHATSAPP_USER_PHONE_NUMBER>")
            );
            assert_eq!(m.from.name, None);
        }
        ("pywa/edited_message.json", "image") => {
            let m = message(only(events));
            let Content::Edit { original, content } = &m.content else {
                panic!("expected an edit, got {:?}", m.content);
            };
            assert_eq!(
                original,
                "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA="
            );
            let Content::Media(inner) = content.as_ref() else {
                panic!("expected nested media, got {content:?}");
            };
            assert_eq!(inner.kind, MediaKind::Image);
            assert_eq!(inner.caption.as_deref(), Some("Updated image caption"));
            assert_eq!(inner.provider_media_id, "1234567890");
            assert_eq!(m.content.media().map(|m| m.kind), Some(MediaKind::Image));
            assert_eq!(m.content.text(), Some("Updated image caption"));
        }
        ("pywa/flow_completion.json", "completion" | "without_flow_token") => {
            let m = message(only(events));
            let Content::FlowReply {
                name: flow,
                body,
                response,
            } = &m.content
            else {
                panic!("expected a flow reply, got {:?}", m.content);
            };
            assert_eq!(flow.as_deref(), Some("flow"));
            assert_eq!(body.as_deref(), Some("Sent"));
            assert_eq!(response["cs_rating"], "0");
            assert_eq!(response["delivery_rating"], "4");
            if name == "completion" {
                assert_eq!(response["flow_token"], "AQAAAAACS5FpgQ_cAAAAAD0QI3s.");
            } else {
                assert!(response.get("flow_token").is_none());
            }
        }
        ("pywa/message.json", _) => expect_message(name, events),
        ("pywa/message_status.json", _) => {
            let expected = match name {
                "sent" | "with_tracker" => DeliveryStatus::Sent,
                "delivered" => DeliveryStatus::Delivered,
                "read" | "group" => DeliveryStatus::Read,
                "played" => DeliveryStatus::Played,
                "failed" => DeliveryStatus::Failed,
                other => panic!("no expectation for {file} {other}"),
            };
            status_is(events, expected);
            let s = status(first);
            assert_eq!(s.provider_message_id, s.raw["id"].as_str().unwrap());
            if name == "failed" {
                assert_eq!(s.errors.len(), 1);
                assert_eq!(s.errors[0].code, 130472);
                assert_eq!(s.errors[0].title, "User's number is part of an experiment");
                assert_eq!(
                    s.errors[0].details.as_deref(),
                    Some(
                        "Failed to send message because this user's phone number is part of an experiment"
                    )
                );
            } else {
                assert!(s.errors.is_empty());
            }
            if name == "sent" {
                assert_eq!(s.at, Timestamp::from_second(1_698_266_945).unwrap());
                assert_eq!(s.recipient.wa_id.as_deref(), Some("972987654321"));
            }
        }
        ("pywa/system.json", "phone_number_change") => {
            let m = message(only(events));
            assert_eq!(
                m.content,
                Content::System {
                    kind: "user_changed_number".into(),
                    body: Some("User A changed from 972987654321 to 972912345678".into()),
                    new_wa_id: Some("972912345678".into()),
                }
            );
            assert_eq!(m.from.identity.wa_id.as_deref(), Some("972987654321"));
            assert_eq!(m.from.identity.user_id, None);
        }
        ("pywa/system.json", "identity_change") => {
            let m = message(only(events));
            assert!(matches!(&m.content,
                Content::System { kind, new_wa_id: None, .. } if kind == "customer_identity_changed"));
            assert_eq!(m.from.name.as_deref(), Some("User A"));
        }
        ("meta-v25/incoming.json", "incoming") => {
            let m = message(only(events));
            assert_eq!(
                m.content,
                Content::Text {
                    body: "this is a text message".into()
                }
            );
            assert_eq!(m.provider_message_id, "ABGGFlA5Fpa");
            assert_eq!(m.sent_at, Timestamp::from_second(1_504_902_988).unwrap());
            assert_eq!(m.from.identity.wa_id.as_deref(), Some("16315551181"));
            assert_eq!(
                m.from.identity.user_id.as_deref(),
                Some("US.13491208655302741918")
            );
            assert_eq!(m.from.identity.username.as_deref(), Some("@testusername"));
            assert_eq!(m.from.name.as_deref(), Some("test user name"));
            assert_eq!(first.account_id, "1");
            assert_eq!(first.phone_number_id.as_deref(), Some("123456123"));
        }
        ("meta-v25/sent.json" | "meta-v25/delivered.json" | "meta-v25/read.json", _) => {
            let expected = match name {
                "sent" => DeliveryStatus::Sent,
                "delivered" => DeliveryStatus::Delivered,
                _ => DeliveryStatus::Read,
            };
            status_is(events, expected);
            let s = status(first);
            assert_eq!(s.recipient.wa_id.as_deref(), Some("16315551181"));
            assert_eq!(
                s.recipient.user_id.as_deref(),
                Some("US.13491208655302741918")
            );
        }
        _ => panic!("no expectation for {file} {name}: add one"),
    }
}

/// `pywa/message.json`: one variant per message type.
fn expect_message(name: &str, events: &[AddressedEvent]) {
    let event = only(events);
    let m = message(event);
    match name {
        "text" => assert_eq!(
            m.content,
            Content::Text {
                body: "Body Text".into()
            }
        ),
        "image" | "media_with_url" => {
            let media = media(event);
            assert_eq!(media.kind, MediaKind::Image);
            assert_eq!(media.provider_media_id, "65463453");
            assert_eq!(media.mime_type.as_deref(), Some("image/jpeg"));
            assert_eq!(media.sha256.as_deref(), Some("4654+8g="));
        }
        "video" => {
            let media = media(event);
            assert_eq!(media.kind, MediaKind::Video);
            assert_eq!(media.caption.as_deref(), Some("caption"));
            assert!(m.context.forwarded);
        }
        "document" => {
            let media = media(event);
            assert_eq!(media.kind, MediaKind::Document);
            assert_eq!(media.filename.as_deref(), Some("filename.pdf"));
            assert_eq!(media.mime_type.as_deref(), Some("application/pdf"));
        }
        "audio" | "voice" => {
            let media = media(event);
            assert_eq!(media.kind, MediaKind::Audio);
            assert_eq!(media.voice, name == "voice");
            assert_eq!(m.content.kind_name(), name);
        }
        "static_sticker" | "animated_sticker" => {
            let media = media(event);
            assert_eq!(media.kind, MediaKind::Sticker);
            assert_eq!(media.animated, name == "animated_sticker");
        }
        "reaction" | "unreaction_empty" | "unreaction_no_emoji" => assert_eq!(
            m.content,
            Content::Reaction {
                target: "wamid.yzxyzx=".into(),
                emoji: (name == "reaction").then(|| "😮".into()),
            }
        ),
        "current_location" => assert_eq!(
            m.content,
            Content::Location(Location {
                latitude: 12.25089,
                longitude: 43.90539,
                name: None,
                address: None,
                url: None
            })
        ),
        "chosen_location" => assert_eq!(
            m.content,
            Content::Location(Location {
                latitude: 37.4611978,
                longitude: -122.2164385,
                name: Some("Facebook HQ".into()),
                address: Some("1 Hacker Way, Menlo Park, CA 94025".into()),
                url: Some("https://maps.google.com/?cid=2000000000000000000".into()),
            })
        ),
        "contacts" => {
            let Content::Contacts { contacts } = &m.content else {
                panic!("expected contacts, got {:?}", m.content);
            };
            let names: Vec<_> = contacts
                .iter()
                .map(|c| c.formatted_name.as_deref().unwrap())
                .collect();
            assert_eq!(names, ["Chandler Bing", "Monica", "Rachel Green"]);
            assert_eq!(contacts[0].phones, ["+1 555-555-5555"]);
            assert_eq!(contacts[2].card, m.raw["contacts"][2]);
        }
        "order" => {
            let Content::Order {
                catalog_id,
                text,
                items,
            } = &m.content
            else {
                panic!("expected an order, got {:?}", m.content);
            };
            assert_eq!(catalog_id.as_deref(), Some("354160437058781"));
            assert_eq!(*text, None);
            assert_eq!(items.len(), 3);
            assert_eq!(items[0].product_retailer_id, "HAMBURGER");
            assert_eq!((items[0].quantity, items[0].item_price), (3.0, 30.0));
            assert_eq!(items[0].currency, "ILS");
        }
        "unsupported" | "unsupported_with_type" => {
            let expected = if name == "unsupported" {
                "unsupported"
            } else {
                "pool"
            };
            assert!(matches!(&m.content,
                Content::Unsupported { provider_type, raw } if provider_type == expected && *raw == m.raw));
            assert_eq!(m.errors[0].code, 131051);
            assert_eq!(
                m.errors[0].details.as_deref(),
                Some("Message type is currently not supported.")
            );
        }
        "reply" => {
            assert_eq!(m.content.text(), Some("replied text"));
            assert_eq!(m.context.reply_to.as_deref(), Some("wamid.xyzxyz=="));
        }
        "forwarded" => {
            assert!(m.context.forwarded && !m.context.frequently_forwarded);
            assert_eq!(m.content.text(), Some("forwarded text"));
        }
        "forwarded_many_times" => assert!(m.context.frequently_forwarded),
        "interactive_message_with_err" => {
            assert!(matches!(&m.content,
                Content::Unsupported { provider_type, .. } if provider_type == "interactive"));
            // The value-level error travels with the message it concerns.
            assert_eq!(m.errors.len(), 1);
            assert_eq!(m.errors[0].code, 131000);
            assert_eq!(
                m.errors[0].details.as_deref(),
                Some("Unsupported webhook payload")
            );
            assert_eq!(m.context.reply_to.as_deref(), Some("wamid.gvwegfretge=="));
        }
        "referral" => {
            assert_eq!(m.content.text(), Some("BODY"));
            let referral = m.referral.as_ref().expect("referral kept");
            assert_eq!(referral["source_id"], "ADID");
            assert_eq!(referral["ctwa_clid"], "CTWA_CLID");
        }
        other => panic!("no expectation for pywa/message.json {other}: add one"),
    }
}
