// Colleagues' availability and auto-assignment's candidates (`crate::availability`), shared
// by both backends.

use crate::availability::AvailabilityStore;
use loket_domain::assignment::{Availability, Candidate};

#[async_trait]
impl AvailabilityStore for StoreImpl {
    async fn set_availability(
        &self,
        org: OrgId,
        user: UserId,
        availability: Availability,
        now: Timestamp,
    ) -> StoreResult<()> {
        if !is_active_member(self.writer(), org, user).await? {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "insert into user_availability (org_id, user_id, status, changed_at)
             values ($1, $2, $3, $4)
             on conflict (org_id, user_id)
             do update set status = excluded.status, changed_at = excluded.changed_at",
        )
        .bind(org.to_string())
        .bind(user.to_string())
        .bind(availability.as_str())
        .bind(micros(now))
        .execute(self.writer())
        .await?;
        Ok(())
    }

    async fn availability(&self, org: OrgId, user: UserId) -> StoreResult<Availability> {
        let status: Option<String> = sqlx::query_scalar(
            "select status from user_availability where org_id = $1 and user_id = $2",
        )
        .bind(org.to_string())
        .bind(user.to_string())
        .fetch_optional(self.reader())
        .await?;
        status.map_or(Ok(Availability::Offline), |s| {
            parse("user_availability.status", &s)
        })
    }

    async fn assignment_candidates(
        &self,
        org: OrgId,
        team: Option<TeamId>,
    ) -> StoreResult<Vec<Candidate>> {
        let rows: Vec<(String, Option<i64>, i64)> = sqlx::query_as(
            "select a.user_id, a.last_assigned_at,
                    (select count(*) from conversations c
                     where c.org_id = a.org_id and c.assignee = a.user_id
                       and c.status in ('open', 'pending'))
             from user_availability a
             join memberships m on m.org_id = a.org_id and m.user_id = a.user_id
             join users u on u.id = a.user_id
             where a.org_id = $1 and a.status = 'online' and u.active
               and m.role in ('agent', 'team_lead')
               and ($2 is null or exists (select 1 from team_members t
                    where t.team_id = $2 and t.user_id = a.user_id and t.org_id = a.org_id))
             order by a.user_id",
        )
        .bind(org.to_string())
        .bind(team.map(|t| t.to_string()))
        .fetch_all(self.reader())
        .await?;
        rows.into_iter()
            .map(|(user, last, open)| {
                Ok(Candidate {
                    user: parse("user_availability.user_id", &user)?,
                    open: u32::try_from(open).unwrap_or(u32::MAX),
                    last_assigned_at: opt_time(last),
                })
            })
            .collect()
    }

    async fn mark_auto_assigned(
        &self,
        org: OrgId,
        user: UserId,
        now: Timestamp,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "update user_availability set last_assigned_at = $1
             where org_id = $2 and user_id = $3",
        )
        .bind(micros(now))
        .bind(org.to_string())
        .bind(user.to_string())
        .execute(self.writer())
        .await?;
        found(done)
    }

    async fn assigned_unresolved(
        &self,
        org: OrgId,
        user: UserId,
    ) -> StoreResult<Vec<ConversationId>> {
        let ids: Vec<String> = sqlx::query_scalar(
            "select id from conversations
             where org_id = $1 and assignee = $2 and status <> 'resolved' order by id",
        )
        .bind(org.to_string())
        .bind(user.to_string())
        .fetch_all(self.reader())
        .await?;
        ids.iter().map(|id| parse("conversations.id", id)).collect()
    }

    async fn unassigned_open(
        &self,
        org: OrgId,
        limit: u32,
    ) -> StoreResult<Vec<(ConversationId, ChannelId)>> {
        // One walk of the index (org, assignee, waiting_since, id).
        let rows: Vec<(String, String)> = sqlx::query_as(
            "select id, channel_id from conversations
             where org_id = $1 and assignee is null and waiting_since is not null
               and status = 'open'
             order by waiting_since, id limit $2",
        )
        .bind(org.to_string())
        .bind(i64::from(limit))
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|(id, channel)| {
                Ok((
                    parse("conversations.id", id)?,
                    parse("conversations.channel_id", channel)?,
                ))
            })
            .collect()
    }
}
