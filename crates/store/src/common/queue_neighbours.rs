// A conversation's neighbours in a queue (the conversation page's previous / next links):
// one row each way, read backwards or forwards along the same index ranges the inbox
// pages read (`inbox_queries.rs`), from the conversation's own place in the order. Before,
// the page listed the queue's first 100 conversations and looked for itself among them.
// Backend-neutral; included after `inbox_queries.rs` (it uses `Sql` and `push_filters`).

impl Sql {
    async fn fetch_id(self, pool: &Pool) -> StoreResult<Option<ConversationId>> {
        let mut query = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(self.text));
        for arg in self.args {
            query = match arg {
                Arg::Text(v) => query.bind(v),
                Arg::Int(v) => query.bind(v),
            };
        }
        let id = query.fetch_optional(pool).await?;
        id.map(|id| {
            id.parse()
                .map_err(|_| StoreError::corrupt(format!("conversation id {id}")))
        })
        .transpose()
    }
}

/// One step from `from` (or from an end of the part, when `None`) in `part`, towards the
/// queue's end (`forward`) or its start.
fn neighbour_sql(
    part: QueuePart,
    org: OrgId,
    filter: &ConversationFilter,
    from: Option<(Timestamp, ConversationId)>,
    forward: bool,
) -> Sql {
    let mut sql = Sql::new("select c.id from conversations c");
    push_filters(&mut sql, org, filter, Reading::Walk);
    // The part's own order runs along `key` ascending (waiting) or descending (others).
    let (condition, key, ascending) = match part {
        QueuePart::Waiting => (" and c.waiting_since is not null", "c.waiting_since", true),
        QueuePart::Answered => (" and c.waiting_since is null", "c.last_message_at", false),
        QueuePart::Recent => ("", "c.last_message_at", false),
    };
    sql.push(condition);
    let up = ascending == forward;
    if let Some((at, id)) = from {
        sql.push(&format!(
            " and ({key}, c.id) {} (",
            if up { ">" } else { "<" }
        ))
        .arg(Arg::Int(micros(at)))
        .push(", ")
        .text_arg(id)
        .push(")");
    }
    let direction = if up { "" } else { " desc" };
    sql.push(&format!(
        " order by {key}{direction}, c.id{direction} limit 1"
    ));
    sql
}

/// The conversations just before and just after `c` in `filter`'s queue.
async fn queue_neighbours(
    pool: &Pool,
    org: OrgId,
    filter: &ConversationFilter,
    c: &ConversationRecord,
) -> StoreResult<(Option<ConversationId>, Option<ConversationId>)> {
    let step = |part, from, forward| neighbour_sql(part, org, filter, from, forward);
    let recent = (c.last_message_at, c.id);
    match (filter.order, c.waiting_since) {
        (ConversationOrder::Recent, _) => {
            let prev = step(QueuePart::Recent, Some(recent), false)
                .fetch_id(pool)
                .await?;
            let next = step(QueuePart::Recent, Some(recent), true)
                .fetch_id(pool)
                .await?;
            Ok((prev, next))
        }
        (ConversationOrder::Waiting, Some(since)) => {
            let here = Some((since, c.id));
            let prev = step(QueuePart::Waiting, here, false).fetch_id(pool).await?;
            let next = match step(QueuePart::Waiting, here, true).fetch_id(pool).await? {
                Some(next) => Some(next),
                None => step(QueuePart::Answered, None, true).fetch_id(pool).await?,
            };
            Ok((prev, next))
        }
        (ConversationOrder::Waiting, None) => {
            let here = Some(recent);
            let prev = match step(QueuePart::Answered, here, false)
                .fetch_id(pool)
                .await?
            {
                Some(prev) => Some(prev),
                None => step(QueuePart::Waiting, None, false).fetch_id(pool).await?,
            };
            let next = step(QueuePart::Answered, here, true).fetch_id(pool).await?;
            Ok((prev, next))
        }
    }
}
