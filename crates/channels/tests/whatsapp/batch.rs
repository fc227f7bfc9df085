//! A batched webhook: several entries, changes, messages and statuses in one body.

use loket_channels::whatsapp::escape::to_meta_json;
use loket_channels::whatsapp::parse_webhook;
use loket_domain::delivery::DeliveryStatus;
use loket_domain::inbound::InboundEvent;
use serde_json::{Value, json};

const SENDERS: [(&str, &str, &str); 3] = [
    ("31611111111", "NL.111", "Anouk"),
    ("31622222222", "NL.222", "Bram"),
    ("31633333333", "NL.333", "Chaïma"),
];

fn change(account: usize, number: usize) -> Value {
    let pnid = format!("pn-{account}-{number}");
    let messages: Vec<Value> = SENDERS
        .iter()
        .enumerate()
        .map(|(i, (wa_id, user_id, _))| {
            json!({"from": wa_id, "from_user_id": user_id,
                   "id": format!("wamid.{account}.{number}.{i}"),
                   "timestamp": (1_750_000_000 + i).to_string(), "type": "text",
                   "text": {"body": format!("bericht {i} aan {pnid} — café")}})
        })
        .collect();
    let contacts: Vec<Value> = SENDERS
        .iter()
        .rev()
        .map(|(wa_id, user_id, name)| {
            json!({"profile": {"name": name}, "wa_id": wa_id, "user_id": user_id})
        })
        .collect();
    json!({"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": format!("3197{account}{number}"), "phone_number_id": pnid},
        "contacts": contacts,
        "messages": messages,
        "statuses": [
            {"id": format!("wamid.out.{account}.{number}"), "status": "delivered",
             "timestamp": "1750000100", "recipient_id": "31611111111"},
            {"id": format!("wamid.out.{account}.{number}"), "status": "read",
             "timestamp": "1750000200", "recipient_id": "31611111111",
             "recipient_user_id": "NL.111"}]}})
}

#[test]
fn a_batch_of_entries_and_changes_yields_every_event_with_its_own_address() {
    let envelope = json!({"object": "whatsapp_business_account", "entry": [
        {"id": "waba-0", "changes": [change(0, 0), change(0, 1)]},
        {"id": "waba-1", "changes": [change(1, 0), change(1, 1)]}]});
    let events = parse_webhook(to_meta_json(&envelope).as_bytes()).unwrap();
    assert_eq!(events.len(), 2 * 2 * (3 + 2));

    let mut chunks = events.chunks(5);
    for account in 0..2 {
        for number in 0..2 {
            let chunk = chunks.next().unwrap();
            for event in chunk {
                assert_eq!(event.account_id, format!("waba-{account}"));
                assert_eq!(
                    event.phone_number_id.as_deref(),
                    Some(format!("pn-{account}-{number}").as_str())
                );
                assert_eq!(
                    event.display_phone_number.as_deref(),
                    Some(format!("3197{account}{number}").as_str())
                );
            }
            for (i, event) in chunk[..3].iter().enumerate() {
                let InboundEvent::Message(m) = &event.event else {
                    panic!("expected a message: {event:?}");
                };
                let (wa_id, user_id, name) = SENDERS[i];
                assert_eq!(
                    m.provider_message_id,
                    format!("wamid.{account}.{number}.{i}")
                );
                assert_eq!(m.from.identity.wa_id.as_deref(), Some(wa_id));
                assert_eq!(m.from.identity.user_id.as_deref(), Some(user_id));
                assert_eq!(
                    m.from.name.as_deref(),
                    Some(name),
                    "contact matched by wa_id"
                );
                assert!(m.content.text().unwrap().ends_with("— café"));
            }
            let statuses: Vec<_> = chunk[3..]
                .iter()
                .map(|e| match &e.event {
                    InboundEvent::Status(s) => (s.status, s.recipient.user_id.clone()),
                    other => panic!("expected a status: {other:?}"),
                })
                .collect();
            assert_eq!(
                statuses,
                [
                    (DeliveryStatus::Delivered, None),
                    (DeliveryStatus::Read, Some("NL.111".to_owned()))
                ]
            );
        }
    }
}
