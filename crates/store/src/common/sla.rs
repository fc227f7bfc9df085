// SLA events and the team leads a breach goes to (`crate::sla`), shared by both backends.

use crate::sla::{SlaEventRecord, SlaStore};

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
        let ours: Option<String> =
            sqlx::query_scalar("select id from conversations where id = $1 and org_id = $2")
                .bind(event.conversation_id.to_string())
                .bind(org.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        if ours.is_none() {
            return Err(StoreError::NotFound);
        }
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
