//! Every scenario produces valid webhooks; replies and reactions point at earlier messages.

use std::collections::HashSet;

use loket_sim::{Resident, Scenario, Step};
use serde_json::Value;

use crate::support::{Harness, start};

/// Play `scenario` for a fixed resident; the webhooks as Loket received them.
async fn play(h: &Harness, scenario: &'static Scenario) -> Vec<Value> {
    let before = h.receiver.received().len();
    let outcomes = scenario
        .play(&h.sim, Resident::new("Fatima El Amrani", "31655501234"))
        .await;
    assert_eq!(outcomes.len(), scenario.steps.len());
    assert!(outcomes.iter().all(|o| o.is_accepted()), "{outcomes:?}");
    h.receiver.received()[before..]
        .iter()
        .map(|r| r.json())
        .collect()
}

fn message(webhook: &Value) -> &Value {
    &webhook["entry"][0]["changes"][0]["value"]["messages"][0]
}

#[tokio::test]
async fn every_scenario_produces_valid_envelopes_with_the_configured_metadata_and_unique_wamids() {
    let h = start().await;
    let mut wamids = HashSet::new();
    for scenario in Scenario::all() {
        for webhook in play(&h, scenario).await {
            assert_eq!(webhook["object"], "whatsapp_business_account");
            let value = &webhook["entry"][0]["changes"][0]["value"];
            assert_eq!(webhook["entry"][0]["changes"][0]["field"], "messages");
            assert_eq!(
                value["metadata"]["phone_number_id"],
                h.sim.config().phone_number_id.as_str()
            );
            assert_eq!(value["contacts"][0]["wa_id"], "31655501234");
            assert_eq!(value["contacts"][0]["profile"]["name"], "Fatima El Amrani");
            assert!(
                value["contacts"][0]["user_id"]
                    .as_str()
                    .unwrap()
                    .starts_with("NL.")
            );
            let message = message(&webhook);
            let kind = message["type"].as_str().unwrap();
            assert!(message.get(kind).is_some(), "{message}");
            assert_eq!(message["from"], "31655501234");
            assert!(
                message["timestamp"]
                    .as_str()
                    .unwrap()
                    .parse::<i64>()
                    .is_ok()
            );
            assert!(
                wamids.insert(message["id"].as_str().unwrap().to_owned()),
                "duplicate wamid"
            );
        }
    }
    let steps: usize = Scenario::all().iter().map(|s| s.steps.len()).sum();
    assert_eq!(wamids.len(), steps);
    assert!(Scenario::all().len() >= 10);
}

#[tokio::test]
async fn replies_and_reactions_refer_to_earlier_messages_of_the_same_resident() {
    let h = start().await;
    let reply = play(&h, Scenario::find("antwoord-op-eerder-bericht").unwrap()).await;
    let context = &message(&reply[2])["context"];
    assert_eq!(context["id"], message(&reply[0])["id"]);
    assert_eq!(context["from"], "31655501234");
    assert_eq!(message(&reply[2])["type"], "text");

    let reaction = play(&h, Scenario::find("reactie").unwrap()).await;
    let reacted = &message(&reaction[2])["reaction"];
    assert_eq!(reacted["message_id"], message(&reaction[0])["id"]);
    assert_eq!(reacted["emoji"], "🙏");
}

#[tokio::test]
async fn the_bsn_scenario_mentions_a_bsn_that_passes_the_eleven_test_in_its_first_message() {
    let h = start().await;
    let webhooks = play(&h, Scenario::find("bsn-in-eerste-bericht").unwrap()).await;
    let body = message(&webhooks[0])["text"]["body"].as_str().unwrap();
    let bsn: String = body
        .split_whitespace()
        .find(|w| w.len() >= 9 && w.chars().take(9).all(|c| c.is_ascii_digit()))
        .unwrap()
        .chars()
        .take(9)
        .collect();
    assert_eq!(bsn, "999990019");
    let digits: Vec<i64> = bsn.bytes().map(|b| i64::from(b - b'0')).collect();
    let sum: i64 = (0..8).map(|i| digits[i] * (9 - i as i64)).sum::<i64>() - digits[8];
    assert_eq!(sum % 11, 0);
}

