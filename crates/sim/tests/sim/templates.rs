//! Template listing with Meta's paging, template send validation, status-update webhooks.

use loket_sim::Template;
use serde_json::{Value, json};

use crate::support::{Harness, start_immediate};

const TO: &str = "31612345678";

fn listing_url(h: &Harness, query: &str) -> String {
    format!(
        "{}/{}/message_templates?{query}",
        h.sim.base_url(),
        h.sim.config().waba_id
    )
}

fn send_template(name: &str, language: &str, components: Value) -> Value {
    json!({"messaging_product": "whatsapp", "to": TO, "type": "template",
        "template": {"name": name, "language": {"policy": "deterministic", "code": language}, "components": components}})
}

fn named(name: &str, text: &str) -> Value {
    json!({"type": "text", "parameter_name": name, "text": text})
}

fn positional(text: &str) -> Value {
    json!({"type": "text", "text": text})
}

#[tokio::test]
async fn the_template_listing_walks_all_pages_with_metas_paging_shape() {
    let h = start_immediate().await;
    let total = h.sim.templates().len();
    assert_eq!(total, 6);
    let mut url = listing_url(
        &h,
        "fields=name,status,category,language,components&limit=4",
    );
    let mut names = Vec::new();
    let mut pages = 0;
    loop {
        let response = h.get(&url).await;
        assert_eq!(response.status(), 200);
        let page: Value = response.json().await.unwrap();
        pages += 1;
        for template in page["data"].as_array().unwrap() {
            assert!(template["id"].is_string() && template["components"].is_array());
            assert!(
                template.get("parameter_format").is_none(),
                "only the asked fields and id"
            );
            names.push(template["name"].as_str().unwrap().to_owned());
        }
        let cursors = &page["paging"]["cursors"];
        assert!(cursors["before"].is_string() && cursors["after"].is_string());
        match page["paging"]["next"].as_str() {
            Some(next) => {
                assert!(next.starts_with(&h.sim.base_url()), "{next}");
                assert!(
                    next.contains("limit=4") && next.contains("after="),
                    "{next}"
                );
                url = next.to_owned();
            }
            None => break,
        }
    }
    assert_eq!(pages, 2);
    assert_eq!(names.len(), total);
    assert!(
        names.contains(&"vraag_nog_open".to_owned())
            && names.contains(&"tevredenheid_enquete".to_owned())
    );

    let approved: Value = h
        .get(&listing_url(&h, "status=APPROVED"))
        .await
        .json()
        .await
        .unwrap();
    let data = approved["data"].as_array().unwrap();
    assert_eq!(data.len(), 4);
    assert!(approved["paging"].get("next").is_none());
    let vraag = data.iter().find(|t| t["name"] == "vraag_nog_open").unwrap();
    assert_eq!(
        (
            vraag["language"].as_str(),
            vraag["parameter_format"].as_str(),
            vraag["category"].as_str()
        ),
        (Some("nl"), Some("NAMED"), Some("UTILITY"))
    );
    assert_eq!(
        vraag["components"][0]["text"],
        "Hoi {{voornaam}}, heeft je vraag nog antwoord nodig? Stuur ons gerust een bericht."
    );
    assert_eq!(
        vraag["components"][1]["buttons"][1],
        json!({"type": "QUICK_REPLY", "text": "Nee, dank je"})
    );
}

#[tokio::test]
async fn the_listing_needs_a_token_and_the_right_waba() {
    let h = start_immediate().await;
    let response = h.http.get(listing_url(&h, "limit=1")).send().await.unwrap();
    assert_eq!(response.status(), 401);
    let other = format!("{}/123456789/message_templates", h.sim.base_url());
    assert_eq!(h.get(&other).await.status(), 400);
}

