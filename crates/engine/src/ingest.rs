//! Ingestion: provider events in, one store transaction, events out.
//!
//! The API takes a batch of deliveries (webhooks) and answers per delivery, so
//! concurrent webhooks can share one commit (group commit) while each learns its own fate.

use loket_domain::inbound::{AddressedEvent, InboundEvent};
use loket_domain::pii::PiiKind;
use loket_domain::privacy::{self, PrivacyPolicy};
use loket_domain::{ConversationId, MessageId, OrgId, Timestamp};
use loket_store::{
    ConversationChange, IngestItem, IngestOutcome, IngestRequest, ItemOutcome, NewJob,
};
use serde::Serialize;
use serde_json::json;

use crate::bus::Event;
use crate::jobs::media::MEDIA_FETCH;
use crate::privacy::auto_replies;
use crate::{Engine, EngineError};

/// What one delivery did, for the webhook's answer and the logs (no content).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Receipt {
    pub messages_created: usize,
    pub duplicates: usize,
    pub statuses_applied: usize,
    pub statuses_ignored: usize,
    pub statuses_pending: usize,
    pub unrouted: usize,
    pub other: usize,
}

/// WhatsApp's "re-engagement message" error: the 24-hour window had closed.
const WINDOW_CLOSED: i64 = 131047;

/// Attempts for fetching one media file before it is marked failed.
const MEDIA_FETCH_ATTEMPTS: u32 = 6;

impl Engine {
    /// Store one delivery (one webhook) through group commit. Returns after the commit
    /// that holds it is durable.
    /// For events Loket already trusts (replays, tools, tests); webhooks from Meta use
    /// [`Engine::submit_from_meta`].
    pub async fn submit(&self, events: Vec<AddressedEvent>) -> Result<Receipt, EngineError> {
        self.submit_checked(events, None).await
    }

    /// A webhook whose signature matched the apps `signed_by`: an event is routed only to a
    /// channel of one of those apps, so one app's secret cannot write into another
    /// municipality's inbox. Events for other channels are kept as unrouted.
    pub async fn submit_from_meta(
        &self,
        events: Vec<AddressedEvent>,
        signed_by: &[String],
    ) -> Result<Receipt, EngineError> {
        self.submit_checked(events, Some(signed_by)).await
    }

    async fn submit_checked(
        &self,
        events: Vec<AddressedEvent>,
        signed_by: Option<&[String]>,
    ) -> Result<Receipt, EngineError> {
        let received_at = self.clock().now();
        let items = self.route_delivery(events, received_at, signed_by).await?;
        metrics::counter!("loket_ingest_events_total").increment(items.len() as u64);
        self.committer()
            .commit(IngestRequest { received_at, items })
            .await
    }

    /// Store several deliveries in one commit, one result per delivery, in order (replays,
    /// tools). Webhooks use [`Engine::submit`].
    pub async fn ingest(
        &self,
        deliveries: Vec<Vec<AddressedEvent>>,
    ) -> Vec<Result<Receipt, EngineError>> {
        let received_at = self.clock().now();
        let mut requests = Vec::with_capacity(deliveries.len());
        let mut early: Vec<Option<EngineError>> = Vec::with_capacity(deliveries.len());
        for events in deliveries {
            match self.route_delivery(events, received_at, None).await {
                Ok(items) => {
                    requests.push(IngestRequest { received_at, items });
                    early.push(None);
                }
                Err(e) => early.push(Some(e)),
            }
        }
        let mut committed = self.commit_requests(&requests).await.into_iter();
        early
            .into_iter()
            .map(|e| match e {
                Some(e) => Err(e),
                None => committed
                    .next()
                    .unwrap_or_else(|| Err(EngineError::Other(anyhow::anyhow!("missing result")))),
            })
            .collect()
    }

    /// Commit prepared requests in one transaction, then publish what changed.
    pub(crate) async fn commit_requests(
        &self,
        requests: &[IngestRequest],
    ) -> Vec<Result<Receipt, EngineError>> {
        let received_at = requests
            .first()
            .map(|r| r.received_at)
            .unwrap_or_else(|| self.clock().now());
        let stored = self.store().ingest(requests).await;
        let mut any_jobs = false;
        let mut closed_windows = Vec::new();
        let prepared = auto_replies::prepare(requests);
        let mut inbound = Vec::new();
        let results: Vec<_> = stored
            .into_iter()
            .map(|result| match result {
                Ok(outcome) => {
                    any_jobs |= self.publish(&outcome, &mut closed_windows);
                    inbound.extend(auto_replies::new_inbound(&outcome, &prepared));
                    Ok(receipt(&outcome))
                }
                Err(e) => Err(EngineError::from(e)),
            })
            .collect();
        let new_conversations: Vec<_> = (inbound.iter())
            .filter(|m| m.new_conversation)
            .map(|m| (m.org, m.channel, m.conversation))
            .collect();
        // New residents' messages are work for the automation rules' pass.
        any_jobs |= !inbound.is_empty();
        self.answer_automatically(inbound, received_at).await;
        for (org, channel, conversation) in new_conversations {
            if let Err(e) = self.auto_assign(org, channel, conversation).await {
                tracing::warn!(%conversation, error = %e, "auto-assignment failed");
            }
        }
        if any_jobs {
            self.notify_jobs();
        }
        for (org, conversation) in closed_windows {
            // Meta's asynchronous 131047: the window closed earlier than our clock says.
            if let Err(e) = self
                .store()
                .mark_window_closed(org, conversation, received_at)
                .await
            {
                tracing::warn!(error = %e, "could not record a closed window");
            }
        }
        results
    }

