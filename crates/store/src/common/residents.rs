// A resident's message: which contact it comes from, which conversation it joins, and
// what its content changes elsewhere (edits, revocations, number changes). Included.

/// The contact the profile's identities name, created (anonymous if it has none) when
/// unknown. `None`: a concurrent ingestion bound the first identity meanwhile.
async fn resolve_contact(
    conn: &mut Conn,
    org: OrgId,
    from: &ContactProfile,
    now: Timestamp,
) -> StoreResult<Option<ContactId>> {
    let keys = from.identity.keys();
    let mut found = None;
    for (kind, value) in &keys {
        let id: Option<String> = sqlx::query_scalar(
            "select contact_id from contact_identities where org_id = $1 and kind = $2 and value = $3",
        )
        .bind(org.to_string())
        .bind(kind.as_str())
        .bind(*value)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(id) = id {
            found = Some(parse::<ContactId>("contact_identities.contact_id", &id)?);
            break;
        }
    }
    let created = found.is_none();
    let contact = match found {
        Some(id) => id,
        None => {
            let id = ContactId::new_at(now);
            sqlx::query(
                "insert into contacts (id, org_id, display_name, created_at, updated_at) values ($1, $2, $3, $4, $4)",
            )
            .bind(id.to_string())
            .bind(org.to_string())
            .bind(&from.name)
            .bind(micros(now))
            .execute(&mut *conn)
            .await?;
            id
        }
    };
    for (i, (kind, value)) in keys.iter().enumerate() {
        // A key already bound (to this or another contact) is left as it is.
        let bound = sqlx::query(
            "insert into contact_identities (org_id, kind, value, contact_id) values ($1, $2, $3, $4)
             on conflict do nothing",
        )
        .bind(org.to_string())
        .bind(kind.as_str())
        .bind(*value)
        .bind(contact.to_string())
        .execute(&mut *conn)
        .await?;
        if created && i == 0 && bound.rows_affected() == 0 {
            return Ok(None);
        }
    }
    // Also locks the contact's row (PostgreSQL), serialising concurrent messages of one
    // resident so they agree on the conversation.
    // A name an agent set stays (`name_set_at`).
    sqlx::query("update contacts set display_name = case when name_set_at is null then coalesce($1, display_name) else display_name end,
           updated_at = $2 where id = $3")
        .bind(&from.name)
        .bind(micros(now))
        .bind(contact.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(Some(contact))
}

/// Continue, reopen or start the resident's conversation on this channel. A `blocked`
/// resident's message joins their latest conversation as it is (reopening nothing), or a
/// new one that starts resolved, so it never enters the queue.
async fn route_message(
    conn: &mut Conn,
    new: &NewInbound<'_>,
    contact: ContactId,
    blocked: bool,
) -> StoreResult<(ConversationId, ConversationChange)> {
    let latest: Option<(String, String, Option<i64>)> = sqlx::query_as(
        "select id, status, resolved_at from conversations where channel_id = $1 and contact_id = $2
         order by created_at desc, id desc limit 1",
    )
    .bind(new.channel.to_string())
    .bind(contact.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let latest = match latest {
        Some((id, status, resolved_at)) => Some(LatestConversation {
            id: parse::<ConversationId>("conversations.id", &id)?,
            status: parse::<ConversationStatus>("conversations.status", &status)?,
            resolved_at: opt_time(resolved_at),
        }),
        None => None,
    };
    let now = new.received_at;
    let routing = match (route_inbound(latest, now, new.reopen_within), blocked) {
        (Routing::Reopen(id), true) => Routing::Continue(id),
        (routing, _) => routing,
    };
    match routing {
        Routing::Continue(id) => Ok((id, ConversationChange::Continued)),
        Routing::Reopen(id) => {
            sqlx::query(
                "update conversations set status = 'open', resolved_at = null where id = $1",
            )
            .bind(id.to_string())
            .execute(&mut *conn)
            .await?;
            insert_conversation_event(conn, new.org, id, &ConversationEventKind::Reopened, now)
                .await?;
            let changed = ConversationEventKind::StatusChanged {
                from: ConversationStatus::Resolved,
                to: ConversationStatus::Open,
            };
            insert_conversation_event(conn, new.org, id, &changed, now).await?;
            Ok((id, ConversationChange::Reopened))
        }
        Routing::New => {
            let id = ConversationId::new_at(now);
            let sent_at = micros(window_opened_at(new.message.sent_at, new.received_at));
            sqlx::query(
                "insert into conversations (id, org_id, channel_id, contact_id, status, assignee, team, priority,
                   last_inbound_at, last_message_at, created_at, resolved_at)
                 values ($1, $2, $3, $4, $5, null, null, $6, $7, $7, $8, null)",
            )
            .bind(id.to_string())
            .bind(new.org.to_string())
            .bind(new.channel.to_string())
            .bind(contact.to_string())
            .bind(ConversationStatus::Open.as_str())
            .bind(Priority::Normal.as_str())
            .bind(sent_at)
            .bind(micros(now))
            .execute(&mut *conn)
            .await?;
            insert_conversation_event(conn, new.org, id, &ConversationEventKind::Created, now)
                .await?;
            if blocked {
                sqlx::query(
                    "update conversations set status = 'resolved', resolved_at = $1 where id = $2",
                )
                .bind(micros(now))
                .bind(id.to_string())
                .execute(&mut *conn)
                .await?;
                let changed = ConversationEventKind::StatusChanged {
                    from: ConversationStatus::Open,
                    to: ConversationStatus::Resolved,
                };
                insert_conversation_event(conn, new.org, id, &changed, now).await?;
            }
            Ok((id, ConversationChange::Created))
        }
    }
}

/// Edits and revocations change their target; a number change moves the identity.
async fn apply_content_effects(
    conn: &mut Conn,
    new: &NewInbound<'_>,
    contact: ContactId,
) -> StoreResult<()> {
    let message = new.message;
    match &message.content {
        Content::Edit { original, content } => {
            let edited: Option<(String, String)> = sqlx::query_as(
                "update messages set edited_content = $1, edited_at = $2, search_indexed = null
                 where channel_id = $3 and provider_message_id = $4 returning id, conversation_id",
            )
            .bind(to_json(content.as_ref())?)
            .bind(micros(message.sent_at))
            .bind(new.channel.to_string())
            .bind(original)
            .fetch_optional(&mut *conn)
            .await?;
            // The history: when which message was edited (the edit itself stays kept).
            if let Some((id, conversation)) = edited {
                let kind = ConversationEventKind::MessageEdited {
                    message_id: parse("messages.id", &id)?,
                };
                let conversation = parse("messages.conversation_id", &conversation)?;
                insert_conversation_event(conn, new.org, conversation, &kind, new.received_at)
                    .await?;
            }
        }
        Content::Revoke { original } => {
            sqlx::query("update messages set revoked_at = $1, search_indexed = null where channel_id = $2 and provider_message_id = $3")
                .bind(micros(message.sent_at))
                .bind(new.channel.to_string())
                .bind(original)
                .execute(&mut *conn)
                .await?;
        }
        Content::System {
            kind,
            new_wa_id: Some(new_wa_id),
            ..
        } if kind == "user_changed_number" => {
            if let Some(old) = message.from.identity.wa_id.as_deref() {
                sqlx::query(
                    "update contact_identities set value = $1
                     where org_id = $2 and kind = $3 and value = $4 and contact_id = $5
                       and not exists (select 1 from contact_identities o
                                       where o.org_id = $2 and o.kind = $3 and o.value = $1)",
                )
                .bind(new_wa_id)
                .bind(new.org.to_string())
                .bind(IdentityKind::WaId.as_str())
                .bind(old)
                .bind(contact.to_string())
                .execute(&mut *conn)
                .await?;
            }
        }
        _ => {}
    }
    Ok(())
}
