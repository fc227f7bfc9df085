//! The traffic generator stops by itself and reports every delivery.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use loket_sim::{Pace, Scenario, Traffic};

use crate::support::start;

#[tokio::test]
async fn a_steady_run_stops_by_itself_after_max_messages_and_reports_every_outcome() {
    let h = start().await;
    let report = Traffic::new(&h.sim, Pace::Steady { per_minute: 60_000 })
        .seed(1)
        .run(25)
        .await;
    assert_eq!(report.outcomes.len(), 25);
    assert_eq!(report.accepted(), 25);
    assert_eq!(report.failed(), 0);
    assert!(report.conversations >= 1);
    assert_eq!(h.receiver.received().len(), 25);
    let wamids: HashSet<_> = report.outcomes.iter().map(|o| o.wamid.clone()).collect();
    assert_eq!(wamids.len(), 25);
    assert_eq!(h.sim.stats().webhooks_accepted, 25);
}

#[tokio::test]
async fn a_bursty_run_stops_when_its_until_future_completes() {
    let h = start().await;
    let pace = Pace::Bursty {
        burst_size: 5,
        every: Duration::from_millis(40),
    };
    let stop = tokio::time::sleep(Duration::from_millis(100));
    let report = Traffic::new(&h.sim, pace).run_until(usize::MAX, stop).await;
    let n = report.outcomes.len();
    assert!(n >= 5 && n % 5 == 0 && n <= 20, "{n} messages");
    assert_eq!(report.accepted(), n);
}

#[tokio::test]
async fn each_conversation_arrives_in_order_so_replies_follow_what_they_quote() {
    let h = start().await;
    let scenarios = vec![
        Scenario::find("antwoord-op-eerder-bericht").unwrap(),
        Scenario::find("reactie").unwrap(),
    ];
    let pace = Pace::Bursty {
        burst_size: 6,
        every: Duration::from_millis(5),
    };
    let report = Traffic::new(&h.sim, pace)
        .scenarios(scenarios)
        .seed(7)
        .max_open_conversations(4)
        .run(30)
        .await;
    assert_eq!(report.accepted(), 30);
    let mut seen: HashMap<String, Vec<String>> = HashMap::new();
    for received in h.receiver.received() {
        let body = received.json();
        let message = &body["entry"][0]["changes"][0]["value"]["messages"][0];
        let from = message["from"].as_str().unwrap().to_owned();
        let earlier = seen.entry(from).or_default();
        let quoted = message["context"]["id"]
            .as_str()
            .or(message["reaction"]["message_id"].as_str());
        if let Some(quoted) = quoted {
            assert!(
                earlier.iter().any(|w| w == quoted),
                "{message} quotes an unseen wamid"
            );
        }
        earlier.push(message["id"].as_str().unwrap().to_owned());
    }
}

#[tokio::test]
async fn refused_and_undeliverable_webhooks_are_reported_as_failures() {
    let h = start().await;
    h.receiver.answer_with(500);
    let report = Traffic::new(&h.sim, Pace::Steady { per_minute: 60_000 })
        .run(3)
        .await;
    assert_eq!(report.failed(), 3);
    assert!(
        report
            .outcomes
            .iter()
            .all(|o| o.result.as_ref().unwrap().status == 500)
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    h.sim.set_webhook_url(format!(
        "http://{}/webhooks/whatsapp",
        listener.local_addr().unwrap()
    ));
    drop(listener);
    let report = Traffic::new(&h.sim, Pace::Steady { per_minute: 60_000 })
        .run(2)
        .await;
    assert_eq!(report.failed(), 2);
    assert!(report.outcomes.iter().all(|o| o.result.is_err()));
}

#[tokio::test]
async fn the_same_seed_plays_the_same_scenarios_for_the_same_residents() {
    let h = start().await;
    // Slow enough that each delivery is answered before the next tick: the choices then
    // depend on the seed alone.
    let traffic = Traffic::new(&h.sim, Pace::Steady { per_minute: 1_200 })
        .seed(42)
        .max_open_conversations(1);
    let (a, b) = (traffic.run(6).await, traffic.run(6).await);
    let key = |r: &loket_sim::TrafficReport| {
        r.outcomes
            .iter()
            .map(|o| (o.scenario, o.resident.clone(), o.message_type.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&a), key(&b));
}
