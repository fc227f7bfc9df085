// Message templates per channel: replaced by a sync from the provider, read by agents and
// senders, their status kept current by the template status webhook. Backend-neutral;
// included.

macro_rules! template_select {
    () => {
        "select channel_id, template_id, name, language, status, category, parameter_format,
           components, updated_at from templates "
    };
}

/// Make `templates` exactly the channel's templates: upsert each by (name, language), then
/// delete the others. The records' `channel_id` is taken to be `channel`.
async fn replace_templates(
    conn: &mut Conn,
    org: OrgId,
    channel: ChannelId,
    templates: &[TemplateRecord],
) -> StoreResult<()> {
    // Locks the channel's row (PostgreSQL): two syncs of one channel run one after the other.
    let owned = sqlx::query("update channels set name = name where id = $1 and org_id = $2")
        .bind(channel.to_string())
        .bind(org.to_string())
        .execute(&mut *conn)
        .await?;
    found(owned)?;
    let key = channel.to_string();
    for t in templates {
        sqlx::query(
            "insert into templates (org_id, channel_id, template_id, name, language, status, category,
               parameter_format, components, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             on conflict (channel_id, name, language) do update set
               template_id = excluded.template_id, status = excluded.status,
               category = excluded.category, parameter_format = excluded.parameter_format,
               components = excluded.components, updated_at = excluded.updated_at",
        )
        .bind(org.to_string())
        .bind(&key)
        .bind(&t.template_id)
        .bind(&t.name)
        .bind(&t.language)
        .bind(&t.status)
        .bind(&t.category)
        .bind(t.parameter_format.as_deref())
        .bind(to_json(&t.components)?)
        .bind(micros(t.updated_at))
        .execute(&mut *conn)
        .await?;
    }
    let stored: Vec<(String, String)> =
        sqlx::query_as("select name, language from templates where channel_id = $1")
            .bind(&key)
            .fetch_all(&mut *conn)
            .await?;
    for (name, language) in stored {
        if !templates
            .iter()
            .any(|t| t.name == name && t.language == language)
        {
            sqlx::query(
                "delete from templates where channel_id = $1 and name = $2 and language = $3",
            )
            .bind(&key)
            .bind(&name)
            .bind(&language)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// Sorted by name, then language (then channel).
async fn list_templates(
    pool: &Pool,
    org: OrgId,
    channel: Option<ChannelId>,
) -> StoreResult<Vec<TemplateRecord>> {
    let rows: Vec<TemplateRow> = sqlx::query_as(concat!(
        template_select!(),
        "where org_id = $1 and ($2 is null or channel_id = $2) order by name, language, channel_id"
    ))
    .bind(org.to_string())
    .bind(channel.map(|c| c.to_string()))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(TemplateRow::into_model).collect()
}

async fn find_template(
    pool: &Pool,
    org: OrgId,
    channel: ChannelId,
    name: &str,
    language: &str,
) -> StoreResult<Option<TemplateRecord>> {
    let row: Option<TemplateRow> = sqlx::query_as(concat!(
        template_select!(),
        "where org_id = $1 and channel_id = $2 and name = $3 and language = $4"
    ))
    .bind(org.to_string())
    .bind(channel.to_string())
    .bind(name)
    .bind(language)
    .fetch_optional(pool)
    .await?;
    row.map(TemplateRow::into_model).transpose()
}

/// The template status webhook: the stored template it names (by the provider's id, or by
/// name and language) takes the event as its status. Nothing is stored for a template the
/// channel has not synced yet; the next sync brings it with its status.
async fn apply_template_status(
    conn: &mut Conn,
    channel: ChannelId,
    update: &loket_domain::inbound::TemplateStatusUpdate,
    received_at: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "update templates set status = $1, updated_at = $2
         where channel_id = $3 and (template_id = $4 or (name = $5 and language = $6))",
    )
    .bind(&update.event)
    .bind(micros(update.at.unwrap_or(received_at)))
    .bind(channel.to_string())
    .bind(&update.template_id)
    .bind(&update.name)
    .bind(&update.language)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
