//! Replaying webhooks kept as unrouted once provisioning configures their address.
//!
//! Replay runs at every start: it must never stop one. An event that cannot be read or
//! fails to ingest is skipped, its id logged (never its content), and stays listed for an
//! admin; the others are replayed, each in its own request (its own savepoint) so one
//! cannot fail another, as received when they first arrived.

use loket_store::{IngestRequest, UnroutedEvent};

use crate::{Engine, EngineError};

impl Engine {
    /// Replay what was kept for `address` — a number's `phone_number_id`, or a business
    /// account id for account-level events such as template verdicts — now that a channel
    /// has it. Returns how many events were replayed.
    pub async fn replay_unrouted(&self, address: &str) -> Result<usize, EngineError> {
        let kept = self.store().unrouted_for(address).await?;
        if kept.is_empty() {
            return Ok(0);
        }
        let route = match self.route_for_number(address).await? {
            Some(route) => Some(route),
            None => self.route_for_account(address).await?,
        };
        let Some(route) = route else {
            return Ok(0);
        };
        // Only what the channel's own app signed; the rest stays for an admin to look at.
        let app = route.app_name.as_deref();
        let signed_by_app = |e: &UnroutedEvent| {
            e.event.signed_by.is_empty()
                || app.is_some_and(|a| e.event.signed_by.iter().any(|s| s == a))
        };
        let mut ids = Vec::new();
        let mut requests = Vec::new();
        for kept in kept {
            if kept.unreadable {
                tracing::warn!(event = %kept.id, "unrouted event cannot be read; not replayed");
                continue;
            }
            if !signed_by_app(&kept) {
                continue;
            }
            // Received when it first arrived, not now: the reply window and the plausibility
            // of the sender's timestamp are judged from that moment.
            let received_at = kept.received_at;
            match self
                .route_delivery(vec![kept.event], received_at, None)
                .await
            {
                Ok(items) => {
                    ids.push(kept.id);
                    requests.push(IngestRequest { received_at, items });
                }
                Err(e) => tracing::warn!(event = %kept.id, error = %e,
                    "replaying an unrouted event failed; kept for an admin"),
            }
        }
        let results = self.commit_requests(&requests).await;
        let mut replayed = Vec::new();
        for (id, result) in ids.into_iter().zip(results) {
            match result {
                Ok(_) => replayed.push(id),
                Err(e) => tracing::warn!(event = %id, error = %e,
                    "replaying an unrouted event failed; kept for an admin"),
            }
        }
        if !replayed.is_empty() {
            // Deduplication makes a replay after a crash between these two steps harmless.
            self.store()
                .mark_unrouted_replayed(&replayed, self.clock().now())
                .await?;
        }
        Ok(replayed.len())
    }
}
