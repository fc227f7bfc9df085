//! The organisation's search index, built from the store on first use and cached per
//! organisation. A change made here (import, edit, delete, the synonym list) bumps the
//! organisation's generation and rebuilds in the background; an index built from an older
//! generation is never kept, so a search right after a change builds afresh rather than
//! answer from stale articles. Changes made by another instance are noticed by the store's
//! cheap stamp (count and newest change of the articles, the synonym list's save), read on
//! a search at most every [`STAMP_CHECK_EVERY`]: a different stamp rebuilds. Building
//! 10,000 articles takes ~1.7 s, so it runs on the blocking pool.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jiff::{SignedDuration, Timestamp};
use loket_domain::search::{KbArticle, KbIndex, Query, Synonyms};
use loket_domain::{KbArticleId, OrgId};
use loket_store::KbStamp;

use super::synonyms::merged;
use crate::{Engine, EngineError};

/// How long a search trusts the cached index before asking the store whether another
/// instance changed the knowledge base: the longest another instance's edit stays unseen.
pub const STAMP_CHECK_EVERY: SignedDuration = SignedDuration::from_secs(5);

/// What a hit shows besides its id, score and snippet.
#[derive(Debug, Clone)]
struct Shown {
    title: String,
    external_id: Option<String>,
    short_answer_je: Option<String>,
    short_answer_u: Option<String>,
}

pub(crate) struct OrgIndex {
    pub(super) index: KbIndex<KbArticleId>,
    shown: HashMap<KbArticleId, Shown>,
    /// The built-in list merged with the organisation's own.
    pub(super) synonyms: Arc<Synonyms>,
    /// The store's stamp, read before the articles: a different one later means a change.
    stamp: KbStamp,
}

/// An organisation's generation, the index built at it (if any) and when the store's stamp
/// last confirmed that index.
#[derive(Clone, Default)]
struct Entry {
    generation: u64,
    index: Option<Arc<OrgIndex>>,
    checked_at: Option<Timestamp>,
}

#[derive(Default)]
pub(crate) struct KbCache {
    orgs: Mutex<HashMap<OrgId, Entry>>,
}

impl KbCache {
    fn current(&self, org: OrgId) -> Entry {
        let orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        orgs.get(&org).cloned().unwrap_or_default()
    }

    /// Forget the organisation's index; returns the new generation.
    fn invalidate(&self, org: OrgId) -> u64 {
        let mut orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        let entry = orgs.entry(org).or_default();
        entry.generation += 1;
        entry.index = None;
        entry.generation
    }

    /// Keep `index` only when nothing changed since its build started.
    fn offer(&self, org: OrgId, generation: u64, index: Arc<OrgIndex>, at: Timestamp) {
        let mut orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        let entry = orgs.entry(org).or_default();
        if entry.generation == generation {
            entry.index = Some(index);
            entry.checked_at = Some(at);
        }
    }

    /// The store's stamp still matches the index of `generation`.
    fn confirmed(&self, org: OrgId, generation: u64, at: Timestamp) {
        let mut orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = orgs.get_mut(&org).filter(|e| e.generation == generation) {
            entry.checked_at = Some(at);
        }
    }
}

/// One search hit, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct KnowledgeHit {
    pub id: KbArticleId,
    pub external_id: Option<String>,
    pub title: String,
    /// Plain text.
    pub snippet: String,
    /// Higher is better; comparable within one search only.
    pub score: f32,
    pub short_answer_je: Option<String>,
    pub short_answer_u: Option<String>,
}

impl KnowledgeHit {
    /// The short answer in the form of address asked for, else the other one.
    pub fn short_answer(&self, informal: bool) -> Option<&str> {
        let (first, second) = if informal {
            (&self.short_answer_je, &self.short_answer_u)
        } else {
            (&self.short_answer_u, &self.short_answer_je)
        };
        first.as_deref().or(second.as_deref())
    }
}

/// Most hits one search returns.
pub const MAX_SEARCH_LIMIT: usize = 50;
/// Longest query in characters.
pub const MAX_QUERY_CHARS: usize = 500;

impl Engine {
    /// The organisation's articles matching `q`, best first (at most `limit`, itself at
    /// most [`MAX_SEARCH_LIMIT`]). An empty or too long `q` is `Invalid`.
    pub async fn search_knowledge(
        &self,
        org: OrgId,
        q: &str,
        limit: usize,
    ) -> Result<Vec<KnowledgeHit>, EngineError> {
        let q = q.trim();
        if q.is_empty() || q.chars().count() > MAX_QUERY_CHARS {
            return Err(EngineError::Invalid(vec![format!(
                "q must hold 1 to {MAX_QUERY_CHARS} characters"
            )]));
        }
        let limit = limit.clamp(1, MAX_SEARCH_LIMIT);
        let index = self.knowledge_index(org).await?;
        let query = Query::parse_in(q, &index.synonyms, &index.index);
        let hits = index.index.search(&query, limit);
        Ok(hits
            .into_iter()
            .filter_map(|hit| {
                let shown = index.shown.get(&hit.id)?.clone();
                Some(KnowledgeHit {
                    id: hit.id,
                    external_id: shown.external_id,
                    title: shown.title,
                    snippet: hit.snippet,
                    score: hit.score,
                    short_answer_je: shown.short_answer_je,
                    short_answer_u: shown.short_answer_u,
                })
            })
            .collect())
    }

