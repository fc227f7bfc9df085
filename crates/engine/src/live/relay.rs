//! The live log's tasks: writer, listener and fan-out (see the module documentation).

use std::sync::{Arc, Weak};
use std::time::Duration;

use loket_domain::Clock;
use loket_store::{DynStore, LiveEventRecord, LiveWake, NewLiveEvent, StoreResult};
use tokio::sync::{Notify, broadcast, mpsc, watch};
use tokio::time::Instant;

use super::{Feed, LiveEvent, LiveOptions, LogQueue};
use crate::bus::Event;

/// Events the writer appends in one transaction, and the fan-out reads in one query.
const BATCH: usize = 256;

/// Start this instance's tasks; the caller makes sure a runtime is running.
pub(crate) fn start(
    store: &DynStore,
    clock: &Arc<dyn Clock>,
    queue: &LogQueue,
    options: &LiveOptions,
) -> Feed {
    let (sender, _) = broadcast::channel(options.buffer.max(1));
    let sender = Arc::new(sender);
    let (ready, ready_rx) = watch::channel(false);
    let wake = Arc::new(Notify::new());
    if let Some(receiver) = queue.take_receiver() {
        tokio::spawn(write(
            store.clone(),
            clock.clone(),
            receiver,
            wake.clone(),
            options.clone(),
        ));
    }
    let alive = Arc::downgrade(&sender);
    tokio::spawn(listen(store.clone(), wake.clone(), alive.clone()));
    tokio::spawn(fan_out(store.clone(), alive, wake, ready, options.poll));
    Feed {
        sender,
        ready: ready_rx,
        closing: watch::channel(false).0,
    }
}

/// Append what the bus published, in batches, then wake this instance's fan-out (other
/// instances hear of it through the store's notification).
async fn write(
    store: DynStore,
    clock: Arc<dyn Clock>,
    mut queue: mpsc::Receiver<Event>,
    wake: Arc<Notify>,
    options: LiveOptions,
) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut pruned_at = Instant::now();
    while queue.recv_many(&mut batch, BATCH).await > 0 {
        let now = clock.now();
        let rows: Vec<NewLiveEvent> = batch.drain(..).filter_map(|e| encode(e, now)).collect();
        append(&store, &rows).await;
        wake.notify_one();
        if pruned_at.elapsed() >= options.prune_every {
            pruned_at = Instant::now();
            let before = loket_domain::time::sub(clock.now(), options.retention);
            if let Err(e) = store.prune_live_events(before).await {
                tracing::warn!(error = %e, "pruning live events failed");
            }
        }
    }
}

fn encode(event: Event, at: loket_domain::Timestamp) -> Option<NewLiveEvent> {
    match serde_json::to_string(&event) {
        Ok(data) => Some(NewLiveEvent {
            org_id: event.org_id(),
            data,
            at,
        }),
        Err(e) => {
            tracing::error!(error = %e, "a live event could not be encoded");
            None
        }
    }
}

/// A busy or briefly unreachable database is tried again; after that the events are lost
/// to live clients (the data itself is committed: they see it when they reload).
async fn append(store: &DynStore, rows: &[NewLiveEvent]) {
    let mut delay = Duration::from_millis(50);
    for attempt in 1..=4 {
        match store.append_live_events(rows).await {
            Ok(_) => return,
            Err(e) if attempt < 4 => {
                tracing::warn!(error = %e, attempt, "appending live events failed; retrying");
                tokio::time::sleep(delay).await;
                delay *= 4;
            }
            Err(e) => {
                metrics::counter!("loket_live_events_dropped_total").increment(rows.len() as u64);
                tracing::error!(error = %e, events = rows.len(), "live events were lost");
            }
        }
    }
}

