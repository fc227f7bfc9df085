// Paging both ways (`crate::paging`), shared by both backends: a conversation's messages a
// page at a time, and a queue page read backwards. Included after `inbox_queries.rs` (it
// uses `Sql`, `QueuePart` and `list_conversations`).

use crate::paging::{MessagePage, PageBefore, PagingStore};

/// What a reaction's stored content starts with: serde writes an internally tagged enum's
/// tag first, so this finds reactions without a JSON function that differs per backend
/// (the conformance test `reactions_and_quotes_outside_the_page_…` checks it on both).
const REACTION_PREFIX: &str = r#"{"type":"reaction"%"#;

impl Sql {
    async fn fetch_messages(self, pool: &Pool) -> StoreResult<Vec<MessageRecord>> {
        let mut query = sqlx::query_as::<_, MessageRow>(sqlx::AssertSqlSafe(self.text));
        for arg in self.args {
            query = match arg {
                Arg::Text(v) => query.bind(v),
                Arg::Int(v) => query.bind(v),
            };
        }
        let rows = query.fetch_all(pool).await?;
        rows.into_iter().map(MessageRow::into_model).collect()
    }

    /// `select … from messages m` of one conversation of `org`.
    fn messages_of(org: OrgId, conversation: ConversationId) -> Self {
        let mut sql = Sql::new(concat!("select ", message_columns!(), " from messages m"));
        sql.push(" where m.org_id = ")
            .text_arg(org)
            .push(" and m.conversation_id = ")
            .text_arg(conversation);
        sql
    }

    /// ` and {column} in (…)`, one placeholder per value.
    fn any_of(&mut self, column: &str, values: &[String]) -> &mut Self {
        self.push(&format!(" and {column} in ("));
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.text_arg(v);
        }
        self.push(")")
    }
}

/// Where message `id` stands in `conversation`: (sent_at, seq). `NotFound` unless it is
/// one of that conversation's (of `org`).
async fn message_place(
    pool: &Pool,
    org: OrgId,
    conversation: ConversationId,
    id: MessageId,
) -> StoreResult<(i64, i64)> {
    let place: Option<(i64, i64)> = sqlx::query_as(
        "select sent_at, seq from messages where id = $1 and org_id = $2 and conversation_id = $3",
    )
    .bind(id.to_string())
    .bind(org.to_string())
    .bind(conversation.to_string())
    .fetch_optional(pool)
    .await?;
    place.ok_or(StoreError::NotFound)
}

async fn list_message_page(
    pool: &Pool,
    org: OrgId,
    conversation: ConversationId,
    before: Option<MessageId>,
    limit: u32,
) -> StoreResult<MessagePage> {
    let limit = limit.max(1) as usize;
    let place = match before {
        Some(id) => Some(message_place(pool, org, conversation, id).await?),
        None => None,
    };
    let mut sql = Sql::messages_of(org, conversation);
    if let Some((at, seq)) = place {
        sql.push(" and (m.sent_at, m.seq) < (")
            .arg(Arg::Int(at))
            .push(", ")
            .arg(Arg::Int(seq))
            .push(")");
    }
    sql.push(" order by m.sent_at desc, m.seq desc limit ")
        .arg(Arg::Int(limit as i64 + 1));
    let mut rows = sql.fetch_messages(pool).await?;
    if rows.is_empty() && before.is_none() {
        check_conversation(pool, org, conversation).await?;
    }
    let oldest = (rows.len() > limit).then(|| &rows[limit - 1]);
    let (earlier, from) = (oldest.map(|m| m.id), oldest.map(|m| m.sent_at));
    rows.truncate(limit);
    rows.reverse();
    let mut messages = rows;
    messages.retain(|m| queue::stands_alone(&m.content));
    let later_reactions = match place {
        Some(from) => later_reactions(pool, org, conversation, from, &messages).await?,
        None => Vec::new(),
    };
    let earlier_targets = earlier_targets(pool, org, conversation, &messages).await?;
    Ok(MessagePage {
        messages,
        later_reactions,
        earlier_targets,
        earlier,
        from,
        until: place.map(|(at, _)| from_micros(at)),
    })
}

