// The writes of set-based ingestion (`ingest_batch.rs`): multi-row inserts and
// `update … from (values …)`, in chunks of `ROWS_PER_STATEMENT`. Included.

/// New contacts, their identities, and every sender's name and time. `false`: a concurrent
/// ingestion bound one of the identities first.
async fn write_contacts(conn: &mut Conn, writes: &BatchWrites<'_>) -> StoreResult<bool> {
    for chunk in writes.contacts.chunks(ROWS_PER_STATEMENT) {
        let mut q = Builder::new(
            "insert into contacts (id, org_id, display_name, created_at, updated_at) ",
        );
        q.push_values(chunk, |mut row, (id, org, name, at)| {
            row.push_bind(id.to_string())
                .push_bind(org.to_string())
                .push_bind(name.clone())
                .push_bind(micros(*at))
                .push_bind(micros(*at));
        });
        q.build().persistent(false).execute(&mut *conn).await?;
    }
    // In one order (as the contacts below), so two batches binding the same new residents
    // wait for each other instead of deadlocking.
    let mut identities: Vec<_> = writes.identities.iter().collect();
    identities.sort();
    for chunk in identities.chunks(ROWS_PER_STATEMENT) {
        let mut q =
            Builder::new("insert into contact_identities (org_id, kind, value, contact_id) ");
        q.push_values(chunk, |mut row, ((org, kind, value), contact)| {
            row.push_bind(org.to_string())
                .push_bind(*kind)
                .push_bind(value.clone())
                .push_bind(contact.to_string());
        });
        q.push(" on conflict do nothing");
        if q.build()
            .persistent(false)
            .execute(&mut *conn)
            .await?
            .rows_affected()
            < chunk.len() as u64
        {
            return Ok(false);
        }
    }
    // Locking the senders' contact rows, in one order, serialises concurrent batches of one
    // resident (PostgreSQL), so they agree on the conversation.
    let ids: Vec<ContactId> = writes.touched.keys().copied().collect();
    lock_contacts(conn, &ids).await?;
    let touched: Vec<_> = writes.touched.iter().collect();
    for chunk in touched.chunks(ROWS_PER_STATEMENT) {
        let mut q = Builder::new(
            "update contacts set display_name = case when contacts.name_set_at is null
                 then coalesce(v.column2, contacts.display_name) else contacts.display_name end,
               updated_at = v.column3
             from (",
        );
        q.push_values(chunk, |mut row, (id, (name, at))| {
            row.push_bind(id.to_string())
                .push_bind(name.clone())
                .push_bind(micros(*at));
        });
        q.push(") v where contacts.id = v.column1");
        q.build().persistent(false).execute(&mut *conn).await?;
    }
    Ok(true)
}

/// Reopened and new conversations with their events, the messages, the conversations'
/// times and the messages' jobs. `false`: a concurrent ingestion stored one of the messages.
async fn write_conversations_and_messages(
    conn: &mut Conn,
    writes: &BatchWrites<'_>,
) -> StoreResult<bool> {
    for chunk in writes.reopened.chunks(ROWS_PER_STATEMENT) {
        let mut q = Builder::new(
            "update conversations set status = 'open', resolved_at = null where id in (",
        );
        let mut ids = q.separated(", ");
        for id in chunk {
            ids.push_bind(id.to_string());
        }
        q.push(")");
        q.build().persistent(false).execute(&mut *conn).await?;
    }
    for chunk in writes.conversations.chunks(ROWS_PER_STATEMENT) {
        let mut q = Builder::new(
            "insert into conversations (id, org_id, channel_id, contact_id, status, assignee, team, priority,
               last_inbound_at, last_message_at, created_at, resolved_at) ",
        );
        q.push_values(chunk, |mut row, (id, m, contact)| {
            let opened_at = micros(window_opened_at(m.message.sent_at, m.received_at));
            row.push_bind(id.to_string())
                .push_bind(m.org.to_string())
                .push_bind(m.channel.to_string())
                .push_bind(contact.to_string())
                .push_bind(ConversationStatus::Open.as_str())
                .push("null, null")
                .push_bind(Priority::Normal.as_str())
                .push_bind(opened_at)
                .push_bind(opened_at)
                .push_bind(micros(m.received_at))
                .push("null");
        });
        q.build().persistent(false).execute(&mut *conn).await?;
    }
    write_conversation_events(conn, &writes.events).await?;
    for chunk in writes.messages.chunks(ROWS_PER_STATEMENT) {
        let rows = message_rows(chunk)?;
        let mut q = Builder::new(
            "insert into messages (id, org_id, conversation_id, channel_id, direction, sender, provider_message_id,
               content, context, reply_to_message_id, sent_at, created_at, status, status_at, error, media, pii, raw, findings) ",
        );
        q.push_values(rows, |mut row, r| {
            row.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3)
                .push("'inbound', 'resident'")
                .push_bind(r.4)
                .push_bind(r.5)
                .push_bind(r.6)
                .push_bind(r.7)
                .push_bind(r.8)
                .push_bind(r.9)
                .push("null, null, null")
                .push_bind(r.10)
                .push_bind(r.11)
                .push_bind(r.12)
                .push_bind(r.13);
        });
        q.push(" on conflict do nothing");
        if q.build()
            .persistent(false)
            .execute(&mut *conn)
            .await?
            .rows_affected()
            < chunk.len() as u64
        {
            return Ok(false);
        }
    }
    // The residents wrote: their reply windows are open again, and the queue's columns
    // follow (see `queue.rs`).
    let summaries: Vec<_> = writes.inbound.iter().collect();
    for chunk in summaries.chunks(ROWS_PER_STATEMENT) {
        let mut q = Builder::new(
            "update conversations set
               last_inbound_at = case when last_inbound_at is null or last_inbound_at < v.column2 then v.column2 else last_inbound_at end,
               last_message_id = case when v.column3 is not null and last_message_at <= v.column4 then v.column3 else last_message_id end,
               last_message_at = case when last_message_at < v.column2 then v.column2 else last_message_at end,
               window_closed_at = null,
               unread_count = unread_count + v.column5,
               waiting_since = case when waiting_since is null then v.column6 else waiting_since end
             from (",
        );
        q.push_values(chunk, |mut row, (id, s)| {
            row.push_bind(id.to_string())
                .push_bind(micros(s.at))
                .push_bind(s.last.map(|(_, id)| id.to_string()))
                .push_bind(s.last.map(|(at, _)| micros(at)))
                .push_bind(s.unread)
                .push_bind(s.waiting.map(micros));
        });
        q.push(") v where conversations.id = v.column1");
        q.build().persistent(false).execute(&mut *conn).await?;
    }
    let asked: Vec<ConversationId> = (writes.inbound.iter())
        .filter(|(_, s)| s.waiting.is_some())
        .map(|(id, _)| *id)
        .collect();
    let now = (writes.messages.iter().map(|(m, _, _)| m.received_at).max())
        .unwrap_or(Timestamp::UNIX_EPOCH);
    wake_snoozed(conn, &asked, now).await?;
    let jobs: Vec<_> = writes
        .messages
        .iter()
        .flat_map(|(m, _, _)| m.jobs.iter().map(|job| (job, m.received_at)))
        .collect();
    write_jobs(conn, &jobs).await?;
    Ok(true)
}

