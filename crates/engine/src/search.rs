//! Message search (issue 11): every conversation's messages of an organisation, searched
//! with the domain's Dutch analyser, and the indexer the job worker runs to keep the
//! full-text index up to date with what is stored (masked text, edits, anonymisation).

use loket_domain::input::FieldProblem;
use loket_domain::search::{Query, highlights};
use loket_domain::{ChannelId, ConversationId, MessageId, OrgId, TeamId, Timestamp};
use loket_store::MessageSearch;

use crate::{Engine, EngineError};

/// Messages indexed per transaction.
pub const INDEX_BATCH: u32 = 500;
/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Hits per page unless asked otherwise, and at most.
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

/// What to narrow a search to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageFilters {
    pub channel: Option<ChannelId>,
    /// A label's slug.
    pub label: Option<String>,
    pub team: Option<TeamId>,
    /// Sent at or after.
    pub from: Option<Timestamp>,
    /// Sent before.
    pub until: Option<Timestamp>,
}

/// A message that matched, with its text and the byte ranges of the matching words.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageHit {
    pub message_id: MessageId,
    pub conversation_id: ConversationId,
    pub channel_id: ChannelId,
    pub at: Timestamp,
    pub resident_name: Option<String>,
    pub text: String,
    /// Byte ranges into `text`, in order.
    pub highlights: Vec<(usize, usize)>,
}

/// One page of hits, newest first, and the cursor of the next page.
#[derive(Debug, Clone, PartialEq)]
pub struct MessagePage {
    pub hits: Vec<MessageHit>,
    pub next: Option<String>,
}

impl Engine {
    /// The messages of `org` holding every word of `q` (stems, synonyms built in and the
    /// organisation's own, the last word as a prefix), newest first. `q` is 1–[`MAX_QUERY_CHARS`] characters; `limit` 1–[`MAX_LIMIT`];
    /// `cursor` is a page's `next`. Words that are all stop words or punctuation find nothing.
    pub async fn search_messages(
        &self,
        org: OrgId,
        q: &str,
        filters: &MessageFilters,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<MessagePage, EngineError> {
        let before = check_search(q, cursor, limit)?;
        // The organisation's own synonyms too (its admins' words for its services).
        let synonyms = self.search_synonyms(org).await?;
        let query = Query::parse(q, &synonyms);
        let search = MessageSearch {
            query: &query,
            channel: filters.channel,
            label: filters.label.as_deref(),
            team: filters.team,
            from: filters.from,
            until: filters.until,
            before,
            // One more than asked tells whether there is a next page.
            limit: limit + 1,
        };
        let mut rows = self.store().search_messages(org, &search).await?;
        let next = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last().map(|r| r.seq.to_string())
        } else {
            None
        };
        let hits = rows
            .into_iter()
            .map(|row| {
                let text = row.content.text().unwrap_or_default().to_owned();
                MessageHit {
                    highlights: highlights(&text, &query),
                    message_id: row.message_id,
                    conversation_id: row.conversation_id,
                    channel_id: row.channel_id,
                    at: row.sent_at,
                    resident_name: row.resident_name,
                    text,
                }
            })
            .collect();
        Ok(MessagePage { hits, next })
    }

    /// Index one batch of pending messages; returns how many (0: nothing was pending).
    pub async fn index_pending_messages(&self) -> Result<u64, EngineError> {
        let now = self.clock().now();
        Ok(self
            .store()
            .index_pending_messages(now, INDEX_BATCH)
            .await?)
    }

    /// Mark the messages of `org` (every organisation: `None`) to be indexed again.
    pub async fn mark_messages_for_reindex(&self, org: Option<OrgId>) -> Result<u64, EngineError> {
        Ok(self.store().mark_messages_pending(org).await?)
    }

    /// After indexing many messages at once (`loket reindex`): the database's statistics of
    /// the index, which choose how a PostgreSQL search keeps to the organisation.
    pub async fn refresh_search_statistics(&self) -> Result<(), EngineError> {
        Ok(self.store().refresh_search_statistics().await?)
    }

    /// Index until nothing is pending; returns how many were indexed.
    pub async fn index_all_pending_messages(&self) -> Result<u64, EngineError> {
        let mut total = 0;
        loop {
            let n = self.index_pending_messages().await?;
            if n == 0 {
                return Ok(total);
            }
            total += n;
        }
    }
}

/// Every problem of the parameters at once; the cursor's position when it is valid.
fn check_search(q: &str, cursor: Option<&str>, limit: u32) -> Result<Option<i64>, EngineError> {
    let mut problems = Vec::new();
    let chars = q.chars().count();
    if q.trim().is_empty() {
        problems.push(FieldProblem::new(
            "q",
            "is required: type one or more words",
        ));
    } else if chars > MAX_QUERY_CHARS {
        problems.push(FieldProblem::new(
            "q",
            format!("is {chars} characters long; at most {MAX_QUERY_CHARS} are allowed"),
        ));
    }
    if !(1..=MAX_LIMIT).contains(&limit) {
        problems.push(FieldProblem::new(
            "limit",
            format!("must be 1 to {MAX_LIMIT}"),
        ));
    }
    let before = match cursor {
        None => None,
        Some(c) => match c.parse::<i64>() {
            Ok(seq) if seq > 0 => Some(seq),
            _ => {
                problems.push(FieldProblem::new(
                    "cursor",
                    "is not a cursor this API gave out",
                ));
                None
            }
        },
    };
    if problems.is_empty() {
        Ok(before)
    } else {
        Err(EngineError::InvalidFields(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_must_be_one_to_five_hundred_characters_and_the_limit_at_most_a_hundred() {
        assert!(check_search("paspoort", None, 20).is_ok());
        assert_eq!(check_search("paspoort", Some("42"), 1).unwrap(), Some(42));
        for (q, cursor, limit) in [
            ("", None, 20),
            ("   ", None, 20),
            (&*"a".repeat(501), None, 20),
            ("paspoort", None, 0),
            ("paspoort", None, 101),
            ("paspoort", Some("abc"), 20),
            ("paspoort", Some("-1"), 20),
        ] {
            assert!(
                matches!(
                    check_search(q, cursor, limit),
                    Err(EngineError::InvalidFields(_))
                ),
                "{q:?} {cursor:?} {limit}"
            );
        }
        assert!(check_search(&"é".repeat(500), None, 100).is_ok());
    }
}
