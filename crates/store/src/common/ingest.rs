// Ingestion: one transaction for a batch of requests. Runs of plain resident messages go
// the set-based way (`ingest_batch.rs`, a savepoint per run); everything else, and a run the
// database disagreed with, goes one request at a time, a savepoint per request (and per
// message item), so a failing request is rolled back alone. Backend-neutral; included.

/// Run every request inside the open write transaction; one result per request, in order.
async fn ingest_requests(
    conn: &mut Conn,
    requests: &[IngestRequest],
) -> Vec<StoreResult<IngestOutcome>> {
    let mut results = Vec::with_capacity(requests.len());
    let mut start = 0;
    while start < requests.len() {
        let set_based = batchable(&requests[start]);
        let len = requests[start..]
            .iter()
            .take_while(|r| batchable(r) == set_based)
            .count();
        let run = &requests[start..start + len];
        let batched = match set_based {
            true => ingest_run(conn, run).await,
            false => None,
        };
        match batched {
            Some(outcomes) => results.extend(outcomes.into_iter().map(Ok)),
            None => ingest_one_by_one(conn, run, &mut results).await,
        }
        start += len;
    }
    results
}

/// Set-based attempts per run before it goes one by one. A concurrent batch that bound one
/// of the run's identities or stored one of its messages has committed by the time the
/// conflict shows (the insert waited for it), so the next attempt reads it and agrees.
const SET_BASED_ATTEMPTS: usize = 3;

