//! Switchable faults on sends: each fires for the next N sends, then the sim recovers.

use std::time::{Duration, Instant};

use loket_sim::{PAIR_BURST, SendFault};
use serde_json::json;

use crate::support::{start_immediate, statuses, text_to};

const TO: &str = "31612345678";

#[tokio::test]
async fn each_refusal_fault_fires_for_the_next_n_sends_then_the_sim_recovers() {
    let h = start_immediate().await;
    h.opened(TO);
    let faults = [
        (SendFault::Throughput, 400, 130429),
        (SendFault::PairRateLimit, 400, 131056),
        (SendFault::ServerError, 500, 1),
        (SendFault::Unavailable, 503, 2),
        (SendFault::ExpiredToken, 401, 190),
        (SendFault::UnsupportedType, 400, 131051),
    ];
    for (fault, status, code) in faults {
        h.sim.fail_next_sends(fault, 2);
        assert_eq!(h.sim.armed(fault), 2);
        for _ in 0..2 {
            assert_eq!(
                h.send_code(&text_to(TO, "x")).await,
                (status, code),
                "{fault:?}"
            );
        }
        assert_eq!(
            h.send_code(&text_to(TO, "x")).await,
            (200, 0),
            "{fault:?} recovered"
        );
        assert_eq!((h.sim.armed(fault), h.sim.fired(fault)), (0, 2));
        assert_eq!(h.sim.send_stats().refused_with(code), 2);
    }
    assert_eq!(h.sim.sent_messages().len(), faults.len());
}

#[tokio::test]
async fn refusal_faults_carry_metas_wording() {
    let h = start_immediate().await;
    h.opened(TO);
    h.sim.fail_next_sends(SendFault::Throughput, 1);
    h.sim.fail_next_sends(SendFault::ServerError, 1);
    h.sim.fail_next_sends(SendFault::ExpiredToken, 1);
    let (status, expired) = h.send(&text_to(TO, "x")).await;
    assert_eq!(status, 401);
    assert_eq!(
        (
            expired["error"]["code"].as_u64(),
            expired["error"]["error_subcode"].as_u64()
        ),
        (Some(190), Some(463))
    );
    assert_eq!(expired["error"]["type"], "OAuthException");
    let (_, throttled) = h.send(&text_to(TO, "x")).await;
    assert_eq!(throttled["error"]["message"], "(#130429) Rate limit hit");
    assert_eq!(
        throttled["error"]["error_data"],
        json!({"messaging_product": "whatsapp", "details": "Cloud API message throughput has been reached."})
    );
    let (status, server) = h.send(&text_to(TO, "x")).await;
    assert_eq!(
        (status, server["error"]["is_transient"].as_bool()),
        (500, Some(true))
    );
}

#[tokio::test]
async fn template_faults_fire_only_on_template_sends() {
    let h = start_immediate().await;
    h.opened(TO);
    h.sim.fail_next_sends(SendFault::TemplateParams, 1);
    h.sim.fail_next_sends(SendFault::TemplateMissing, 1);
    assert_eq!(h.send_code(&text_to(TO, "x")).await, (200, 0));
    let template = json!({"messaging_product": "whatsapp", "to": TO, "type": "template", "template": {"name": "vraag_nog_open", "language": {"code": "nl"}, "components": [{"type": "body", "parameters": [{"type": "text", "parameter_name": "voornaam", "text": "Daan"}]}]}});
    assert_eq!(h.send_code(&template).await, (400, 132001));
    assert_eq!(h.send_code(&template).await, (400, 132000));
    assert_eq!(h.send_code(&template).await, (200, 0));
}

