// Agents' operations on conversations and contacts: patching a conversation (each real
// change recorded as an event), the provider's "window closed", reading a contact with its
// identities. Backend-neutral; included.

/// A conversation's fields a patch can change, as stored.
#[derive(sqlx::FromRow)]
struct PatchTarget {
    status: String,
    assignee: Option<String>,
    team: Option<String>,
    priority: String,
}

impl PatchTarget {
    fn assignee(&self) -> StoreResult<Option<UserId>> {
        parse_opt("conversations.assignee", self.assignee.as_deref())
    }
    fn team(&self) -> StoreResult<Option<TeamId>> {
        parse_opt("conversations.team", self.team.as_deref())
    }
}

/// A patch that snoozes (`status: snoozed` with its time): the time is kept, and recorded
/// as a `snoozed` event.
async fn snooze(
    conn: &mut Conn,
    id: ConversationId,
    patch: &ConversationPatch,
) -> StoreResult<Option<ConversationEventKind>> {
    let (Some(ConversationStatus::Snoozed), Some(until)) = (patch.status, patch.snoozed_until)
    else {
        return Ok(None);
    };
    sqlx::query("update conversations set snoozed_until = $1 where id = $2")
        .bind(micros(until))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(Some(ConversationEventKind::Snoozed { until }))
}

/// Labels as a patch means them: trimmed, without empty ones or duplicates, sorted.
fn normalise_labels(labels: &[String]) -> Vec<String> {
    let mut labels: Vec<String> = labels
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    labels.sort();
    labels.dedup();
    labels
}

async fn update_conversation(
    conn: &mut Conn,
    org: OrgId,
    id: ConversationId,
    patch: &ConversationPatch,
    now: Timestamp,
) -> StoreResult<ConversationRecord> {
    // A no-op update first: it locks the row (PostgreSQL), so concurrent patches apply one
    // after the other and each records the changes it really made.
    let locked =
        sqlx::query("update conversations set status = status where id = $1 and org_id = $2")
            .bind(id.to_string())
            .bind(org.to_string())
            .execute(&mut *conn)
            .await?;
    found(locked)?;
    let current: PatchTarget =
        sqlx::query_as("select status, assignee, team, priority from conversations where id = $1")
            .bind(id.to_string())
            .fetch_one(&mut *conn)
            .await?;
    let status: ConversationStatus = parse("conversations.status", &current.status)?;
    let priority: Priority = parse("conversations.priority", &current.priority)?;
    if patch.only_if_unassigned && current.assignee()?.is_some() {
        return Err(StoreError::Conflict(
            "the conversation has an assignee".into(),
        ));
    }
    let key = id.to_string();
    let mut events = Vec::new();

    if let Some(to) = patch.status.filter(|to| *to != status) {
        // Resolving stamps the time (and nobody waits any more); any other status clears
        // it (the conversation is active). Leaving `snoozed` forgets its time.
        let resolved_at = (to == ConversationStatus::Resolved).then(|| micros(now));
        sqlx::query(
            "update conversations set status = $1, resolved_at = $2,
               waiting_since = case when $2 is null then waiting_since end,
               snoozed_until = null
             where id = $3",
        )
        .bind(to.as_str())
        .bind(resolved_at)
        .bind(&key)
        .execute(&mut *conn)
        .await?;
        events.push(ConversationEventKind::StatusChanged { from: status, to });
    }
    events.extend(snooze(conn, id, patch).await?);
    let (current_assignee, current_team) = (current.assignee()?, current.team()?);
    if let Some(assignee) = patch.assignee.filter(|a| *a != current_assignee) {
        sqlx::query("update conversations set assignee = $1 where id = $2")
            .bind(assignee.map(|a| a.to_string()))
            .bind(&key)
            .execute(&mut *conn)
            .await?;
        // The event keeps the id as text: events from before migration 0009 hold free text.
        events.push(ConversationEventKind::Assigned {
            assignee: assignee.map(|a| a.to_string()),
        });
    }
    if let Some(team) = patch.team.filter(|t| *t != current_team) {
        sqlx::query("update conversations set team = $1 where id = $2")
            .bind(team.map(|t| t.to_string()))
            .bind(&key)
            .execute(&mut *conn)
            .await?;
        events.push(ConversationEventKind::TeamChanged {
            team: team.map(|t| t.to_string()),
        });
    }
    if let Some(to) = patch.priority.filter(|p| *p != priority) {
        sqlx::query("update conversations set priority = $1 where id = $2")
            .bind(to.as_str())
            .bind(&key)
            .execute(&mut *conn)
            .await?;
        events.push(ConversationEventKind::PriorityChanged { priority: to });
    }
    if let Some(labels) = &patch.labels {
        events.extend(replace_labels(conn, id, &normalise_labels(labels)).await?);
    }

    for event in &events {
        insert_conversation_event(conn, org, id, event, now).await?;
    }
    fetch_conversation(conn, org, id).await
}

