// Message search (`crate::search`), shared by both backends. The few statements that
// differ (FTS5 vs tsvector) are chosen by `BACKEND`: both are plain SQL strings, so each
// backend still compiles only concrete code.

use crate::encoding::content_or_unreadable;
use crate::search::{MessageHit, MessageSearch, MessageSearchStore, entry_terms};
use loket_domain::search::Query;

type PendingRow = (i64, String, String, String, Option<String>, Option<i64>);
type HitRow = (
    i64,
    String,
    String,
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
);

#[async_trait]
impl MessageSearchStore for StoreImpl {
    async fn index_pending_messages(&self, now: Timestamp, limit: u32) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        // PostgreSQL: rows another worker is indexing are skipped; an edit committed while
        // this batch runs waits for it, then sets the row pending again.
        let lock = match BACKEND {
            Backend::Sqlite => "",
            Backend::Postgres => " for update skip locked",
        };
        let sql = format!(
            "select seq, id, org_id, content, edited_content, revoked_at from messages
             where search_indexed is null order by seq limit $1{lock}"
        );
        let rows: Vec<PendingRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?;
        for (seq, id, org, content, edited, revoked) in &rows {
            let current = edited.as_deref().unwrap_or(content);
            let column = if edited.is_some() {
                "edited_content"
            } else {
                "content"
            };
            let content = content_or_unreadable(id, column, current);
            let org_id: OrgId = parse("messages.org_id", org)?;
            let terms = entry_terms(org_id, &content, revoked.is_some());
            put_search_entry(&mut tx, *seq, id, org, terms.as_deref()).await?;
            // By the primary key: PostgreSQL has no index on `seq` alone.
            sqlx::query("update messages set search_indexed = $1 where id = $2")
                .bind(micros(now))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(rows.len() as u64)
    }

    async fn mark_messages_pending(&self, org: Option<OrgId>) -> StoreResult<u64> {
        let result = sqlx::query(
            "update messages set search_indexed = null
             where search_indexed is not null and ($1 is null or org_id = $1)",
        )
        .bind(org.map(|o| o.to_string()))
        .execute(self.writer())
        .await?;
        Ok(result.rows_affected())
    }

    async fn count_pending_messages(&self) -> StoreResult<u64> {
        let n: i64 =
            sqlx::query_scalar("select count(*) from messages where search_indexed is null")
                .fetch_one(self.reader())
                .await?;
        Ok(n as u64)
    }

    async fn refresh_search_statistics(&self) -> StoreResult<()> {
        if matches!(BACKEND, Backend::Postgres) {
            sqlx::query("analyze message_search")
                .execute(self.writer())
                .await?;
        }
        Ok(())
    }

    async fn search_messages(
        &self,
        org: OrgId,
        search: &MessageSearch<'_>,
    ) -> StoreResult<Vec<MessageHit>> {
        let plans: &[SearchPlan] = match BACKEND {
            Backend::Sqlite => &[SearchPlan::Fts5],
            Backend::Postgres => &[SearchPlan::NewestWindow, SearchPlan::Gin],
        };
        let mut rows = Vec::new();
        for plan in plans {
            let scope = match plan {
                SearchPlan::Gin if org_holds_most_entries(self.reader(), org).await? => {
                    Scope::Column
                }
                SearchPlan::NewestWindow => Scope::Column,
                _ => Scope::Token,
            };
            let Some(matching) = scoped_match(scope, org, search.query) else {
                return Ok(Vec::new());
            };
            rows = search_with(self.reader(), *plan, scope, org, &matching, search).await?;
            if rows.len() >= search.limit as usize {
                break;
            }
        }
        rows.into_iter().map(hit).collect()
    }
}

/// How a PostgreSQL search keeps to the organisation. GIN intersects the posting lists of
/// every term of the tsquery: the organisation's token costs little when the organisation
/// holds a small share of the index (its list is short, and other organisations' matches
/// never reach the table), but when it holds most of it, its list is as long as the index
/// and doubles the work for two common words that never meet (measured at 5,000,000
/// messages: 90 ms against 45 ms). Then the `org_id` column filters instead: the other
/// organisations' matches that GIN returns are fewer than its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Token,
    Column,
}

