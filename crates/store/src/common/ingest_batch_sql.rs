// The statements of set-based ingestion (`ingest_batch.rs`): lookups joined against a
// `values` list, and multi-row writes in chunks of `ROWS_PER_STATEMENT`. Both backends
// name the columns of an unaliased `values` list `column1, column2…`. Included.

type Builder = sqlx::QueryBuilder<Db>;

/// Whether every message's channel belongs to the organisation it was routed to.
async fn channels_in_orgs(conn: &mut Conn, messages: &[BatchMessage<'_>]) -> StoreResult<bool> {
    let wanted: BTreeSet<(ChannelId, OrgId)> =
        messages.iter().map(|m| (m.channel, m.org)).collect();
    let mut q = Builder::new("select c.id, c.org_id from channels c join (");
    q.push_values(&wanted, |mut row, (channel, _)| {
        row.push_bind(channel.to_string());
    });
    q.push(") v on c.id = v.column1");
    let rows: Vec<(String, String)> = q.build_query_as().fetch_all(&mut *conn).await?;
    let mut found = BTreeSet::new();
    for (channel, org) in rows {
        found.insert((
            parse("channels.id", &channel)?,
            parse("channels.org_id", &org)?,
        ));
    }
    Ok(wanted.is_subset(&found))
}

/// The contacts already bound to any identity of the run's senders.
async fn find_identities(
    conn: &mut Conn,
    messages: &[BatchMessage<'_>],
) -> StoreResult<HashMap<IdentityKey, ContactId>> {
    let keys: BTreeSet<(OrgId, &'static str, &str)> = messages
        .iter()
        .flat_map(|m| {
            let org = m.org;
            m.message
                .from
                .identity
                .keys()
                .into_iter()
                .map(move |(kind, value)| (org, kind.as_str(), value))
        })
        .collect();
    let mut found = HashMap::with_capacity(keys.len());
    for chunk in keys
        .into_iter()
        .collect::<Vec<_>>()
        .chunks(ROWS_PER_STATEMENT)
    {
        let mut q = Builder::new(
            "select i.org_id, i.kind, i.value, i.contact_id from contact_identities i join (",
        );
        q.push_values(chunk, |mut row, (org, kind, value)| {
            row.push_bind(org.to_string())
                .push_bind(*kind)
                .push_bind(value.to_string());
        });
        q.push(") v on i.org_id = v.column1 and i.kind = v.column2 and i.value = v.column3");
        let rows: Vec<(String, String, String, String)> =
            q.build_query_as().fetch_all(&mut *conn).await?;
        for (org, kind, value, contact) in rows {
            let kind = identity_kind(&kind)?;
            found.insert(
                (parse("contact_identities.org_id", &org)?, kind, value),
                parse("contact_identities.contact_id", &contact)?,
            );
        }
    }
    Ok(found)
}

/// The stored messages with the provider ids of the run: its own (duplicates) and those it
/// replies to.
async fn find_messages(
    conn: &mut Conn,
    messages: &[BatchMessage<'_>],
) -> StoreResult<HashMap<MessageKey, MessageId>> {
    let mut keys: BTreeSet<(ChannelId, &str)> = BTreeSet::new();
    for m in messages {
        keys.insert((m.channel, m.message.provider_message_id.as_str()));
        if let Some(target) = m.message.context.reply_to.as_deref() {
            keys.insert((m.channel, target));
        }
    }
    let mut found = HashMap::new();
    for chunk in keys
        .into_iter()
        .collect::<Vec<_>>()
        .chunks(ROWS_PER_STATEMENT)
    {
        let mut q =
            Builder::new("select m.channel_id, m.provider_message_id, m.id from messages m join (");
        q.push_values(chunk, |mut row, (channel, provider_id)| {
            row.push_bind(channel.to_string())
                .push_bind(provider_id.to_string());
        });
        q.push(") v on m.channel_id = v.column1 and m.provider_message_id = v.column2");
        let rows: Vec<(String, String, String)> = q.build_query_as().fetch_all(&mut *conn).await?;
        for (channel, provider_id, id) in rows {
            found.insert(
                (parse("messages.channel_id", &channel)?, provider_id),
                parse("messages.id", &id)?,
            );
        }
    }
    Ok(found)
}

/// Each (channel, contact)'s latest conversation (by creation, then id), as now committed.
async fn latest_conversations(
    conn: &mut Conn,
    pairs: &BTreeSet<(ChannelId, ContactId)>,
) -> StoreResult<HashMap<(ChannelId, ContactId), LatestConversation<ConversationId>>> {
    type Row = (String, String, String, String, Option<i64>, i64);
    let mut newest: HashMap<(ChannelId, ContactId), (i64, String, LatestConversation<_>)> =
        HashMap::new();
    for chunk in pairs.iter().collect::<Vec<_>>().chunks(ROWS_PER_STATEMENT) {
        let mut q = Builder::new(
            "select c.id, c.channel_id, c.contact_id, c.status, c.resolved_at, c.created_at
             from conversations c join (",
        );
        q.push_values(chunk, |mut row, (channel, contact)| {
            row.push_bind(channel.to_string())
                .push_bind(contact.to_string());
        });
        q.push(") v on c.channel_id = v.column1 and c.contact_id = v.column2");
        let rows: Vec<Row> = q.build_query_as().fetch_all(&mut *conn).await?;
        for (id, channel, contact, status, resolved_at, created_at) in rows {
            let slot = (
                parse("conversations.channel_id", &channel)?,
                parse("conversations.contact_id", &contact)?,
            );
            let latest = LatestConversation {
                id: parse::<ConversationId>("conversations.id", &id)?,
                status: parse::<ConversationStatus>("conversations.status", &status)?,
                resolved_at: opt_time(resolved_at),
            };
            let newer = newest
                .get(&slot)
                .is_none_or(|(at, key, _)| (created_at, &id) > (*at, key));
            if newer {
                newest.insert(slot, (created_at, id, latest));
            }
        }
    }
    Ok(newest.into_iter().map(|(k, (_, _, v))| (k, v)).collect())
}

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
        q.build().execute(&mut *conn).await?;
    }
    for chunk in writes.identities.chunks(ROWS_PER_STATEMENT) {
        let mut q =
            Builder::new("insert into contact_identities (org_id, kind, value, contact_id) ");
        q.push_values(chunk, |mut row, ((org, kind, value), contact)| {
            row.push_bind(org.to_string())
                .push_bind(*kind)
                .push_bind(value.clone())
                .push_bind(contact.to_string());
        });
        q.push(" on conflict do nothing");
        if q.build().execute(&mut *conn).await?.rows_affected() < chunk.len() as u64 {
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
            "update contacts set display_name = coalesce(v.column2, contacts.display_name),
               updated_at = v.column3
             from (",
        );
        q.push_values(chunk, |mut row, (id, (name, at))| {
            row.push_bind(id.to_string())
                .push_bind(name.clone())
                .push_bind(micros(*at));
        });
        q.push(") v where contacts.id = v.column1");
        q.build().execute(&mut *conn).await?;
    }
    Ok(true)
}

/// The stored identity kind as the domain spells it.
fn identity_kind(kind: &str) -> StoreResult<&'static str> {
    [
        IdentityKind::WaId,
        IdentityKind::UserId,
        IdentityKind::Username,
    ]
    .into_iter()
    .map(IdentityKind::as_str)
    .find(|k| *k == kind)
    .ok_or_else(|| {
        StoreError::corrupt(format!(
            "contact_identities.kind: unexpected value {kind:?}"
        ))
    })
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
        q.build().execute(&mut *conn).await?;
    }
    for chunk in writes.conversations.chunks(ROWS_PER_STATEMENT) {
        let mut q = Builder::new(
            "insert into conversations (id, org_id, channel_id, contact_id, status, assignee, team, priority,
               last_inbound_at, last_message_at, created_at, resolved_at) ",
        );
        q.push_values(chunk, |mut row, (id, m, contact)| {
            let sent_at = micros(m.message.sent_at);
            row.push_bind(id.to_string())
                .push_bind(m.org.to_string())
                .push_bind(m.channel.to_string())
                .push_bind(contact.to_string())
                .push_bind(ConversationStatus::Open.as_str())
                .push("null, null")
                .push_bind(Priority::Normal.as_str())
                .push_bind(sent_at)
                .push_bind(sent_at)
                .push_bind(micros(m.received_at))
                .push("null");
        });
        q.build().execute(&mut *conn).await?;
    }
    write_conversation_events(conn, &writes.events).await?;
    for chunk in writes.messages.chunks(ROWS_PER_STATEMENT) {
        let rows = message_rows(chunk)?;
        let mut q = Builder::new(
            "insert into messages (id, org_id, conversation_id, channel_id, direction, sender, provider_message_id,
               content, context, reply_to_message_id, sent_at, created_at, status, status_at, error, media, pii, raw) ",
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
                .push_bind(r.12);
        });
        q.push(" on conflict do nothing");
        if q.build().execute(&mut *conn).await?.rows_affected() < chunk.len() as u64 {
            return Ok(false);
        }
    }
    // The residents wrote: their reply windows are open again.
    let times: Vec<_> = writes.inbound_at.iter().collect();
    for chunk in times.chunks(ROWS_PER_STATEMENT) {
        let mut q = Builder::new(
            "update conversations set
               last_inbound_at = case when last_inbound_at is null or last_inbound_at < v.column2 then v.column2 else last_inbound_at end,
               last_message_at = case when last_message_at < v.column2 then v.column2 else last_message_at end,
               window_closed_at = null
             from (",
        );
        q.push_values(chunk, |mut row, (id, at)| {
            row.push_bind(id.to_string()).push_bind(micros(**at));
        });
        q.push(") v where conversations.id = v.column1");
        q.build().execute(&mut *conn).await?;
    }
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
        q.build().execute(&mut *conn).await?;
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
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}