/// A run the set-based way, in a savepoint; `None` (rolled back) when it must go one by one.
async fn ingest_run(conn: &mut Conn, run: &[IngestRequest]) -> Option<Vec<IngestOutcome>> {
    for _ in 0..SET_BASED_ATTEMPTS {
        sqlx::query("savepoint ingest_batch")
            .execute(&mut *conn)
            .await
            .ok()?;
        // `Ok(())`: the database disagreed with what was read.
        let outcome = match ingest_batch(conn, run).await {
            Ok(Some(outcomes)) => match sqlx::query("release savepoint ingest_batch")
                .execute(&mut *conn)
                .await
            {
                Ok(_) => return Some(outcomes),
                Err(e) => Err(StoreError::from(e)),
            },
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        // Whatever this fails with, the one-by-one path meets it too and reports it.
        let _ = sqlx::query("rollback to savepoint ingest_batch")
            .execute(&mut *conn)
            .await;
        let _ = sqlx::query("release savepoint ingest_batch")
            .execute(&mut *conn)
            .await;
        match outcome {
            Ok(_) => tracing::debug!("a concurrent batch got there first; reading again"),
            Err(e) if e.is_busy() => tracing::debug!(error = %e, "busy; trying the run again"),
            Err(e) => {
                tracing::debug!(error = %e, "set-based ingestion failed; going one by one");
                return None;
            }
        }
    }
    None
}

/// Each request in its own savepoint.
async fn ingest_one_by_one(
    conn: &mut Conn,
    requests: &[IngestRequest],
    results: &mut Vec<StoreResult<IngestOutcome>>,
) {
    for request in requests {
        if let Err(e) = sqlx::query("savepoint ingest_request")
            .execute(&mut *conn)
            .await
        {
            results.push(Err(e.into()));
            continue;
        }
        let result = ingest_request(conn, request).await;
        let ended = match result {
            Ok(_) => end_savepoint(conn, true).await,
            Err(_) => end_savepoint(conn, false).await,
        };
        // If the savepoint cannot be ended the transaction is unusable; the commit fails too.
        results.push(ended.and(result));
    }
}

/// Release the request's savepoint, after rolling back to it when the request failed.
async fn end_savepoint(conn: &mut Conn, keep: bool) -> StoreResult<()> {
    if !keep {
        sqlx::query("rollback to savepoint ingest_request")
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("release savepoint ingest_request")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn ingest_request(conn: &mut Conn, request: &IngestRequest) -> StoreResult<IngestOutcome> {
    let mut items = Vec::with_capacity(request.items.len());
    let received_at = request.received_at;
    for item in &request.items {
        let outcome = match item {
            IngestItem::Message {
                org_id,
                channel_id,
                message_id,
                reopen_within,
                message,
                pii,
                findings,
                jobs_if_new,
            } => {
                let new = NewInbound {
                    org: *org_id,
                    channel: *channel_id,
                    id: *message_id,
                    reopen_within: *reopen_within,
                    message,
                    pii,
                    findings,
                    jobs: jobs_if_new,
                    received_at,
                };
                ingest_message(conn, &new).await?
            }
            IngestItem::Status {
                org_id,
                channel_id,
                update,
            } => ingest_status(conn, *org_id, *channel_id, update, received_at).await?,
            IngestItem::TemplateStatus {
                org_id,
                channel_id,
                account_id,
                update,
            } => {
                sqlx::query(
                    "insert into template_status_events
                       (id, account_id, org_id, channel_id, template_id, name, language, event, reason, at, raw, received_at)
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(EventId::new_at(received_at).to_string())
                .bind(account_id)
                .bind(org_id.map(|id| id.to_string()))
                .bind(channel_id.map(|id| id.to_string()))
                .bind(&update.template_id)
                .bind(&update.name)
                .bind(&update.language)
                .bind(&update.event)
                .bind(&update.reason)
                .bind(update.at.map(micros))
                .bind(to_json(&update.raw)?)
                .bind(micros(received_at))
                .execute(&mut *conn)
                .await?;
                if let Some(channel) = channel_id {
                    apply_template_status(conn, *channel, update, received_at).await?;
                }
                ItemOutcome::TemplateStatusRecorded
            }
            IngestItem::ChannelEvent {
                org_id,
                channel_id,
                kind,
                errors,
                raw,
            } => {
                sqlx::query(
                    "insert into channel_events (id, org_id, channel_id, kind, errors, raw, received_at)
                     values ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(EventId::new_at(received_at).to_string())
                .bind(org_id.to_string())
                .bind(channel_id.to_string())
                .bind(kind)
                .bind(to_json(errors)?)
                .bind(to_json(raw)?)
                .bind(micros(received_at))
                .execute(&mut *conn)
                .await?;
                ItemOutcome::ChannelEventRecorded
            }
            IngestItem::Unrouted {
                phone_number_id,
                event,
            } => {
                let event_id = EventId::new_at(received_at);
                sqlx::query(
                    "insert into unrouted_events (id, phone_number_id, received_at, event, replayed_at)
                     values ($1, $2, $3, $4, null)",
                )
                .bind(event_id.to_string())
                .bind(phone_number_id)
                .bind(micros(received_at))
                .bind(to_json(event)?)
                .execute(&mut *conn)
                .await?;
                ItemOutcome::Unrouted { event_id }
            }
        };
        items.push(outcome);
    }
    Ok(IngestOutcome { items })
}

/// A resident's message with what ingestion needs beside it.
struct NewInbound<'a> {
    org: OrgId,
    channel: ChannelId,
    id: MessageId,
    reopen_within: Duration,
    message: &'a InboundMessage,
    pii: &'a [PiiKind],
    findings: &'a [StoredFinding],
    jobs: &'a [NewJob],
    received_at: Timestamp,
}

enum Attempt {
    Done(ItemOutcome),
    /// The message was stored meanwhile (a concurrent delivery won the race).
    Duplicate,
    /// A concurrent ingestion bound the resident's identity first: start over.
    Retry,
}

async fn find_message_id(
    conn: &mut Conn,
    channel: ChannelId,
    provider_id: &str,
) -> StoreResult<Option<MessageId>> {
    let id: Option<String> = sqlx::query_scalar(
        "select id from messages where channel_id = $1 and provider_message_id = $2",
    )
    .bind(channel.to_string())
    .bind(provider_id)
    .fetch_optional(&mut *conn)
    .await?;
    parse_opt("messages.id", id.as_deref())
}

async fn ingest_message(conn: &mut Conn, new: &NewInbound<'_>) -> StoreResult<ItemOutcome> {
    let channel_in_org: Option<String> =
        sqlx::query_scalar("select id from channels where id = $1 and org_id = $2")
            .bind(new.channel.to_string())
            .bind(new.org.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    if channel_in_org.is_none() {
        return Err(StoreError::NotFound);
    }
    let provider_id = new.message.provider_message_id.as_str();
    for _ in 0..3 {
        if let Some(existing) = find_message_id(conn, new.channel, provider_id).await? {
            return Ok(ItemOutcome::DuplicateMessage { existing });
        }
        sqlx::query("savepoint ingest_item")
            .execute(&mut *conn)
            .await?;
        let attempt = try_ingest_message(conn, new).await;
        let end: &'static str = match attempt {
            Ok(Attempt::Done(_)) => "release savepoint ingest_item",
            _ => "rollback to savepoint ingest_item",
        };
        sqlx::query(end).execute(&mut *conn).await?;
        if !matches!(attempt, Ok(Attempt::Done(_))) {
            sqlx::query("release savepoint ingest_item")
                .execute(&mut *conn)
                .await?;
        }
        match attempt? {
            Attempt::Done(outcome) => return Ok(outcome),
            Attempt::Duplicate => {
                return match find_message_id(conn, new.channel, provider_id).await? {
                    Some(existing) => Ok(ItemOutcome::DuplicateMessage { existing }),
                    None => Err(StoreError::Conflict(format!(
                        "message id {} already exists",
                        new.id
                    ))),
                };
            }
            Attempt::Retry => {
                tracing::debug!(
                    "a concurrent ingestion bound the identity first; retrying the message"
                );
                continue;
            }
        }
    }
    Err(StoreError::Conflict(
        "the resident's identity kept changing concurrently".into(),
    ))
}

async fn try_ingest_message(conn: &mut Conn, new: &NewInbound<'_>) -> StoreResult<Attempt> {
    let message = new.message;
    let Some(contact) = resolve_contact(conn, new.org, &message.from, new.received_at).await?
    else {
        return Ok(Attempt::Retry);
    };
    let blocked = is_blocked(conn, contact).await?;
    let (conversation, change) = route_message(conn, new, contact, blocked).await?;

    let reply_to = match message.context.reply_to.as_deref() {
        Some(provider_id) => find_message_id(conn, new.channel, provider_id).await?,
        None => None,
    };
    let media = message.content.media().map(|_| MediaState::Pending);
    let inserted = sqlx::query(
        "insert into messages (id, org_id, conversation_id, channel_id, direction, sender, provider_message_id,
           content, context, reply_to_message_id, sent_at, created_at, status, status_at, error, media, pii, raw, findings)
         values ($1, $2, $3, $4, 'inbound', 'resident', $5, $6, $7, $8, $9, $10, null, null, null, $11, $12, $13, $14)
         on conflict do nothing",
    )
    .bind(new.id.to_string())
    .bind(new.org.to_string())
    .bind(conversation.to_string())
    .bind(new.channel.to_string())
    .bind(&message.provider_message_id)
    .bind(to_json(&message.content)?)
    .bind(to_json(&message.context)?)
    .bind(reply_to.map(|id| id.to_string()))
    .bind(micros(message.sent_at))
    .bind(micros(new.received_at))
    .bind(media.as_ref().map(to_json).transpose()?)
    .bind(to_json(&new.pii)?)
    .bind(to_json(&message.raw)?)
    .bind(to_json(&new.findings)?)
    .execute(&mut *conn)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(Attempt::Duplicate);
    }

    // The resident wrote: the reply window is open again, whatever the provider said before.
    // It opened when they sent it, if the sender's clock is plausible (see `window_opened_at`).
    let opened_at = window_opened_at(message.sent_at, new.received_at);
    let content = &message.content;
    // The queue's columns too (see `queue.rs`): preview, unread count, waiting time.
    sqlx::query(
        "update conversations set
           last_inbound_at = case when last_inbound_at is null or last_inbound_at < $1 then $1 else last_inbound_at end,
           last_message_id = case when $3 and last_message_at <= $1 then $4 else last_message_id end,
           last_message_at = case when last_message_at < $1 then $1 else last_message_at end,
           window_closed_at = null,
           unread_count = unread_count + $5,
           waiting_since = case when $6 and waiting_since is null then $1 else waiting_since end
         where id = $2",
    )
    .bind(micros(opened_at))
    .bind(conversation.to_string())
    .bind(queue::stands_alone(content))
    .bind(new.id.to_string())
    // A blocked resident's message is kept, but neither unread nor waiting for an answer.
    .bind(i64::from(queue::counts_as_unread(content) && !blocked))
    .bind(queue::asks_for_answer(content) && !blocked)
    .execute(&mut *conn)
    .await?;
    if queue::asks_for_answer(content) && !blocked {
        wake_snoozed(conn, &[conversation], new.received_at).await?;
    }
    for job in new.jobs {
        insert_job(conn, job, new.received_at).await?;
    }
    apply_content_effects(conn, new, contact).await?;
    Ok(Attempt::Done(ItemOutcome::MessageCreated {
        org_id: new.org,
        message_id: new.id,
        conversation_id: conversation,
        change,
    }))
}
