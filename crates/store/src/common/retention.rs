// Retention (`crate::retention`), shared by both backends; the backend adds
// `delete_jobs_of_messages!` (SQL that reads a job payload's `message_id`).

use crate::retention::{
    CandidateQuery, LegalHold, RETENTION_REMOVED, RemovalCounts, RetentionCandidate, RetentionRun,
    RetentionState, RetentionStore, RetentionTarget,
};

#[async_trait]
impl RetentionStore for StoreImpl {
    async fn retention_candidates(
        &self,
        q: &CandidateQuery,
    ) -> StoreResult<Vec<RetentionCandidate>> {
        let (after_at, after_id) = match q.after {
            Some((at, id)) => (micros(at), id.to_string()),
            None => (i64::MIN, String::new()),
        };
        let rows: Vec<CandidateRow> = sqlx::query_as(concat!(
            "select c.id, c.channel_id, c.resolved_at, c.anonymised_at, ",
            labels_of_c!(),
            " as labels from conversations c
             where c.org_id = $1 and c.resolved_at <= $2 and ($3 or c.anonymised_at is null)
               and (c.resolved_at > $4 or (c.resolved_at = $4 and c.id > $5)) and ",
            removable_c!(),
            " order by c.resolved_at, c.id limit $6"
        ))
        .bind(q.org.to_string())
        .bind(micros(q.resolved_before))
        .bind(q.include_anonymised)
        .bind(after_at)
        .bind(after_id)
        .bind(i64::from(q.limit))
        .fetch_all(self.reader())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(RetentionCandidate {
                    id: parse("conversations.id", &r.id)?,
                    channel_id: parse("conversations.channel_id", &r.channel_id)?,
                    resolved_at: from_micros(r.resolved_at),
                    labels: (r.labels.unwrap_or_default().split('\u{1f}'))
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    anonymised: r.anonymised_at.is_some(),
                })
            })
            .collect()
    }

    async fn retention_blob_keys(
        &self,
        org: OrgId,
        conversations: &[ConversationId],
    ) -> StoreResult<Vec<String>> {
        let mut keys = Vec::new();
        let mut conn = self.reader().acquire().await?;
        for id in conversations {
            let media: Vec<String> = sqlx::query_scalar(
                "select media from messages
                 where org_id = $1 and conversation_id = $2 and media is not null",
            )
            .bind(org.to_string())
            .bind(id.to_string())
            .fetch_all(&mut *conn)
            .await?;
            for text in media {
                // A damaged column has no key to read: skipped (the row goes all the same).
                if let Ok(MediaState::Stored { blob_key, .. }) = json::<MediaState>(&text) {
                    keys.push(blob_key);
                }
            }
        }
        Ok(keys)
    }

    async fn delete_conversations(
        &self,
        org: OrgId,
        targets: &[RetentionTarget],
    ) -> StoreResult<RemovalCounts> {
        self.remove_conversations(org, targets, None).await
    }

    async fn anonymise_conversations(
        &self,
        org: OrgId,
        targets: &[RetentionTarget],
        now: Timestamp,
    ) -> StoreResult<RemovalCounts> {
        self.remove_conversations(org, targets, Some(now)).await
    }

    async fn delete_channel_events_before(
        &self,
        org: OrgId,
        before: Timestamp,
        limit: u32,
    ) -> StoreResult<u64> {
        let result = sqlx::query(
            "delete from channel_events where id in (
                 select id from channel_events where org_id = $1 and received_at < $2
                 order by received_at limit $3)",
        )
        .bind(org.to_string())
        .bind(micros(before))
        .bind(i64::from(limit))
        .execute(self.writer())
        .await?;
        Ok(result.rows_affected())
    }

    async fn delete_unrouted_events_before(
        &self,
        before: Timestamp,
        limit: u32,
    ) -> StoreResult<u64> {
        let result = sqlx::query(
            "delete from unrouted_events where id in (
                 select id from unrouted_events where received_at < $1
                 order by received_at limit $2)",
        )
        .bind(micros(before))
        .bind(i64::from(limit))
        .execute(self.writer())
        .await?;
        Ok(result.rows_affected())
    }

    async fn record_retention_run(&self, run: &RetentionRun) -> StoreResult<()> {
        let c = &run.counts;
        sqlx::query(
            "insert into retention_runs (id, org_id, started_at, finished_at, dry_run,
                 conversations_deleted, conversations_anonymised, messages_deleted,
                 messages_anonymised, media_removed, notes_deleted, jobs_deleted,
                 contacts_removed, channel_events_deleted, error)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(run.id.to_string())
        .bind(run.org_id.to_string())
        .bind(micros(run.started_at))
        .bind(micros(run.finished_at))
        .bind(run.dry_run)
        .bind(count(c.conversations_deleted))
        .bind(count(c.conversations_anonymised))
        .bind(count(c.messages_deleted))
        .bind(count(c.messages_anonymised))
        .bind(count(c.media_removed))
        .bind(count(c.notes_deleted))
        .bind(count(c.jobs_deleted))
        .bind(count(c.contacts_removed))
        .bind(count(c.channel_events_deleted))
        .bind(&run.error)
        .execute(self.writer())
        .await?;
        Ok(())
    }

    async fn list_retention_runs(&self, org: OrgId, limit: u32) -> StoreResult<Vec<RetentionRun>> {
        let rows: Vec<RetentionRunRow> = sqlx::query_as(
            "select id, org_id, started_at, finished_at, dry_run, conversations_deleted,
                 conversations_anonymised, messages_deleted, messages_anonymised, media_removed,
                 notes_deleted, jobs_deleted, contacts_removed, channel_events_deleted, error
             from retention_runs where org_id = $1 order by started_at desc, id desc limit $2",
        )
        .bind(org.to_string())
        .bind(i64::from(limit))
        .fetch_all(self.reader())
        .await?;
        rows.into_iter().map(RetentionRunRow::into_model).collect()
    }

    async fn retention_state(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<RetentionState> {
        type Row = (
            Option<i64>,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
        );
        let row: Option<Row> = sqlx::query_as(
            "select legal_hold_at, legal_hold_by, legal_hold_reason, transfer_required_at,
                 transferred_at, anonymised_at
             from conversations where id = $1 and org_id = $2",
        )
        .bind(conversation.to_string())
        .bind(org.to_string())
        .fetch_optional(self.reader())
        .await?;
        let (hold_at, by, reason, transfer, transferred, anonymised) =
            row.ok_or(StoreError::NotFound)?;
        Ok(RetentionState {
            legal_hold: hold_at.map(|at| LegalHold {
                at: from_micros(at),
                by: by.unwrap_or_default(),
                reason: reason.unwrap_or_default(),
            }),
            transfer_required_at: transfer.map(from_micros),
            transferred_at: transferred.map(from_micros),
            anonymised_at: anonymised.map(from_micros),
        })
    }

    async fn set_legal_hold(
        &self,
        org: OrgId,
        conversation: ConversationId,
        hold: Option<&LegalHold>,
    ) -> StoreResult<()> {
        let result = sqlx::query(
            "update conversations set legal_hold_at = $3, legal_hold_by = $4, legal_hold_reason = $5
             where id = $1 and org_id = $2",
        )
        .bind(conversation.to_string())
        .bind(org.to_string())
        .bind(hold.map(|h| micros(h.at)))
        .bind(hold.map(|h| h.by.as_str()))
        .bind(hold.map(|h| h.reason.as_str()))
        .execute(self.writer())
        .await?;
        found(result)
    }

    async fn set_transfer_required(
        &self,
        org: OrgId,
        conversation: ConversationId,
        at: Option<Timestamp>,
    ) -> StoreResult<()> {
        let result = sqlx::query(
            "update conversations set transfer_required_at = $3, transferred_at = null
             where id = $1 and org_id = $2",
        )
        .bind(conversation.to_string())
        .bind(org.to_string())
        .bind(at.map(micros))
        .execute(self.writer())
        .await?;
        found(result)
    }

    async fn add_conversation_event(
        &self,
        org: OrgId,
        conversation: ConversationId,
        kind: &ConversationEventKind,
        at: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let ours: Option<(String,)> =
            sqlx::query_as("select id from conversations where id = $1 and org_id = $2")
                .bind(conversation.to_string())
                .bind(org.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        if ours.is_none() {
            return Err(StoreError::NotFound);
        }
        insert_conversation_event(&mut tx, org, conversation, kind, at).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn mark_transferred(
        &self,
        org: OrgId,
        conversation: ConversationId,
        at: Timestamp,
    ) -> StoreResult<()> {
        let result = sqlx::query(
            "update conversations set transferred_at = $3
             where id = $1 and org_id = $2 and transfer_required_at is not null",
        )
        .bind(conversation.to_string())
        .bind(org.to_string())
        .bind(micros(at))
        .execute(self.writer())
        .await?;
        if result.rows_affected() > 0 {
            return Ok(());
        }
        // Tell "not ours / unknown" from "not marked for transfer".
        self.retention_state(org, conversation).await?;
        Err(StoreError::Conflict(
            "the conversation is not marked for transfer".to_owned(),
        ))
    }
}
