//! A stand-in for Loket that records raw webhook bodies and headers, and helpers to start
//! the simulator against it.

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use loket_domain::time::ManualClock;
use loket_domain::{Clock, Timestamp};
use loket_sim::{GraphSim, SimConfig};
use serde_json::Value;

/// One webhook as Loket would have received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("webhook bodies are JSON")
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

#[derive(Clone, Default)]
pub struct Receiver {
    received: Arc<Mutex<Vec<Received>>>,
    status: Arc<AtomicU16>,
}

impl Receiver {
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
    /// The status the stand-in answers with from now on (200 by default).
    pub fn answer_with(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }
}

async fn record(
    State(receiver): State<Receiver>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, &'static str) {
    receiver
        .received
        .lock()
        .unwrap()
        .push(Received { headers, body });
    let status = StatusCode::from_u16(receiver.status.load(Ordering::SeqCst)).unwrap();
    (status, "EVENT_RECEIVED")
}

/// Echo `hub.challenge` when `hub.verify_token` is the example config's token.
async fn verify(RawQuery(query): RawQuery) -> (StatusCode, String) {
    let query = query.unwrap_or_default();
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
            .unwrap_or_default()
            .to_owned()
    };
    if param("hub.mode") == "subscribe" && param("hub.verify_token") == "sim-verify-token" {
        (StatusCode::OK, param("hub.challenge"))
    } else {
        (StatusCode::FORBIDDEN, String::new())
    }
}

/// Start the stand-in; returns it and its webhook URL.
pub async fn start_receiver() -> (Receiver, String) {
    let receiver = Receiver::default();
    receiver.answer_with(200);
    let app = Router::new()
        .route("/webhooks/whatsapp", post(record).get(verify))
        .with_state(receiver.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/webhooks/whatsapp",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (receiver, url)
}

/// The instant the manual clock starts at (the May 2026 capture's timestamp).
pub const START: i64 = 1_778_766_865;

pub struct Harness {
    pub sim: GraphSim,
    pub receiver: Receiver,
    pub clock: Arc<ManualClock>,
    pub http: reqwest::Client,
}

/// The simulator on port 0 with a manual clock, delivering to a fresh stand-in.
pub async fn start() -> Harness {
    let (receiver, url) = start_receiver().await;
    let clock = Arc::new(ManualClock::new(Timestamp::from_second(START).unwrap()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let sim = GraphSim::start(listener, SimConfig::example(url), clock.clone())
        .await
        .unwrap();
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    Harness {
        sim,
        receiver,
        clock,
        http,
    }
}

impl Harness {
    pub fn token(&self) -> &str {
        &self.sim.config().access_token
    }
    pub fn secret(&self) -> &[u8] {
        self.sim.config().app_secret.as_bytes()
    }
    /// An authorised GET.
    pub async fn get(&self, url: &str) -> reqwest::Response {
        self.http
            .get(url)
            .bearer_auth(self.token())
            .send()
            .await
            .unwrap()
    }
}

/// A status webhook as received: `(wamid, status, whole status object)`.
pub fn statuses(received: &[Received]) -> Vec<(String, String, Value)> {
    received
        .iter()
        .map(Received::json)
        .flat_map(|body| {
            let statuses = body["entry"][0]["changes"][0]["value"]["statuses"].clone();
            statuses.as_array().cloned().unwrap_or_default()
        })
        .map(|s| {
            let id = s["id"].as_str().unwrap().to_owned();
            let status = s["status"].as_str().unwrap().to_owned();
            (id, status, s)
        })
        .collect()
}

impl Harness {
    pub fn messages_url(&self) -> String {
        format!(
            "{}/{}/messages",
            self.sim.base_url(),
            self.sim.config().phone_number_id
        )
    }
    /// An authorised `POST /{phone-number-id}/messages`: the status and the JSON answer.
    pub async fn send(&self, body: &Value) -> (u16, Value) {
        let response = self
            .http
            .post(self.messages_url())
            .bearer_auth(self.token())
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }
    /// Opens the 24-hour window of `wa_id` (as if the resident had just written).
    pub fn opened(&self, wa_id: &str) {
        self.sim.set_last_inbound(wa_id, self.clock.now());
    }
    /// The `(status, code)` of a send, asserting Meta's error envelope on refusals.
    pub async fn send_code(&self, body: &Value) -> (u16, u32) {
        let (status, answer) = self.send(body).await;
        if status == 200 {
            return (200, 0);
        }
        let error = &answer["error"];
        assert!(error["message"].is_string(), "{answer}");
        assert!(!error["fbtrace_id"].as_str().unwrap().is_empty());
        (status, error["code"].as_u64().unwrap() as u32)
    }
}

/// The simulator with the immediate status plan (no delays).
pub async fn start_immediate() -> Harness {
    let h = start().await;
    h.sim.set_status_plan(loket_sim::StatusPlan::immediate());
    h
}

/// `{"messaging_product":"whatsapp","to":to,"type":"text","text":{"body":body}}`.
pub fn text_to(to: &str, body: &str) -> Value {
    serde_json::json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": "text", "text": {"body": body}})
}
