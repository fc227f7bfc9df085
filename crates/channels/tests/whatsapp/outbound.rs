//! Request bodies against Meta's documented examples (reference §3.1), and the limits.

use std::collections::BTreeMap;

use loket_channels::whatsapp::{BuildError, SendOptions, mark_read_request, message_request};
use loket_domain::message::{Content, Location, Media, MediaKind, SharedContact};
use loket_domain::outbound::{
    Interactive, InteractiveAction, ListRow, ListSection, ReplyButton, TemplateButtonKind,
    TemplateButtonParam, TemplateHeaderMedia, TemplateMessage, TemplateParams,
};
use serde_json::{Value, json};

pub const TO: &str = "+16505551234";

pub fn build(content: &Content) -> Value {
    message_request(TO, content, &SendOptions::default()).unwrap()
}

/// Meta's common fields around one typed payload.
pub fn envelope(kind: &str, payload: Value) -> Value {
    json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": TO,
        "type": kind, kind: payload})
}

pub fn media(kind: MediaKind, id: &str) -> Media {
    Media {
        kind,
        provider_media_id: id.into(),
        mime_type: None,
        sha256: None,
        caption: None,
        filename: None,
        voice: false,
        animated: false,
    }
}

pub fn problems(result: Result<Value, BuildError>) -> Vec<String> {
    match result {
        Err(BuildError::Invalid(problems)) => problems,
        other => panic!("expected BuildError::Invalid, got {other:?}"),
    }
}

pub fn text(body: &str) -> Content {
    Content::Text { body: body.into() }
}

#[test]
fn a_text_with_link_previews_on_matches_meta_s_example() {
    let options = SendOptions {
        preview_url: true,
        ..SendOptions::default()
    };
    let body = "Here's the link: https://www.meta.com/quest/quest-3/";
    let built = message_request(TO, &text(body), &options).unwrap();
    assert_eq!(
        built,
        envelope("text", json!({"preview_url": true, "body": body}))
    );
}

#[test]
fn a_text_has_link_previews_off_by_default() {
    let built = build(&text("Zie https://www.utrecht.nl/afval"));
    assert_eq!(built["text"]["preview_url"], json!(false));
}

#[test]
fn a_reply_carries_the_context_and_the_callback_data() {
    let options = SendOptions {
        reply_to: Some("wamid.HBgLMzE2MTIzNDU2NzgVAgASGBQzQTdCNjM=".into()),
        preview_url: false,
        callback_data: Some("outbox-42".into()),
    };
    let built = message_request(TO, &text("Dank u wel!"), &options).unwrap();
    let mut expected = envelope("text", json!({"preview_url": false, "body": "Dank u wel!"}));
    expected["context"] = json!({"message_id": "wamid.HBgLMzE2MTIzNDU2NzgVAgASGBQzQTdCNjM="});
    expected["biz_opaque_callback_data"] = json!("outbox-42");
    assert_eq!(built, expected);
}

#[test]
fn an_image_is_sent_by_id_with_its_caption() {
    let mut image = media(MediaKind::Image, "1013859600285441");
    image.caption = Some("De kapotte lantaarnpaal".into());
    image.mime_type = Some("image/jpeg".into());
    assert_eq!(
        build(&Content::Media(image)),
        envelope(
            "image",
            json!({"id": "1013859600285441", "caption": "De kapotte lantaarnpaal"})
        )
    );
}

#[test]
fn a_document_adds_its_filename_and_a_video_its_caption() {
    let mut doc = media(MediaKind::Document, "555");
    doc.filename = Some("besluit.pdf".into());
    doc.caption = Some("Het besluit".into());
    assert_eq!(
        build(&Content::Media(doc)),
        envelope(
            "document",
            json!({"id": "555", "caption": "Het besluit", "filename": "besluit.pdf"})
        )
    );
    let mut video = media(MediaKind::Video, "556");
    video.caption = Some("Filmpje".into());
    video.filename = Some("ignored.mp4".into());
    assert_eq!(
        build(&Content::Media(video)),
        envelope("video", json!({"id": "556", "caption": "Filmpje"}))
    );
}