/// Reactions from `from` on (the newer pages) to one of `page`'s messages, oldest first.
/// They are read along the conversation's own index, newer rows only: nothing on the
/// newest page, and on an earlier one the rows after it (an earlier page is rare).
async fn later_reactions(
    pool: &Pool,
    org: OrgId,
    conversation: ConversationId,
    (at, seq): (i64, i64),
    page: &[MessageRecord],
) -> StoreResult<Vec<MessageRecord>> {
    let targets: BTreeSet<&str> = (page.iter())
        .filter_map(|m| m.provider_message_id.as_deref())
        .collect();
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::messages_of(org, conversation);
    sql.push(" and (m.sent_at, m.seq) >= (")
        .arg(Arg::Int(at))
        .push(", ")
        .arg(Arg::Int(seq))
        .push(") and m.content like ")
        .text_arg(REACTION_PREFIX)
        .push(" order by m.sent_at, m.seq");
    let mut reactions = sql.fetch_messages(pool).await?;
    reactions.retain(|m| matches!(&m.content, Content::Reaction { target, .. } if targets.contains(target.as_str())));
    Ok(reactions)
}

/// The messages outside `page` that its replies quote (by id) and its reactions react to
/// (by provider id), in this conversation.
async fn earlier_targets(
    pool: &Pool,
    org: OrgId,
    conversation: ConversationId,
    page: &[MessageRecord],
) -> StoreResult<Vec<MessageRecord>> {
    let ids: BTreeSet<MessageId> = page.iter().map(|m| m.id).collect();
    let provider_ids: BTreeSet<&str> = (page.iter())
        .filter_map(|m| m.provider_message_id.as_deref())
        .collect();
    let quoted: BTreeSet<String> = (page.iter())
        .filter_map(|m| m.reply_to_message_id)
        .filter(|id| !ids.contains(id))
        .map(|id| id.to_string())
        .collect();
    let reacted: BTreeSet<String> = (page.iter())
        .filter_map(|m| match &m.content {
            Content::Reaction { target, .. } if !provider_ids.contains(target.as_str()) => {
                Some(target.clone())
            }
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    for (column, values) in [("m.id", quoted), ("m.provider_message_id", reacted)] {
        if values.is_empty() {
            continue;
        }
        let values: Vec<String> = values.into_iter().collect();
        let mut sql = Sql::messages_of(org, conversation);
        sql.any_of(column, &values);
        found.extend(sql.fetch_messages(pool).await?);
    }
    // A message both quoted and reacted to was read twice.
    let mut seen = BTreeSet::new();
    found.retain(|m| seen.insert(m.id));
    Ok(found)
}

/// The page before `before` in `filter`'s queue: each part read backwards from the cursor
/// (with the `Waiting` order, the answered part first, then the waiting part from its end).
async fn list_conversations_before(
    pool: &Pool,
    org: OrgId,
    filter: &ConversationFilter,
    before: ConversationCursor,
    limit: u32,
) -> StoreResult<PageBefore<ConversationRecord>> {
    let limit = limit.max(1) as usize;
    let parts: &[QueuePart] = match (filter.order, before.waiting) {
        (ConversationOrder::Recent, _) => &[QueuePart::Recent],
        (ConversationOrder::Waiting, true) => &[QueuePart::Waiting],
        (ConversationOrder::Waiting, false) => &[QueuePart::Answered, QueuePart::Waiting],
    };
    // Nearest first; one more than a page tells whether a page lies before this one.
    let mut items = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let from = (i == 0).then_some(before);
        let room = (limit + 1 - items.len()) as i64;
        let sql = part.sql_towards(org, filter, from, room, false);
        items.extend(sql.fetch_conversations(pool).await?);
        if items.len() > limit {
            break;
        }
    }
    if items.len() <= limit {
        let page = PageRequest {
            after: None,
            limit: limit as u32,
        };
        let first = list_conversations(pool, org, filter, page).await?;
        return Ok(PageBefore::first(first));
    }
    items.truncate(limit);
    items.reverse();
    let cursor = |c: &ConversationRecord| ConversationCursor::of(filter.order, c);
    Ok(PageBefore {
        before: items.first().map(cursor),
        next: items.last().map(cursor),
        items,
    })
}

#[async_trait]
impl PagingStore for StoreImpl {
    async fn list_message_page(
        &self,
        org: OrgId,
        conversation: ConversationId,
        before: Option<MessageId>,
        limit: u32,
    ) -> StoreResult<MessagePage> {
        list_message_page(self.reader(), org, conversation, before, limit).await
    }

    async fn list_conversations_before(
        &self,
        org: OrgId,
        filter: &ConversationFilter,
        before: ConversationCursor,
        limit: u32,
    ) -> StoreResult<PageBefore<ConversationRecord>> {
        list_conversations_before(self.reader(), org, filter, before, limit).await
    }
}
