// Outbound messages (the outbox): a reply's messages and send jobs, an agent's retry.
// Statuses are in `statuses.rs`. Backend-neutral; included.

/// The message, its jobs, the conversation's `last_message_at` and, for the conversation's
/// first reply by an agent or a bot, a `first_response` event (reports time responses by it).
async fn insert_outbound(
    conn: &mut Conn,
    message: &NewOutboundMessage,
) -> StoreResult<MessageRecord> {
    let at = micros(message.created_at);
    // Updating the conversation first also locks its row (PostgreSQL): two replies committed
    // concurrently agree on which one is the first response.
    // An agent's or bot's answer (not a reaction) ends the wait and counts as reading it.
    let responds = matches!(message.sender, SenderKind::Agent | SenderKind::Bot);
    let answers = responds && queue::answers(&message.content);
    let channel: Option<String> = sqlx::query_scalar(
        "update conversations set
           last_message_id = case when last_message_at <= $1 then $4 else last_message_id end,
           last_message_at = case when last_message_at < $1 then $1 else last_message_at end,
           waiting_since = case when $5 then null else waiting_since end,
           unread_count = case when $5 then 0 else unread_count end
         where id = $2 and org_id = $3 returning channel_id",
    )
    .bind(at)
    .bind(message.conversation_id.to_string())
    .bind(message.org_id.to_string())
    .bind(message.message_id.to_string())
    .bind(answers)
    .fetch_optional(&mut *conn)
    .await?;
    let channel = channel.ok_or(StoreError::NotFound)?;
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
           content, context, reply_to_message_id, sent_at, created_at, status, status_at, error, media, pii, raw,
           preview_url, sender_user_id, opt_in_by, opt_in_at)
         values ($1, $2, $3, $4, 'outbound', $5, null, $6, $7, $8, $9, $9, 'queued', $9, null, $10, '[]', null, $11,
           $12, $13, $14)",
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
    .bind(message.media.as_ref().map(to_json).transpose()?)
    .bind(message.preview_url)
    .bind(message.sender_user_id.map(|u| u.to_string()))
    .bind(message.opt_in.map(|o| o.by.to_string()))
    .bind(message.opt_in.map(|o| micros(o.at)))
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
        "update messages set status = 'queued', status_at = $1, error = null, provider_message_id = null,
           pricing_model = null, pricing_type = null, pricing_category = null, pricing_billable = null
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