#[tokio::test]
async fn photo_scenarios_send_downloadable_images_and_the_parking_one_adds_a_location() {
    let h = start().await;
    let container = play(&h, Scenario::find("container-vol").unwrap()).await;
    let image = &message(&container[0])["image"];
    assert_eq!(
        image["caption"],
        "Afvalcontainer zit vol 🗑️ bij de Kerkstraat, graag legen"
    );
    let response = h.get(image["url"].as_str().unwrap()).await;
    assert_eq!(
        response.headers()["content-type"],
        image["mime_type"].as_str().unwrap()
    );
    assert!(response.bytes().await.unwrap().starts_with(b"\x89PNG"));

    let parking = play(&h, Scenario::find("foutparkeerder").unwrap()).await;
    assert_eq!(message(&parking[0])["type"], "image");
    let location = &message(&parking[1])["location"];
    assert!(location["latitude"].is_f64() && location["longitude"].is_f64());
}

#[tokio::test]
async fn the_remaining_scenarios_send_the_message_types_they_promise() {
    let h = start().await;
    let kinds = |webhooks: &[Value]| {
        webhooks
            .iter()
            .map(|w| message(w)["type"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let voice = play(&h, Scenario::find("spraakbericht").unwrap()).await;
    assert_eq!(kinds(&voice), ["text", "audio"]);
    assert_eq!(message(&voice[1])["audio"]["voice"], true);
    let card = play(&h, Scenario::find("contactkaart").unwrap()).await;
    assert_eq!(
        message(&card[1])["contacts"][0]["phones"][0]["wa_id"],
        "31698765432"
    );
    let link = play(&h, Scenario::find("verdachte-link").unwrap()).await;
    assert!(
        message(&link[0])["text"]["body"]
            .as_str()
            .unwrap()
            .contains("https://")
    );
    let moving = play(&h, Scenario::find("verhuizing-doorgeven").unwrap()).await;
    assert_eq!(
        message(&moving[1])["document"]["mime_type"],
        "application/pdf"
    );
    let edited = play(&h, Scenario::find("bewerkt-bericht").unwrap()).await;
    assert_eq!(message(&edited[1])["unsupported"]["type"], "edit");
    assert_eq!(message(&edited[1])["errors"][0]["code"], 131051);
    let passport = play(&h, Scenario::find("paspoort-afspraak").unwrap()).await;
    assert_eq!(
        message(&passport[0])["text"]["body"],
        "Hoi, ik wil een afspraak maken voor een nieuw paspoort. Kan dat deze week nog?"
    );
}

#[test]
fn scenarios_only_refer_to_earlier_steps() {
    for scenario in Scenario::all() {
        for (index, step) in scenario.steps.iter().enumerate() {
            if let Step::ReplyTo { step, .. } | Step::React { step, .. } = step {
                assert!(*step < index, "{} step {index}", scenario.name);
            }
        }
    }
}

#[tokio::test]
async fn interactive_replies_quote_the_business_message() {
    let h = start().await;
    let me = Resident::new("Bram Visser", "31611112222");
    let button = h.sim.button_reply(&me, "wamid.business", "ja", "Ja, graag");
    assert_eq!(button["interactive"]["button_reply"]["title"], "Ja, graag");
    assert_eq!(
        button["context"]["from"],
        h.sim.config().display_phone_number.as_str()
    );
    let list = h.sim.list_reply(
        &me,
        "wamid.business",
        "afval",
        "Afval",
        Some("Grofvuil en containers"),
    );
    assert_eq!(list["interactive"]["type"], "list_reply");
    assert_eq!(
        list["interactive"]["list_reply"]["description"],
        "Grofvuil en containers"
    );
    assert_eq!(list["context"]["id"], "wamid.business");
}
