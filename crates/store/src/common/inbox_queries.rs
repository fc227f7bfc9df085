// The inbox's reading: a queue page under any view and filter, capped counts, and the
// search box. Backend-neutral; included after `reading.rs` (it uses `conversation_select!`).
//
// The SQL is assembled from the filters actually given (no `$n is null or …`): a planner
// then sees plain equalities and picks the one index whose range is the page (migration
// 0015 adds them), instead of one generic plan that fits no view.

/// A value bound to a query, in the order its `$n` appears.
enum Arg {
    Text(String),
    Int(i64),
}

/// A query being assembled: its text and its bound values. The text is only ever our own
/// fragments (every value the user gave is bound), hence `AssertSqlSafe`.
struct Sql {
    text: String,
    args: Vec<Arg>,
}

impl Sql {
    fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            args: Vec::new(),
        }
    }

    fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends the next placeholder, bound to `arg`.
    fn arg(&mut self, arg: Arg) -> &mut Self {
        self.args.push(arg);
        let n = self.args.len();
        self.text.push_str(&format!("${n}"));
        self
    }

    fn text_arg(&mut self, value: impl ToString) -> &mut Self {
        self.arg(Arg::Text(value.to_string()))
    }

    async fn fetch_conversations(self, pool: &Pool) -> StoreResult<Vec<ConversationRecord>> {
        let mut query = sqlx::query_as::<_, ConversationRow>(sqlx::AssertSqlSafe(self.text));
        for arg in self.args {
            query = match arg {
                Arg::Text(v) => query.bind(v),
                Arg::Int(v) => query.bind(v),
            };
        }
        let rows = query.fetch_all(pool).await?;
        rows.into_iter().map(ConversationRow::into_model).collect()
    }

    async fn fetch_count(self, pool: &Pool) -> StoreResult<i64> {
        let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(self.text));
        for arg in self.args {
            query = match arg {
                Arg::Text(v) => query.bind(v),
                Arg::Int(v) => query.bind(v),
            };
        }
        Ok(query.fetch_one(pool).await?)
    }
}

/// What a query built on [`push_filters`] does with the rows: a count reads index ranges,
/// a page walks an order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    Count,
    Walk,
}

/// `where …` for `filter` in organisation `org` (the conversation is `c`).
fn push_filters(sql: &mut Sql, org: OrgId, filter: &ConversationFilter, reading: Reading) {
    sql.push(" where c.org_id = ").text_arg(org);
    match filter.status {
        Some(status) => {
            sql.push(" and c.status = ").text_arg(status.as_str());
        }
        None if filter.active => {
            sql.push(" and c.status in ('open', 'pending')");
        }
        None => {}
    }
    if let Some(channel) = filter.channel {
        sql.push(" and c.channel_id = ").text_arg(channel);
    }
    if let Some(assignee) = filter.assignee {
        sql.push(" and c.assignee = ").text_arg(assignee);
    } else if filter.unassigned {
        sql.push(" and c.assignee is null");
    }
    if let Some(team) = filter.team {
        sql.push(" and c.team = ").text_arg(team);
    }
    if let Some(user) = filter.teams_of {
        // `|| ''` in a page's query: walk the view's waiting or last-activity order and keep
        // the rows of the user's teams (a third of them, say), rather than read every
        // conversation of those teams and sort it — PostgreSQL expects 134 rows a team where
        // there are 2,852, and chose the sort (87 ms at p95 a page). A count reads the teams'
        // own index range instead.
        let team = match reading {
            Reading::Count => "c.team",
            Reading::Walk => "c.team || ''",
        };
        sql.push(&format!(
            " and {team} in (select tm.team_id from team_members tm where tm.user_id = "
        ))
        .text_arg(user)
        .push(")");
    }
    if let Some(label) = &filter.label {
        sql.push(
            " and exists (select 1 from conversation_labels f
                          where f.conversation_id = c.id and f.label = ",
        )
        .text_arg(label)
        .push(")");
    }
}

/// One part of a queue's order, each read along its own index.
#[derive(Clone, Copy)]
enum QueuePart {
    /// Waiting for an answer, longest first.
    Waiting,
    /// Not waiting, by last activity, newest first.
    Answered,
    /// Everything by last activity, newest first.
    Recent,
}

