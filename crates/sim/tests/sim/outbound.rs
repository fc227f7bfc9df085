//! `POST /{phone-number-id}/messages`: Meta's success shape for every type, validation
//! refusals in Meta's error envelope, mark-as-read.

use loket_sim::{Resident, files};
use serde_json::{Value, json};

use crate::support::{Harness, start_immediate, text_to};

const TO: &str = "31612345678";

fn body(kind: &str, payload: Value) -> Value {
    json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": TO, "type": kind, kind: payload})
}

fn every_type(h: &Harness) -> Vec<Value> {
    let photo = h.sim.add_media(files::photo_png(8, 8, 1), "image/png");
    let voice = h
        .sim
        .add_media(files::voice_note(2), "audio/ogg; codecs=opus");
    let pdf = h.sim.add_media(files::pdf("Aanvraag"), "application/pdf");
    vec![
        text_to(TO, "Dank je, we kijken ernaar."),
        body(
            "text",
            json!({"preview_url": true, "body": "Zie https://www.gemeente-voorbeeld.nl/afval"}),
        ),
        body("image", json!({"id": photo, "caption": "De route"})),
        body("image", json!({"link": "https://example.org/kaart.png"})),
        body("audio", json!({"id": voice, "voice": true})),
        body(
            "video",
            json!({"link": "https://example.org/uitleg.mp4", "caption": "Uitleg"}),
        ),
        body(
            "document",
            json!({"id": pdf, "filename": "aanvraag.pdf", "caption": "Het formulier"}),
        ),
        body("sticker", json!({"link": "https://example.org/duim.webp"})),
        body(
            "location",
            json!({"latitude": "52.0907", "longitude": 5.1214, "name": "Stadskantoor", "address": "Stadsplateau 1, Utrecht"}),
        ),
        body(
            "contacts",
            json!([{"name": {"formatted_name": "Gemeente Voorbeeld", "first_name": "Gemeente"}, "phones": [{"phone": "+31 14 030", "type": "WORK"}]}]),
        ),
        body(
            "interactive",
            json!({"type": "button", "body": {"text": "Is je vraag beantwoord?"}, "action": {"buttons": [
            {"type": "reply", "reply": {"id": "ja", "title": "Ja, dank je"}},
            {"type": "reply", "reply": {"id": "nee", "title": "Nee, nog niet"}},
            {"type": "reply", "reply": {"id": "bel", "title": "Bel me liever"}}]}}),
        ),
        body(
            "interactive",
            json!({"type": "list", "header": {"type": "text", "text": "Onderwerpen"}, "body": {"text": "Waar gaat je vraag over?"}, "footer": {"text": "Gemeente Voorbeeld"},
            "action": {"button": "Kies onderwerp", "sections": [
                {"title": "Afval", "rows": [{"id": "grof", "title": "Grofvuil", "description": "Ophalen aan huis"}, {"id": "bak", "title": "Kapotte container"}]},
                {"title": "Burgerzaken", "rows": [{"id": "pas", "title": "Paspoort"}, {"id": "verhuis", "title": "Verhuizing"}]}]}}),
        ),
        body(
            "interactive",
            json!({"type": "cta_url", "body": {"text": "Maak online een afspraak."}, "action": {"name": "cta_url", "parameters": {"display_text": "Afspraak maken", "url": "https://www.gemeente-voorbeeld.nl/afspraak"}}}),
        ),
        body(
            "reaction",
            json!({"message_id": "wamid.HBgLMzE2MTIzNDU2NzgVAgASGCA=", "emoji": "👍"}),
        ),
        body(
            "template",
            json!({"name": "vraag_nog_open", "language": {"code": "nl"}, "components": [
            {"type": "body", "parameters": [{"type": "text", "parameter_name": "voornaam", "text": "Sanne"}]}]}),
        ),
    ]
}

