// The resident panel (name, notes, block, other conversations) and the labels taxonomy.
// Backend-neutral; included.

async fn update_contact(
    conn: &mut Conn,
    org: OrgId,
    id: ContactId,
    patch: &ContactPatch,
    now: Timestamp,
) -> StoreResult<()> {
    if let Some(name) = &patch.name {
        // A name set by an agent is kept over the profile's; clearing it gives way again.
        let set_at = name.as_ref().map(|_| micros(now));
        let result = sqlx::query(
            "update contacts set display_name = coalesce($1, display_name), name_set_at = $2,
               updated_at = $3 where id = $4 and org_id = $5",
        )
        .bind(name)
        .bind(set_at)
        .bind(micros(now))
        .bind(id.to_string())
        .bind(org.to_string())
        .execute(&mut *conn)
        .await?;
        found(result)?;
    }
    if let Some(notes) = &patch.notes {
        let result = sqlx::query(
            "update contacts set notes = $1, updated_at = $2 where id = $3 and org_id = $4",
        )
        .bind(notes)
        .bind(micros(now))
        .bind(id.to_string())
        .bind(org.to_string())
        .execute(&mut *conn)
        .await?;
        found(result)?;
    }
    Ok(())
}

/// Block or unblock the contact of `conversation`; the contact's id.
async fn set_contact_blocked(
    conn: &mut Conn,
    org: OrgId,
    conversation: ConversationId,
    blocked: bool,
    by: Option<UserId>,
    now: Timestamp,
) -> StoreResult<ContactId> {
    let row: Option<(String, Option<i64>)> = sqlx::query_as(
        "select ct.id, ct.blocked_at from conversations c join contacts ct on ct.id = c.contact_id
         where c.id = $1 and c.org_id = $2",
    )
    .bind(conversation.to_string())
    .bind(org.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let (contact, blocked_at) = row.ok_or(StoreError::NotFound)?;
    let contact: ContactId = parse("contacts.id", &contact)?;
    if blocked_at.is_some() == blocked {
        return Ok(contact);
    }
    sqlx::query(
        "update contacts set blocked_at = $1, blocked_by = $2, updated_at = $3 where id = $4",
    )
    .bind(blocked.then(|| micros(now)))
    .bind(by.filter(|_| blocked).map(|u| u.to_string()))
    .bind(micros(now))
    .bind(contact.to_string())
    .execute(&mut *conn)
    .await?;
    let by = by.map(|u| u.to_string());
    let kind = match blocked {
        true => ConversationEventKind::ResidentBlocked { by },
        false => ConversationEventKind::ResidentUnblocked { by },
    };
    insert_conversation_event(conn, org, conversation, &kind, now).await?;
    Ok(contact)
}

async fn list_contact_conversations(
    pool: &Pool,
    org: OrgId,
    contact: ContactId,
    limit: u32,
) -> StoreResult<Vec<ContactConversation>> {
    // `+c.last_message_at`: a resident has a handful of conversations, so the
    // (org, contact) index and a small sort are right; without the `+` SQLite (no
    // statistics) walks the whole organisation in last-activity order instead (1 s at a
    // million conversations).
    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "select c.id, c.channel_id, ch.name, c.status, c.last_message_at
         from conversations c join channels ch on ch.id = c.channel_id
         where c.org_id = $1 and c.contact_id = $2
         order by +c.last_message_at desc, c.id desc limit $3",
    )
    .bind(org.to_string())
    .bind(contact.to_string())
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(id, channel, name, status, last)| {
            Ok(ContactConversation {
                id: parse("conversations.id", &id)?,
                channel_id: parse("conversations.channel_id", &channel)?,
                channel_name: name,
                status: parse("conversations.status", &status)?,
                last_message_at: from_micros(last),
            })
        })
        .collect()
}

/// Whether any of `contacts` is blocked (set-based ingestion then goes one by one, where a
/// blocked sender's message is routed without waking anything).
async fn any_blocked(conn: &mut Conn, contacts: &[ContactId]) -> StoreResult<bool> {
    for chunk in contacts.chunks(ROWS_PER_STATEMENT) {
        let mut q =
            Builder::new("select count(*) from contacts where blocked_at is not null and id in (");
        let mut ids = q.separated(", ");
        for id in chunk {
            ids.push_bind(id.to_string());
        }
        q.push(")");
        let count: i64 = q
            .build_query_scalar()
            .persistent(false)
            .fetch_one(&mut *conn)
            .await?;
        if count > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

async fn is_blocked(conn: &mut Conn, contact: ContactId) -> StoreResult<bool> {
    let blocked: Option<i64> = sqlx::query_scalar("select blocked_at from contacts where id = $1")
        .bind(contact.to_string())
        .fetch_one(&mut *conn)
        .await?;
    Ok(blocked.is_some())
}

async fn list_labels(pool: &Pool, org: OrgId) -> StoreResult<Vec<Label>> {
    let rows: Vec<(String, String, String, bool)> = sqlx::query_as(
        "select slug, name, label_group, active from labels where org_id = $1
         order by label_group, name, slug",
    )
    .bind(org.to_string())
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, name, group, active)| Label {
            slug,
            name,
            group,
            active,
        })
        .collect())
}

async fn put_label(conn: &mut Conn, org: OrgId, label: &Label, now: Timestamp) -> StoreResult<()> {
    sqlx::query(
        "insert into labels (org_id, slug, name, label_group, active, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $6)
         on conflict (org_id, slug) do update set name = excluded.name,
           label_group = excluded.label_group, active = excluded.active, updated_at = excluded.updated_at",
    )
    .bind(org.to_string())
    .bind(&label.slug)
    .bind(&label.name)
    .bind(&label.group)
    .bind(label.active)
    .bind(micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}
