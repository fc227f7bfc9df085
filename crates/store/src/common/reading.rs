// Reading conversations, messages and events; unrouted, channel and template events; media
// state. Backend-neutral; included (`labels_of_c!` is each backend's label aggregation).

macro_rules! conversation_columns {
    () => {
        concat!(
            "select c.id, c.org_id, c.channel_id, c.contact_id, ct.display_name as contact_name, c.status,
               c.assignee, c.team, c.priority, ",
            labels_of_c!(),
            " as labels, c.last_inbound_at, c.last_message_at, c.created_at, c.resolved_at,
               c.window_closed_at, c.waiting_since, c.unread_count, c.snoozed_until,
               lm.id as lm_id, lm.direction as lm_direction, lm.sender as lm_sender,
               lm.content as lm_content, lm.edited_content as lm_edited_content,
               lm.sent_at as lm_sent_at, lm.revoked_at as lm_revoked_at, lm.status as lm_status"
        )
    };
}

/// The resident's name and the last message, joined to the conversations `c`.
macro_rules! conversation_joins {
    () => {
        " join contacts ct on ct.id = c.contact_id
               left join messages lm on lm.id = c.last_message_id "
    };
}

macro_rules! conversation_select {
    () => {
        concat!(
            conversation_columns!(),
            " from conversations c",
            conversation_joins!()
        )
    };
}

async fn get_conversation(
    pool: &Pool,
    org: OrgId,
    id: ConversationId,
) -> StoreResult<ConversationRecord> {
    let mut conn = pool.acquire().await?;
    fetch_conversation(&mut conn, org, id).await
}

/// A conversation as it stands on `conn` (inside a transaction: with its own changes).
async fn fetch_conversation(
    conn: &mut Conn,
    org: OrgId,
    id: ConversationId,
) -> StoreResult<ConversationRecord> {
    let row: Option<ConversationRow> = sqlx::query_as(concat!(
        conversation_select!(),
        "where c.id = $1 and c.org_id = $2"
    ))
    .bind(id.to_string())
    .bind(org.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.ok_or(StoreError::NotFound)?.into_model()
}

/// `NotFound` unless the conversation exists in the organisation.
async fn check_conversation(pool: &Pool, org: OrgId, id: ConversationId) -> StoreResult<()> {
    let found: Option<String> =
        sqlx::query_scalar("select id from conversations where id = $1 and org_id = $2")
            .bind(id.to_string())
            .bind(org.to_string())
            .fetch_optional(pool)
            .await?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}

/// Oldest first: by sending time, then by arrival (`seq`).
async fn list_messages(
    pool: &Pool,
    org: OrgId,
    conversation: ConversationId,
) -> StoreResult<Vec<MessageRecord>> {
    let rows: Vec<MessageRow> = sqlx::query_as(concat!(
        "select ",
        message_columns!(),
        " from messages m where m.conversation_id = $1 and m.org_id = $2 order by m.sent_at, m.seq"
    ))
    .bind(conversation.to_string())
    .bind(org.to_string())
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        check_conversation(pool, org, conversation).await?;
    }
    // An edit or revocation changed an earlier message (kept as its history) and is no
    // message of its own.
    let mut messages = Vec::with_capacity(rows.len());
    for row in rows {
        let message = row.into_model()?;
        if loket_domain::queue::stands_alone(&message.content) {
            messages.push(message);
        }
    }
    Ok(messages)
}

async fn get_message(pool: &Pool, org: OrgId, id: MessageId) -> StoreResult<MessageRecord> {
    let mut conn = pool.acquire().await?;
    fetch_message(&mut conn, org, id).await
}

async fn list_conversation_events(
    pool: &Pool,
    org: OrgId,
    conversation: ConversationId,
) -> StoreResult<Vec<ConversationEvent>> {
    let rows: Vec<ConversationEventRow> = sqlx::query_as(
        "select id, conversation_id, data, at from conversation_events
         where conversation_id = $1 and org_id = $2 order by at, seq",
    )
    .bind(conversation.to_string())
    .bind(org.to_string())
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        check_conversation(pool, org, conversation).await?;
    }
    // A damaged event is left out (its id logged) rather than failing the history.
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let id = row.id.clone();
            row.into_model()
                .inspect_err(
                    |_| tracing::warn!(row = %id, "conversation event does not decode; left out"),
                )
                .ok()
        })
        .collect())
}

async fn set_media_state(
    pool: &Pool,
    org: OrgId,
    message: MessageId,
    state: &MediaState,
) -> StoreResult<()> {
    let result = sqlx::query("update messages set media = $1 where id = $2 and org_id = $3")
        .bind(to_json(state)?)
        .bind(message.to_string())
        .bind(org.to_string())
        .execute(pool)
        .await?;
    found(result)
}

/// Oldest first.
async fn list_unrouted(
    pool: &Pool,
    include_replayed: bool,
    limit: u32,
) -> StoreResult<Vec<UnroutedEvent>> {
    let rows: Vec<UnroutedRow> = sqlx::query_as(
        "select id, phone_number_id, received_at, event, replayed_at from unrouted_events
         where $1 or replayed_at is null order by received_at, id limit $2",
    )
    .bind(include_replayed)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(UnroutedRow::into_model).collect()
}

async fn unrouted_for(pool: &Pool, phone_number_id: &str) -> StoreResult<Vec<UnroutedEvent>> {
    let rows: Vec<UnroutedRow> = sqlx::query_as(
        "select id, phone_number_id, received_at, event, replayed_at from unrouted_events
         where phone_number_id = $1 and replayed_at is null order by received_at, id",
    )
    .bind(phone_number_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(UnroutedRow::into_model).collect()
}

async fn mark_unrouted_replayed(
    conn: &mut Conn,
    ids: &[EventId],
    now: Timestamp,
) -> StoreResult<()> {
    for id in ids {
        sqlx::query(
            "update unrouted_events set replayed_at = $1 where id = $2 and replayed_at is null",
        )
        .bind(micros(now))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Newest first.
async fn list_channel_events(
    pool: &Pool,
    org: OrgId,
    channel: ChannelId,
    limit: u32,
) -> StoreResult<Vec<ChannelEventRecord>> {
    let owner: Option<String> =
        sqlx::query_scalar("select id from channels where id = $1 and org_id = $2")
            .bind(channel.to_string())
            .bind(org.to_string())
            .fetch_optional(pool)
            .await?;
    owner.ok_or(StoreError::NotFound)?;
    let rows: Vec<ChannelEventRow> = sqlx::query_as(
        "select id, channel_id, kind, errors, raw, received_at from channel_events
         where channel_id = $1 and org_id = $2 order by received_at desc, id desc limit $3",
    )
    .bind(channel.to_string())
    .bind(org.to_string())
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(ChannelEventRow::into_model).collect()
}

/// Oldest first.
async fn list_template_statuses(
    pool: &Pool,
    account_id: &str,
) -> StoreResult<Vec<TemplateStatusRecord>> {
    let rows: Vec<TemplateStatusRow> = sqlx::query_as(
        "select account_id, template_id, name, language, event, reason, at, raw, received_at
         from template_status_events where account_id = $1 order by received_at, id",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(TemplateStatusRow::into_model)
        .collect()
}
