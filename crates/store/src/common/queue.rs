// What a queue needs, kept on write so listing it reads no message history: the last
// message (the preview), `waiting_since`, `unread_count`, and snoozing with its wake-up.
// Ingestion (both paths) and the outbox update the columns; here are the operations of
// their own. Backend-neutral; included.

/// Snoozed conversations among `ids` open again (the resident wrote), each with a
/// `status_changed` event at `now`.
async fn wake_snoozed(
    conn: &mut Conn,
    ids: &[ConversationId],
    now: Timestamp,
) -> StoreResult<Vec<(OrgId, ConversationId)>> {
    let mut woken = Vec::new();
    for id in ids {
        let org: Option<String> = sqlx::query_scalar(
            "update conversations set status = 'open', snoozed_until = null
             where id = $1 and status = 'snoozed' returning org_id",
        )
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(org) = org {
            woken.push((parse("conversations.org_id", &org)?, *id));
        }
    }
    record_woken(conn, &woken, now).await?;
    Ok(woken)
}

async fn record_woken(
    conn: &mut Conn,
    woken: &[(OrgId, ConversationId)],
    now: Timestamp,
) -> StoreResult<()> {
    let changed = ConversationEventKind::StatusChanged {
        from: ConversationStatus::Snoozed,
        to: ConversationStatus::Open,
    };
    for (org, id) in woken {
        insert_conversation_event(conn, *org, *id, &changed, now).await?;
    }
    Ok(())
}

/// Most conversations one wake-up opens; the worker comes back for the rest.
const WAKE_BATCH: i64 = 500;

/// Every organisation's snoozed conversations whose time has come open again (a
/// deployment-wide sweep, like the job queue), each with a `status_changed` event.
async fn wake_due_snoozed(
    conn: &mut Conn,
    now: Timestamp,
) -> StoreResult<Vec<(OrgId, ConversationId)>> {
    let due: Vec<(String, String)> = sqlx::query_as(
        "select org_id, id from conversations
         where status = 'snoozed' and snoozed_until <= $1 order by snoozed_until limit $2",
    )
    .bind(micros(now))
    .bind(WAKE_BATCH)
    .fetch_all(&mut *conn)
    .await?;
    let mut woken = Vec::with_capacity(due.len());
    for (org, id) in due {
        // The status is part of the condition: a concurrent change (an agent, the
        // resident's message) wins.
        let updated = sqlx::query(
            "update conversations set status = 'open', snoozed_until = null
             where id = $1 and status = 'snoozed' and snoozed_until <= $2",
        )
        .bind(&id)
        .bind(micros(now))
        .execute(&mut *conn)
        .await?;
        if updated.rows_affected() > 0 {
            woken.push((
                parse("conversations.org_id", &org)?,
                parse("conversations.id", &id)?,
            ));
        }
    }
    record_woken(conn, &woken, now).await?;
    Ok(woken)
}

/// An agent read the conversation: nothing of it is unread any more.
async fn mark_conversation_read(pool: &Pool, org: OrgId, id: ConversationId) -> StoreResult<()> {
    let result =
        sqlx::query("update conversations set unread_count = 0 where id = $1 and org_id = $2")
            .bind(id.to_string())
            .bind(org.to_string())
            .execute(pool)
            .await?;
    found(result)
}

/// What a run of a conversation's new resident messages changes in its queue columns
/// (the set-based path's counterpart of the one-by-one update).
#[derive(Debug, Clone, Copy)]
struct InboundSummary {
    /// The latest time a message opened the window.
    at: Timestamp,
    /// The newest message that stands on its own, with its time.
    last: Option<(Timestamp, MessageId)>,
    unread: i64,
    /// The earliest message asking for an answer.
    waiting: Option<Timestamp>,
}

impl InboundSummary {
    fn new(at: Timestamp) -> Self {
        Self {
            at,
            last: None,
            unread: 0,
            waiting: None,
        }
    }

    /// Add a message, in arrival order.
    fn add(&mut self, id: MessageId, content: &Content, opened_at: Timestamp) {
        self.at = self.at.max(opened_at);
        if queue::stands_alone(content) && self.last.is_none_or(|(at, _)| at <= opened_at) {
            self.last = Some((opened_at, id));
        }
        self.unread += i64::from(queue::counts_as_unread(content));
        if queue::asks_for_answer(content) {
            self.waiting = Some(self.waiting.map_or(opened_at, |w| w.min(opened_at)));
        }
    }
}
