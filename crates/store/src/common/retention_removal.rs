// Retention's removal machinery (`crate::retention`), shared by both backends and included
// before `retention.rs` (its `removable_c!` macro is used there too).

/// What the job may remove: resolved, and kept by neither a legal hold nor a transfer that
/// has not happened yet (`c` is the conversation).
macro_rules! removable_c {
    () => {
        "c.status = 'resolved' and c.resolved_at is not null and c.legal_hold_at is null
         and (c.transfer_required_at is null or c.transferred_at is not null)"
    };
}

#[derive(sqlx::FromRow)]
struct CandidateRow {
    id: String,
    channel_id: String,
    resolved_at: i64,
    anonymised_at: Option<i64>,
    labels: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RetentionRunRow {
    id: String,
    org_id: String,
    started_at: i64,
    finished_at: i64,
    dry_run: bool,
    conversations_deleted: i64,
    conversations_anonymised: i64,
    messages_deleted: i64,
    messages_anonymised: i64,
    media_removed: i64,
    notes_deleted: i64,
    jobs_deleted: i64,
    contacts_removed: i64,
    channel_events_deleted: i64,
    error: Option<String>,
}

impl RetentionRunRow {
    fn into_model(self) -> StoreResult<RetentionRun> {
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        Ok(RetentionRun {
            id: parse("retention_runs.id", &self.id)?,
            org_id: parse("retention_runs.org_id", &self.org_id)?,
            started_at: from_micros(self.started_at),
            finished_at: from_micros(self.finished_at),
            dry_run: self.dry_run,
            counts: RemovalCounts {
                conversations_deleted: n(self.conversations_deleted),
                conversations_anonymised: n(self.conversations_anonymised),
                messages_deleted: n(self.messages_deleted),
                messages_anonymised: n(self.messages_anonymised),
                media_removed: n(self.media_removed),
                notes_deleted: n(self.notes_deleted),
                jobs_deleted: n(self.jobs_deleted),
                contacts_removed: n(self.contacts_removed),
                channel_events_deleted: n(self.channel_events_deleted),
            },
            error: self.error,
        })
    }
}

fn count(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// The target's contact when it is still removable and resolved at the time it was judged
/// by; `None` when something changed since (reopened, held, marked for transfer).
async fn removable_contact(
    conn: &mut Conn,
    org: OrgId,
    target: &RetentionTarget,
    anonymise: bool,
) -> StoreResult<Option<ContactId>> {
    let contact: Option<String> = sqlx::query_scalar(concat!(
        "select c.contact_id from conversations c
         where c.id = $1 and c.org_id = $2 and c.resolved_at = $3 and ($4 = false or c.anonymised_at is null) and ",
        removable_c!()
    ))
    .bind(target.id.to_string())
    .bind(org.to_string())
    .bind(micros(target.resolved_at))
    .bind(anonymise)
    .fetch_optional(&mut *conn)
    .await?;
    contact
        .map(|c| parse("conversations.contact_id", &c))
        .transpose()
}

/// Delete the jobs about the conversation's messages and its notes, and clear the comments
/// of knowledge-base feedback given on it and its wrap-ups' questions (both modes).
async fn delete_jobs_and_notes(
    conn: &mut Conn,
    id: ConversationId,
    counts: &mut RemovalCounts,
) -> StoreResult<()> {
    let messages: Vec<String> =
        sqlx::query_scalar("select id from messages where conversation_id = $1")
            .bind(id.to_string())
            .fetch_all(&mut *conn)
            .await?;
    if !messages.is_empty() {
        let jobs = sqlx::query(delete_jobs_of_messages!())
            .bind(to_json(&messages)?)
            .execute(&mut *conn)
            .await?;
        counts.jobs_deleted += jobs.rows_affected();
    }
    let notes = sqlx::query("delete from notes where conversation_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    counts.notes_deleted += notes.rows_affected();
    // Feedback comments may retell the resident's question, like notes; the verdict stays.
    sqlx::query("update kb_feedback set comment = null where conversation_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    // So may a wrap-up's question; its result and articles stay for the reports.
    sqlx::query("update conversation_wrap_ups set question = null where conversation_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn delete_one(
    conn: &mut Conn,
    id: ConversationId,
    counts: &mut RemovalCounts,
) -> StoreResult<()> {
    delete_jobs_and_notes(conn, id, counts).await?;
    for sql in [
        "delete from conversation_labels where conversation_id = $1",
        "delete from conversation_events where conversation_id = $1",
    ] {
        sqlx::query(sql)
            .bind(id.to_string())
            .execute(&mut *conn)
            .await?;
    }
    let messages = sqlx::query("delete from messages where conversation_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    counts.messages_deleted += messages.rows_affected();
    sqlx::query("delete from conversations where id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    counts.conversations_deleted += 1;
    Ok(())
}

async fn anonymise_one(
    conn: &mut Conn,
    id: ConversationId,
    now: Timestamp,
    counts: &mut RemovalCounts,
) -> StoreResult<()> {
    delete_jobs_and_notes(conn, id, counts).await?;
    let removed = Content::System {
        kind: RETENTION_REMOVED.to_owned(),
        body: None,
        new_wa_id: None,
    };
    let no_pii: Vec<PiiKind> = Vec::new();
    let messages = sqlx::query(
        "update messages set content = $2, context = $3, edited_content = null, raw = null,
             media = null, pii = $4, findings = '[]', recipient_user_id = null,
             search_indexed = null
         where conversation_id = $1",
    )
    .bind(id.to_string())
    .bind(to_json(&removed)?)
    .bind(to_json(&loket_domain::message::MessageContext::default())?)
    .bind(to_json(&no_pii)?)
    .execute(&mut *conn)
    .await?;
    counts.messages_anonymised += messages.rows_affected();
    sqlx::query("update conversations set anonymised_at = $2 where id = $1")
        .bind(id.to_string())
        .bind(micros(now))
        .execute(&mut *conn)
        .await?;
    counts.conversations_anonymised += 1;
    Ok(())
}

/// Remove the resident's number and name when nothing of theirs is kept any more: no
/// conversation at all (delete), or only anonymised ones. A blocked resident keeps the
/// number, or the block would stop working (the name and notes go all the same).
async fn forget_contact_if_unused(
    conn: &mut Conn,
    contact: ContactId,
    counts: &mut RemovalCounts,
) -> StoreResult<()> {
    lock_contacts(conn, &[contact]).await?;
    let (kept, total): (i64, i64) = sqlx::query_as(
        "select coalesce(sum(case when anonymised_at is null then 1 else 0 end), 0), count(*)
         from conversations where contact_id = $1",
    )
    .bind(contact.to_string())
    .fetch_one(&mut *conn)
    .await?;
    if kept > 0 {
        return Ok(());
    }
    let blocked: Option<i64> = sqlx::query_scalar("select blocked_at from contacts where id = $1")
        .bind(contact.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .flatten();
    if blocked.is_none() {
        let identities = sqlx::query("delete from contact_identities where contact_id = $1")
            .bind(contact.to_string())
            .execute(&mut *conn)
            .await?;
        if identities.rows_affected() > 0 || total == 0 {
            counts.contacts_removed += 1;
        }
    }
    if total == 0 && blocked.is_none() {
        sqlx::query("delete from contacts where id = $1")
            .bind(contact.to_string())
            .execute(&mut *conn)
            .await?;
    } else {
        sqlx::query("update contacts set display_name = null, notes = null where id = $1")
            .bind(contact.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

impl StoreImpl {
    async fn remove_conversations(
        &self,
        org: OrgId,
        targets: &[RetentionTarget],
        anonymise: Option<Timestamp>,
    ) -> StoreResult<RemovalCounts> {
        let mut counts = RemovalCounts::default();
        let mut tx = self.begin_write().await?;
        let mut contacts = BTreeSet::new();
        for target in targets {
            let contact = removable_contact(&mut tx, org, target, anonymise.is_some()).await?;
            let Some(contact) = contact else { continue };
            match anonymise {
                Some(now) => anonymise_one(&mut tx, target.id, now, &mut counts).await?,
                None => delete_one(&mut tx, target.id, &mut counts).await?,
            }
            contacts.insert(contact);
        }
        for contact in contacts {
            forget_contact_if_unused(&mut tx, contact, &mut counts).await?;
        }
        tx.commit().await?;
        Ok(counts)
    }
}