/// Whether `org` holds at least half of the search index, by PostgreSQL's statistics of
/// `message_search.org_id` (its most common values; unknown until analysed: no).
async fn org_holds_most_entries(pool: &Pool, org: OrgId) -> StoreResult<bool> {
    let share: Option<f32> = sqlx::query_scalar(
        "select u.freq from pg_stats,
                unnest(most_common_vals::text::text[], most_common_freqs) as u(val, freq)
          where schemaname = current_schema() and tablename = 'message_search'
            and attname = 'org_id' and u.val = $1",
    )
    .bind(org.to_string())
    .fetch_optional(pool)
    .await?;
    Ok(share.is_some_and(|s| s >= 0.5))
}

/// How a search reads the index. FTS5 walks its posting lists newest first and stops at
/// the limit, whatever the words. A GIN index has no order: PostgreSQL must fetch every
/// match and sort, cheap for rare words but not for common ones, while walking the newest
/// entries and testing each is cheap for common words but reads everything for a rare one
/// (the planner cannot tell which from its estimates, and chose the walk for words that
/// match nothing: seconds). So PostgreSQL first tests the organisation's newest
/// [`NEWEST_WINDOW`] entries, and only when they hold too few hits asks GIN for all
/// matches: then there are at most about `limit / NEWEST_WINDOW` of all entries to sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SearchPlan {
    Fts5,
    NewestWindow,
    Gin,
}

const NEWEST_WINDOW: i64 = 5_000;

async fn search_with(
    pool: &Pool,
    plan: SearchPlan,
    scope: Scope,
    org: OrgId,
    matching: &str,
    search: &MessageSearch<'_>,
) -> StoreResult<Vec<HitRow>> {
    let (key, order) = match plan {
        SearchPlan::Fts5 => ("s.rowid", "s.rowid"),
        SearchPlan::NewestWindow => ("s.seq", "s.seq"),
        // `+ 0`: not the `(org_id, seq)` index's order, so the plan is GIN and a sort.
        SearchPlan::Gin => ("s.seq", "s.seq + 0"),
    };
    let mut sql: sqlx::QueryBuilder<Db> = sqlx::QueryBuilder::new(format!(
        "select {key}, m.id, m.conversation_id, m.channel_id, m.sent_at, m.content,
                m.edited_content, ct.display_name from "
    ));
    if plan == SearchPlan::NewestWindow {
        sql.push("(select message_id, seq, terms from message_search where org_id = ")
            .push_bind(org.to_string());
        if let Some(before) = search.before {
            sql.push(" and seq < ").push_bind(before);
        }
        sql.push(" order by seq desc limit ")
            .push_bind(NEWEST_WINDOW)
            .push(") s");
    } else {
        sql.push("message_search s");
    }
    let join = match plan {
        SearchPlan::Fts5 => " join messages m on m.seq = s.rowid",
        _ => " join messages m on m.id = s.message_id",
    };
    sql.push(join).push(
        " join conversations c on c.id = m.conversation_id
          left join contacts ct on ct.id = c.contact_id where ",
    );
    match plan {
        SearchPlan::Fts5 => sql
            .push("message_search match ")
            .push_bind(matching.to_owned()),
        _ => sql
            .push("s.terms @@ to_tsquery('simple', ")
            .push_bind(matching.to_owned())
            .push(")"),
    };
    sql.push(" and m.org_id = ").push_bind(org.to_string());
    if plan == SearchPlan::Gin && scope == Scope::Column {
        // `|| ''`: a filter on the entry itself, not a bitmap of the organisation's
        // `(org_id, seq)` index (which would read all of its entries).
        sql.push(" and s.org_id || '' = ")
            .push_bind(org.to_string());
    }
    if let Some(before) = search.before {
        sql.push(format!(" and {key} < ")).push_bind(before);
    }
    push_search_filters(&mut sql, search);
    sql.push(format!(" order by {order} desc limit "))
        .push_bind(i64::from(search.limit));
    if BACKEND == Backend::Sqlite {
        return Ok(sql.build_query_as().fetch_all(pool).await?);
    }
    // No parallel workers: the planner estimates a prefix's matches high and gathers two
    // workers for a scan that finds nothing, and starting them costs ≈ 30 ms of a search
    // that does ≈ 5 ms of work (5,000,000 messages; BENCHMARKS.md). A generic plan instead
    // of planning each search was measured too: twice as slow for common words.
    let mut tx = pool.begin().await?;
    sqlx::query("set local max_parallel_workers_per_gather = 0")
        .execute(&mut *tx)
        .await?;
    let rows = sql.build_query_as().fetch_all(&mut *tx).await?;
    tx.commit().await?;
    Ok(rows)
}