impl QueuePart {
    fn sql(
        self,
        org: OrgId,
        filter: &ConversationFilter,
        after: Option<ConversationCursor>,
        limit: i64,
    ) -> Sql {
        self.sql_towards(org, filter, after, limit, true)
    }

    /// `limit` rows of the part from `from` (exclusive; an end of the part when `None`),
    /// towards the queue's end (`forward`) or its start (nearest first: the "Vorige" page).
    fn sql_towards(
        self,
        org: OrgId,
        filter: &ConversationFilter,
        from: Option<ConversationCursor>,
        limit: i64,
        forward: bool,
    ) -> Sql {
        // The page's rows first, then their residents and last messages: a planner that
        // must sort a view's range (PostgreSQL, "my teams": 5,704 rows) then joins 51 rows,
        // not all of them (78 ms a page before).
        let mut sql = Sql::new("select c.* from conversations c");
        push_filters(&mut sql, org, filter, Reading::Walk);
        // The part's own order runs along `key` ascending (waiting) or descending (others).
        let (condition, key, ascending) = match self {
            Self::Waiting => (" and c.waiting_since is not null", "c.waiting_since", true),
            Self::Answered => (" and c.waiting_since is null", "c.last_message_at", false),
            Self::Recent => ("", "c.last_message_at", false),
        };
        let up = ascending == forward;
        let (comparison, direction) = if up { (">", "") } else { ("<", " desc") };
        let order = format!(" order by {key}{direction}, c.id{direction}");
        sql.push(condition);
        // A row value comparison: both planners start the index range at the cursor.
        if let Some(from) = from {
            sql.push(&format!(" and ({key}, c.id) {comparison} ("))
                .arg(Arg::Int(micros(from.at)))
                .push(", ")
                .text_arg(from.id)
                .push(")");
        }
        sql.push(&order).push(" limit ").arg(Arg::Int(limit));
        let mut page = Sql {
            text: concat!(conversation_columns!(), " from (").to_owned(),
            args: sql.args,
        };
        page.text.push_str(&sql.text);
        page.push(") c").push(conversation_joins!()).push(&order);
        page
    }
}

/// A page of the queue in `filter.order`: with the `Waiting` order, the waiting part is
/// read first and the answered part fills what is left of the page.
async fn list_conversations(
    pool: &Pool,
    org: OrgId,
    filter: &ConversationFilter,
    page: PageRequest,
) -> StoreResult<Page<ConversationRecord>> {
    let limit = page.limit.max(1) as usize;
    let parts: &[QueuePart] = match (filter.order, page.after) {
        (ConversationOrder::Recent, _) => &[QueuePart::Recent],
        (ConversationOrder::Waiting, Some(after)) if !after.waiting => &[QueuePart::Answered],
        (ConversationOrder::Waiting, _) => &[QueuePart::Waiting, QueuePart::Answered],
    };
    let mut items = Vec::new();
    let mut next = None;
    for (i, part) in parts.iter().enumerate() {
        // Only the part the cursor is in continues after it; a later part starts afresh.
        let after = page.after.filter(|_| i == 0);
        let room = limit - items.len();
        let sql = part.sql(org, filter, after, room as i64 + 1);
        let rows = sql.fetch_conversations(pool).await?;
        let more = rows.len() > room;
        items.extend(rows.into_iter().take(room));
        if more {
            next = items.last().map(|c| cursor_of(filter.order, c));
            break;
        }
    }
    Ok(Page { items, next })
}

/// Where `c` stands in `order`.
fn cursor_of(order: ConversationOrder, c: &ConversationRecord) -> ConversationCursor {
    ConversationCursor::of(order, c)
}

/// Counts at most [`COUNT_CAP`] rows of the filter's index range.
async fn count_conversations(
    pool: &Pool,
    org: OrgId,
    filter: &ConversationFilter,
) -> StoreResult<u32> {
    let mut sql = Sql::new("select count(*) from (select 1 from conversations c");
    sql.push(count_index(filter));
    push_filters(&mut sql, org, filter, Reading::Count);
    sql.push(" limit ")
        .arg(Arg::Int(i64::from(COUNT_CAP)))
        .push(") capped");
    let count = sql.fetch_count(pool).await?;
    Ok(u32::try_from(count).unwrap_or(COUNT_CAP))
}