#[test]
fn audio_is_a_voice_note_only_when_it_is_ogg_opus() {
    let mut voice = media(MediaKind::Audio, "777");
    voice.voice = true;
    voice.mime_type = Some("audio/ogg; codecs=opus".into());
    assert_eq!(
        build(&Content::Media(voice.clone())),
        envelope("audio", json!({"id": "777", "voice": true}))
    );
    voice.mime_type = Some("audio/mpeg".into());
    assert_eq!(
        build(&Content::Media(voice)),
        envelope("audio", json!({"id": "777"}))
    );
}

#[test]
fn a_sticker_is_sent_by_id_only() {
    let sticker = media(MediaKind::Sticker, "888");
    assert_eq!(
        build(&Content::Media(sticker)),
        envelope("sticker", json!({"id": "888"}))
    );
}

#[test]
fn a_location_matches_meta_s_example() {
    let location = Location {
        latitude: 37.44216,
        longitude: -122.16163,
        name: Some("Philz Coffee".into()),
        address: Some("101 Forest Ave, Palo Alto".into()),
        url: None,
    };
    assert_eq!(
        build(&Content::Location(location)),
        envelope(
            "location",
            json!({"latitude": "37.44216", "longitude": "-122.16163",
            "name": "Philz Coffee", "address": "101 Forest Ave, Palo Alto"})
        )
    );
}

#[test]
fn a_contact_card_is_sent_whole_and_a_bare_one_gets_its_name_and_phones() {
    let card = json!({"name": {"formatted_name": "Gemeente Utrecht", "first_name": "Gemeente"},
        "phones": [{"phone": "+31 30 286 0000", "type": "WORK"}]});
    let whole = SharedContact {
        formatted_name: Some("Gemeente Utrecht".into()),
        phones: vec!["+31 30 286 0000".into()],
        card: card.clone(),
    };
    let bare = SharedContact {
        formatted_name: Some("Balie".into()),
        phones: vec!["14 030".into()],
        card: Value::Null,
    };
    let built = build(&Content::Contacts {
        contacts: vec![whole, bare],
    });
    assert_eq!(
        built,
        envelope(
            "contacts",
            json!([card, {"name": {"formatted_name": "Balie", "first_name": "Balie"},
            "phones": [{"phone": "14 030"}]}])
        )
    );
}

#[test]
fn a_named_template_with_header_and_buttons_matches_meta_s_example() {
    let template = TemplateMessage {
        rendered: None,
        name: "order_confirmation".into(),
        language: "en_US".into(),
        parameters: TemplateParams::Named(BTreeMap::from([
            ("first_name".into(), "Jessica".into()),
            ("order_number".into(), "SKBUP2-4CPIG9".into()),
        ])),
        header_media: Some(TemplateHeaderMedia {
            kind: MediaKind::Image,
            link: Some("https://example.com/banner.png".into()),
            media_id: None,
        }),
        buttons: vec![
            TemplateButtonParam {
                index: 1,
                kind: TemplateButtonKind::Url,
                value: "order/12345".into(),
            },
            TemplateButtonParam {
                index: 0,
                kind: TemplateButtonKind::QuickReply,
                value: "UNSUB".into(),
            },
        ],
    };
    let meta = json!({"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"template",
       "template":{"name":"order_confirmation","language":{"code":"en_US"},"components":[
         {"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/banner.png"}}]},
         {"type":"body","parameters":[{"type":"text","parameter_name":"first_name","text":"Jessica"},
                                      {"type":"text","parameter_name":"order_number","text":"SKBUP2-4CPIG9"}]},
         {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"UNSUB"}]},
         {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"order/12345"}]}]}});
    assert_eq!(build(&Content::Template(template)), meta);
}

#[test]
fn a_positional_template_lists_its_values_in_order_with_a_document_header_by_id() {
    let template = TemplateMessage {
        rendered: None,
        name: "afspraak_herinnering".into(),
        language: "nl".into(),
        parameters: TemplateParams::Positional(vec!["Fatima".into(), "12 maart".into()]),
        header_media: Some(TemplateHeaderMedia {
            kind: MediaKind::Document,
            link: None,
            media_id: Some("4490709327384033".into()),
        }),
        buttons: vec![],
    };
    assert_eq!(
        build(&Content::Template(template))["template"],
        json!({"name": "afspraak_herinnering", "language": {"code": "nl"}, "components": [
            {"type": "header", "parameters": [{"type": "document", "document": {"id": "4490709327384033"}}]},
            {"type": "body", "parameters": [{"type": "text", "text": "Fatima"}, {"type": "text", "text": "12 maart"}]}]})
    );
}