    /// Route one delivery's events to their channels, preparing ids, privacy flags and jobs.
    pub(crate) async fn route_delivery(
        &self,
        events: Vec<AddressedEvent>,
        now: Timestamp,
        signed_by: Option<&[String]>,
    ) -> Result<Vec<IngestItem>, EngineError> {
        let mut items = Vec::with_capacity(events.len());
        for event in events {
            items.push(self.route_event(event, now, signed_by).await?);
        }
        Ok(items)
    }

    async fn route_event(
        &self,
        event: AddressedEvent,
        now: Timestamp,
        signed_by: Option<&[String]>,
    ) -> Result<IngestItem, EngineError> {
        let route = match (&event.phone_number_id, &event.event) {
            (Some(number), _) => self.route_for_number(number).await?,
            (None, _) => self.route_for_account(&event.account_id).await?,
        };
        let route = route.filter(|r| match (signed_by, r.app_name.as_deref()) {
            (None, _) => true,
            (Some(signers), Some(app)) => signers.iter().any(|s| s == app),
            (Some(_), None) => false,
        });
        let Some(route) = route else {
            let mut event = event;
            // No organisation, no policy: BSNs and IBANs never stay readable.
            privacy::masking::mask_event(&mut event.event, &PrivacyPolicy::unrouted());
            if let Some(signers) = signed_by {
                event.signed_by = signers.to_vec();
            }
            let address = event
                .phone_number_id
                .clone()
                .unwrap_or_else(|| event.account_id.clone());
            return Ok(IngestItem::Unrouted {
                phone_number_id: address,
                event,
            });
        };
        let (org_id, channel_id) = (route.org_id, route.channel_id);
        Ok(match event.event {
            InboundEvent::Message(mut message) => {
                let message_id = MessageId::new_at(now);
                // Before the commit: nothing masked is ever stored, indexed or pushed.
                let masked = privacy::masking::mask_inbound(&mut message, &route.privacy);
                let mut pii: Vec<PiiKind> = Vec::new();
                for f in &masked.findings {
                    if !pii.contains(&f.kind) {
                        pii.push(f.kind);
                    }
                }
                let jobs_if_new = match message.content.media() {
                    Some(_) => vec![NewJob {
                        kind: MEDIA_FETCH.into(),
                        payload: json!({ "org_id": org_id, "message_id": message_id }),
                        run_at: now,
                        max_attempts: MEDIA_FETCH_ATTEMPTS,
                    }],
                    None => Vec::new(),
                };
                IngestItem::Message {
                    org_id,
                    channel_id,
                    message_id,
                    reopen_within: route.reopen_within,
                    message,
                    pii,
                    findings: masked.findings,
                    jobs_if_new,
                }
            }
            InboundEvent::Status(update) => IngestItem::Status {
                org_id,
                channel_id,
                update,
            },
            InboundEvent::TemplateStatus(update) => IngestItem::TemplateStatus {
                org_id: Some(org_id),
                channel_id: Some(channel_id),
                account_id: event.account_id,
                update,
            },
            InboundEvent::ChannelError { errors, mut raw } => {
                privacy::masking::mask_json(&mut raw, &route.privacy);
                IngestItem::ChannelEvent {
                    org_id,
                    channel_id,
                    kind: "error".into(),
                    errors,
                    raw,
                }
            }
            InboundEvent::Other { field, mut raw } => {
                privacy::masking::mask_json(&mut raw, &route.privacy);
                IngestItem::ChannelEvent {
                    org_id,
                    channel_id,
                    kind: field,
                    errors: Vec::new(),
                    raw,
                }
            }
        })
    }

    /// Publish what a committed request changed; returns whether jobs may be waiting.
    fn publish(
        &self,
        outcome: &IngestOutcome,
        closed_windows: &mut Vec<(OrgId, ConversationId)>,
    ) -> bool {
        let mut jobs = false;
        for item in &outcome.items {
            match *item {
                ItemOutcome::MessageCreated {
                    org_id,
                    message_id,
                    conversation_id,
                    change,
                } => {
                    jobs = true;
                    match change {
                        ConversationChange::Created => {
                            self.bus().publish(Event::ConversationCreated {
                                org_id,
                                conversation_id,
                            })
                        }
                        ConversationChange::Reopened => {
                            self.bus().publish(Event::ConversationReopened {
                                org_id,
                                conversation_id,
                            })
                        }
                        ConversationChange::Continued => {}
                    }
                    self.bus().publish(Event::MessageCreated {
                        org_id,
                        conversation_id,
                        message_id,
                    });
                }
                ItemOutcome::StatusApplied {
                    org_id,
                    message_id,
                    conversation_id,
                    status,
                    error_code,
                } => {
                    if error_code == Some(WINDOW_CLOSED) {
                        closed_windows.push((org_id, conversation_id));
                    }
                    self.bus().publish(Event::MessageStatusChanged {
                        org_id,
                        conversation_id,
                        message_id,
                        status,
                    });
                }
                _ => {}
            }
        }
        jobs
    }
}

fn receipt(outcome: &IngestOutcome) -> Receipt {
    let mut r = Receipt::default();
    for item in &outcome.items {
        match item {
            ItemOutcome::MessageCreated { .. } => r.messages_created += 1,
            ItemOutcome::DuplicateMessage { .. } => r.duplicates += 1,
            ItemOutcome::StatusApplied { .. } => r.statuses_applied += 1,
            ItemOutcome::StatusIgnored => r.statuses_ignored += 1,
            ItemOutcome::StatusPending => r.statuses_pending += 1,
            ItemOutcome::Unrouted { .. } => r.unrouted += 1,
            ItemOutcome::TemplateStatusRecorded | ItemOutcome::ChannelEventRecorded => r.other += 1,
        }
    }
    r
}