/// SQLite, which has no statistics here, counts a view of open and pending conversations
/// along `(org_id, status)` and reads every row to check its assignee or team (27 ms for
/// "mine" at a million conversations); the view's own partial index answers from the index
/// alone (3 ms). Only where that partial index applies (open and pending, no explicit
/// status), so the hint always has a plan; PostgreSQL's statistics choose well by themselves.
/// A hint naming an index that no longer exists fails the query ("no such index"): the
/// conformance test `each_view_lists_and_counts_its_own_open_and_pending_conversations`
/// (every view, on SQLite) catches a rename at once.
fn count_index(filter: &ConversationFilter) -> &'static str {
    if BACKEND != Backend::Sqlite || !filter.active || filter.status.is_some() {
        return "";
    }
    if filter.assignee.is_some() {
        " indexed by conversations_assignee_recent"
    } else if filter.team.is_some() || filter.teams_of.is_some() {
        " indexed by conversations_team_recent"
    } else if filter.unassigned {
        " indexed by conversations_unassigned_recent"
    } else {
        ""
    }
}

/// How many residents one search looks at (their conversations are listed).
const SEARCH_CONTACTS: i64 = 50;

/// PostgreSQL compares the prefix ranges byte-wise (`collate "C"`, as its indexes are
/// built), whatever the database's collation; SQLite compares byte-wise anyway.
fn byte_order() -> &'static str {
    match BACKEND {
        Backend::Postgres => " collate \"C\"",
        Backend::Sqlite => "",
    }
}

/// The range `[lower, upper)` of strings starting with `prefix`, lowered as the backend's
/// `lower()` lowers (SQLite: ASCII only).
fn prefix_range(prefix: &str, lower: bool) -> (String, String) {
    let low = match (lower, BACKEND) {
        (false, _) => prefix.to_owned(),
        (true, Backend::Sqlite) => prefix.to_ascii_lowercase(),
        (true, Backend::Postgres) => prefix.to_lowercase(),
    };
    // U+10FFFF sorts after every other character byte-wise.
    let high = format!("{low}\u{10FFFF}");
    (low, high)
}

async fn search_conversations(
    pool: &Pool,
    org: OrgId,
    search: &ConversationSearch,
    limit: u32,
) -> StoreResult<Vec<ConversationRecord>> {
    let c = byte_order();
    let mut sql = Sql::new(conversation_select!());
    sql.push(" where c.org_id = ").text_arg(org);
    let contacts = |sql: &mut Sql, column: &str, table: &str, kind: Option<&str>, prefix: &str| {
        let (low, high) = prefix_range(prefix, kind.is_none());
        sql.push(&format!(
            " and c.contact_id in (select s.contact_id from (select {table}"
        ))
        .push(" where x.org_id = ")
        .text_arg(org);
        if let Some(kind) = kind {
            sql.push(" and x.kind = ").text_arg(kind);
        }
        sql.push(&format!(" and {column}{c} >= "))
            .text_arg(low)
            .push(&format!(" and {column}{c} < "))
            .text_arg(high)
            .push(&format!(
                " order by {column}{c} limit {SEARCH_CONTACTS}) s)"
            ));
    };
    match search {
        ConversationSearch::Id(id) => {
            sql.push(" and c.id = ").text_arg(id);
        }
        ConversationSearch::NamePrefix(p) => contacts(
            &mut sql,
            "lower(x.display_name)",
            "x.id as contact_id from contacts x",
            None,
            p,
        ),
        ConversationSearch::PhonePrefix(p) => contacts(
            &mut sql,
            "x.value",
            "x.contact_id from contact_identities x",
            Some("wa_id"),
            p,
        ),
        ConversationSearch::UsernamePrefix(p) => contacts(
            &mut sql,
            "x.value",
            "x.contact_id from contact_identities x",
            Some("username"),
            p,
        ),
    }
    // `+`: order the few conversations of the found residents (the (org, contact) index,
    // then a small sort) rather than walking the organisation's last-activity index.
    sql.push(" order by +c.last_message_at desc, c.id desc limit ")
        .arg(Arg::Int(i64::from(limit)));
    sql.fetch_conversations(pool).await
}
