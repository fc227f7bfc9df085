// Office hours per organisation and channel, and the automatic messages each conversation
// got (`crate::office_hours`), shared by both backends.

use crate::office_hours::{OfficeHoursStore, ScopedPolicy, Unanswered};
use loket_domain::hours::AutoReplyPolicy;

/// The `scope` column: '' for the organisation, the channel's id for an override.
fn hours_scope(channel: Option<ChannelId>) -> String {
    channel.map(|c| c.to_string()).unwrap_or_default()
}

#[async_trait]
impl OfficeHoursStore for StoreImpl {
    async fn set_auto_reply_policies(
        &self,
        org: OrgId,
        policies: &[ScopedPolicy],
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        require_organisation(&mut tx, org).await?;
        sqlx::query("delete from office_hours where org_id = $1")
            .bind(org.to_string())
            .execute(&mut *tx)
            .await?;
        for scoped in policies {
            if let Some(channel) = scoped.channel {
                let ours: Option<String> =
                    sqlx::query_scalar("select id from channels where id = $1 and org_id = $2")
                        .bind(channel.to_string())
                        .bind(org.to_string())
                        .fetch_optional(&mut *tx)
                        .await?;
                if ours.is_none() {
                    return Err(StoreError::NotFound);
                }
            }
            sqlx::query("insert into office_hours (org_id, scope, policy) values ($1, $2, $3)")
                .bind(org.to_string())
                .bind(hours_scope(scoped.channel))
                .bind(to_json(&scoped.policy)?)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn organisations_with_office_hours(&self) -> StoreResult<Vec<OrgId>> {
        let ids: Vec<String> = sqlx::query_scalar(
            "select distinct h.org_id from office_hours h
             join organisations o on o.id = h.org_id where o.disabled_at is null order by h.org_id",
        )
        .fetch_all(self.reader())
        .await?;
        ids.iter()
            .map(|id| parse("office_hours.org_id", id))
            .collect()
    }

    async fn auto_reply_policies(&self, org: OrgId) -> StoreResult<Vec<ScopedPolicy>> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "select scope, policy from office_hours where org_id = $1 order by scope",
        )
        .bind(org.to_string())
        .fetch_all(self.reader())
        .await?;
        rows.into_iter()
            .map(|(scope, policy)| {
                Ok(ScopedPolicy {
                    channel: parse_opt(
                        "office_hours.scope",
                        Some(scope.as_str()).filter(|s| !s.is_empty()),
                    )?,
                    policy: json::<AutoReplyPolicy>(&policy)?,
                })
            })
            .collect()
    }

    async fn claim_auto_reply(
        &self,
        org: OrgId,
        conversation: ConversationId,
        kind: &str,
        period: Timestamp,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let ours: Option<String> =
            sqlx::query_scalar("select id from conversations where id = $1 and org_id = $2")
                .bind(conversation.to_string())
                .bind(org.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        if ours.is_none() {
            return Err(StoreError::NotFound);
        }
        // The primary key decides between concurrent claims: exactly one inserts.
        let inserted = sqlx::query(
            "insert into auto_replies_sent (conversation_id, org_id, kind, period, sent_at)
             values ($1, $2, $3, $4, $5) on conflict do nothing",
        )
        .bind(conversation.to_string())
        .bind(org.to_string())
        .bind(kind)
        .bind(micros(period))
        .bind(micros(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(inserted.rows_affected() == 1)
    }

    async fn last_agent_reply_at(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Option<Timestamp>> {
        let at: Option<Option<i64>> = sqlx::query_scalar(
            "select (select max(m.created_at) from messages m
                     where m.conversation_id = c.id and m.direction = 'outbound'
                       and m.sender = 'agent')
             from conversations c where c.id = $1 and c.org_id = $2",
        )
        .bind(conversation.to_string())
        .bind(org.to_string())
        .fetch_optional(self.reader())
        .await?;
        Ok(opt_time(at.ok_or(StoreError::NotFound)?))
    }

    async fn list_unanswered(
        &self,
        org: OrgId,
        channel: ChannelId,
        from: Timestamp,
        to: Timestamp,
        without: &str,
        limit: u32,
    ) -> StoreResult<Vec<Unanswered>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "select c.id, c.last_inbound_at from conversations c
             where c.org_id = $1 and c.channel_id = $2
               and c.last_inbound_at >= $3 and c.last_inbound_at < $4
               and c.status <> 'resolved'
               and not exists (select 1 from messages m
                               where m.conversation_id = c.id and m.direction = 'outbound'
                                 and m.sender in ('agent', 'bot')
                                 and m.created_at >= c.last_inbound_at)
               and not exists (select 1 from auto_replies_sent s
                               where s.conversation_id = c.id and s.kind = $5)
             order by c.last_inbound_at, c.id limit $6",
        )
        .bind(org.to_string())
        .bind(channel.to_string())
        .bind(micros(from))
        .bind(micros(to))
        .bind(without)
        .bind(i64::from(limit))
        .fetch_all(self.reader())
        .await?;
        rows.into_iter()
            .map(|(id, at)| {
                Ok(Unanswered {
                    conversation: parse("conversations.id", &id)?,
                    last_inbound_at: from_micros(at),
                })
            })
            .collect()
    }
}