/// Wake the fan-out whenever any instance appended (PostgreSQL), and after every
/// (re)connect: notifications sent while the connection was down are gone, the fan-out's
/// catch-up from the table is not. Ends with the instance's feed.
async fn listen(store: DynStore, wake: Arc<Notify>, alive: Weak<impl Send + Sync>) {
    while alive.strong_count() > 0 {
        match store.listen_live_events().await {
            Ok(None) => return,
            Ok(Some(mut listener)) => {
                wake.notify_one();
                while alive.strong_count() > 0 {
                    match listener.wait().await {
                        Ok(LiveWake::Appended) => wake.notify_one(),
                        Ok(LiveWake::Reconnected) => {
                            tracing::warn!("live event listener reconnected; catching up");
                            wake.notify_one();
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "live event listener failed");
                            break;
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "listening for live events failed"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Broadcast everything after the last id seen, when woken and every `poll`. Starts after
/// the newest event already logged (subscribers replay older ones from the table) and
/// says so through `ready`, so no subscriber reads the table before that point is fixed.
async fn fan_out(
    store: DynStore,
    feed: Weak<broadcast::Sender<Arc<LiveEvent>>>,
    wake: Arc<Notify>,
    ready: watch::Sender<bool>,
    poll: Duration,
) {
    let mut last = loop {
        match store.live_event_bounds().await {
            Ok(bounds) => break bounds.map_or(0, |(_, newest)| newest),
            Err(e) => tracing::warn!(error = %e, "reading the live event log failed"),
        }
        tokio::time::sleep(poll).await;
    };
    let _ = ready.send(true);
    loop {
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(poll) => {}
        }
        let Some(sender) = feed.upgrade() else {
            return;
        };
        if let Err(e) = catch_up(&store, &sender, &mut last).await {
            tracing::warn!(error = %e, "reading the live event log failed");
        }
    }
}

async fn catch_up(
    store: &DynStore,
    sender: &broadcast::Sender<Arc<LiveEvent>>,
    last: &mut i64,
) -> StoreResult<()> {
    loop {
        let records = store.live_events_after(*last, None, BATCH as u32).await?;
        let full = records.len() == BATCH;
        for record in records {
            *last = record.id;
            if let Some(event) = decode(record) {
                // No subscribers is fine.
                let _ = sender.send(Arc::new(event));
            }
        }
        if !full {
            return Ok(());
        }
    }
}

/// An event this version cannot read (written by a newer instance during a rolling
/// upgrade) is skipped.
pub(super) fn decode(record: LiveEventRecord) -> Option<LiveEvent> {
    match serde_json::from_str(&record.data) {
        Ok(event) => Some(LiveEvent {
            id: record.id,
            org_id: record.org_id,
            event,
        }),
        Err(e) => {
            tracing::warn!(id = record.id, error = %e, "skipping an unreadable live event");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use loket_domain::delivery::DeliveryStatus;
    use loket_domain::{ConversationId, MessageId, OrgId, Timestamp};

    use super::*;

    #[test]
    fn every_event_round_trips_through_the_log_and_an_unknown_one_is_skipped() {
        let at = Timestamp::from_second(1_750_000_000).unwrap();
        let (org_id, conversation_id, message_id) = (
            OrgId::new_at(at),
            ConversationId::new_at(at),
            MessageId::new_at(at),
        );
        let events = [
            Event::ConversationCreated {
                org_id,
                conversation_id,
            },
            Event::ConversationReopened {
                org_id,
                conversation_id,
            },
            Event::ConversationUpdated {
                org_id,
                conversation_id,
                changed: vec!["status".into(), "assignee".into()],
            },
            Event::MessageCreated {
                org_id,
                conversation_id,
                message_id,
            },
            Event::MessageStatusChanged {
                org_id,
                conversation_id,
                message_id,
                status: DeliveryStatus::Delivered,
            },
            Event::MessageUpdated {
                org_id,
                conversation_id,
                message_id,
            },
            Event::NoteAdded {
                org_id,
                conversation_id,
                note_id: loket_domain::NoteId::new_at(at),
                mentions: vec![loket_domain::UserId::new_at(at)],
            },
            Event::MentionsRead {
                org_id,
                user_id: loket_domain::UserId::new_at(at),
            },
        ];
        for (id, event) in (1..).zip(events) {
            let row = encode(event.clone(), at).unwrap();
            assert_eq!(row.org_id, org_id);
            let record = LiveEventRecord {
                id,
                org_id,
                data: row.data,
                at,
            };
            assert_eq!(decode(record).map(|e| e.event), Some(event));
        }
        let newer = LiveEventRecord {
            id: 9,
            org_id,
            data: r#"{"type":"from_a_newer_version"}"#.into(),
            at,
        };
        assert_eq!(decode(newer), None);
    }
}
