//! The raw limit: the same rows the load produces, inserted straight into the store (same
//! durability as the server: SQLite WAL + synchronous=FULL, PostgreSQL synchronous_commit)
//! by one caller with everything batched. Ingestion through HTTP cannot beat this.

use std::time::Duration;

use anyhow::Context;
use loket_channels::whatsapp::parse_webhook;
use loket_domain::inbound::InboundEvent;
use loket_domain::privacy::masking::mask_inbound;
use loket_domain::{MessageId, Timestamp, pii};
use loket_store::{IngestItem, IngestRequest, ItemOutcome, NewOrganisation, NewWhatsappChannel};

use super::payload::{WebhookBuilder, random_size};

/// Webhooks per `Store::ingest` call: one commit each.
pub const WEBHOOKS_PER_CALL: usize = 100;

/// Residents writing in the raw run (as many as the load's default).
const RESIDENTS: u32 = 500;

/// How fast the store alone takes the load's rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawReport {
    pub messages: usize,
    pub webhooks: usize,
    /// `Store::ingest` calls (commits).
    pub calls: usize,
    pub webhooks_per_call: usize,
    /// Time spent inside `Store::ingest` only (building the rows is not counted).
    pub elapsed: Duration,
}

impl RawReport {
    pub fn throughput(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.messages as f64 / secs
        } else {
            0.0
        }
    }
}

/// Insert `n_messages` text messages (webhooks of 1..=`batch` messages from 500 residents)
/// directly into the store at `database_url`, [`WEBHOOKS_PER_CALL`] webhooks per ingest
/// call, into a fresh organisation and channel of their own (the load's data is untouched;
/// the rows stay, under an organisation `load-raw-…`).
pub async fn raw_limit(
    database_url: &str,
    n_messages: usize,
    batch: u32,
) -> anyhow::Result<RawReport> {
    let store = loket_store::connect(database_url)
        .await
        .context("connecting to the database")?;
    store.migrate().await.context("migrating the database")?;
    let run: u64 = rand::random();
    let now = Timestamp::now();
    let org = store
        .upsert_organisation(
            &NewOrganisation {
                slug: format!("load-raw-{run:016x}"),
                name: "Loket load test (raw store limit)".into(),
                reopen_within: Duration::from_secs(72 * 3600),
            },
            now,
        )
        .await
        .context("creating the raw-limit organisation")?;
    let phone_number_id = format!("9{:015}", run % 1_000_000_000_000_000);
    let channel = store
        .upsert_whatsapp_channel(
            org.id,
            &NewWhatsappChannel {
                name: "Load test (raw)".into(),
                app_name: "load-raw".into(),
                phone_number_id: phone_number_id.clone(),
                display_phone_number: "31600000000".into(),
                waba_id: format!("8{:014}", run % 100_000_000_000_000),
                access_token: "unused".into(),
            },
            now,
        )
        .await
        .context("creating the raw-limit channel")?;
    let builder = WebhookBuilder::new(
        "unused",
        &phone_number_id,
        "31600000000",
        "unused",
        RESIDENTS,
    );

    let mut report = RawReport {
        webhooks_per_call: WEBHOOKS_PER_CALL,
        ..RawReport::default()
    };
    let policy = store.privacy_policy(org.id).await?;
    while report.messages < n_messages {
        let received_at = Timestamp::now();
        let mut requests = Vec::with_capacity(WEBHOOKS_PER_CALL);
        while requests.len() < WEBHOOKS_PER_CALL && report.messages < n_messages {
            let size = random_size(batch).min((n_messages - report.messages) as u32);
            let webhook = builder.build(size);
            let events = parse_webhook(&webhook.body).context("parsing our own webhook")?;
            let mut items = Vec::with_capacity(events.len());
            for event in events {
                let InboundEvent::Message(mut message) = event.event else {
                    anyhow::bail!("our own webhook held something other than a message");
                };
                // As the engine does it (`Engine::ingest`): masked before the commit.
                let masked = mask_inbound(&mut message, &policy);
                let mut pii: Vec<pii::PiiKind> = masked.findings.iter().map(|f| f.kind).collect();
                pii.sort_by_key(|k| k.as_str());
                pii.dedup();
                items.push(IngestItem::Message {
                    org_id: org.id,
                    channel_id: channel.id,
                    message_id: MessageId::new_at(received_at),
                    reopen_within: org.reopen_within,
                    message,
                    pii,
                    findings: masked.findings,
                    jobs_if_new: Vec::new(),
                });
            }
            report.messages += items.len();
            report.webhooks += 1;
            requests.push(IngestRequest { received_at, items });
        }
        let started = std::time::Instant::now();
        let results = store.ingest(&requests).await;
        report.elapsed += started.elapsed();
        report.calls += 1;
        for result in results {
            let outcome = result.context("the store refused a raw ingest request")?;
            if let Some(other) = outcome
                .items
                .iter()
                .find(|o| !matches!(o, ItemOutcome::MessageCreated { .. }))
            {
                anyhow::bail!("a raw message was not created: {other:?}");
            }
        }
    }
    Ok(report)
}
