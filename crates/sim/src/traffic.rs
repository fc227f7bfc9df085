//! The resident traffic generator: many residents playing scenarios at a steady or bursty
//! pace, interleaved as real traffic is, each conversation's steps in order.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use tokio::task::JoinSet;
use tokio::time::{Instant, MissedTickBehavior};

use crate::residents::scenarios::{Conversation, PreparedMessage};
use crate::webhook::Delivered;
use crate::{GraphSim, Resident, Scenario};

/// How fast residents write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// One message every `60 s / per_minute`.
    Steady { per_minute: u32 },
    /// `burst_size` messages at once (delivered concurrently), every `every`.
    Bursty { burst_size: u32, every: Duration },
}

impl Pace {
    fn tick(self) -> (Duration, u32) {
        match self {
            Pace::Steady { per_minute } => (Duration::from_secs(60) / per_minute.max(1), 1),
            Pace::Bursty { burst_size, every } => {
                (every.max(Duration::from_millis(1)), burst_size.max(1))
            }
        }
    }
}

/// What happened to one delivered message.
#[derive(Debug, Clone)]
pub struct DeliveryOutcome {
    pub scenario: &'static str,
    /// The sender's `wa_id`.
    pub resident: String,
    pub wamid: String,
    pub message_type: String,
    /// From sending the webhook until Loket's answer was read.
    pub latency: Duration,
    /// Loket's answer, or why there was none.
    pub result: Result<Delivered, String>,
}

impl DeliveryOutcome {
    /// Whether Loket answered with a 2xx status.
    pub fn is_accepted(&self) -> bool {
        self.result.as_ref().is_ok_and(Delivered::is_success)
    }

    pub(crate) async fn deliver(sim: &GraphSim, prepared: PreparedMessage) -> Self {
        let started = Instant::now();
        let result = sim
            .deliver(&prepared.body)
            .await
            .map_err(|e| format!("{e:#}"));
        Self {
            scenario: prepared.scenario,
            resident: prepared.resident,
            wamid: prepared.wamid,
            message_type: prepared.message_type,
            latency: started.elapsed(),
            result,
        }
    }
}

/// Every outcome of a run, in the order the deliveries finished.
#[derive(Debug, Clone, Default)]
pub struct TrafficReport {
    pub outcomes: Vec<DeliveryOutcome>,
    /// How many conversations were started.
    pub conversations: usize,
}

impl TrafficReport {
    /// Deliveries Loket answered with 2xx.
    pub fn accepted(&self) -> usize {
        self.outcomes.iter().filter(|o| o.is_accepted()).count()
    }

    /// Deliveries that got a non-2xx answer or none at all.
    pub fn failed(&self) -> usize {
        self.outcomes.len() - self.accepted()
    }
}

/// The generator. Build it from a [`GraphSim`], then [`Traffic::run`] it.
#[derive(Debug, Clone)]
pub struct Traffic {
    sim: GraphSim,
    pace: Pace,
    /// Each scenario with its weight (see `residents::day`).
    scenarios: Vec<(&'static Scenario, u32)>,
    seed: Option<u64>,
    max_open: usize,
}

/// A conversation in progress; `busy` while its last step is being delivered.
struct Open {
    conversation: Conversation,
    busy: bool,
}

impl Traffic {
    /// All scenarios in a KCC day's mix (`residents::day`), random residents, at most 8
    /// conversations open at a time.
    pub fn new(sim: &GraphSim, pace: Pace) -> Self {
        Self {
            sim: sim.clone(),
            pace,
            scenarios: crate::residents::day::weighted(),
            seed: None,
            max_open: 8,
        }
    }

    /// Use only these scenarios, equally often (an empty list keeps the day's mix).
    pub fn scenarios(mut self, scenarios: Vec<&'static Scenario>) -> Self {
        if !scenarios.is_empty() {
            self.scenarios = scenarios.into_iter().map(|s| (s, 1)).collect();
        }
        self
    }

    /// Make the choice of scenarios and residents reproducible.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// How many conversations may be open (started, unfinished) at once; more only start
    /// when every open one is waiting for its previous delivery.
    pub fn max_open_conversations(mut self, n: usize) -> Self {
        self.max_open = n.max(1);
        self
    }

    /// Send `max_messages` messages, then wait for the last answers and return.
    pub async fn run(&self, max_messages: usize) -> TrafficReport {
        self.run_until(max_messages, std::future::pending()).await
    }

    /// Like [`Traffic::run`], but also stop sending when `until` completes (e.g. a shutdown
    /// signal or a timer). Deliveries already under way are awaited.
    pub async fn run_until(
        &self,
        max_messages: usize,
        until: impl Future<Output = ()>,
    ) -> TrafficReport {
        let seed = self.seed.unwrap_or_else(rand::random);
        let mut rng = StdRng::seed_from_u64(seed);
        let (period, per_tick) = self.pace.tick();
        let mut ticker = tokio::time::interval(period);
        ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut open = BTreeMap::<u64, Open>::new();
        let mut in_flight = JoinSet::new();
        let mut report = TrafficReport::default();
        let mut sent = 0;
        tokio::pin!(until);
        while sent < max_messages {
            tokio::select! {
                () = &mut until => break,
                _ = ticker.tick() => {
                    for _ in 0..per_tick {
                        if sent == max_messages {
                            break;
                        }
                        let (id, prepared) = self.next_message(&mut rng, &mut open, &mut report);
                        let sim = self.sim.clone();
                        in_flight.spawn(async move { (id, DeliveryOutcome::deliver(&sim, prepared).await) });
                        sent += 1;
                    }
                }
                Some(done) = in_flight.join_next(), if !in_flight.is_empty() => {
                    record(done, &mut open, &mut report);
                }
            }
        }
        while let Some(done) = in_flight.join_next().await {
            record(done, &mut open, &mut report);
        }
        report
    }

    /// Continue a waiting conversation or start a new one, and prepare its next step.
    fn next_message(
        &self,
        rng: &mut StdRng,
        open: &mut BTreeMap<u64, Open>,
        report: &mut TrafficReport,
    ) -> (u64, PreparedMessage) {
        let waiting: Vec<u64> = open
            .iter()
            .filter(|(_, o)| !o.busy)
            .map(|(id, _)| *id)
            .collect();
        let start_new = waiting.is_empty() || (open.len() < self.max_open && rng.random_bool(0.4));
        let id = match waiting.choose(rng) {
            Some(&id) if !start_new => id,
            _ => {
                let scenario = crate::residents::day::pick(rng, &self.scenarios);
                let conversation = Conversation::new(scenario, Resident::random(rng));
                let id = report.conversations as u64;
                report.conversations += 1;
                open.insert(
                    id,
                    Open {
                        conversation,
                        busy: false,
                    },
                );
                id
            }
        };
        let entry = open.get_mut(&id).expect("the conversation was just chosen");
        entry.busy = true;
        let prepared = entry
            .conversation
            .prepare_next(&self.sim)
            .expect("open conversations have steps left");
        (id, prepared)
    }
}

/// Store an outcome; free its conversation for its next step, or drop it when finished.
fn record(
    done: Result<(u64, DeliveryOutcome), tokio::task::JoinError>,
    open: &mut BTreeMap<u64, Open>,
    report: &mut TrafficReport,
) {
    let Ok((id, outcome)) = done else {
        tracing::error!("a webhook delivery task panicked");
        return;
    };
    report.outcomes.push(outcome);
    if let Some(entry) = open.get_mut(&id) {
        entry.busy = false;
        if entry.conversation.is_finished() {
            open.remove(&id);
        }
    }
}