/// A message row's bound values, in column order (JSON serialised up front, so a
/// serialisation error is an error rather than a panic inside the builder).
type MessageValues = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    i64,
    Option<String>,
    String,
    String,
    String,
);

fn message_rows(
    chunk: &[(&BatchMessage<'_>, ConversationId, Option<MessageId>)],
) -> StoreResult<Vec<MessageValues>> {
    chunk
        .iter()
        .map(|(m, conversation, reply_to)| {
            let media = m.message.content.media().map(|_| MediaState::Pending);
            Ok((
                m.id.to_string(),
                m.org.to_string(),
                conversation.to_string(),
                m.channel.to_string(),
                m.message.provider_message_id.clone(),
                to_json(&m.message.content)?,
                to_json(&m.message.context)?,
                reply_to.map(|id| id.to_string()),
                micros(m.message.sent_at),
                micros(m.received_at),
                media.as_ref().map(to_json).transpose()?,
                to_json(&m.pii)?,
                to_json(&m.message.raw)?,
                to_json(&m.findings)?,
            ))
        })
        .collect()
}

async fn write_conversation_events(
    conn: &mut Conn,
    events: &[(OrgId, ConversationId, ConversationEventKind, Timestamp)],
) -> StoreResult<()> {
    for chunk in events.chunks(ROWS_PER_STATEMENT) {
        let rows = chunk
            .iter()
            .map(|(org, conversation, kind, at)| {
                Ok((
                    EventId::new_at(*at).to_string(),
                    org.to_string(),
                    conversation.to_string(),
                    kind.name(),
                    to_json(kind)?,
                    micros(*at),
                ))
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let mut q = Builder::new(
            "insert into conversation_events (id, org_id, conversation_id, kind, data, at) ",
        );
        q.push_values(rows, |mut row, r| {
            row.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3)
                .push_bind(r.4)
                .push_bind(r.5);
        });
        q.build().persistent(false).execute(&mut *conn).await?;
    }
    Ok(())
}

async fn write_jobs(conn: &mut Conn, jobs: &[(&NewJob, Timestamp)]) -> StoreResult<()> {
    for chunk in jobs.chunks(ROWS_PER_STATEMENT) {
        let rows = chunk
            .iter()
            .map(|(job, now)| {
                Ok((
                    JobId::new_at(*now).to_string(),
                    job.kind.clone(),
                    to_json(&job.payload)?,
                    micros(job.run_at),
                    i64::from(job.max_attempts),
                    micros(*now),
                ))
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let mut q = Builder::new(
            "insert into jobs (id, kind, payload, run_at, attempts, max_attempts, locked_until, last_error, state, created_at) ",
        );
        q.push_values(rows, |mut row, r| {
            row.push_bind(r.0)
                .push_bind(r.1)
                .push_bind(r.2)
                .push_bind(r.3)
                .push("0")
                .push_bind(r.4)
                .push("null, null, 'queued'")
                .push_bind(r.5);
        });
        q.build().persistent(false).execute(&mut *conn).await?;
    }
    Ok(())
}
