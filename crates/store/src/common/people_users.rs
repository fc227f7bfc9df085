// People: users, memberships, second factors. Backend-neutral; included. (Sessions, teams
// and sign-in attempts are in `people_sessions.rs`.)

use loket_domain::people::{Email, Role};
use loket_domain::{TeamId, UserId};

use crate::people::*;
use crate::people_rows::*;

async fn fetch_user(conn: &mut Conn, id: UserId) -> StoreResult<User> {
    let row: Option<UserRow> = sqlx::query_as(concat!(
        "select ",
        user_columns!(),
        " from users u where u.id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.ok_or(StoreError::NotFound)?.into_model()
}

async fn insert_user(
    conn: &mut Conn,
    user: &NewUser,
    memberships: &[(OrgId, Role)],
    now: Timestamp,
) -> StoreResult<User> {
    let id = UserId::new_at(now);
    sqlx::query(
        "insert into users (id, email, name, active, operator, locale, password_hash, totp_secret,
           totp_enabled, totp_last_step, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, null, $8, null, $9, $9)",
    )
    .bind(id.to_string())
    .bind(user.email.as_str())
    .bind(&user.name)
    .bind(true)
    .bind(user.operator)
    .bind(user.locale.as_str())
    .bind(&user.password_hash)
    .bind(false)
    .bind(micros(now))
    .execute(&mut *conn)
    .await?;
    for (org, role) in memberships {
        upsert_membership(conn, id, *org, *role, now).await?;
    }
    fetch_user(conn, id).await
}

async fn upsert_membership(
    conn: &mut Conn,
    user: UserId,
    org: OrgId,
    role: Role,
    now: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "insert into memberships (user_id, org_id, role, created_at) values ($1, $2, $3, $4)
         on conflict (user_id, org_id) do update set role = excluded.role",
    )
    .bind(user.to_string())
    .bind(org.to_string())
    .bind(role.as_str())
    .bind(micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn find_user_by_email(pool: &Pool, email: &Email) -> StoreResult<Option<User>> {
    let row: Option<UserRow> = sqlx::query_as(concat!(
        "select ",
        user_columns!(),
        " from users u where u.email = $1"
    ))
    .bind(email.as_str())
    .fetch_optional(pool)
    .await?;
    row.map(UserRow::into_model).transpose()
}

/// Memberships of `user` (or of every user when `None`) in enabled organisations.
async fn memberships_of(pool: &Pool, user: Option<UserId>) -> StoreResult<Vec<Membership>> {
    let rows: Vec<MembershipRow> = sqlx::query_as(
        "select m.user_id, m.org_id, o.slug, m.role from memberships m
         join organisations o on o.id = m.org_id
         where ($1 is null or m.user_id = $1) and o.disabled_at is null
         order by o.slug",
    )
    .bind(user.map(|u| u.to_string()))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(MembershipRow::into_model).collect()
}

async fn list_users(pool: &Pool, org: Option<OrgId>) -> StoreResult<Vec<UserListing>> {
    let rows: Vec<UserRow> = sqlx::query_as(concat!(
        "select ",
        user_columns!(),
        " from users u
         where $1 is null or exists (select 1 from memberships m where m.user_id = u.id and m.org_id = $1)
         order by u.email"
    ))
    .bind(org.map(|o| o.to_string()))
    .fetch_all(pool)
    .await?;
    let memberships = memberships_of(pool, None).await?;
    rows.into_iter()
        .map(|row| {
            let user = row.into_model()?;
            let memberships = memberships
                .iter()
                .filter(|m| m.user_id == user.id)
                .cloned()
                .collect();
            Ok(UserListing { user, memberships })
        })
        .collect()
}

async fn delete_user_sessions(conn: &mut Conn, user: UserId) -> StoreResult<u64> {
    let result = sqlx::query("delete from sessions where user_id = $1")
        .bind(user.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected())
}

async fn set_user_active(
    conn: &mut Conn,
    id: UserId,
    active: bool,
    now: Timestamp,
) -> StoreResult<()> {
    let result = sqlx::query("update users set active = $1, updated_at = $2 where id = $3")
        .bind(active)
        .bind(micros(now))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    found(result)?;
    if !active {
        delete_user_sessions(conn, id).await?;
    }
    Ok(())
}

async fn set_password_hash(
    conn: &mut Conn,
    id: UserId,
    hash: &str,
    revoke_sessions: bool,
    now: Timestamp,
) -> StoreResult<()> {
    let result = sqlx::query("update users set password_hash = $1, updated_at = $2 where id = $3")
        .bind(hash)
        .bind(micros(now))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    found(result)?;
    if revoke_sessions {
        delete_user_sessions(conn, id).await?;
    }
    Ok(())
}

async fn set_pending_totp(
    pool: &Pool,
    id: UserId,
    sealed: &str,
    now: Timestamp,
) -> StoreResult<()> {
    // An enabled factor is never replaced by enrolment: it must be reset first.
    let result = sqlx::query(
        "update users set totp_secret = $1, updated_at = $2 where id = $3 and not totp_enabled",
    )
    .bind(sealed)
    .bind(micros(now))
    .bind(id.to_string())
    .execute(pool)
    .await?;
    if result.rows_affected() == 0 {
        return Err(StoreError::Conflict(
            "two-factor authentication is already enabled".into(),
        ));
    }
    Ok(())
}

async fn enable_totp(
    conn: &mut Conn,
    id: UserId,
    step: i64,
    codes: &[String],
    now: Timestamp,
) -> StoreResult<()> {
    let result = sqlx::query(
        "update users set totp_enabled = $1, totp_last_step = $2, updated_at = $3
         where id = $4 and totp_secret is not null",
    )
    .bind(true)
    .bind(step)
    .bind(micros(now))
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    found(result)?;
    sqlx::query("delete from recovery_codes where user_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    for hash in codes {
        sqlx::query(
            "insert into recovery_codes (user_id, code_hash, used_at) values ($1, $2, null)",
        )
        .bind(id.to_string())
        .bind(hash)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn reset_totp(conn: &mut Conn, id: UserId, now: Timestamp) -> StoreResult<()> {
    let result = sqlx::query(
        "update users set totp_secret = null, totp_enabled = $1, totp_last_step = null,
           updated_at = $2 where id = $3",
    )
    .bind(false)
    .bind(micros(now))
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    found(result)?;
    sqlx::query("delete from recovery_codes where user_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    delete_user_sessions(conn, id).await?;
    Ok(())
}

/// Compare-and-set in one statement, so two requests with the same code cannot both pass.
async fn accept_totp_step(pool: &Pool, id: UserId, step: i64) -> StoreResult<bool> {
    let result = sqlx::query(
        "update users set totp_last_step = $1
         where id = $2 and totp_enabled and (totp_last_step is null or totp_last_step < $1)",
    )
    .bind(step)
    .bind(id.to_string())
    .execute(pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

async fn use_recovery_code(
    pool: &Pool,
    id: UserId,
    hash: &str,
    now: Timestamp,
) -> StoreResult<bool> {
    let result = sqlx::query(
        "update recovery_codes set used_at = $1
         where user_id = $2 and code_hash = $3 and used_at is null",
    )
    .bind(micros(now))
    .bind(id.to_string())
    .bind(hash)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

async fn count_unused_recovery_codes(pool: &Pool, id: UserId) -> StoreResult<u32> {
    let (count,): (i64,) = sqlx::query_as(
        "select count(*) from recovery_codes where user_id = $1 and used_at is null",
    )
    .bind(id.to_string())
    .fetch_one(pool)
    .await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// Whether `user` is an active member of `org` (assignment needs one).
async fn is_active_member(pool: &Pool, org: OrgId, user: UserId) -> StoreResult<bool> {
    let row: Option<(String,)> = sqlx::query_as(
        "select m.role from memberships m join users u on u.id = m.user_id
         where m.org_id = $1 and m.user_id = $2 and u.active",
    )
    .bind(org.to_string())
    .bind(user.to_string())
    .fetch_optional(pool)
    .await?;
    Ok(row.is_some())
}

/// The organisation's team with this id, if enabled (assignment needs one).
async fn is_enabled_team(pool: &Pool, org: OrgId, team: TeamId) -> StoreResult<bool> {
    let row: Option<(String,)> = sqlx::query_as(
        "select id from teams where org_id = $1 and id = $2 and disabled_at is null",
    )
    .bind(org.to_string())
    .bind(team.to_string())
    .fetch_optional(pool)
    .await?;
    Ok(row.is_some())
}
