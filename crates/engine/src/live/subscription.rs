//! One client's stream: replay what it missed from the log, then live events from this
//! instance's feed, each once and in id order.
//!
//! Gap-free because the receiver subscribes to the feed *before* the replay reads the
//! table: an event committed before that read is replayed, one committed after reaches the
//! feed after the subscription. Both may carry the same event; ids at or below the last one
//! sent are skipped.

use std::collections::VecDeque;
use std::sync::Arc;

use futures::Stream;
use tokio::sync::broadcast::{self, error::RecvError};

use super::{LiveEvent, Viewer};
use crate::{Engine, EngineError};

/// What a client receives.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveItem {
    Event(Arc<LiveEvent>),
    /// Events were lost to this client: it should fetch what it shows anew.
    Reload(ReloadReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReloadReason {
    /// The client read too slowly and lost the oldest events of its buffer.
    FellBehind,
    /// The `Last-Event-ID` names events no longer kept, more than one replay sends, or an
    /// id this log never gave (a database restored from a backup).
    CannotResume,
}

struct Subscription {
    receiver: broadcast::Receiver<Arc<LiveEvent>>,
    backlog: VecDeque<LiveItem>,
    /// The highest id sent (or known to the client): live events up to it are duplicates.
    last: i64,
    viewer: Viewer,
    closing: tokio::sync::watch::Receiver<bool>,
}

impl Engine {
    /// The viewer's events after `after` (the client's `Last-Event-ID`), then as they
    /// happen. Ends when the instance shuts its feed.
    pub async fn live_events(
        &self,
        viewer: Viewer,
        after: Option<i64>,
    ) -> Result<impl Stream<Item = LiveItem> + Send + 'static + use<>, EngineError> {
        let feed = self
            .live_feed()
            .ok_or_else(|| EngineError::Other(anyhow::anyhow!("no runtime for live events")))?;
        let mut ready = feed.ready.clone();
        let receiver = feed.sender.subscribe();
        // The fan-out fixes its starting point once, at start-up; replaying before that
        // could leave a hole between the replay and the first live event.
        let _ = ready.wait_for(|ready| *ready).await;
        let mut subscription = Subscription {
            receiver,
            backlog: VecDeque::new(),
            last: 0,
            viewer,
            closing: feed.closing.subscribe(),
        };
        if let Some(after) = after {
            self.replay(&mut subscription, after).await?;
        }
        Ok(futures::stream::unfold(subscription, next))
    }

    async fn replay(&self, sub: &mut Subscription, after: i64) -> Result<(), EngineError> {
        let store = self.store();
        let limit = self.inner.options.live.replay_limit;
        let Some((oldest, newest)) = store.live_event_bounds().await? else {
            // Nothing kept: nothing to replay, but if the client saw events, the ones after
            // them may have been pruned.
            if after > 0 {
                sub.backlog
                    .push_back(LiveItem::Reload(ReloadReason::CannotResume));
            }
            return Ok(());
        };
        // Ids are never reused, so one below the oldest kept event means events were pruned
        // since; one above the newest was never given by this log.
        if after < oldest - 1 || after > newest {
            sub.backlog
                .push_back(LiveItem::Reload(ReloadReason::CannotResume));
            sub.last = newest;
            return Ok(());
        }
        let records = store
            .live_events_after(after, Some(sub.viewer.org_id), limit + 1)
            .await?;
        if records.len() > limit as usize {
            sub.backlog
                .push_back(LiveItem::Reload(ReloadReason::CannotResume));
            sub.last = newest;
            return Ok(());
        }
        sub.last = after;
        for record in records {
            sub.last = record.id;
            if let Some(event) = super::relay::decode(record)
                && sub.viewer.may_see(&event)
            {
                sub.backlog.push_back(LiveItem::Event(Arc::new(event)));
            }
        }
        Ok(())
    }
}

async fn next(mut sub: Subscription) -> Option<(LiveItem, Subscription)> {
    if *sub.closing.borrow() {
        return None;
    }
    if let Some(item) = sub.backlog.pop_front() {
        return Some((item, sub));
    }
    loop {
        let received = tokio::select! {
            received = sub.receiver.recv() => received,
            _ = sub.closing.wait_for(|closing| *closing) => return None,
        };
        match received {
            Ok(event) => {
                if event.id > sub.last && sub.viewer.may_see(&event) {
                    sub.last = event.id;
                    return Some((LiveItem::Event(event), sub));
                }
            }
            Err(RecvError::Lagged(_)) => {
                return Some((LiveItem::Reload(ReloadReason::FellBehind), sub));
            }
            Err(RecvError::Closed) => return None,
        }
    }
}