/// Make `labels` (normalised) the conversation's labels; the events of what changed, the
/// added labels first, each group sorted.
async fn replace_labels(
    conn: &mut Conn,
    id: ConversationId,
    labels: &[String],
) -> StoreResult<Vec<ConversationEventKind>> {
    let key = id.to_string();
    let mut current: Vec<String> =
        sqlx::query_scalar("select label from conversation_labels where conversation_id = $1")
            .bind(&key)
            .fetch_all(&mut *conn)
            .await?;
    current.sort();
    let mut events = Vec::new();
    for label in labels.iter().filter(|l| !current.contains(l)) {
        sqlx::query("insert into conversation_labels (conversation_id, label) values ($1, $2)")
            .bind(&key)
            .bind(label)
            .execute(&mut *conn)
            .await?;
        events.push(ConversationEventKind::LabelAdded {
            label: label.clone(),
        });
    }
    for label in current.iter().filter(|l| !labels.contains(l)) {
        sqlx::query("delete from conversation_labels where conversation_id = $1 and label = $2")
            .bind(&key)
            .bind(label)
            .execute(&mut *conn)
            .await?;
        events.push(ConversationEventKind::LabelRemoved {
            label: label.clone(),
        });
    }
    Ok(events)
}

/// Keeps the latest report: an older one arriving late does not move the mark back.
async fn mark_window_closed(
    pool: &Pool,
    org: OrgId,
    id: ConversationId,
    at: Timestamp,
) -> StoreResult<()> {
    let result = sqlx::query(
        "update conversations set
           window_closed_at = case when window_closed_at is null or window_closed_at < $1 then $1 else window_closed_at end
         where id = $2 and org_id = $3",
    )
    .bind(micros(at))
    .bind(id.to_string())
    .bind(org.to_string())
    .execute(pool)
    .await?;
    found(result)
}

/// The contact with every identity bound to it. Should a kind be bound twice (a resident
/// who wrote from a new number before the number change was reported), the smallest value
/// is shown.
async fn get_contact(pool: &Pool, org: OrgId, id: ContactId) -> StoreResult<ContactRecord> {
    type Row = (
        Option<String>,
        i64,
        Option<String>,
        Option<i64>,
        Option<i64>,
        Option<String>,
    );
    let contact: Option<Row> = sqlx::query_as(
        "select display_name, created_at, notes, name_set_at, blocked_at, blocked_by
         from contacts where id = $1 and org_id = $2",
    )
    .bind(id.to_string())
    .bind(org.to_string())
    .fetch_optional(pool)
    .await?;
    let (display_name, created_at, notes, name_set_at, blocked_at, blocked_by) =
        contact.ok_or(StoreError::NotFound)?;
    // `kind || ''`: sort the resident's few identities, rather than let SQLite (without
    // statistics) walk the organisation's (org_id, kind, value) index for the order — 84 ms
    // at a million residents, the conversation page's largest cost.
    let keys: Vec<(String, String)> = sqlx::query_as(
        "select kind, value from contact_identities where contact_id = $1 and org_id = $2
         order by kind || '', value desc",
    )
    .bind(id.to_string())
    .bind(org.to_string())
    .fetch_all(pool)
    .await?;
    let mut identity = ChannelIdentity::default();
    for (kind, value) in keys {
        // Descending values: the last assignment per kind is the smallest.
        let slot = match kind.as_str() {
            k if k == IdentityKind::WaId.as_str() => &mut identity.wa_id,
            k if k == IdentityKind::UserId.as_str() => &mut identity.user_id,
            k if k == IdentityKind::Username.as_str() => &mut identity.username,
            other => {
                return Err(StoreError::corrupt(format!(
                    "contact_identities.kind: unexpected value {other:?}"
                )));
            }
        };
        *slot = Some(value);
    }
    Ok(ContactRecord {
        id,
        org_id: org,
        display_name,
        identity,
        created_at: from_micros(created_at),
        notes,
        name_set_at: opt_time(name_set_at),
        blocked_at: opt_time(blocked_at),
        blocked_by: parse_opt("contacts.blocked_by", blocked_by.as_deref())?,
    })
}