#[tokio::test]
async fn every_outbound_type_is_accepted_with_metas_exact_success_shape() {
    let h = start_immediate().await;
    h.opened(TO);
    let bodies = every_type(&h);
    for request in &bodies {
        let (status, answer) = h.send(request).await;
        assert_eq!(status, 200, "{request} → {answer}");
        let wamid = answer["messages"][0]["id"].as_str().unwrap().to_owned();
        assert!(wamid.starts_with("wamid.HBgL"), "{wamid}");
        let expected = json!({"messaging_product": "whatsapp", "contacts": [{"input": TO, "wa_id": TO}], "messages": [{"id": wamid}]});
        assert_eq!(answer, expected);
    }
    let sent = h.sim.sent_messages();
    assert_eq!(sent.len(), bodies.len());
    assert_eq!(sent[1].body, bodies[1]);
    assert_eq!((sent[0].to.as_str(), sent[0].kind()), (TO, "text"));
    assert_eq!(h.sim.send_stats().accepted, bodies.len() as u64);
}

#[tokio::test]
async fn the_to_field_is_echoed_as_input_and_normalised_to_digits_as_wa_id() {
    let h = start_immediate().await;
    h.opened(TO);
    for input in ["+31 6-1234 5678", "0612345678", "(+31) 612345678"] {
        let (status, answer) = h.send(&text_to(input, "Hallo")).await;
        assert_eq!(status, 200);
        assert_eq!(answer["contacts"][0], json!({"input": input, "wa_id": TO}));
    }
    let mut without_type = text_to(TO, "Zonder type");
    without_type.as_object_mut().unwrap().remove("type");
    assert_eq!(h.send(&without_type).await.0, 200, "type defaults to text");
}

#[tokio::test]
async fn invalid_bodies_are_refused_with_metas_error_envelope() {
    let h = start_immediate().await;
    h.opened(TO);
    let photo = h.sim.add_media(files::photo_png(8, 8, 1), "image/png");
    let buttons = |n: usize, title: &str| {
        let list: Vec<Value> = (0..n).map(|i| json!({"type": "reply", "reply": {"id": format!("b{i}"), "title": format!("{title}{i}")}})).collect();
        body(
            "interactive",
            json!({"type": "button", "body": {"text": "Kies"}, "action": {"buttons": list}}),
        )
    };
    let rows: Vec<Value> = (0..11)
        .map(|i| json!({"id": format!("r{i}"), "title": format!("Rij {i}")}))
        .collect();
    let cases = [
        (
            json!({"messaging_product": "sms", "to": TO, "type": "text", "text": {"body": "x"}}),
            100,
        ),
        (
            json!({"messaging_product": "whatsapp", "type": "text", "text": {"body": "x"}}),
            131008,
        ),
        (
            json!({"to": TO, "type": "text", "text": {"body": "x"}}),
            131008,
        ),
        (body("text", json!({})), 131008),
        (
            json!({"messaging_product": "whatsapp", "to": TO, "type": "text"}),
            131008,
        ),
        (text_to(TO, &"a".repeat(4097)), 100),
        (text_to(TO, "   "), 100),
        (text_to("geen nummer", "x"), 100),
        (body("hologram", json!({})), 100),
        (
            body(
                "image",
                json!({"id": photo, "link": "https://example.org/a.png"}),
            ),
            100,
        ),
        (body("image", json!({"caption": "geen media"})), 131008),
        (body("image", json!({"id": "1234567890123456"})), 100),
        (
            body("image", json!({"link": "ftp://example.org/a.png"})),
            100,
        ),
        (
            body(
                "sticker",
                json!({"link": "https://example.org/a.webp", "caption": "nee"}),
            ),
            100,
        ),
        (body("audio", json!({"id": photo, "voice": true})), 100),
        (
            body("location", json!({"latitude": 95.0, "longitude": 5.0})),
            100,
        ),
        (body("location", json!({"longitude": 5.0})), 131008),
        (body("contacts", json!([{"phones": []}])), 131008),
        (buttons(4, "Knop "), 100),
        (buttons(0, "Knop "), 100),
        (buttons(2, "Een veel te lange titel "), 100),
        (
            body(
                "interactive",
                json!({"type": "list", "body": {"text": "Kies"}, "action": {"button": "Kies", "sections": [{"title": "Alles", "rows": rows}]}}),
            ),
            100,
        ),
        (
            body(
                "interactive",
                json!({"type": "button", "action": {"buttons": []}}),
            ),
            131008,
        ),
        (body("reaction", json!({"emoji": "👍"})), 131008),
        (
            json!({"messaging_product": "whatsapp", "to": TO, "type": "reaction", "context": {"message_id": "wamid.x"}, "reaction": {"message_id": "wamid.x", "emoji": "👍"}}),
            100,
        ),
        (
            body("template", json!({"language": {"code": "nl"}})),
            131008,
        ),
    ];
    for (request, code) in cases {
        let response = h
            .http
            .post(h.messages_url())
            .bearer_auth(h.token())
            .json(&request)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{request}");
        let answer: Value = response.json().await.unwrap();
        let error = &answer["error"];
        assert_eq!(error["code"], code, "{request} → {answer}");
        let title = if code == 100 {
            "Invalid parameter"
        } else {
            "Required parameter is missing"
        };
        assert_eq!(error["message"], format!("(#{code}) {title}"));
        assert_eq!(error["type"], "OAuthException");
        assert_eq!(error["error_data"]["messaging_product"], "whatsapp");
        assert!(!error["error_data"]["details"].as_str().unwrap().is_empty());
        assert!(!error["fbtrace_id"].as_str().unwrap().is_empty());
    }
    assert!(h.sim.sent_messages().is_empty());
    let stats = h.sim.send_stats();
    assert_eq!(stats.accepted, 0);
    assert_eq!(stats.refused_with(100) + stats.refused_with(131008), 26);
}

