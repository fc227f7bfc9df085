// The job queue, except claiming (dialect-specific: `SKIP LOCKED` on PostgreSQL, the single
// writer on SQLite). States: `queued` (waiting or leased), `done`, `failed`. Included.

/// The columns [`JobRow`] reads, for `returning` clauses.
macro_rules! job_columns {
    () => {
        "id, kind, payload, attempts, max_attempts, run_at, created_at, last_error, claim"
    };
}

/// A job whose worker died during its last allowed attempt can never be claimed again:
/// mark it failed so it does not sit in the queue forever. Returns those jobs, so that the
/// worker marks their messages or media failed too.
async fn fail_exhausted_jobs(pool: &Pool, now: Timestamp) -> StoreResult<Vec<Job>> {
    let rows: Vec<JobRow> = sqlx::query_as(concat!(
        "update jobs set state = 'failed', locked_until = null,
           last_error = coalesce(last_error, 'the lease of its last attempt expired')
         where state = 'queued' and attempts >= max_attempts and locked_until is not null and locked_until < $1
         returning ",
        job_columns!()
    ))
    .bind(micros(now))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(JobRow::into_model).collect()
}

/// The condition every change by a job's worker carries: the job is still queued and the
/// latest claim is this worker's. A stale worker's change touches no row and is ignored.
macro_rules! held_by_lease {
    ($id:literal, $claim:literal) => {
        concat!(
            " where id = $",
            $id,
            " and claim = $",
            $claim,
            " and state = 'queued'"
        )
    };
}

async fn complete_job(pool: &Pool, lease: JobLease) -> StoreResult<bool> {
    let result = sqlx::query(concat!(
        "update jobs set state = 'done', locked_until = null",
        held_by_lease!("1", "2")
    ))
    .bind(lease.id.to_string())
    .bind(lease.claim)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// A retry with no attempt left fails the job: a queued job that can never be claimed
/// would sit in the queue (and its depth) forever.
async fn retry_job(
    pool: &Pool,
    lease: JobLease,
    run_at: Timestamp,
    error: &str,
) -> StoreResult<bool> {
    let result = sqlx::query(concat!(
        "update jobs set locked_until = null, run_at = $3, last_error = $4,
           state = case when attempts < max_attempts then 'queued' else 'failed' end",
        held_by_lease!("1", "2")
    ))
    .bind(lease.id.to_string())
    .bind(lease.claim)
    .bind(micros(run_at))
    .bind(error)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() > 0)
}

async fn fail_job(pool: &Pool, lease: JobLease, error: &str) -> StoreResult<bool> {
    let result = sqlx::query(concat!(
        "update jobs set state = 'failed', locked_until = null, last_error = $3",
        held_by_lease!("1", "2")
    ))
    .bind(lease.id.to_string())
    .bind(lease.claim)
    .bind(error)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// Keep the job locked until at least `until` (a long transfer about to start), while this
/// worker still holds it.
async fn extend_lease(pool: &Pool, lease: JobLease, until: Timestamp) -> StoreResult<bool> {
    let result = sqlx::query(concat!(
        "update jobs set locked_until = case when locked_until > $3 then locked_until else $3 end",
        held_by_lease!("1", "2")
    ))
    .bind(lease.id.to_string())
    .bind(lease.claim)
    .bind(micros(until))
    .execute(pool)
    .await?;
    Ok(result.rows_affected() > 0)
}

async fn queue_stats(pool: &Pool, now: Timestamp) -> StoreResult<QueueStats> {
    let (depth, oldest_due): (i64, Option<i64>) = sqlx::query_as(
        "select count(*),
           min(case when run_at <= $1 and (locked_until is null or locked_until < $1) then run_at end)
         from jobs where state = 'queued'",
    )
    .bind(micros(now))
    .fetch_one(pool)
    .await?;
    Ok(QueueStats {
        depth: u64::try_from(depth).unwrap_or(0),
        oldest_due: opt_time(oldest_due),
    })
}

fn lease_until(now: Timestamp, lease: Duration) -> i64 {
    micros(add(now, lease))
}

/// Unlock and run again at `run_at`, giving back the attempt `claim_next_job` counted:
/// nothing was tried (e.g. a rate limit said "not yet"). The state stays as it is.
async fn postpone_job(pool: &Pool, lease: JobLease, run_at: Timestamp) -> StoreResult<bool> {
    let result = sqlx::query(concat!(
        "update jobs set locked_until = null, run_at = $3,
           attempts = case when attempts > 0 then attempts - 1 else 0 end",
        held_by_lease!("1", "2")
    ))
    .bind(lease.id.to_string())
    .bind(lease.claim)
    .bind(micros(run_at))
    .execute(pool)
    .await?;
    Ok(result.rows_affected() > 0)
}
