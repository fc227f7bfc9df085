//! Message search (issue 11): the full-text index of messages' stored (already masked) text,
//! filled in batches by the job worker, and the org-scoped search over it. The analysis is
//! the domain's (`loket_domain::search`); each backend stores and matches it natively
//! (SQLite FTS5, PostgreSQL `tsvector` + GIN).

use async_trait::async_trait;
use loket_domain::message::Content;
use loket_domain::search::{Combine, Query, fts5_match, index_text, tsquery};
use loket_domain::{ChannelId, ConversationId, MessageId, OrgId, TeamId, Timestamp};

use crate::StoreResult;

/// One search: the parsed query and its filters, newest first, after the keyset position
/// `before` (a hit's `seq`), at most `limit` hits.
#[derive(Debug, Clone)]
pub struct MessageSearch<'a> {
    pub query: &'a Query,
    pub channel: Option<ChannelId>,
    /// A label's slug, as stored on conversations.
    pub label: Option<&'a str>,
    pub team: Option<TeamId>,
    /// Sent at or after.
    pub from: Option<Timestamp>,
    /// Sent before.
    pub until: Option<Timestamp>,
    pub before: Option<i64>,
    pub limit: u32,
}

/// A message that matched, with what a result list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageHit {
    /// The paging key (insertion order; newest first).
    pub seq: i64,
    pub message_id: MessageId,
    pub conversation_id: ConversationId,
    pub channel_id: ChannelId,
    pub sent_at: Timestamp,
    pub resident_name: Option<String>,
    /// The current content (the edit, when the resident edited it).
    pub content: Content,
}

#[async_trait]
pub trait MessageSearchStore {
    /// Index up to `limit` pending messages (oldest first) in one transaction: replace each
    /// one's entry by its current text, or remove it (no text, revoked, anonymised), and
    /// mark it indexed at `now`. Deployment-wide, like the job queue. Returns how many.
    async fn index_pending_messages(&self, now: Timestamp, limit: u32) -> StoreResult<u64>;

    /// Mark the messages of `org` (all organisations: `None`) pending again, e.g. after the
    /// analyser changed. Returns how many.
    async fn mark_messages_pending(&self, org: Option<OrgId>) -> StoreResult<u64>;

    /// How many messages wait to be indexed.
    async fn count_pending_messages(&self) -> StoreResult<u64>;

    /// Bring the planner's statistics of the index up to date after indexing many messages
    /// at once (PostgreSQL: `ANALYZE message_search`, whose organisation shares choose how a
    /// search is scoped; SQLite's FTS5 keeps none). Autovacuum does the same in its time.
    async fn refresh_search_statistics(&self) -> StoreResult<()>;

    /// The messages of `org` matching every word of the query, newest first. Nothing
    /// searchable in the query: no hits (and no database round trip).
    async fn search_messages(
        &self,
        org: OrgId,
        search: &MessageSearch<'_>,
    ) -> StoreResult<Vec<MessageHit>>;
}

/// The organisation's token: the first word of every entry, ANDed into the match (always on
/// SQLite; on PostgreSQL unless the organisation holds most of the index, `common/search.rs`),
/// so a common word is not matched across all organisations; `org_id` filters besides.
pub(crate) fn org_token(org: OrgId) -> String {
    format!("o{}", org.as_uuid().simple())
}

/// What an entry holds: the org token and the analysed text, or `None` when the message
/// has nothing to find (no text, revoked). An edit is found through the message it edited
/// (which is indexed again with the new text), not a second time as itself.
pub(crate) fn entry_terms(org: OrgId, content: &Content, revoked: bool) -> Option<String> {
    if revoked || matches!(content, Content::Edit { .. }) {
        return None;
    }
    let text = content.text().map(index_text).unwrap_or_default();
    if text.is_empty() {
        return None;
    }
    Some(format!("{} {text}", org_token(org)))
}

/// The FTS5 `MATCH` string, scoped to `org`.
pub(crate) fn fts5_scoped(org: OrgId, query: &Query) -> Option<String> {
    let words = fts5_match(query, Combine::All)?;
    Some(format!("\"{}\" AND ({words})", org_token(org)))
}

/// The `to_tsquery('simple', …)` text, scoped to `org`.
pub(crate) fn tsquery_scoped(org: OrgId, query: &Query) -> Option<String> {
    let words = tsquery(query, Combine::All)?;
    Some(format!("'{}' & ({words})", org_token(org)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use loket_domain::search::Synonyms;

    #[test]
    fn an_entry_starts_with_the_organisation_and_holds_nothing_for_a_revoked_message() {
        let org: OrgId = "01936f2e-0000-7000-8000-000000000001".parse().unwrap();
        let content = Content::Text {
            body: "Mijn paspoort".into(),
        };
        let terms = entry_terms(org, &content, false).unwrap();
        assert!(terms.starts_with(&org_token(org)));
        assert!(terms.contains("paspoort"));
        assert_eq!(entry_terms(org, &content, true), None);
        let empty = Content::Text { body: " ".into() };
        assert_eq!(entry_terms(org, &empty, false), None);
    }

    #[test]
    fn the_scoped_match_ands_the_organisation_token_in() {
        let org: OrgId = "01936f2e-0000-7000-8000-000000000001".parse().unwrap();
        let query = Query::parse("paspoort", &Synonyms::default_nl());
        let fts = fts5_scoped(org, &query).unwrap();
        assert!(fts.starts_with(&format!("\"{}\" AND (", org_token(org))));
        let ts = tsquery_scoped(org, &query).unwrap();
        assert!(ts.starts_with(&format!("'{}' & (", org_token(org))));
        assert_eq!(
            fts5_scoped(org, &Query::parse("  ", &Synonyms::default_nl())),
            None
        );
    }
}