    /// [`Engine::search_knowledge`] for the composer of `conversation` (another
    /// organisation's conversation: `NotFound`).
    pub async fn knowledge_for_conversation(
        &self,
        org: OrgId,
        conversation: loket_domain::ConversationId,
        q: &str,
        limit: usize,
    ) -> Result<Vec<KnowledgeHit>, EngineError> {
        self.store().get_conversation(org, conversation).await?;
        self.search_knowledge(org, q, limit).await
    }

    /// The cached index, or one built now: when there is none, or when the store's stamp,
    /// read at most every [`STAMP_CHECK_EVERY`], says another instance changed something.
    pub(super) async fn knowledge_index(&self, org: OrgId) -> Result<Arc<OrgIndex>, EngineError> {
        let entry = self.inner.knowledge.current(org);
        let Some(index) = entry.index else {
            return self.build_knowledge_index(org, entry.generation).await;
        };
        let now = self.clock().now();
        let fresh = entry
            .checked_at
            .is_some_and(|at| now.duration_since(at) < STAMP_CHECK_EVERY);
        if fresh {
            return Ok(index);
        }
        if self.store().kb_stamp(org).await? == index.stamp {
            self.inner.knowledge.confirmed(org, entry.generation, now);
            return Ok(index);
        }
        let generation = self.inner.knowledge.invalidate(org);
        self.build_knowledge_index(org, generation).await
    }

    async fn build_knowledge_index(
        &self,
        org: OrgId,
        generation: u64,
    ) -> Result<Arc<OrgIndex>, EngineError> {
        let started = self.clock().now();
        // The stamp first: a change between these reads makes the next check rebuild.
        let stamp = self.store().kb_stamp(org).await?;
        let own = self.store().get_kb_synonyms(org).await?;
        let articles = self.store().list_kb_articles(org).await?;
        let built = tokio::task::spawn_blocking(move || {
            let synonyms = merged(org, own.as_ref().map(|l| l.text.as_str()));
            let shown = articles
                .iter()
                .map(|a| {
                    let shown = Shown {
                        title: a.title.clone(),
                        external_id: a.external_id.clone(),
                        short_answer_je: a.short_answer_je.clone(),
                        short_answer_u: a.short_answer_u.clone(),
                    };
                    (a.id, shown)
                })
                .collect();
            let index = KbIndex::build(articles.into_iter().map(|a| KbArticle {
                id: a.id,
                title: a.title,
                body: a.body,
                tags: a.tags,
            }));
            OrgIndex {
                index,
                shown,
                synonyms,
                stamp,
            }
        })
        .await
        .map_err(|e| EngineError::Other(anyhow::anyhow!("building the index failed: {e}")))?;
        let built = Arc::new(built);
        (self.inner.knowledge).offer(org, generation, built.clone(), started);
        Ok(built)
    }

    /// After a change: forget the index and rebuild it off the request path.
    pub(crate) fn knowledge_changed(&self, org: OrgId) {
        let generation = self.inner.knowledge.invalidate(org);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let engine = self.clone();
            runtime.spawn(async move {
                if let Err(e) = engine.build_knowledge_index(org, generation).await {
                    tracing::warn!(org = %org, error = %e, "rebuilding the knowledge index failed");
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> Arc<OrgIndex> {
        Arc::new(OrgIndex {
            index: KbIndex::build(Vec::new()),
            shown: HashMap::new(),
            synonyms: Arc::new(Synonyms::default()),
            stamp: KbStamp::default(),
        })
    }

    #[test]
    fn an_index_built_before_a_change_is_not_kept() {
        let cache = KbCache::default();
        let org = OrgId::new_at(Timestamp::UNIX_EPOCH);
        let now = Timestamp::UNIX_EPOCH;
        let started = cache.current(org);
        assert!(started.index.is_none());
        let after_change = cache.invalidate(org);
        cache.offer(org, started.generation, empty(), now);
        assert!(
            cache.current(org).index.is_none(),
            "the stale build was dropped"
        );
        cache.offer(org, after_change, empty(), now);
        assert!(cache.current(org).index.is_some());
        assert_eq!(cache.current(org).checked_at, Some(now));
        cache.invalidate(org);
        assert!(
            cache.current(org).index.is_none(),
            "a change forgets the index"
        );
    }

    #[test]
    fn a_stamp_check_confirms_only_the_generation_it_checked() {
        let cache = KbCache::default();
        let org = OrgId::new_at(Timestamp::UNIX_EPOCH);
        let built = Timestamp::UNIX_EPOCH;
        let later = built + SignedDuration::from_secs(10);
        let generation = cache.invalidate(org);
        cache.offer(org, generation, empty(), built);
        cache.confirmed(org, generation - 1, later);
        assert_eq!(cache.current(org).checked_at, Some(built));
        cache.confirmed(org, generation, later);
        assert_eq!(cache.current(org).checked_at, Some(later));
    }
}
