//! Personal data at the door (issue 10): a resident's BSN is masked before anything is
//! stored (text, raw payload, unrouted events), the resident gets the notice once, and an
//! agent's reply with a BSN is refused with the findings.

use loket_domain::privacy::{OutboundBsn, PrivacyPolicy};
use loket_sim::Resident;
use serde_json::json;

use crate::composer::{agent, outbound, template_value};
use crate::support::{TestApp, spawn_apps, spawn_apps_without_channel};

const NOTICE: &str =
    "Deel je BSN liever niet via WhatsApp. We hebben het uit dit gesprek verwijderd.";

/// Every stored text and raw payload of messages, as one string.
async fn stored_messages(app: &TestApp) -> String {
    let rows = app
        .fetch_strings("select content, raw, findings from messages")
        .await;
    format!("{rows:?}")
}

async fn deliver_bsn(app: &TestApp, wamid: &str) -> u16 {
    let r = Resident::new("Karin Smit", "31687654321");
    let mut message = app
        .sim
        .text(&r, "Mijn BSN is 111 222 333, graag terugbellen");
    message["id"] = json!(wamid);
    app.sim
        .deliver(&app.sim.envelope(vec![message], vec![r.contact()]))
        .await
        .unwrap()
        .status
}

#[tokio::test]
async fn a_residents_bsn_is_masked_in_the_text_the_raw_payload_and_the_api_findings() {
    for app in spawn_apps().await {
        assert_eq!(deliver_bsn(&app, "wamid.bsn-1").await, 200);
        let messages = app.all_messages().await;
        let inbound = messages
            .iter()
            .find(|m| m["direction"] == "inbound")
            .unwrap();
        assert_eq!(
            inbound["content"]["body"],
            "Mijn BSN is [BSN], graag terugbellen"
        );
        let findings = inbound["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0]["kind"], "bsn");
        assert_eq!(findings[0]["masked"], true);
        assert!(findings[0].get("value").is_none(), "{findings:?}");
        assert_eq!(
            (findings[0]["start"].as_u64(), findings[0]["end"].as_u64()),
            (Some(12), Some(17))
        );
        let stored = stored_messages(&app).await;
        assert!(
            !stored.contains("111 222 333") && !stored.contains("111222333"),
            "{stored}"
        );
        assert!(
            stored.contains("wamid.bsn-1"),
            "the provider id is kept for deduplication"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_resident_gets_the_notice_once_even_when_the_delivery_comes_twice() {
    for app in spawn_apps().await {
        assert_eq!(deliver_bsn(&app, "wamid.bsn-2").await, 200);
        assert_eq!(deliver_bsn(&app, "wamid.bsn-2").await, 200);
        app.settle().await;
        let messages = app.all_messages().await;
        assert_eq!(
            messages
                .iter()
                .filter(|m| m["direction"] == "inbound")
                .count(),
            1,
            "the duplicate delivery is deduplicated"
        );
        let outbound: Vec<_> = messages
            .iter()
            .filter(|m| m["direction"] == "outbound")
            .collect();
        assert_eq!(outbound.len(), 1, "{outbound:?}");
        assert_eq!(outbound[0]["content"]["body"], NOTICE);
        // Automatic, not an answer: the resident still waits for a person (issue 12).
        assert_eq!(outbound[0]["sender"], "system");
        let sent = app.sim.sent_messages();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].body["text"]["body"], NOTICE);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_message_without_personal_data_gets_no_notice_and_no_findings() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Wanneer is het stadhuis open?").await;
        app.settle().await;
        let detail = app
            .get_json(&format!("/api/v1/conversations/{conversation}"))
            .await;
        let messages = detail["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0]["findings"], json!([]));
        assert!(app.sim.sent_messages().is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn unrouted_events_have_bsns_masked_although_they_belong_to_no_organisation() {
    for app in spawn_apps_without_channel().await {
        assert_eq!(deliver_bsn(&app, "wamid.bsn-3").await, 200);
        let rows = app.fetch_strings("select event from unrouted_events").await;
        assert_eq!(rows.len(), 1);
        let stored = format!("{rows:?}");
        assert!(!stored.contains("111 222 333"), "{stored}");
        assert!(stored.contains("[BSN]"), "{stored}");
        app.cleanup().await;
    }
}

async fn reply(app: &TestApp, conversation: &str, body: serde_json::Value) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/conversations/{conversation}/messages"),
        &body,
    )
    .await
}

#[tokio::test]
async fn a_reply_with_a_bsn_is_refused_with_the_findings_even_when_confirmed() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Wat is mijn BSN?").await;
        for body in [
            json!({"text": "Uw BSN is 111.222.333."}),
            json!({"text": "Uw BSN is 111.222.333.", "confirm_personal_data": true}),
        ] {
            let response = reply(&app, &conversation, body).await;
            assert_eq!(response.status(), 422);
            let problem: serde_json::Value = response.json().await.unwrap();
            assert_eq!(problem["status"], 422);
            assert_eq!(problem["findings"][0]["kind"], "bsn");
            assert_eq!(problem["findings"][0]["value"], "111222333");
            assert_eq!(problem["findings"][0]["start"], 10);
            assert_eq!(problem["findings"][0]["end"], 21);
        }
        // Nothing was queued.
        app.settle().await;
        assert!(app.sim.sent_messages().is_empty());
        let bad = reply(
            &app,
            &conversation,
            json!({"text": "x", "confirm_personal_data": "ja"}),
        )
        .await;
        assert_eq!(bad.status(), 400);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn where_the_organisation_chose_confirm_a_bsn_needs_confirmation_409_then_goes() {
    for app in spawn_apps().await {
        let org = app
            .store
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap();
        let policy = PrivacyPolicy {
            outbound_bsn: OutboundBsn::Confirm,
            ..PrivacyPolicy::default()
        };
        app.engine
            .apply_privacy_policies(&[("voorbeeld".into(), Some(policy))])
            .await
            .unwrap();
        assert_eq!(
            app.engine
                .privacy_policy(org.id)
                .await
                .unwrap()
                .outbound_bsn,
            OutboundBsn::Confirm
        );
        let conversation = app.resident_writes("Wat is mijn BSN?").await;
        let refused = reply(&app, &conversation, json!({"text": "Uw BSN is 111222333."})).await;
        assert_eq!(refused.status(), 409);
        let problem: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(problem["findings"][0]["kind"], "bsn");
        let sent = reply(
            &app,
            &conversation,
            json!({"text": "Uw BSN is 111222333.", "confirm_personal_data": true}),
        )
        .await;
        assert_eq!(sent.status(), 201);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_template_value_with_personal_data_waits_for_the_confirm_box_in_the_picker() {
    for app in spawn_apps().await {
        let id = app.resident_writes("Hallo").await;
        app.post_json("/api/v1/templates/sync", &json!({})).await;
        app.clock.advance(std::time::Duration::from_secs(25 * 3600));
        let mut v = agent(&app).await;
        let page = v.get(&format!("/inbox/{id}")).await;
        let value = template_value(&page.body, "vraag_nog_open");
        let path = format!("/inbox/{id}/template");
        let iban = "NL91 ABNA 0417 1643 00";
        let fields = [
            ("template", value.as_str()),
            ("p", iban),
            ("action", "send"),
        ];

        let held = v.post(&path, &fields).await;
        assert_eq!(held.status, 422, "{}", held.body);
        assert!(
            held.body.contains("id=\"composer-template-confirm\""),
            "{}",
            held.body
        );
        assert!(outbound(&app).await.is_empty(), "nothing sent unconfirmed");

        let mut confirmed = fields.to_vec();
        confirmed.push(("confirm_personal_data", "on"));
        let sent = v.post(&path, &confirmed).await;
        assert_eq!(sent.status, 303, "{}", sent.body);
        assert_eq!(outbound(&app).await.len(), 1, "on {:?}", app.backend);
        app.cleanup().await;
    }
}
