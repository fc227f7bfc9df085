//! Sends to a resident known only by a business-scoped user id (BSUID): `recipient`
//! instead of `to` (§3.1 of the reference), statuses with `recipient_user_id`.

use loket_sim::Template;
use serde_json::{Value, json};

use crate::support::{start_immediate, statuses};

const BSUID: &str = "NL.1234567890123456";

fn text_to_user(recipient: &str) -> Value {
    json!({"messaging_product": "whatsapp", "recipient_type": "individual",
        "recipient": recipient, "type": "text", "text": {"body": "Dank je, we kijken ernaar."}})
}

#[tokio::test]
async fn a_send_to_a_business_scoped_user_id_is_accepted_and_its_statuses_name_that_id() {
    let h = start_immediate().await;
    h.opened(BSUID);
    let (status, answer) = h.send(&text_to_user(BSUID)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["contacts"],
        json!([{"input": BSUID, "user_id": BSUID}])
    );
    let wamid = answer["messages"][0]["id"].as_str().unwrap().to_owned();

    h.sim.flush_statuses().await;
    let sent = statuses(&h.receiver.received());
    assert!(!sent.is_empty());
    for (id, _, object) in &sent {
        assert_eq!(id, &wamid);
        assert_eq!(object["recipient_user_id"], BSUID, "{object}");
        assert!(
            object.get("recipient_id").is_none(),
            "no number is known: {object}"
        );
    }
    let delivered = sent.iter().find(|(_, s, _)| s == "delivered").unwrap();
    assert_eq!(delivered.2["pricing"]["category"], "service");
    assert_eq!(delivered.2["pricing"]["pricing_model"], "PMP");
}

#[tokio::test]
async fn a_send_naming_both_to_and_recipient_or_a_malformed_user_id_is_refused() {
    let h = start_immediate().await;
    let mut both = text_to_user(BSUID);
    both["to"] = "31612345678".into();
    assert_eq!(h.send_code(&both).await, (400, 100));
    for bad in ["", "1234567890", "nl.123", "NL.", "NL.12 34"] {
        assert_eq!(h.send_code(&text_to_user(bad)).await, (400, 100), "{bad:?}");
    }
    let mut neither = text_to_user(BSUID);
    neither.as_object_mut().unwrap().remove("recipient");
    assert_eq!(h.send_code(&neither).await, (400, 131008));
    assert_eq!(h.sim.sent_messages().len(), 0);
}

#[tokio::test]
async fn an_authentication_template_to_a_business_scoped_user_id_is_refused_with_131062() {
    let h = start_immediate().await;
    h.sim.add_template(Template::new(
        "inlogcode",
        "nl",
        "AUTHENTICATION",
        "Uw code is {{1}}.",
    ));
    let template = |to: (&str, &str)| {
        let mut body = json!({"messaging_product": "whatsapp", "type": "template",
            "template": {"name": "inlogcode", "language": {"code": "nl"}, "components": [
                {"type": "body", "parameters": [{"type": "text", "text": "123456"}]}]}});
        body[to.0] = to.1.into();
        body
    };
    assert_eq!(
        h.send_code(&template(("recipient", BSUID))).await,
        (400, 131062)
    );
    assert_eq!(
        h.send_code(&template(("to", "31612345678"))).await,
        (200, 0),
        "a phone number may receive it"
    );
}

/// Meta's pricing page: from 2026-10-01 service messages are charged too (reference §4).
#[tokio::test]
async fn service_messages_are_priced_as_regular_from_october_2026() {
    let h = start_immediate().await;
    h.clock.set("2026-11-19T09:30:00Z".parse().unwrap());
    h.opened("31612345678");
    let (status, _) = h
        .send(&crate::support::text_to("31612345678", "Dank je."))
        .await;
    assert_eq!(status, 200);
    h.sim.flush_statuses().await;
    let delivered = statuses(&h.receiver.received())
        .into_iter()
        .find(|(_, s, _)| s == "delivered")
        .unwrap();
    assert_eq!(
        delivered.2["pricing"],
        json!({"billable": true, "pricing_model": "PMP", "category": "service", "type": "regular"})
    );
}
