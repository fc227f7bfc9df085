//! `GET /events`: the organisation's live events as SSE, on every backend — only its own,
//! ids and small fields only, resumable with `Last-Event-ID` without gaps or duplicates.

use std::time::Duration;

use loket_engine::live::{LiveItem, LiveOptions, ReloadReason, Viewer};
use serde_json::Value;

use crate::support::*;

const RESIDENT: &str = "Fatima de Vries";
const PHONE: &str = "31612345678";

/// One SSE event as a client sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sse {
    pub id: Option<String>,
    pub event: String,
    pub data: Value,
    pub raw: String,
}

/// A tiny SSE reader over a streaming response (comments are skipped).
pub struct SseClient {
    response: reqwest::Response,
    buffer: String,
}

impl SseClient {
    pub async fn open(app: &TestApp, token: &str, last_id: Option<&str>) -> Self {
        let response = events_request(app, Some(token), last_id).await;
        assert_eq!(response.status(), 200, "GET /events on {:?}", app.backend);
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        Self {
            response,
            buffer: String::new(),
        }
    }

    /// The next event, or `None` when none came `within`.
    pub async fn next_within(&mut self, within: Duration) -> Option<Sse> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse(&block) {
                    return Some(event);
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .ok()?
                .expect("the stream stays readable")?;
            self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    pub async fn next(&mut self) -> Sse {
        self.next_within(Duration::from_secs(10))
            .await
            .expect("an event within 10 s")
    }

    /// The next `n` events.
    pub async fn take(&mut self, n: usize) -> Vec<Sse> {
        let mut events = Vec::new();
        for _ in 0..n {
            events.push(self.next().await);
        }
        events
    }
}

fn parse(block: &str) -> Option<Sse> {
    let (mut id, mut event, mut data) = (None, String::from("message"), String::new());
    for line in block.lines() {
        if let Some(v) = line.strip_prefix("id:") {
            id = Some(v.trim().to_owned());
        } else if let Some(v) = line.strip_prefix("event:") {
            event = v.trim().to_owned();
        } else if let Some(v) = line.strip_prefix("data:") {
            data.push_str(v.trim_start());
        }
    }
    (!data.is_empty()).then(|| Sse {
        id,
        event,
        data: serde_json::from_str(&data).unwrap(),
        raw: block.to_owned(),
    })
}

async fn events_request(
    app: &TestApp,
    token: Option<&str>,
    last_id: Option<&str>,
) -> reqwest::Response {
    let mut request = app.http.get(format!("{}/events", app.url));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(id) = last_id {
        request = request.header("last-event-id", id);
    }
    request.send().await.unwrap()
}

/// The resident writes `text` (a new conversation the first time).
async fn resident_sends(app: &TestApp, text: &str) {
    let r = loket_sim::Resident::new(RESIDENT, PHONE);
    let envelope = app
        .sim
        .envelope(vec![app.sim.text(&r, text)], vec![r.contact()]);
    assert_eq!(app.sim.deliver(&envelope).await.unwrap().status, 200);
}

fn ids(events: &[Sse]) -> Vec<String> {
    events.iter().map(|e| e.id.clone().unwrap()).collect()
}

#[tokio::test]
async fn a_new_conversation_streams_its_ids_to_its_organisation_only() {
    for app in spawn_apps().await {
        let mut mine = SseClient::open(&app, TOKEN, None).await;
        let mut theirs = SseClient::open(&app, OTHER_TOKEN, None).await;
        resident_sends(&app, "Mijn paspoort is verlopen, wat nu?").await;

        let events = mine.take(2).await;
        let conversation = app.conversations().await[0]["id"].clone();
        assert_eq!(events[0].event, "conversation_created");
        assert_eq!(events[0].data["type"], "conversation_created");
        assert_eq!(events[0].data["conversation_id"], conversation);
        assert_eq!(events[1].event, "message_created");
        assert_eq!(events[1].data["conversation_id"], conversation);
        let message = &events[1].data["message_id"];
        let detail = app
            .get_json(&format!(
                "/api/v1/conversations/{}",
                conversation.as_str().unwrap()
            ))
            .await;
        assert_eq!(&detail["messages"][0]["id"], message);
        let (first, second): (i64, i64) = (
            events[0].id.as_ref().unwrap().parse().unwrap(),
            events[1].id.as_ref().unwrap().parse().unwrap(),
        );
        assert!(first < second, "ids rise: {first} then {second}");
        for e in &events {
            for private in ["paspoort", PHONE, RESIDENT] {
                assert!(!e.raw.contains(private), "{private} in {}", e.raw);
            }
        }
        assert_eq!(
            theirs.next_within(Duration::from_millis(1500)).await,
            None,
            "another organisation saw an event on {:?}",
            app.backend
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn status_assignment_and_delivery_changes_are_streamed() {
    for app in spawn_apps().await {
        let conversation = app.resident_writes("Hallo").await;
        // Assignees are members (user ids) since people exist.
        let anna = app.agent("anna@voorbeeld.nl", "voorbeeld").await;
        let mut stream = SseClient::open(&app, TOKEN, None).await;
        let patched = app
            .patch_json(
                &format!("/api/v1/conversations/{conversation}"),
                &serde_json::json!({"status": "pending", "assignee": anna}),
            )
            .await;
        assert_eq!(patched.status(), 200);
        // The resident's events may still reach a stream opened just after: skip them.
        let mut updated = stream.next().await;
        while updated.event != "conversation_updated" {
            assert!(
                updated.event.starts_with("conversation_created")
                    || updated.event == "message_created"
            );
            updated = stream.next().await;
        }
        assert_eq!(updated.data["conversation_id"], conversation.as_str());
        assert_eq!(
            updated.data["changed"],
            serde_json::json!(["status", "assignee"])
        );

        let reply = app
            .post_json(
                &format!("/api/v1/conversations/{conversation}/messages"),
                &serde_json::json!({"text": "Wij kijken ernaar."}),
            )
            .await;
        assert_eq!(reply.status(), 201, "{:?}", reply.text().await);
        app.settle().await;
        // Wait for the send's outcome and a later delivery status (bounded), not for a quiet
        // spell: on a loaded machine the simulator's status webhooks may come seconds apart,
        // and a send whose answer was slow is "uncertain" until the statuses settle it (a
        // "read" may then come without "delivered" before it: a later status is not undone).
        let mut statuses = Vec::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        let any_of =
            |s: &Vec<String>, words: &[&str]| words.iter().any(|w| s.iter().any(|x| x == w));
        let both = |s: &Vec<String>| {
            any_of(s, &["sent", "uncertain"]) && any_of(s, &["delivered", "read"])
        };
        while !both(&statuses) && tokio::time::Instant::now() < deadline {
            let Some(e) = stream.next_within(Duration::from_secs(5)).await else {
                continue;
            };
            assert!(
                !e.raw.contains("Wij kijken"),
                "message text streamed: {}",
                e.raw
            );
            if e.event == "message_status_changed" {
                statuses.push(e.data["status"].as_str().unwrap().to_owned());
            }
        }
        assert!(any_of(&statuses, &["sent", "uncertain"]), "{statuses:?}");
        assert!(any_of(&statuses, &["delivered", "read"]), "{statuses:?}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn resuming_with_last_event_id_replays_exactly_the_missed_events_then_goes_live() {
    for app in spawn_apps().await {
        // A client that never disconnects sees everything: the reference.
        let mut reference = SseClient::open(&app, TOKEN, None).await;
        let mut client = SseClient::open(&app, TOKEN, None).await;
        resident_sends(&app, "een").await;
        let seen = client.take(2).await;
        drop(client);

        resident_sends(&app, "twee").await;
        resident_sends(&app, "drie").await;
        // Another organisation's events in between are not replayed to this one.
        let all_before = reference.take(4).await;

        let last = seen[1].id.clone().unwrap();
        let mut resumed = SseClient::open(&app, TOKEN, Some(&last)).await;
        let replayed = resumed.take(2).await;
        assert_eq!(
            ids(&replayed),
            ids(&all_before[2..]),
            "on {:?}",
            app.backend
        );
        assert_eq!(replayed[0].data, all_before[2].data);

        resident_sends(&app, "vier").await;
        let live = resumed.next().await;
        let expected = reference.next().await;
        assert_eq!(live, expected, "the first live event after the replay");
        assert_eq!(resumed.next_within(Duration::from_millis(800)).await, None);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn events_stream_is_refused_without_a_valid_token() {
    for app in spawn_apps().await {
        for token in [None, Some("no-such-token")] {
            let response = events_request(&app, token, None).await;
            assert_eq!(response.status(), 401, "{token:?} on {:?}", app.backend);
            assert!(
                response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("application/problem+json")
            );
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_malformed_last_event_id_is_refused() {
    for app in spawn_apps().await {
        for id in ["abc", "-1", "1e3", &"9".repeat(400)] {
            let response = events_request(&app, Some(TOKEN), Some(id)).await;
            assert_eq!(response.status(), 400, "{id:?} on {:?}", app.backend);
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_id_that_cannot_be_resumed_from_asks_the_client_to_reload() {
    for app in spawn_apps().await {
        // Never given by this log (e.g. a database restored from an older backup).
        let mut stream = SseClient::open(&app, TOKEN, Some("987654321")).await;
        let reload = stream.next().await;
        assert_eq!(
            (reload.event.as_str(), reload.id.as_deref()),
            ("reload", None)
        );
        assert_eq!(reload.data["reason"], "cannot_resume");
        drop(stream);

        let mut live = SseClient::open(&app, TOKEN, None).await;
        resident_sends(&app, "oud").await;
        let old = live.take(2).await;
        // Older than the retention time: pruned, so the events after it are unknown.
        app.clock.advance(Duration::from_secs(25 * 3600));
        resident_sends(&app, "nieuw").await;
        let _newer = live.next().await;
        assert_eq!(app.engine.prune_live_events().await.unwrap(), 2);
        let mut resumed = SseClient::open(&app, TOKEN, old[0].id.as_deref()).await;
        assert_eq!(resumed.next().await.data["reason"], "cannot_resume");
        app.cleanup().await;
    }
}

/// A subscriber that stops reading loses its oldest events and is told so; publishing
/// never waits for it.
#[tokio::test]
async fn a_slow_subscriber_is_told_to_reload_and_never_slows_publishing() {
    use futures::StreamExt;
    for app in spawn_apps().await {
        let engine = app
            .second_instance_with(LiveOptions {
                buffer: 4,
                ..LiveOptions::default()
            })
            .await;
        let org = app
            .store
            .find_organisation_by_slug("voorbeeld")
            .await
            .unwrap()
            .unwrap()
            .id;
        let stream = engine
            .live_events(Viewer { org_id: org }, None)
            .await
            .unwrap();
        tokio::pin!(stream);
        let started = std::time::Instant::now();
        for i in 0..6 {
            resident_sends(&app, &format!("bericht {i}")).await;
        }
        assert!(started.elapsed() < Duration::from_secs(10));
        // Give the second instance's fan-out time to read them all (it polls every second).
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let first = tokio::time::timeout(Duration::from_secs(5), stream.next())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            first,
            LiveItem::Reload(ReloadReason::FellBehind),
            "on {:?}",
            app.backend
        );
        app.cleanup().await;
    }
}
