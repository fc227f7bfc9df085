// Outbound messages and their delivery statuses (forward only, via
// `DeliveryStatus::advance`), media state. Backend-neutral; included.

/// What a status update needs to know about its message.
#[derive(sqlx::FromRow)]
struct StatusTarget {
    id: String,
    conversation_id: String,
    status: Option<String>,
}

/// Set the status when `advance` allows it; the error is kept when the status is `failed`.
/// `null_as` is what a message without a status counts as.
async fn advance_status(
    conn: &mut Conn,
    message_id: &str,
    current: Option<&str>,
    null_as: DeliveryStatus,
    next: DeliveryStatus,
    error: Option<&ProviderError>,
    at: Timestamp,
) -> StoreResult<Option<DeliveryStatus>> {
    let Some(status) = stored_status(current, null_as)?.advance(next) else {
        return Ok(None);
    };
    // Failed keeps the provider's reason; uncertain keeps why we could not tell; a message
    // that moved on (sent, delivered…) has no error left to show.
    let error = match (status, error) {
        (DeliveryStatus::Failed | DeliveryStatus::Uncertain, Some(e)) => Some(to_json(e)?),
        _ => None,
    };
    sqlx::query(
        "update messages set status = $1, status_at = $2,
           error = case when $1 in ('failed', 'uncertain') then coalesce($3, error) end
         where id = $4",
    )
    .bind(status.as_str())
    .bind(micros(at))
    .bind(error)
    .bind(message_id)
    .execute(&mut *conn)
    .await?;
    Ok(Some(status))
}

