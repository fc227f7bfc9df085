// The reads of set-based ingestion (`ingest_batch.rs`): lookups joined against a `values`
// list, in chunks of `ROWS_PER_STATEMENT`. Both backends name the columns of an unaliased
// `values` list `column1, column2…`. Included.

/// Statements are built per batch size, so they are not kept prepared (`persistent(false)`):
/// hundreds of one-off shapes would only push the hot statements out of the cache.
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
    let rows: Vec<(String, String)> = q
        .build_query_as()
        .persistent(false)
        .fetch_all(&mut *conn)
        .await?;
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
        let rows: Vec<(String, String, String, String)> = q
            .build_query_as()
            .persistent(false)
            .fetch_all(&mut *conn)
            .await?;
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
        let rows: Vec<(String, String, String)> = q
            .build_query_as()
            .persistent(false)
            .fetch_all(&mut *conn)
            .await?;
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
        let rows: Vec<Row> = q
            .build_query_as()
            .persistent(false)
            .fetch_all(&mut *conn)
            .await?;
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
