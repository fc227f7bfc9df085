// Delivery statuses of outbound messages: forward only (via `DeliveryStatus::advance`), kept
// pending until the message's provider id is known, and what they say besides the status
// (pricing, the recipient's user id). Backend-neutral; included.

/// How long a status for an unknown provider id is kept: Meta redelivers a webhook for up
/// to 7 days, so a status older than that will never find its message.
const PENDING_STATUS_HORIZON: Duration = Duration::from_secs(7 * 24 * 3600);

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
    received_at: Timestamp,
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
            "insert into pending_statuses
               (channel_id, provider_message_id, status, at, errors, raw, pricing, recipient_user_id,
                received_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing",
        )
        .bind(channel.to_string())
        .bind(&update.provider_message_id)
        .bind(update.status.as_str())
        .bind(micros(update.at))
        .bind(to_json(&update.errors)?)
        .bind(to_json(&update.raw)?)
        .bind(update.pricing.as_ref().map(to_json).transpose()?)
        .bind(update.recipient.user_id.as_deref())
        .bind(micros(received_at))
        .execute(&mut *conn)
        .await?;
        return Ok(ItemOutcome::StatusPending);
    };
    let user_id = update.recipient.user_id.as_deref();
    record_status_facts(conn, &target.id, update.pricing.as_ref(), user_id).await?;
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
        "select status, at, errors, pricing, recipient_user_id from pending_statuses
         where channel_id = $1 and provider_message_id = $2",
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
            let pricing: Option<Pricing> = match row.pricing.as_deref() {
                Some(text) => json::<Option<Pricing>>(text)?,
                None => None,
            };
            Ok((
                status,
                from_micros(row.at),
                errors,
                pricing,
                row.recipient_user_id,
            ))
        })
        .collect::<StoreResult<Vec<_>>>()?;
    pending.sort_by_key(|(status, at, ..)| (status_order(*status), *at));
    for (status, at, errors, pricing, user_id) in pending {
        record_status_facts(conn, &id, pricing.as_ref(), user_id.as_deref()).await?;
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

/// What a status says besides the status, kept whether or not the status itself moves the
/// message on: Meta sends `pricing` on only one of `delivered`/`read`, which may arrive
/// after the other (and be ignored as a status).
async fn record_status_facts(
    conn: &mut Conn,
    message_id: &str,
    pricing: Option<&Pricing>,
    recipient_user_id: Option<&str>,
) -> StoreResult<()> {
    if pricing.is_none() && recipient_user_id.is_none() {
        return Ok(());
    }
    let has_pricing = pricing.is_some();
    let pricing = pricing.cloned().unwrap_or_default();
    sqlx::query(
        "update messages set
           pricing_model = case when $1 then $2 else pricing_model end,
           pricing_type = case when $1 then $3 else pricing_type end,
           pricing_category = case when $1 then $4 else pricing_category end,
           pricing_billable = case when $1 then $5 else pricing_billable end,
           recipient_user_id = coalesce($6, recipient_user_id)
         where id = $7",
    )
    .bind(has_pricing)
    .bind(pricing.pricing_model)
    .bind(pricing.kind)
    .bind(pricing.category)
    .bind(pricing.billable)
    .bind(recipient_user_id)
    .bind(message_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Forget statuses that never found their message and never will: received longer than
/// Meta's redelivery horizon before `now` (by our clock: the sender's `at` may lie in the
/// future). Returns how many went.
async fn prune_pending_statuses(pool: &Pool, now: Timestamp) -> StoreResult<u64> {
    let horizon = i64::try_from(PENDING_STATUS_HORIZON.as_micros()).unwrap_or(i64::MAX);
    let result = sqlx::query("delete from pending_statuses where received_at < $1")
        .bind(micros(now).saturating_sub(horizon))
        .execute(pool)
        .await?;
    Ok(result.rows_affected())
}
