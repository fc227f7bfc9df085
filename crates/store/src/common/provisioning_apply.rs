// Applying a whole configuration in one transaction, and the stored secrets' housekeeping
// (the key check, re-sealing). Backend-neutral; included.

/// Disable everything, then enable and update exactly what `spec` declares, in the caller's
/// transaction: a failure anywhere leaves the previous state whole, and no reader sees the
/// in-between.
async fn apply_provisioning(
    conn: &mut Conn,
    spec: &ProvisioningSpec,
    now: Timestamp,
) -> StoreResult<AppliedProvisioning> {
    let mut applied = AppliedProvisioning::default();
    let app_names: Vec<&str> = spec.apps.iter().map(|a| a.name.as_str()).collect();
    let slugs: Vec<&str> = spec
        .organisations
        .iter()
        .map(|o| o.organisation.slug.as_str())
        .collect();
    let numbers: Vec<&str> = spec
        .organisations
        .iter()
        .flat_map(|o| &o.whatsapp_channels)
        .map(|c| c.phone_number_id.as_str())
        .collect();
    applied.disabled_apps = not_declared(
        conn,
        "select name from meta_apps where disabled_at is null",
        &app_names,
    )
    .await?;
    applied.disabled_organisations = not_declared(
        conn,
        "select slug from organisations where disabled_at is null",
        &slugs,
    )
    .await?;
    applied.disabled_channels = not_declared(
        conn,
        "select phone_number_id from channels where enabled and kind = 'whatsapp'",
        &numbers,
    )
    .await?;
    disable_everything(conn, now).await?;
    for app in &spec.apps {
        upsert_meta_app(conn, app).await?;
    }
    for org in &spec.organisations {
        let stored = upsert_organisation(conn, &org.organisation, now).await?;
        replace_config_api_tokens(conn, stored.id, &org.token_hashes, now).await?;
        set_require_2fa(conn, stored.id, org.require_2fa).await?;
        apply_declared_teams(conn, stored.id, &org.teams, now).await?;
        let stored = Organisation {
            require_2fa: org.require_2fa,
            ..stored
        };
        for channel in &org.whatsapp_channels {
            let channel = upsert_whatsapp_channel(conn, stored.id, channel, now).await?;
            applied.channels.push(channel);
        }
        applied.organisations.push(stored);
    }
    Ok(applied)
}

/// How many of the names `sql` selects are not in `declared`.
async fn not_declared(conn: &mut Conn, sql: &'static str, declared: &[&str]) -> StoreResult<usize> {
    let names: Vec<(String,)> = sqlx::query_as(sql).fetch_all(&mut *conn).await?;
    Ok(names
        .iter()
        .filter(|(name,)| !declared.contains(&name.as_str()))
        .count())
}

/// Disabled, never deleted: conversations, messages and tokens keep their history. A row
/// already disabled keeps the time it was first disabled.
async fn disable_everything(conn: &mut Conn, now: Timestamp) -> StoreResult<()> {
    sqlx::query("update meta_apps set disabled_at = $1 where disabled_at is null")
        .bind(micros(now))
        .execute(&mut *conn)
        .await?;
    sqlx::query("update organisations set disabled_at = $1 where disabled_at is null")
        .bind(micros(now))
        .execute(&mut *conn)
        .await?;
    sqlx::query("update channels set enabled = $1 where enabled and kind = 'whatsapp'")
        .bind(false)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Keep `sealed` as the key check unless one is stored already; the stored one is returned
/// (the first instance to start wins, a second with the same key agrees).
async fn init_secret_key_check(conn: &mut Conn, sealed: &str) -> StoreResult<String> {
    sqlx::query(
        "insert into secret_key_check (id, sealed) values (1, $1) on conflict (id) do nothing",
    )
    .bind(sealed)
    .execute(&mut *conn)
    .await?;
    let (stored,): (String,) = sqlx::query_as("select sealed from secret_key_check where id = 1")
        .fetch_one(&mut *conn)
        .await?;
    Ok(stored)
}

async fn list_stored_secrets(pool: &Pool) -> StoreResult<Vec<StoredSecret>> {
    let apps: Vec<(String, String, String)> =
        sqlx::query_as("select name, app_secret, verify_token from meta_apps order by name")
            .fetch_all(pool)
            .await?;
    let channels: Vec<(String, String)> = sqlx::query_as(
        "select id, access_token from channels where access_token is not null order by id",
    )
    .fetch_all(pool)
    .await?;
    let mut secrets = Vec::new();
    for (name, secret, verify) in apps {
        secrets.push(StoredSecret {
            column: SecretColumn::AppSecret,
            owner: name.clone(),
            value: secret,
        });
        secrets.push(StoredSecret {
            column: SecretColumn::VerifyToken,
            owner: name,
            value: verify,
        });
    }
    for (id, token) in channels {
        secrets.push(StoredSecret {
            column: SecretColumn::AccessToken,
            owner: id,
            value: token,
        });
    }
    Ok(secrets)
}

/// Compare-and-set: a value changed meanwhile (another instance provisioned) is left alone.
async fn replace_stored_secret(
    conn: &mut Conn,
    old: &StoredSecret,
    new_value: &str,
) -> StoreResult<bool> {
    let sql = match old.column {
        SecretColumn::AppSecret => {
            "update meta_apps set app_secret = $1 where name = $2 and app_secret = $3"
        }
        SecretColumn::VerifyToken => {
            "update meta_apps set verify_token = $1 where name = $2 and verify_token = $3"
        }
        SecretColumn::AccessToken => {
            "update channels set access_token = $1 where id = $2 and access_token = $3"
        }
    };
    let result = sqlx::query(sql)
        .bind(new_value)
        .bind(&old.owner)
        .bind(&old.value)
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected() > 0)
}