/// The filters beside the match; all on indexed columns of the message or its conversation.
fn push_search_filters(sql: &mut sqlx::QueryBuilder<Db>, search: &MessageSearch<'_>) {
    if let Some(channel) = search.channel {
        sql.push(" and m.channel_id = ")
            .push_bind(channel.to_string());
    }
    if let Some(team) = search.team {
        sql.push(" and c.team = ").push_bind(team.to_string());
    }
    if let Some(label) = search.label {
        sql.push(
            " and exists (select 1 from conversation_labels l
               where l.conversation_id = m.conversation_id and l.label = ",
        )
        .push_bind(label.to_owned())
        .push(")");
    }
    if let Some(from) = search.from {
        sql.push(" and m.sent_at >= ").push_bind(micros(from));
    }
    if let Some(until) = search.until {
        sql.push(" and m.sent_at < ").push_bind(micros(until));
    }
}

fn scoped_match(scope: Scope, org: OrgId, query: &Query) -> Option<String> {
    match (BACKEND, scope) {
        (Backend::Sqlite, _) => crate::search::fts5_scoped(org, query),
        (Backend::Postgres, Scope::Token) => crate::search::tsquery_scoped(org, query),
        (Backend::Postgres, Scope::Column) => {
            loket_domain::search::tsquery(query, loket_domain::search::Combine::All)
        }
    }
}

fn hit(row: HitRow) -> StoreResult<MessageHit> {
    let (seq, id, conversation, channel, sent_at, content, edited, name) = row;
    let content = match &edited {
        Some(edited) => content_or_unreadable(&id, "edited_content", edited),
        None => content_or_unreadable(&id, "content", &content),
    };
    Ok(MessageHit {
        seq,
        message_id: parse("messages.id", &id)?,
        conversation_id: parse("messages.conversation_id", &conversation)?,
        channel_id: parse("messages.channel_id", &channel)?,
        sent_at: from_micros(sent_at),
        resident_name: name,
        content,
    })
}

/// Replace one message's entry by `terms`, or remove it (`None`).
async fn put_search_entry(
    conn: &mut Conn,
    seq: i64,
    id: &str,
    org: &str,
    terms: Option<&str>,
) -> StoreResult<()> {
    match BACKEND {
        Backend::Sqlite => {
            sqlx::query("delete from message_search where rowid = $1")
                .bind(seq)
                .execute(&mut *conn)
                .await?;
            if let Some(terms) = terms {
                sqlx::query("insert into message_search (rowid, terms) values ($1, $2)")
                    .bind(seq)
                    .bind(terms)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        Backend::Postgres => {
            sqlx::query("delete from message_search where message_id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            if let Some(terms) = terms {
                sqlx::query(
                    "insert into message_search (message_id, org_id, seq, terms)
                     values ($1, $2, $3, to_tsvector('simple', $4))",
                )
                .bind(id)
                .bind(org)
                .bind(seq)
                .bind(terms)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}
