//! The organisation's search index, built from the store on first use and cached per
//! organisation. A change (import, edit, delete) bumps the organisation's generation and
//! rebuilds in the background; an index built from an older generation is never kept, so
//! a search right after a change builds afresh rather than answer from stale articles.
//! Building 10,000 articles takes ~1.7 s, so it runs on the blocking pool. The cache is per
//! process: another instance's changes show there on its next own change or restart.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use loket_domain::search::{KbArticle, KbIndex, Query, Synonyms};
use loket_domain::{KbArticleId, OrgId};

use crate::{Engine, EngineError};

/// What a hit shows besides its id, score and snippet.
#[derive(Debug, Clone)]
struct Shown {
    title: String,
    external_id: Option<String>,
    short_answer_je: Option<String>,
    short_answer_u: Option<String>,
}

pub(crate) struct OrgIndex {
    index: KbIndex<KbArticleId>,
    shown: HashMap<KbArticleId, Shown>,
}

/// An organisation's generation and the index built at it (if any).
type Entry = (u64, Option<Arc<OrgIndex>>);

#[derive(Default)]
pub(crate) struct KbCache {
    /// Per organisation: its generation and the index built at it (if any).
    orgs: Mutex<HashMap<OrgId, Entry>>,
}

impl KbCache {
    fn current(&self, org: OrgId) -> Entry {
        let orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        orgs.get(&org).cloned().unwrap_or((0, None))
    }

    /// Forget the organisation's index; returns the new generation.
    fn invalidate(&self, org: OrgId) -> u64 {
        let mut orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        let entry = orgs.entry(org).or_insert((0, None));
        entry.0 += 1;
        entry.1 = None;
        entry.0
    }

    /// Keep `index` only when nothing changed since its build started.
    fn offer(&self, org: OrgId, generation: u64, index: Arc<OrgIndex>) {
        let mut orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        let entry = orgs.entry(org).or_insert((0, None));
        if entry.0 == generation {
            entry.1 = Some(index);
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

/// The synonyms every organisation searches with. The seam for the admin-edited list
/// (issue 11): replace this with a per-organisation lookup, and invalidate the cache when
/// the list changes.
fn synonyms_for(_org: OrgId) -> Arc<Synonyms> {
    static DEFAULT: OnceLock<Arc<Synonyms>> = OnceLock::new();
    DEFAULT
        .get_or_init(|| Arc::new(Synonyms::default_nl()))
        .clone()
}

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
        let synonyms = synonyms_for(org);
        let query = Query::parse_in(q, &synonyms, &index.index);
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

    /// The cached index, or one built now.
    async fn knowledge_index(&self, org: OrgId) -> Result<Arc<OrgIndex>, EngineError> {
        let (generation, cached) = self.inner.knowledge.current(org);
        if let Some(index) = cached {
            return Ok(index);
        }
        self.build_knowledge_index(org, generation).await
    }

    async fn build_knowledge_index(
        &self,
        org: OrgId,
        generation: u64,
    ) -> Result<Arc<OrgIndex>, EngineError> {
        let articles = self.store().list_kb_articles(org).await?;
        let built = tokio::task::spawn_blocking(move || {
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
            OrgIndex { index, shown }
        })
        .await
        .map_err(|e| EngineError::Other(anyhow::anyhow!("building the index failed: {e}")))?;
        let built = Arc::new(built);
        self.inner.knowledge.offer(org, generation, built.clone());
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
        })
    }

    #[test]
    fn an_index_built_before_a_change_is_not_kept() {
        let cache = KbCache::default();
        let org = OrgId::new_at(jiff::Timestamp::UNIX_EPOCH);
        let (started, cached) = cache.current(org);
        assert!(cached.is_none());
        let after_change = cache.invalidate(org);
        cache.offer(org, started, empty());
        assert!(
            cache.current(org).1.is_none(),
            "the stale build was dropped"
        );
        cache.offer(org, after_change, empty());
        assert!(cache.current(org).1.is_some());
        cache.invalidate(org);
        assert!(cache.current(org).1.is_none(), "a change forgets the index");
    }
}