async fn ingest_status(
    conn: &mut Conn,
    org: OrgId,
    channel: ChannelId,
    update: &StatusUpdate,
) -> StoreResult<ItemOutcome> {
    lock_provider_message(conn, channel, &update.provider_message_id).await?;
    let target: Option<StatusTarget> = sqlx::query_as(
        "select id, conversation_id, status from messages
         where org_id = $1 and channel_id = $2 and provider_message_id = $3",
    )
    .bind(org.to_string())
    .bind(channel.to_string())
    .bind(&update.provider_message_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(target) = target else {
        sqlx::query(
            "insert into pending_statuses (channel_id, provider_message_id, status, at, errors, raw)
             values ($1, $2, $3, $4, $5, $6) on conflict do nothing",
        )
        .bind(channel.to_string())
        .bind(&update.provider_message_id)
        .bind(update.status.as_str())
        .bind(micros(update.at))
        .bind(to_json(&update.errors)?)
        .bind(to_json(&update.raw)?)
        .execute(&mut *conn)
        .await?;
        return Ok(ItemOutcome::StatusPending);
    };
    let applied = advance_status(
        conn,
        &target.id,
        target.status.as_deref(),
        DeliveryStatus::Sent,
        update.status,
        update.errors.first(),
        update.at,
    )
    .await?;
    Ok(match applied {
        None => ItemOutcome::StatusIgnored,
        Some(status) => ItemOutcome::StatusApplied {
            org_id: org,
            message_id: parse("messages.id", &target.id)?,
            conversation_id: parse("messages.conversation_id", &target.conversation_id)?,
            status,
            error_code: match status {
                DeliveryStatus::Failed => update.errors.first().map(|e| e.code),
                _ => None,
            },
        },
    })
}

/// The message, its jobs, the conversation's `last_message_at` and, for the conversation's
/// first reply by an agent or a bot, a `first_response` event (reports time responses by it).
async fn insert_outbound(
    conn: &mut Conn,
    message: &NewOutboundMessage,
) -> StoreResult<MessageRecord> {
    let at = micros(message.created_at);
    // Updating the conversation first also locks its row (PostgreSQL): two replies committed
    // concurrently agree on which one is the first response.
    let channel: Option<String> = sqlx::query_scalar(
        "update conversations set last_message_at = case when last_message_at < $1 then $1 else last_message_at end
         where id = $2 and org_id = $3 returning channel_id",
    )
    .bind(at)
    .bind(message.conversation_id.to_string())
    .bind(message.org_id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let channel = channel.ok_or(StoreError::NotFound)?;
    let responds = matches!(message.sender, SenderKind::Agent | SenderKind::Bot);
    let first_response = responds && {
        let earlier: Option<String> = sqlx::query_scalar(
            "select id from messages where conversation_id = $1 and direction = 'outbound'
               and sender in ('agent', 'bot') limit 1",
        )
        .bind(message.conversation_id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        earlier.is_none()
    };
    sqlx::query(
        "insert into messages (id, org_id, conversation_id, channel_id, direction, sender, provider_message_id,
           content, context, reply_to_message_id, sent_at, created_at, status, status_at, error, media, pii, raw)
         values ($1, $2, $3, $4, 'outbound', $5, null, $6, $7, $8, $9, $9, 'queued', $9, null, null, '[]', null)",
    )
    .bind(message.message_id.to_string())
    .bind(message.org_id.to_string())
    .bind(message.conversation_id.to_string())
    .bind(&channel)
    .bind(message.sender.as_str())
    .bind(to_json(&message.content)?)
    .bind(to_json(&message.context)?)
    .bind(match message.context.reply_to.as_deref() {
        Some(provider_id) => {
            let channel = parse::<ChannelId>("conversations.channel_id", &channel)?;
            find_message_id(conn, channel, provider_id).await?.map(|id| id.to_string())
        }
        None => None,
    })
    .bind(at)
    .execute(&mut *conn)
    .await?;
    if first_response {
        let kind = ConversationEventKind::FirstResponse;
        insert_conversation_event(
            conn,
            message.org_id,
            message.conversation_id,
            &kind,
            message.created_at,
        )
        .await?;
    }
    for job in &message.jobs {
        insert_job(conn, job, message.created_at).await?;
    }
    fetch_message(conn, message.org_id, message.message_id).await
}

async fn record_provider_id(
    conn: &mut Conn,
    org: OrgId,
    message: MessageId,
    provider_id: &str,
    now: Timestamp,
) -> StoreResult<MessageRecord> {
    let target: Option<(String, Option<String>)> =
        sqlx::query_as("select channel_id, status from messages where id = $1 and org_id = $2")
            .bind(message.to_string())
            .bind(org.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    let (channel, status) = target.ok_or(StoreError::NotFound)?;
    lock_provider_message(conn, parse("messages.channel_id", &channel)?, provider_id).await?;
    let id = message.to_string();
    sqlx::query("update messages set provider_message_id = $1 where id = $2")
        .bind(provider_id)
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    let mut current = stored_status(status.as_deref(), DeliveryStatus::Queued)?;
    if let Some(next) = advance_status(
        conn,
        &id,
        Some(current.as_str()),
        DeliveryStatus::Queued,
        DeliveryStatus::Sent,
        None,
        now,
    )
    .await?
    {
        current = next;
    }

    let pending: Vec<PendingStatusRow> = sqlx::query_as(
        "select status, at, errors from pending_statuses where channel_id = $1 and provider_message_id = $2",
    )
    .bind(&channel)
    .bind(provider_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut pending = pending
        .into_iter()
        .map(|row| {
            let status: DeliveryStatus = parse("pending_statuses.status", &row.status)?;
            let errors: Vec<ProviderError> = json(&row.errors)?;
            Ok((status, from_micros(row.at), errors))
        })
        .collect::<StoreResult<Vec<_>>>()?;
    pending.sort_by_key(|(status, at, _)| (status_order(*status), *at));
    for (status, at, errors) in pending {
        let applied = advance_status(
            conn,
            &id,
            Some(current.as_str()),
            DeliveryStatus::Queued,
            status,
            errors.first(),
            at,
        )
        .await?;
        if let Some(next) = applied {
            current = next;
        }
    }
    sqlx::query("delete from pending_statuses where channel_id = $1 and provider_message_id = $2")
        .bind(&channel)
        .bind(provider_id)
        .execute(&mut *conn)
        .await?;
    fetch_message(conn, org, message).await
}

async fn set_status(
    conn: &mut Conn,
    org: OrgId,
    message: MessageId,
    status: DeliveryStatus,
    error: Option<&ProviderError>,
    now: Timestamp,
) -> StoreResult<bool> {
    let current: Option<Option<String>> =
        sqlx::query_scalar("select status from messages where id = $1 and org_id = $2")
            .bind(message.to_string())
            .bind(org.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    let current = current.ok_or(StoreError::NotFound)?;
    let applied = advance_status(
        conn,
        &message.to_string(),
        current.as_deref(),
        DeliveryStatus::Queued,
        status,
        error,
        now,
    )
    .await?;
    Ok(applied.is_some())
}

/// An agent's retry: the one sanctioned backwards move of a delivery status. Only a message
/// whose send failed or whose outcome is uncertain goes back to `queued`, with its error
/// and provider id cleared (statuses of the previous attempt, e.g. a redelivered `failed`
/// webhook, must not land on the new one) and a new send job, all in one transaction.
async fn requeue(
    conn: &mut Conn,
    org: OrgId,
    message: MessageId,
    job: &NewJob,
    now: Timestamp,
) -> StoreResult<MessageRecord> {
    let current: Option<Option<String>> =
        sqlx::query_scalar("select status from messages where id = $1 and org_id = $2")
            .bind(message.to_string())
            .bind(org.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    let current = current.ok_or(StoreError::NotFound)?;
    let status: Option<DeliveryStatus> = parse_opt("messages.status", current.as_deref())?;
    if !matches!(
        status,
        Some(DeliveryStatus::Uncertain | DeliveryStatus::Failed)
    ) {
        let status = status.map_or("none (inbound)", DeliveryStatus::as_str);
        return Err(StoreError::Conflict(format!(
            "only a failed or uncertain message can be sent again (this one is {status})"
        )));
    }
    // The status is part of the condition: a concurrent change (PostgreSQL) makes this a
    // conflict instead of overwriting it.
    let updated = sqlx::query(
        "update messages set status = 'queued', status_at = $1, error = null, provider_message_id = null
         where id = $2 and status = $3",
    )
    .bind(micros(now))
    .bind(message.to_string())
    .bind(current.as_deref())
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::Conflict(
            "the message's status changed meanwhile".into(),
        ));
    }
    insert_job(conn, job, now).await?;
    fetch_message(conn, org, message).await
}