#[test]
fn a_template_without_parameters_has_no_components_at_all() {
    let template = TemplateMessage {
        rendered: None,
        name: "hello_world".into(),
        language: "en_US".into(),
        parameters: TemplateParams::default(),
        header_media: None,
        buttons: vec![],
    };
    assert_eq!(
        build(&Content::Template(template))["template"],
        json!({"name": "hello_world", "language": {"code": "en_US"}})
    );
}

#[test]
fn reply_buttons_match_meta_s_example() {
    let interactive = Interactive {
        header: Some("Appointment".into()),
        body: "Your workshop is at 9am.".into(),
        footer: Some("Lucky Shrub".into()),
        action: InteractiveAction::Buttons {
            buttons: vec![
                ReplyButton {
                    id: "change-button".into(),
                    title: "Change".into(),
                },
                ReplyButton {
                    id: "cancel-button".into(),
                    title: "Cancel".into(),
                },
            ],
        },
    };
    let meta = json!({"type":"button",
        "header":{"type":"text","text":"Appointment"},"body":{"text":"Your workshop is at 9am."},"footer":{"text":"Lucky Shrub"},
        "action":{"buttons":[{"type":"reply","reply":{"id":"change-button","title":"Change"}},
                             {"type":"reply","reply":{"id":"cancel-button","title":"Cancel"}}]}});
    assert_eq!(
        build(&Content::Interactive(interactive)),
        envelope("interactive", meta)
    );
}

#[test]
fn a_list_matches_meta_s_example() {
    let interactive = Interactive {
        header: Some("Choose Shipping Option".into()),
        body: "Which option?".into(),
        footer: Some("Lucky Shrub".into()),
        action: InteractiveAction::List {
            button: "Shipping Options".into(),
            sections: vec![ListSection {
                title: Some("I want it ASAP!".into()),
                rows: vec![ListRow {
                    id: "priority_express".into(),
                    title: "Priority Mail Express".into(),
                    description: Some("Next Day to 2 Days".into()),
                }],
            }],
        },
    };
    let meta = json!({"type":"list","header":{"type":"text","text":"Choose Shipping Option"},"body":{"text":"Which option?"},
        "footer":{"text":"Lucky Shrub"},"action":{"button":"Shipping Options","sections":[{"title":"I want it ASAP!",
        "rows":[{"id":"priority_express","title":"Priority Mail Express","description":"Next Day to 2 Days"}]}]}});
    assert_eq!(
        build(&Content::Interactive(interactive)),
        envelope("interactive", meta)
    );
}

#[test]
fn a_reaction_matches_meta_s_example_and_never_has_a_context() {
    let options = SendOptions {
        reply_to: Some("wamid.other".into()),
        ..SendOptions::default()
    };
    let react = Content::Reaction {
        target: "wamid.HBgL".into(),
        emoji: Some("\u{1F600}".into()),
    };
    assert_eq!(
        message_request(TO, &react, &options).unwrap(),
        envelope(
            "reaction",
            json!({"message_id": "wamid.HBgL", "emoji": "\u{1F600}"})
        )
    );
    let remove = Content::Reaction {
        target: "wamid.HBgL".into(),
        emoji: None,
    };
    let built = message_request(TO, &remove, &options).unwrap();
    assert_eq!(built["reaction"]["emoji"], json!(""));
    assert!(built.get("context").is_none());
}

#[test]
fn inbound_only_content_cannot_be_sent() {
    let revoke = Content::Revoke {
        original: "wamid.1".into(),
    };
    assert_eq!(
        message_request(TO, &revoke, &SendOptions::default()),
        Err(BuildError::Unsupported("revoke"))
    );
}

#[test]
fn mark_read_matches_meta_s_example_with_and_without_typing() {
    assert_eq!(
        mark_read_request("wamid.HBgL", true),
        json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.HBgL",
            "typing_indicator": {"type": "text"}})
    );
    assert_eq!(
        mark_read_request("wamid.HBgL", false),
        json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.HBgL"})
    );
}
