// The live event log (`crate::live`), shared; the backend adds `lock_live_events` (ids in
// commit order) and `notify_live_events` (other instances), and its own `listen`.

use crate::live::{LiveEventLog, LiveEventRecord, LiveListener, NewLiveEvent};

#[derive(sqlx::FromRow)]
struct LiveEventRow {
    id: i64,
    org_id: String,
    data: String,
    at: i64,
}

impl LiveEventRow {
    fn into_model(self) -> StoreResult<LiveEventRecord> {
        Ok(LiveEventRecord {
            id: self.id,
            org_id: parse("live_events.org_id", &self.org_id)?,
            data: self.data,
            at: from_micros(self.at),
        })
    }
}

#[async_trait]
impl LiveEventLog for StoreImpl {
    async fn append_live_events(&self, events: &[NewLiveEvent]) -> StoreResult<Vec<i64>> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = self.begin_write().await?;
        lock_live_events(&mut tx).await?;
        let mut ids = Vec::with_capacity(events.len());
        for event in events {
            let id: i64 = sqlx::query_scalar(
                "insert into live_events (org_id, data, at) values ($1, $2, $3) returning id",
            )
            .bind(event.org_id.to_string())
            .bind(&event.data)
            .bind(micros(event.at))
            .fetch_one(&mut *tx)
            .await?;
            ids.push(id);
        }
        notify_live_events(&mut tx, ids[ids.len() - 1]).await?;
        tx.commit().await?;
        Ok(ids)
    }

    async fn live_events_after(
        &self,
        after: i64,
        org: Option<OrgId>,
        limit: u32,
    ) -> StoreResult<Vec<LiveEventRecord>> {
        // Two statements, so each gets the plan of its index (primary key; org and id).
        let rows: Vec<LiveEventRow> = match org {
            Some(org) => {
                sqlx::query_as(
                    "select id, org_id, data, at from live_events
                     where org_id = $1 and id > $2 order by id limit $3",
                )
                .bind(org.to_string())
                .bind(after)
                .bind(i64::from(limit))
                .fetch_all(self.reader())
                .await?
            }
            None => {
                sqlx::query_as(
                    "select id, org_id, data, at from live_events
                     where id > $1 order by id limit $2",
                )
                .bind(after)
                .bind(i64::from(limit))
                .fetch_all(self.reader())
                .await?
            }
        };
        rows.into_iter().map(LiveEventRow::into_model).collect()
    }

    async fn live_event_bounds(&self) -> StoreResult<Option<(i64, i64)>> {
        let (low, high): (Option<i64>, Option<i64>) =
            sqlx::query_as("select min(id), max(id) from live_events")
                .fetch_one(self.reader())
                .await?;
        Ok(low.zip(high))
    }

    async fn prune_live_events(&self, before: Timestamp) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        let result = sqlx::query("delete from live_events where at < $1")
            .bind(micros(before))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(result.rows_affected())
    }

    async fn listen_live_events(&self) -> StoreResult<Option<LiveListener>> {
        self.listen().await
    }
}
