//! Meta's limits and rules: every problem of a message is reported at once, as an
//! English sentence naming the field.

use std::collections::BTreeMap;

use loket_channels::whatsapp::{SendOptions, message_request};
use loket_domain::message::{Content, MediaKind};
use loket_domain::outbound::{
    Interactive, InteractiveAction, ListRow, ListSection, ReplyButton, TemplateButtonKind,
    TemplateButtonParam, TemplateHeaderMedia, TemplateMessage, TemplateParams,
};

use super::outbound::{TO, media, problems, text};

#[test]
fn a_caption_on_audio_or_a_sticker_is_refused_rather_than_dropped() {
    let mut audio = media(MediaKind::Audio, "777");
    audio.caption = Some("Luister even".into());
    let found = problems(message_request(
        TO,
        &Content::Media(audio),
        &SendOptions::default(),
    ));
    assert_eq!(
        found,
        ["The caption cannot be sent: a WhatsApp audio has no caption."]
    );
}

#[test]
fn template_problems_are_all_reported_together() {
    let template = TemplateMessage {
        rendered: None,
        name: String::new(),
        language: "nl".into(),
        parameters: TemplateParams::Named(BTreeMap::from([
            ("Voornaam".into(), "Fatima".into()),
            ("adres".into(), "Stationsplein 1\n3511 ED Utrecht".into()),
            ("zaak".into(), " ".into()),
        ])),
        header_media: Some(TemplateHeaderMedia {
            kind: MediaKind::Sticker,
            link: None,
            media_id: None,
        }),
        buttons: vec![TemplateButtonParam {
            index: 10,
            kind: TemplateButtonKind::Url,
            value: "x".into(),
        }],
    };
    let found = problems(message_request(
        TO,
        &Content::Template(template),
        &SendOptions::default(),
    ));
    assert_eq!(
        found,
        [
            "The template name is empty.",
            "The template header cannot be a sticker; use an image, video or document.",
            "The template header media needs exactly one of a link or a media id.",
            "The template parameter name \"Voornaam\" may only contain lowercase letters, digits and underscores.",
            "Template parameter {{adres}} contains a line break or tab, which WhatsApp does not allow in template parameters.",
            "Template parameter {{zaak}} is empty.",
            "Template button index 10 is above 9.",
        ]
    );
}

#[test]
fn an_empty_or_overlong_text_is_refused() {
    assert_eq!(
        problems(message_request(TO, &text("  "), &SendOptions::default())),
        ["The text body is empty."]
    );
    // Characters count, not bytes: 4096 é's fit.
    assert!(message_request(TO, &text(&"é".repeat(4096)), &SendOptions::default()).is_ok());
    assert_eq!(
        problems(message_request(
            TO,
            &text(&"a".repeat(4097)),
            &SendOptions::default()
        )),
        ["The text body is 4097 characters long; WhatsApp allows at most 4096."]
    );
    let mut image = media(MediaKind::Image, "1");
    image.caption = Some("c".repeat(1025));
    assert_eq!(
        problems(message_request(
            TO,
            &Content::Media(image),
            &SendOptions::default()
        )),
        ["The caption is 1025 characters long; WhatsApp allows at most 1024."]
    );
}

#[test]
fn every_button_limit_violation_is_reported_together() {
    let button = |id: &str, title: &str| ReplyButton {
        id: id.into(),
        title: title.into(),
    };
    let interactive = Interactive {
        header: Some("h".repeat(61)),
        body: "b".repeat(1025),
        footer: Some("f".repeat(61)),
        action: InteractiveAction::Buttons {
            buttons: vec![
                button("a", "Afspraak maken bij de balie"),
                button(&"i".repeat(257), "Ja"),
                button("a", "Ja"),
                button("", ""),
            ],
        },
    };
    let found = problems(message_request(
        "",
        &Content::Interactive(interactive),
        &SendOptions::default(),
    ));
    assert_eq!(
        found,
        [
            "The recipient (to) is not a phone number.",
            "The interactive message has 4 buttons; WhatsApp allows at most 3.",
            "The title of button 1 is 27 characters long; WhatsApp allows at most 20.",
            "The id of button 2 is 257 characters long; WhatsApp allows at most 256.",
            "The id of button 3 (\"a\") is used by another button.",
            "The title of button 3 (\"Ja\") is used by another button.",
            "The id of button 4 is empty.",
            "The title of button 4 is empty.",
            "The interactive message's body is 1025 characters long; WhatsApp allows at most 1024.",
            "The interactive message's header is 61 characters long; WhatsApp allows at most 60.",
            "The interactive message's footer is 61 characters long; WhatsApp allows at most 60.",
        ]
    );
}

#[test]
fn every_list_limit_violation_is_reported_together() {
    let row = |n: usize| ListRow {
        id: format!("r{n}"),
        title: format!("Rij {n}"),
        description: None,
    };
    let mut sections: Vec<ListSection> = (0..11)
        .map(|n| ListSection {
            title: Some(format!("Sectie {n}")),
            rows: vec![row(n)],
        })
        .collect();
    sections[0].title = Some("s".repeat(25));
    sections[1].title = None;
    sections[2].rows = vec![ListRow {
        id: "x".repeat(201),
        title: "t".repeat(25),
        description: Some("d".repeat(73)),
    }];
    sections[3].rows.clear();
    let interactive = Interactive {
        header: None,
        body: "b".repeat(4096),
        footer: None,
        action: InteractiveAction::List {
            button: "Kies een onderwerp!!!".into(),
            sections,
        },
    };
    let found = problems(message_request(
        TO,
        &Content::Interactive(interactive),
        &SendOptions::default(),
    ));
    assert_eq!(
        found,
        [
            "The list's button label is 21 characters long; WhatsApp allows at most 20.",
            "The list has 11 sections; WhatsApp allows at most 10.",
            "The title of section 1 is 25 characters long; WhatsApp allows at most 24.",
            "Section 2 needs a title, because the list has more than one section.",
            "The id of row 1 of section 3 is 201 characters long; WhatsApp allows at most 200.",
            "The title of row 1 of section 3 is 25 characters long; WhatsApp allows at most 24.",
            "The description of row 1 of section 3 is 73 characters long; WhatsApp allows at most 72.",
            "Section 4 has no rows.",
        ]
    );
    // Ten rows over all sections, not per section.
    let eleven = (0..11).map(row).collect::<Vec<_>>();
    let too_many = Interactive {
        header: None,
        body: "Kies".into(),
        footer: None,
        action: InteractiveAction::List {
            button: "Kies".into(),
            sections: vec![ListSection {
                title: None,
                rows: eleven,
            }],
        },
    };
    assert_eq!(
        problems(message_request(
            TO,
            &Content::Interactive(too_many),
            &SendOptions::default()
        )),
        ["The list has 11 rows; WhatsApp allows at most 10 over all sections."]
    );
}

#[test]
fn the_error_message_joins_all_problems() {
    let err = message_request("", &text(""), &SendOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the message does not meet WhatsApp's requirements: The recipient (to) is not a phone number. The text body is empty."
    );
}
