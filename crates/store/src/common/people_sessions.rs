// People: teams (declared ones applied with provisioning), sessions and sign-in attempts.
// Backend-neutral; included.

macro_rules! team_columns {
    () => {
        "id, org_id, slug, name, declared, disabled_at, created_at"
    };
}

/// Inside `apply_provisioning`'s transaction, after `disable_everything`: the declared teams
/// of `org` are created or updated and enabled; its declared teams no longer declared are
/// disabled (kept: conversations may name them), like channels.
async fn apply_declared_teams(
    conn: &mut Conn,
    org: OrgId,
    teams: &[NewTeam],
    now: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "update teams set disabled_at = $1 where org_id = $2 and declared and disabled_at is null",
    )
    .bind(micros(now))
    .bind(org.to_string())
    .execute(&mut *conn)
    .await?;
    for team in teams {
        sqlx::query(
            "insert into teams (id, org_id, slug, name, declared, disabled_at, created_at)
             values ($1, $2, $3, $4, $5, null, $6)
             on conflict (org_id, slug) do update set name = excluded.name,
               declared = excluded.declared, disabled_at = null",
        )
        .bind(TeamId::new_at(now).to_string())
        .bind(org.to_string())
        .bind(&team.slug)
        .bind(&team.name)
        .bind(true)
        .bind(micros(now))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn set_require_2fa(conn: &mut Conn, org: OrgId, require: bool) -> StoreResult<()> {
    sqlx::query("update organisations set require_2fa = $1 where id = $2")
        .bind(require)
        .bind(org.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn require_2fa_of(pool: &Pool, org: OrgId) -> StoreResult<bool> {
    let row: Option<(bool,)> =
        sqlx::query_as("select require_2fa from organisations where id = $1")
            .bind(org.to_string())
            .fetch_optional(pool)
            .await?;
    Ok(row.ok_or(StoreError::NotFound)?.0)
}

async fn list_teams(pool: &Pool, org: OrgId) -> StoreResult<Vec<Team>> {
    let rows: Vec<TeamRow> = sqlx::query_as(concat!(
        "select ",
        team_columns!(),
        " from teams where org_id = $1 order by slug"
    ))
    .bind(org.to_string())
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(TeamRow::into_model).collect()
}

async fn get_team(pool: &Pool, org: OrgId, id: TeamId) -> StoreResult<Team> {
    let row: Option<TeamRow> = sqlx::query_as(concat!(
        "select ",
        team_columns!(),
        " from teams where org_id = $1 and id = $2"
    ))
    .bind(org.to_string())
    .bind(id.to_string())
    .fetch_optional(pool)
    .await?;
    row.ok_or(StoreError::NotFound)?.into_model()
}

/// Only a member of the team's own organisation joins it: both are checked in the insert.
async fn add_team_member(
    conn: &mut Conn,
    org: OrgId,
    team: TeamId,
    user: UserId,
) -> StoreResult<()> {
    let result = sqlx::query(
        "insert into team_members (team_id, user_id, org_id)
         select t.id, m.user_id, t.org_id from teams t
         join memberships m on m.org_id = t.org_id and m.user_id = $3
         where t.id = $2 and t.org_id = $1
         on conflict (team_id, user_id) do nothing",
    )
    .bind(org.to_string())
    .bind(team.to_string())
    .bind(user.to_string())
    .execute(&mut *conn)
    .await?;
    if result.rows_affected() == 0 {
        // Nothing inserted: already a member, or the team or membership is not there.
        let present: Option<(String,)> = sqlx::query_as(
            "select team_id from team_members where team_id = $1 and user_id = $2 and org_id = $3",
        )
        .bind(team.to_string())
        .bind(user.to_string())
        .bind(org.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        present.ok_or(StoreError::NotFound)?;
    }
    Ok(())
}

async fn list_team_members(pool: &Pool, org: OrgId, team: TeamId) -> StoreResult<Vec<UserId>> {
    let ids: Vec<(String,)> = sqlx::query_as(
        "select user_id from team_members where org_id = $1 and team_id = $2 order by user_id",
    )
    .bind(org.to_string())
    .bind(team.to_string())
    .fetch_all(pool)
    .await?;
    ids.iter()
        .map(|(id,)| parse("team_members.user_id", id))
        .collect()
}

async fn insert_session(pool: &Pool, s: &SessionRecord) -> StoreResult<()> {
    sqlx::query(
        "insert into sessions (token_hash, user_id, org_id, created_at, expires_at, last_seen_at,
           second_factor, csrf_secret)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&s.token_hash)
    .bind(s.user_id.to_string())
    .bind(s.org_id.map(|o| o.to_string()))
    .bind(micros(s.created_at))
    .bind(micros(s.expires_at))
    .bind(micros(s.last_seen_at))
    .bind(s.second_factor)
    .bind(&s.csrf_secret)
    .execute(pool)
    .await?;
    Ok(())
}

async fn find_session(pool: &Pool, token_hash: &str) -> StoreResult<Option<SessionRecord>> {
    let row: Option<SessionRow> = sqlx::query_as(
        "select token_hash, user_id, org_id, created_at, expires_at, last_seen_at, second_factor,
           csrf_secret from sessions where token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await?;
    row.map(SessionRow::into_model).transpose()
}

async fn find_sign_in_attempts(
    pool: &Pool,
    address: &str,
    email: &str,
) -> StoreResult<Option<SignInAttempts>> {
    let row: Option<AttemptsRow> = sqlx::query_as(
        "select failures, window_start, locked_until from sign_in_attempts
         where address = $1 and email = $2",
    )
    .bind(address)
    .bind(email)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(AttemptsRow::into_model))
}

async fn put_sign_in_attempts(
    pool: &Pool,
    address: &str,
    email: &str,
    a: &SignInAttempts,
) -> StoreResult<()> {
    sqlx::query(
        "insert into sign_in_attempts (address, email, failures, window_start, locked_until)
         values ($1, $2, $3, $4, $5)
         on conflict (address, email) do update set failures = excluded.failures,
           window_start = excluded.window_start, locked_until = excluded.locked_until",
    )
    .bind(address)
    .bind(email)
    .bind(i64::from(a.failures))
    .bind(micros(a.window_start))
    .bind(a.locked_until.map(micros))
    .execute(pool)
    .await?;
    Ok(())
}
