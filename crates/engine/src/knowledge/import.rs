//! Importing articles from a source with ids of its own (the Rijksoverheid CSV files):
//! idempotent on the source's id. New → inserted, the same → unchanged, changed upstream →
//! updated; an article changed in the editor since its import is never overwritten, and
//! reported instead. Invalid rows are skipped and reported.

use std::collections::HashMap;

use loket_domain::{KbArticleId, OrgId};
use loket_store::KnowledgeArticle;

use super::{ArticleInput, fill};
use crate::{Engine, EngineError};

/// One article from the source.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub external_id: String,
    pub input: ArticleInput,
}

/// What an import did, by the source's ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Changed in the editor since their import: left as they are.
    pub kept_edited: Vec<String>,
    /// Rows refused, with the reasons.
    pub invalid: Vec<(String, String)>,
}

impl Engine {
    pub async fn import_kb_articles(
        &self,
        org: OrgId,
        rows: Vec<ImportRow>,
    ) -> Result<ImportReport, EngineError> {
        let mut existing: HashMap<String, KnowledgeArticle> = self
            .store()
            .list_kb_articles(org)
            .await?
            .into_iter()
            .filter_map(|a| Some((a.external_id.clone()?, a)))
            .collect();
        let mut report = ImportReport::default();
        let now = self.clock().now();
        for row in rows {
            let input = match row.input.checked() {
                Ok(input) => input,
                Err(problems) => {
                    let why = problems
                        .iter()
                        .map(|p| format!("{}: {}", p.field, p.reason))
                        .collect::<Vec<_>>()
                        .join("; ");
                    report.invalid.push((row.external_id, why));
                    continue;
                }
            };
            match existing.get_mut(&row.external_id) {
                None => {
                    let mut article = new_article(org, &row.external_id, now);
                    fill(&mut article, input);
                    self.store().insert_kb_article(&article).await?;
                    existing.insert(row.external_id, article);
                    report.inserted += 1;
                }
                Some(article) if article.edited_at.is_some() => {
                    report.kept_edited.push(row.external_id);
                }
                Some(article) => {
                    let mut changed = article.clone();
                    fill(&mut changed, input);
                    if changed == *article {
                        report.unchanged += 1;
                        continue;
                    }
                    changed.updated_at = now;
                    changed.imported_at = Some(now);
                    self.store().update_kb_article(&changed).await?;
                    *article = changed;
                    report.updated += 1;
                }
            }
        }
        if report.inserted + report.updated > 0 {
            self.knowledge_changed(org);
        }
        Ok(report)
    }
}

fn new_article(org: OrgId, external_id: &str, now: loket_domain::Timestamp) -> KnowledgeArticle {
    KnowledgeArticle {
        id: KbArticleId::new_at(now),
        org_id: org,
        external_id: Some(external_id.to_owned()),
        title: String::new(),
        body: String::new(),
        short_answer_je: None,
        short_answer_u: None,
        tags: Vec::new(),
        department: None,
        review_date: None,
        source_url: None,
        created_at: now,
        updated_at: now,
        edited_at: None,
        imported_at: Some(now),
    }
}