#[tokio::test]
async fn a_send_with_a_wrong_token_gets_401_code_190_and_an_unknown_number_id_code_100() {
    let h = start_immediate().await;
    let request = text_to(TO, "Hallo");
    let response = h
        .http
        .post(h.messages_url())
        .bearer_auth("EAAwrong")
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(
        (
            answer["error"]["code"].as_u64(),
            answer["error"]["type"].as_str()
        ),
        (Some(190), Some("OAuthException"))
    );
    let url = format!("{}/999999999999999/messages", h.sim.base_url());
    let response = h
        .http
        .post(url)
        .bearer_auth(h.token())
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["error"]["code"], 100);
    let stats = h.sim.send_stats();
    assert_eq!((stats.refused_with(190), stats.refused_with(100)), (1, 1));
    assert!(h.sim.sent_messages().is_empty());
}

#[tokio::test]
async fn an_empty_emoji_removes_a_reaction_and_is_accepted() {
    let h = start_immediate().await;
    h.opened(TO);
    let request = body(
        "reaction",
        json!({"message_id": "wamid.HBgLMzE2MTIzNDU2NzgVAgASGCA=", "emoji": ""}),
    );
    assert_eq!(h.send(&request).await.0, 200);
    assert_eq!(h.sim.sent_messages()[0].body["reaction"]["emoji"], "");
}

#[tokio::test]
async fn marking_a_residents_message_read_answers_success_and_is_logged_with_its_typing_indicator()
{
    let h = start_immediate().await;
    let sanne = Resident::new("Sanne", TO);
    let message = h.sim.text(&sanne, "Wanneer wordt het grofvuil opgehaald?");
    let wamid = message["id"].as_str().unwrap().to_owned();
    h.sim
        .deliver(&h.sim.envelope(vec![message], vec![sanne.contact()]))
        .await
        .unwrap();

    let read = json!({"messaging_product": "whatsapp", "status": "read", "message_id": wamid});
    assert_eq!(h.send(&read).await, (200, json!({"success": true})));
    let mut typing = read.clone();
    typing["typing_indicator"] = json!({"type": "text"});
    assert_eq!(h.send(&typing).await, (200, json!({"success": true})));
    let marks = h.sim.read_marks();
    assert_eq!(marks.len(), 2);
    assert_eq!(
        (
            marks[0].message_id.as_str(),
            marks[0].typing_indicator,
            marks[1].typing_indicator
        ),
        (wamid.as_str(), false, true)
    );

    let unknown =
        json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.onbekend"});
    let (status, answer) = h.send(&unknown).await;
    assert_eq!(
        (status, answer["error"]["code"].as_u64()),
        (400, Some(131009))
    );
    assert_eq!(
        answer["error"]["message"],
        "(#131009) Parameter value is not valid"
    );
    let stats = h.sim.send_stats();
    assert_eq!(
        (
            stats.read_marks,
            stats.typing_indicators,
            stats.refused_with(131009)
        ),
        (2, 1, 1)
    );
    assert!(
        h.sim.sent_messages().is_empty(),
        "mark-as-read is not a send"
    );
}
