// Provisioning: Meta apps, organisations, API tokens, channels. Idempotent upserts, applied
// from configuration at every start. Backend-neutral; included.

macro_rules! channel_columns {
    () => {
        "id, org_id, kind, name, app_name, phone_number_id, display_phone_number, waba_id,
         access_token, enabled, needs_attention, created_at"
    };
}

macro_rules! organisation_columns {
    () => {
        "id, slug, name, reopen_within_secs, created_at, disabled_at, require_2fa"
    };
}

/// Create or update by name; a declared app is enabled.
async fn upsert_meta_app(conn: &mut Conn, app: &MetaApp) -> StoreResult<()> {
    sqlx::query(
        "insert into meta_apps (name, app_secret, verify_token, graph_base_url, disabled_at)
         values ($1, $2, $3, $4, null)
         on conflict (name) do update set app_secret = excluded.app_secret,
           verify_token = excluded.verify_token, graph_base_url = excluded.graph_base_url,
           disabled_at = null",
    )
    .bind(&app.name)
    .bind(&app.app_secret)
    .bind(&app.verify_token)
    .bind(&app.graph_base_url)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The enabled apps: a disabled app's secret verifies nothing.
async fn list_meta_apps(pool: &Pool) -> StoreResult<Vec<MetaApp>> {
    let rows: Vec<MetaAppRow> = sqlx::query_as(
        "select name, app_secret, verify_token, graph_base_url from meta_apps
         where disabled_at is null order by name",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(MetaApp::from).collect())
}

/// Create or update by slug; a declared organisation is enabled.
async fn upsert_organisation(
    conn: &mut Conn,
    org: &NewOrganisation,
    now: Timestamp,
) -> StoreResult<Organisation> {
    let row: OrganisationRow = sqlx::query_as(concat!(
        "insert into organisations (id, slug, name, reopen_within_secs, created_at, disabled_at)
         values ($1, $2, $3, $4, $5, null)
         on conflict (slug) do update set name = excluded.name,
           reopen_within_secs = excluded.reopen_within_secs, disabled_at = null
         returning ",
        organisation_columns!()
    ))
    .bind(OrgId::new_at(now).to_string())
    .bind(&org.slug)
    .bind(&org.name)
    .bind(i64::try_from(org.reopen_within.as_secs()).unwrap_or(i64::MAX))
    .bind(micros(now))
    .fetch_one(&mut *conn)
    .await?;
    row.into_model()
}

async fn get_organisation(pool: &Pool, id: OrgId) -> StoreResult<Organisation> {
    let row: Option<OrganisationRow> = sqlx::query_as(concat!(
        "select ",
        organisation_columns!(),
        " from organisations where id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(pool)
    .await?;
    row.ok_or(StoreError::NotFound)?.into_model()
}

async fn find_organisation_by_slug(pool: &Pool, slug: &str) -> StoreResult<Option<Organisation>> {
    let row: Option<OrganisationRow> = sqlx::query_as(concat!(
        "select ",
        organisation_columns!(),
        " from organisations where slug = $1"
    ))
    .bind(slug)
    .fetch_optional(pool)
    .await?;
    row.map(OrganisationRow::into_model).transpose()
}

/// Disable every configuration-managed token of the organisation, then (re-)enable exactly
/// the given ones, in one transaction. Tokens are disabled, never deleted.
async fn replace_config_api_tokens(
    conn: &mut Conn,
    org: OrgId,
    token_hashes: &[String],
    now: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "update api_tokens set disabled_at = $1 where org_id = $2 and managed_by_config and disabled_at is null",
    )
    .bind(micros(now))
    .bind(org.to_string())
    .execute(&mut *conn)
    .await?;
    for hash in token_hashes {
        let applied = sqlx::query(
            "insert into api_tokens (token_hash, org_id, managed_by_config, created_at, disabled_at)
             values ($1, $2, $3, $4, null)
             on conflict (token_hash) do update set disabled_at = null, managed_by_config = excluded.managed_by_config
             where api_tokens.org_id = excluded.org_id",
        )
        .bind(hash)
        .bind(org.to_string())
        .bind(true)
        .bind(micros(now))
        .execute(&mut *conn)
        .await?;
        if applied.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "an API token belongs to another organisation".into(),
            ));
        }
    }
    Ok(())
}

