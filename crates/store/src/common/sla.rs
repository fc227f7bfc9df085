// SLA events and the team leads a breach goes to (`crate::sla`), shared by both backends.

use crate::sla::{SLA_BATCH_MAX, SlaEventRecord, SlaStore};

/// The organisation's active team leads (`$1`: the organisation).
macro_rules! sla_leads {
    () => {
        "select m.user_id from memberships m join users u on u.id = m.user_id
         where m.org_id = $1 and m.role = 'team_lead' and u.active"
    };
}

#[async_trait]
impl SlaStore for StoreImpl {
    async fn claim_sla_event(&self, org: OrgId, event: &SlaEventRecord) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        require_conversation(&mut tx, org, event.conversation_id).await?;
        // The primary key decides between concurrent claims: exactly one inserts.
        let inserted = sqlx::query(
            "insert into sla_events (conversation_id, org_id, target, kind, due_at, at)
             values ($1, $2, $3, $4, $5, $6) on conflict do nothing",
        )
        .bind(event.conversation_id.to_string())
        .bind(org.to_string())
        .bind(&event.target)
        .bind(&event.kind)
        .bind(micros(event.due_at))
        .bind(micros(event.at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(inserted.rows_affected() == 1)
    }

    async fn list_sla_events(
        &self,
        org: OrgId,
        conversation: ConversationId,
    ) -> StoreResult<Vec<SlaEventRecord>> {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "select target, kind, due_at, at from sla_events
             where conversation_id = $1 and org_id = $2 order by at, target, kind",
        )
        .bind(conversation.to_string())
        .bind(org.to_string())
        .fetch_all(self.reader())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(target, kind, due_at, at)| SlaEventRecord {
                conversation_id: conversation,
                target,
                kind,
                due_at: loket_domain::time::from_micros(due_at),
                at: loket_domain::time::from_micros(at),
            })
            .collect())
    }

    async fn list_events_of_conversations(
        &self,
        org: OrgId,
        conversations: &[ConversationId],
    ) -> StoreResult<Vec<ConversationEvent>> {
        let mut out = Vec::new();
        for chunk in conversations.chunks(SLA_BATCH_MAX) {
            // Only the kinds the clocks read: the stretch's start and the pauses.
            let mut sql = sqlx::QueryBuilder::<Db>::new(
                "select id, conversation_id, data, at from conversation_events
                 where kind in ('status_changed', 'reopened') and org_id = ",
            );
            sql.push_bind(org.to_string());
            push_ids(&mut sql, "conversation_id", chunk);
            sql.push(" order by conversation_id, at, seq");
            let rows: Vec<ConversationEventRow> =
                sql.build_query_as().fetch_all(self.reader()).await?;
            // A damaged event is left out (its id logged), as in a conversation's history.
            out.extend(rows.into_iter().filter_map(|row| {
                let id = row.id.clone();
                row.into_model()
                    .inspect_err(|_| tracing::warn!(row = %id, "conversation event does not decode; left out"))
                    .ok()
            }));
        }
        Ok(out)
    }

    async fn list_sla_events_of(
        &self,
        org: OrgId,
        conversations: &[ConversationId],
    ) -> StoreResult<Vec<SlaEventRecord>> {
        let mut out = Vec::new();
        for chunk in conversations.chunks(SLA_BATCH_MAX) {
            let mut sql = sqlx::QueryBuilder::<Db>::new(
                "select conversation_id, target, kind, due_at, at from sla_events where org_id = ",
            );
            sql.push_bind(org.to_string());
            push_ids(&mut sql, "conversation_id", chunk);
            sql.push(" order by at, conversation_id, target, kind");
            let rows: Vec<(String, String, String, i64, i64)> =
                sql.build_query_as().fetch_all(self.reader()).await?;
            for (conversation, target, kind, due_at, at) in rows {
                out.push(SlaEventRecord {
                    conversation_id: parse("sla_events.conversation_id", &conversation)?,
                    target,
                    kind,
                    due_at: from_micros(due_at),
                    at: from_micros(at),
                });
            }
        }
        Ok(out)
    }

    async fn sla_risk_candidates(
        &self,
        org: OrgId,
        limit: u32,
    ) -> StoreResult<Vec<ConversationRecord>> {
        // Per conversation its earliest announced deadline that may still hold: a
        // first-response one only for the question waiting now (announced after it began).
        // `cross join`: SQLite keeps that order, so it walks the organisation's events
        // (`sla_events_org_kind`) and looks each conversation up, never the other way round
        // (all conversations); PostgreSQL plans it as the join it is.
        let rows: Vec<ConversationRow> = sqlx::query_as(concat!(
            conversation_columns!(),
            " from (select e.conversation_id, min(e.due_at) as due_at
                    from sla_events e cross join conversations s
                    where s.id = e.conversation_id
                      and e.org_id = $1 and s.org_id = $1 and s.status <> 'resolved'
                      and e.kind in ('warning', 'breach')
                      and (e.target = 'resolution'
                           or (s.waiting_since is not null and e.at >= s.waiting_since))
                    group by e.conversation_id) risk
               join conversations c on c.id = risk.conversation_id",
            conversation_joins!(),
            "order by risk.due_at, c.id limit $2"
        ))
        .bind(org.to_string())
        .bind(i64::from(limit))
        .fetch_all(self.reader())
        .await?;
        rows.into_iter().map(ConversationRow::into_model).collect()
    }

    async fn sla_team_leads(&self, org: OrgId, team: Option<TeamId>) -> StoreResult<Vec<UserId>> {
        if let Some(team) = team {
            let ids: Vec<String> = sqlx::query_scalar(concat!(
                sla_leads!(),
                " and m.user_id in
                   (select t.user_id from team_members t where t.team_id = $2 and t.org_id = $1)
                 order by m.user_id"
            ))
            .bind(org.to_string())
            .bind(team.to_string())
            .fetch_all(self.reader())
            .await?;
            if !ids.is_empty() {
                return ids
                    .iter()
                    .map(|id| parse("memberships.user_id", id))
                    .collect();
            }
        }
        let ids: Vec<String> = sqlx::query_scalar(concat!(sla_leads!(), " order by m.user_id"))
            .bind(org.to_string())
            .fetch_all(self.reader())
            .await?;
        ids.iter()
            .map(|id| parse("memberships.user_id", id))
            .collect()
    }

    async fn enabled_organisations(&self) -> StoreResult<Vec<OrgId>> {
        let ids: Vec<String> = sqlx::query_scalar(
            "select id from organisations where disabled_at is null order by id",
        )
        .fetch_all(self.reader())
        .await?;
        ids.iter().map(|id| parse("organisations.id", id)).collect()
    }
}

/// ` and {column} in ($…)` with each id bound (a chunk is never empty: no `in ()`).
fn push_ids(sql: &mut sqlx::QueryBuilder<Db>, column: &str, ids: &[ConversationId]) {
    sql.push(format!(" and {column} in ("));
    let mut list = sql.separated(", ");
    for id in ids {
        list.push_bind(id.to_string());
    }
    list.push_unseparated(")");
}