#[tokio::test]
async fn a_slow_answer_is_still_a_success() {
    let h = start_immediate().await;
    h.opened(TO);
    h.sim.slow_next_sends(1, Duration::from_millis(300));
    let started = Instant::now();
    assert_eq!(h.send(&text_to(TO, "x")).await.0, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    assert_eq!(h.send(&text_to(TO, "x")).await.0, 200);
    assert!(started.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn the_timeout_fault_leaves_the_message_in_the_sent_log_and_still_produces_status_webhooks() {
    let h = start_immediate().await;
    h.opened(TO);
    h.sim.fail_next_sends(SendFault::Timeout, 1);
    let impatient = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let result = impatient
        .post(h.messages_url())
        .bearer_auth(h.token())
        .json(&text_to(TO, "Komt dit aan?"))
        .send()
        .await;
    assert!(result.unwrap_err().is_timeout());
    let sent = h.sim.sent_messages();
    assert_eq!(sent.len(), 1);
    h.sim.flush_statuses().await;
    let all = statuses(&h.receiver.received());
    assert_eq!(
        all.iter().map(|(_, s, _)| s.as_str()).collect::<Vec<_>>(),
        ["sent", "delivered", "read"]
    );
    assert!(all.iter().all(|(id, _, _)| *id == sent[0].wamid));
    assert_eq!(h.sim.send_stats().held, 1);
    assert_eq!(h.send(&text_to(TO, "x")).await.0, 200, "recovered");
}

#[tokio::test]
async fn a_held_answer_is_released_after_the_configured_hold() {
    let h = start_immediate().await;
    h.opened(TO);
    h.sim.set_timeout_hold(Duration::from_millis(200));
    h.sim.fail_next_sends(SendFault::Timeout, 1);
    let started = Instant::now();
    let (status, answer) = h.send(&text_to(TO, "x")).await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(status, 200);
    assert_eq!(
        answer["messages"][0]["id"],
        h.sim.sent_messages()[0].wamid.as_str()
    );
}

#[tokio::test]
async fn the_undeliverable_fault_accepts_then_fails_with_131026() {
    let h = start_immediate().await;
    h.opened(TO);
    h.sim.fail_next_sends(SendFault::Undeliverable, 1);
    assert_eq!(h.send(&text_to(TO, "x")).await.0, 200);
    h.sim.flush_statuses().await;
    let all = statuses(&h.receiver.received());
    assert_eq!(all.len(), 1);
    assert_eq!(
        (all[0].1.as_str(), &all[0].2["errors"][0]["code"]),
        ("failed", &json!(131026))
    );
}

#[tokio::test]
async fn enforced_pair_rate_limit_refuses_the_46th_message_to_one_resident_within_6_seconds() {
    let h = start_immediate().await;
    h.opened(TO);
    h.opened("31687654321");
    for _ in 0..PAIR_BURST + 5 {
        assert_eq!(
            h.send_code(&text_to(TO, "x")).await,
            (200, 0),
            "off by default"
        );
    }
    h.sim.enforce_rate_limits(true);
    for _ in 0..PAIR_BURST {
        assert_eq!(h.send_code(&text_to(TO, "x")).await, (200, 0));
    }
    assert_eq!(h.send_code(&text_to(TO, "x")).await, (400, 131056));
    assert_eq!(
        h.send_code(&text_to("31687654321", "x")).await,
        (200, 0),
        "other recipients are fine"
    );
}

#[tokio::test]
async fn enforced_throughput_refuses_sends_beyond_80_per_second() {
    let h = start_immediate().await;
    h.sim
        .set_window_enforcement(loket_sim::WindowEnforcement::Off);
    h.sim.enforce_rate_limits(true);
    let mut sends = tokio::task::JoinSet::new();
    for i in 0..120 {
        let (http, url, token) = (h.http.clone(), h.messages_url(), h.token().to_owned());
        sends.spawn(async move {
            let to = format!("316{:08}", 10_000_000 + i);
            let response = http
                .post(url)
                .bearer_auth(token)
                .json(&text_to(&to, "x"))
                .send()
                .await
                .unwrap();
            response.status().as_u16()
        });
    }
    let mut ok = 0;
    while let Some(status) = sends.join_next().await {
        ok += usize::from(status.unwrap() == 200);
    }
    let refused = h.sim.send_stats().refused_with(130429);
    assert_eq!(ok as u64 + refused, 120);
    assert!(refused >= 1 && ok >= 80, "{ok} accepted, {refused} refused");
}