/// The organisation an enabled token of an enabled organisation belongs to.
async fn find_org_by_token_hash(
    pool: &Pool,
    token_hash: &str,
) -> StoreResult<Option<Organisation>> {
    let row: Option<OrganisationRow> = sqlx::query_as(
        "select o.id, o.slug, o.name, o.reopen_within_secs, o.created_at, o.disabled_at, o.require_2fa
         from api_tokens t join organisations o on o.id = t.org_id
         where t.token_hash = $1 and t.disabled_at is null and o.disabled_at is null",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await?;
    row.map(OrganisationRow::into_model).transpose()
}

/// Create or update by `phone_number_id`, enabled, in ONE statement: two instances starting
/// together cannot both insert, and the `where` keeps another organisation's number out of
/// reach (no row comes back, so `Conflict`). A changed access token clears `needs_attention`
/// (an expired token is the usual reason an admin was asked to look).
async fn upsert_whatsapp_channel(
    conn: &mut Conn,
    org: OrgId,
    channel: &NewWhatsappChannel,
    now: Timestamp,
) -> StoreResult<Channel> {
    let row: Option<ChannelRow> = sqlx::query_as(concat!(
        "insert into channels (id, org_id, kind, name, app_name, phone_number_id, display_phone_number,
           waba_id, access_token, enabled, needs_attention, created_at)
         values ($1, $2, 'whatsapp', $3, $4, $5, $6, $7, $8, $9, null, $10)
         on conflict (phone_number_id) do update set name = excluded.name,
           app_name = excluded.app_name, display_phone_number = excluded.display_phone_number,
           waba_id = excluded.waba_id, enabled = excluded.enabled,
           needs_attention = case when channels.access_token = excluded.access_token
             then channels.needs_attention else null end,
           access_token = excluded.access_token
         where channels.org_id = excluded.org_id
         returning ",
        channel_columns!()
    ))
    .bind(ChannelId::new_at(now).to_string())
    .bind(org.to_string())
    .bind(&channel.name)
    .bind(&channel.app_name)
    .bind(&channel.phone_number_id)
    .bind(&channel.display_phone_number)
    .bind(&channel.waba_id)
    .bind(&channel.access_token)
    .bind(true)
    .bind(micros(now))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Err(StoreError::Conflict(format!(
            "phone number id {} belongs to another organisation",
            channel.phone_number_id
        )));
    };
    row.into_model()
}

async fn find_channel_by_phone_number_id(
    pool: &Pool,
    phone_number_id: &str,
) -> StoreResult<Option<Channel>> {
    let row: Option<ChannelRow> = sqlx::query_as(concat!(
        "select ",
        channel_columns!(),
        " from channels where phone_number_id = $1"
    ))
    .bind(phone_number_id)
    .fetch_optional(pool)
    .await?;
    row.map(ChannelRow::into_model).transpose()
}

async fn find_channels_by_waba_id(pool: &Pool, waba_id: &str) -> StoreResult<Vec<Channel>> {
    let rows: Vec<ChannelRow> = sqlx::query_as(concat!(
        "select ",
        channel_columns!(),
        " from channels where waba_id = $1 order by id"
    ))
    .bind(waba_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(ChannelRow::into_model).collect()
}

async fn get_channel(pool: &Pool, org: OrgId, id: ChannelId) -> StoreResult<Channel> {
    let row: Option<ChannelRow> = sqlx::query_as(concat!(
        "select ",
        channel_columns!(),
        " from channels where id = $1 and org_id = $2"
    ))
    .bind(id.to_string())
    .bind(org.to_string())
    .fetch_optional(pool)
    .await?;
    row.ok_or(StoreError::NotFound)?.into_model()
}

async fn list_channels(pool: &Pool, org: OrgId) -> StoreResult<Vec<Channel>> {
    let rows: Vec<ChannelRow> = sqlx::query_as(concat!(
        "select ",
        channel_columns!(),
        " from channels where org_id = $1 order by name, id"
    ))
    .bind(org.to_string())
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(ChannelRow::into_model).collect()
}

async fn set_channel_attention(
    pool: &Pool,
    org: OrgId,
    id: ChannelId,
    reason: Option<&str>,
) -> StoreResult<()> {
    let result =
        sqlx::query("update channels set needs_attention = $1 where id = $2 and org_id = $3")
            .bind(reason)
            .bind(id.to_string())
            .bind(org.to_string())
            .execute(pool)
            .await?;
    found(result)
}
