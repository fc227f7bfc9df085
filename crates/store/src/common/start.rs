// An agent starts a conversation (a call-back with a template): the resident's contact and
// a conversation on the channel, before the template is queued. Backend-neutral; included.

/// The resident's contact (created when unknown) and their conversation on `channel`: the
/// latest one when it is not resolved, else a new one. A new one has no inbound message,
/// so its 24-hour window is closed until the resident answers.
async fn open_conversation_for(
    conn: &mut Conn,
    org: OrgId,
    channel: ChannelId,
    resident: &ContactProfile,
    now: Timestamp,
) -> StoreResult<ConversationId> {
    // Another organisation's channel reads as not found.
    let ours: Option<String> =
        sqlx::query_scalar("select id from channels where id = $1 and org_id = $2")
            .bind(channel.to_string())
            .bind(org.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    if ours.is_none() {
        return Err(StoreError::NotFound);
    }
    let contact = match resolve_contact(conn, org, resident, now).await? {
        Some(contact) => contact,
        // Bound by a concurrent message meanwhile: it is there now.
        None => resolve_contact(conn, org, resident, now)
            .await?
            .ok_or_else(|| StoreError::Conflict("the resident's identity is being bound".into()))?,
    };
    let latest: Option<(String, String)> = sqlx::query_as(
        "select id, status from conversations where channel_id = $1 and contact_id = $2
         order by created_at desc, id desc limit 1",
    )
    .bind(channel.to_string())
    .bind(contact.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((id, status)) = latest
        && status != ConversationStatus::Resolved.as_str()
    {
        return parse::<ConversationId>("conversations.id", &id);
    }
    let id = ConversationId::new_at(now);
    sqlx::query(
        "insert into conversations (id, org_id, channel_id, contact_id, status, assignee, team, priority,
           last_inbound_at, last_message_at, created_at, resolved_at)
         values ($1, $2, $3, $4, $5, null, null, $6, null, $7, $7, null)",
    )
    .bind(id.to_string())
    .bind(org.to_string())
    .bind(channel.to_string())
    .bind(contact.to_string())
    .bind(ConversationStatus::Open.as_str())
    .bind(Priority::Normal.as_str())
    .bind(micros(now))
    .execute(&mut *conn)
    .await?;
    insert_conversation_event(conn, org, id, &ConversationEventKind::Created, now).await?;
    Ok(id)
}