#[tokio::test]
async fn template_sends_are_checked_against_the_approved_templates() {
    let h = start_immediate().await;
    let body = |params: Vec<Value>| json!([{"type": "body", "parameters": params}]);
    let url_button = json!({"type": "button", "sub_type": "url", "index": "0", "parameters": [{"type": "text", "text": "abc123"}]});
    let header_image = json!({"type": "header", "parameters": [{"type": "image", "image": {"link": "https://example.org/omleiding.jpg"}}]});
    let cases = [
        (
            send_template(
                "vraag_nog_open",
                "nl",
                body(vec![named("voornaam", "Sanne")]),
            ),
            200,
        ),
        (
            send_template(
                "afspraak_herinnering",
                "nl",
                body(vec![positional("12 juni"), positional("10:30")]),
            ),
            200,
        ),
        (
            send_template(
                "tevredenheid_enquete",
                "nl",
                json!([{"type": "body", "parameters": [named("voornaam", "Bram")]}, url_button]),
            ),
            200,
        ),
        (
            send_template(
                "werkzaamheden_melding",
                "nl",
                json!([header_image, {"type": "body", "parameters": [positional("3 maart"), positional("Dorpsstraat")]}]),
            ),
            200,
        ),
        (send_template("bestaat_niet", "nl", json!([])), 132001),
        (
            send_template(
                "vraag_nog_open",
                "en_US",
                body(vec![named("voornaam", "Sanne")]),
            ),
            132001,
        ),
        (
            send_template(
                "nieuwsbrief_aanmelding",
                "nl",
                body(vec![named("voornaam", "Sanne")]),
            ),
            132001,
        ),
        (send_template("actie_korting", "nl", json!([])), 132001),
        (
            send_template(
                "afspraak_herinnering",
                "nl",
                body(vec![positional("12 juni")]),
            ),
            132000,
        ),
        (
            send_template("afspraak_herinnering", "nl", json!([])),
            132000,
        ),
        (
            send_template("vraag_nog_open", "nl", body(vec![named("naam", "Sanne")])),
            132000,
        ),
        (
            send_template("vraag_nog_open", "nl", body(vec![positional("Sanne")])),
            132012,
        ),
        (
            send_template(
                "afspraak_herinnering",
                "nl",
                body(vec![named("1", "12 juni"), named("2", "10:30")]),
            ),
            132012,
        ),
        (
            send_template(
                "tevredenheid_enquete",
                "nl",
                body(vec![named("voornaam", "Bram")]),
            ),
            132000,
        ),
        (
            send_template(
                "werkzaamheden_melding",
                "nl",
                body(vec![positional("3 maart"), positional("Dorpsstraat")]),
            ),
            132000,
        ),
    ];
    for (request, code) in cases {
        let (status, answer) = h.send(&request).await;
        let got = if status == 200 {
            200
        } else {
            answer["error"]["code"].as_u64().unwrap()
        };
        assert_eq!(got, code, "{request} → {answer}");
        if status != 200 {
            assert_eq!(status, 400);
            assert!(
                answer["error"]["message"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("(#{code}) "))
            );
        }
    }
    assert_eq!(h.sim.sent_messages().len(), 4);
}

#[tokio::test]
async fn added_templates_and_status_changes_decide_what_can_be_sent() {
    let h = start_immediate().await;
    let id = h.sim.add_template(Template::new(
        "paspoort_klaar",
        "nl",
        "UTILITY",
        "Je paspoort ligt klaar, {{voornaam}}.",
    ));
    assert!(
        h.sim
            .templates()
            .iter()
            .any(|t| t.id == id && t.status == "APPROVED")
    );
    let request = send_template(
        "paspoort_klaar",
        "nl",
        json!([{"type": "body", "parameters": [named("voornaam", "Esra")]}]),
    );
    assert_eq!(h.send_code(&request).await, (200, 0));
    assert!(h.sim.set_template_status("paspoort_klaar", "PAUSED"));
    assert_eq!(h.send_code(&request).await, (400, 132015));
    assert!(h.sim.set_template_status("paspoort_klaar", "PENDING"));
    assert_eq!(h.send_code(&request).await, (400, 132001));
    assert!(!h.sim.set_template_status("onbekend", "APPROVED"));
}

#[tokio::test]
async fn a_template_status_update_webhook_has_metas_shape_and_changes_the_status() {
    let h = start_immediate().await;
    let delivered = h
        .sim
        .deliver_template_status("nieuwsbrief_aanmelding", "nl", "APPROVED", Some("NONE"))
        .await
        .unwrap();
    assert_eq!(delivered.status, 200);
    let body = h.receiver.received()[0].json();
    let template = h
        .sim
        .templates()
        .into_iter()
        .find(|t| t.name == "nieuwsbrief_aanmelding")
        .unwrap();
    assert_eq!(template.status, "APPROVED");
    assert_eq!(body["object"], "whatsapp_business_account");
    let entry = &body["entry"][0];
    assert_eq!(entry["id"], h.sim.config().waba_id.as_str());
    assert_eq!(entry["time"], crate::support::START);
    assert_eq!(
        entry["changes"][0]["field"],
        "message_template_status_update"
    );
    let value = &entry["changes"][0]["value"];
    assert!(value.get("metadata").is_none());
    assert_eq!(
        value["message_template_id"],
        template.id.parse::<u64>().unwrap(),
        "a JSON number"
    );
    assert_eq!(
        value,
        &json!({
            "event": "APPROVED",
            "message_template_id": value["message_template_id"],
            "message_template_name": "nieuwsbrief_aanmelding",
            "message_template_language": "nl",
            "reason": "NONE",
            "message_template_category": "MARKETING",
        })
    );
    h.sim
        .deliver_template_status("nieuwsbrief_aanmelding", "nl", "PAUSED", None)
        .await
        .unwrap();
    assert_eq!(
        h.receiver.received()[1].json()["entry"][0]["changes"][0]["value"]["reason"],
        Value::Null
    );
    assert!(
        h.sim
            .templates()
            .iter()
            .any(|t| t.name == "nieuwsbrief_aanmelding" && t.status == "PAUSED")
    );
}
