//! Knowledge-base ranking: BM25 per field (title, body, tags), weighted and summed, over
//! analysed articles, in memory. Each field has its own document frequencies and length
//! normalisation, so a word that is rare among *titles* counts as such even when many
//! bodies mention it, and a long body cannot saturate away a title match.
//!
//! Built for a candidate set or a whole organisation's knowledge base (≤ 10,000 articles):
//! postings per index term, field lengths per article, and the plain text of each body for
//! snippets. Scores are higher for better matches and comparable only within one search.

use std::collections::{BTreeMap, HashMap};

use super::analyse::analyse;
use super::query::{Alternative, Query, Term};
use super::snippet::{plain_text, snippet};

mod groups;
mod vocabulary;

use groups::ranking_groups;

/// An article as it is indexed.
#[derive(Debug, Clone)]
pub struct KbArticle<Id> {
    pub id: Id,
    /// The title or question: weighted highest.
    pub title: String,
    /// Markdown; indexed as plain text, and the snippet comes from it.
    pub body: String,
    pub tags: Vec<String>,
}

/// A hit: the article's id, its score (higher is better) and a plain-text snippet.
#[derive(Debug, Clone, PartialEq)]
pub struct KbHit<Id> {
    pub id: Id,
    pub score: f32,
    pub snippet: String,
}

const TITLE: usize = 0;
const BODY: usize = 1;
const TAGS: usize = 2;
/// Field weights: a word in the question says more than one in the answer.
const FIELD_WEIGHT: [f32; 3] = [3.0, 0.6, 0.5];
/// Length normalisation per field: titles are all short, bodies vary.
const FIELD_B: [f32; 3] = [0.5, 0.75, 0.3];
const K1: f32 = 1.2;
/// How much a title holding all the query's words multiplies the score (see `search`).
const TITLE_COVERAGE: f32 = 1.0;
/// What a group of function words counts when the query has nothing else.
const STOP_GROUP_WEIGHT: f32 = 0.2;

/// A prefix match ("paspo" → "paspoort") counts this much of a whole-word match.
const PREFIX_WEIGHT: f32 = 0.5;
/// At most this many index terms per prefix, so "a" cannot fan out over the whole index.
const MAX_PREFIX_TERMS: usize = 64;

#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    tf: [u16; 3],
}

/// An in-memory BM25F index of knowledge-base articles.
#[derive(Debug, Clone)]
pub struct KbIndex<Id> {
    ids: Vec<Id>,
    bodies: Vec<String>,
    lengths: Vec<[u32; 3]>,
    average: [f32; 3],
    terms: HashMap<String, u32>,
    postings: Vec<Vec<Posting>>,
    /// Per term, in how many articles each field holds it.
    field_df: Vec<[u32; 3]>,
    /// Terms in order, for prefix matches.
    sorted: BTreeMap<String, u32>,
    /// Terms spelt backwards, for compounds by their last part.
    reversed: BTreeMap<String, u32>,
    /// Unstemmed words by length in characters, for spelling corrections.
    by_length: Vec<Vec<String>>,
}

impl<Id: Clone> KbIndex<Id> {
    /// Analyses and indexes `articles`.
    pub fn build(articles: impl IntoIterator<Item = KbArticle<Id>>) -> Self {
        let mut index = KbIndex {
            ids: Vec::new(),
            bodies: Vec::new(),
            lengths: Vec::new(),
            average: [0.0; 3],
            terms: HashMap::new(),
            postings: Vec::new(),
            field_df: Vec::new(),
            sorted: BTreeMap::new(),
            reversed: BTreeMap::new(),
            by_length: Vec::new(),
        };
        for article in articles {
            index.add(article);
        }
        let n = index.ids.len().max(1) as f32;
        for f in [TITLE, BODY, TAGS] {
            let total: u64 = index.lengths.iter().map(|l| u64::from(l[f])).sum();
            index.average[f] = (total as f32 / n).max(1.0);
        }
        index.sorted = index.terms.iter().map(|(t, &i)| (t.clone(), i)).collect();
        index.reversed = index
            .terms
            .iter()
            .map(|(t, &i)| (t.chars().rev().collect(), i))
            .collect();
        index
    }

    fn add(&mut self, article: KbArticle<Id>) {
        let doc = self.ids.len() as u32;
        let body = plain_text(&article.body);
        let fields = [
            article.title.clone(),
            body.clone(),
            article.tags.join(" | "),
        ];
        let mut counts: HashMap<String, [u16; 3]> = HashMap::new();
        let mut lengths = [0u32; 3];
        for (f, text) in fields.iter().enumerate() {
            for token in analyse(text) {
                lengths[f] += 1;
                let word_tf = counts.entry(token.word.clone()).or_default();
                word_tf[f] = word_tf[f].saturating_add(1);
                if token.stem != token.word {
                    let stem_tf = counts.entry(token.stem).or_default();
                    stem_tf[f] = stem_tf[f].saturating_add(1);
                }
            }
        }
        let mut counts: Vec<(String, [u16; 3])> = counts.into_iter().collect();
        counts.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (term, tf) in counts {
            let next = self.postings.len() as u32;
            let id = *self.terms.entry(term.clone()).or_insert_with(|| {
                let len = term.chars().count();
                if self.by_length.len() <= len {
                    self.by_length.resize(len + 1, Vec::new());
                }
                self.by_length[len].push(term.clone());
                next
            });
            if id == next {
                self.postings.push(Vec::new());
                self.field_df.push([0; 3]);
            }
            for f in [TITLE, BODY, TAGS] {
                self.field_df[id as usize][f] += u32::from(tf[f] > 0);
            }
            self.postings[id as usize].push(Posting { doc, tf });
        }
        self.ids.push(article.id);
        self.bodies.push(body);
        self.lengths.push(lengths);
    }

    /// The number of indexed articles.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The best `limit` articles for `query`, best first; ties keep index order.
    ///
    /// An article's score is the sum over the query's groups of its best alternative's
    /// score, times `1 + TITLE_COVERAGE × (share of groups found in its title)`: for a
    /// question-and-answer base, a title that holds every word asked is the strongest sign.
    pub fn search(&self, query: &Query, limit: usize) -> Vec<KbHit<Id>> {
        let n = self.ids.len();
        let mut total = vec![0f32; n];
        let mut in_title = vec![0f32; n];
        let mut scratch = Scratch::new(n);
        let mut groups = 0f32;
        for (weight, alternatives) in ranking_groups(query) {
            let importance = self.title_idf(&alternatives);
            scratch.idf_cap = self.equivalents_idf(&alternatives);
            groups += importance;
            scratch.group.fill(0.0);
            scratch.title.fill(0.0);
            for alternative in alternatives {
                self.score_alternative(alternative, &mut scratch);
            }
            for d in 0..n {
                total[d] += weight * scratch.group[d];
                in_title[d] += importance * scratch.title[d];
            }
        }
        let groups = groups.max(f32::MIN_POSITIVE);
        for (t, hits) in total.iter_mut().zip(&in_title) {
            *t *= 1.0 + TITLE_COVERAGE * hits / groups;
        }
        let mut ranked: Vec<(usize, f32)> = total
            .into_iter()
            .enumerate()
            .filter(|&(_, s)| s > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        let forms = self.matched_forms(query);
        ranked
            .into_iter()
            .map(|(doc, score)| KbHit {
                id: self.ids[doc].clone(),
                score,
                snippet: snippet(&self.bodies[doc], &forms),
            })
            .collect()
    }

    /// Keeps in `scratch.group`, per article, the better of its value and this
    /// alternative's score: the mean of its terms' scores (a phrase such as
    /// "basisregistratie personen" is one concept, as "brp" is; a missing part counts 0).
    fn score_alternative(&self, alternative: &Alternative, scratch: &mut Scratch) {
        let count = alternative.terms.len().max(1) as f32;
        scratch.alt_touched.clear();
        for term in &alternative.terms {
            self.score_term(term, scratch);
            for &doc in &scratch.term_touched {
                let d = doc as usize;
                if scratch.alt_hits[d] == 0 {
                    scratch.alt_touched.push(doc);
                }
                scratch.alt_sum[d] += scratch.term[d];
                scratch.alt_hits[d] += 1;
                scratch.alt_title[d] += u8::from(scratch.term_title[d]);
                scratch.term[d] = 0.0;
                scratch.term_title[d] = false;
            }
        }
        for &doc in &scratch.alt_touched {
            let d = doc as usize;
            let value = alternative.weight * scratch.alt_sum[d] / count;
            scratch.group[d] = scratch.group[d].max(value);
            let title = alternative.weight * f32::from(scratch.alt_title[d]) / count;
            scratch.title[d] = scratch.title[d].max(title);
            scratch.alt_sum[d] = 0.0;
            scratch.alt_hits[d] = 0;
            scratch.alt_title[d] = 0;
        }
    }

    /// Leaves in `scratch.term` the best score per article over the term's forms (the
    /// word and its stem are the same occurrence: counting both would count it twice).
    fn score_term(&self, term: &Term, scratch: &mut Scratch) {
        scratch.term_touched.clear();
        for form in &term.forms {
            if let Some(&id) = self.terms.get(form) {
                self.score_postings(id, 1.0, scratch);
            }
            if term.prefix {
                let longer = self
                    .sorted
                    .range::<str, _>((
                        std::ops::Bound::Excluded(form.as_str()),
                        std::ops::Bound::Unbounded,
                    ))
                    .take_while(|(t, _)| t.starts_with(form.as_str()))
                    .take(MAX_PREFIX_TERMS);
                for (_, &id) in longer {
                    self.score_postings(id, PREFIX_WEIGHT, scratch);
                }
            }
        }
    }

    fn score_postings(&self, term: u32, weight: f32, scratch: &mut Scratch) {
        let n = self.ids.len() as f32;
        let idf = self.field_df[term as usize].map(|df| idf(n, df));
        let idf = [TITLE, BODY, TAGS].map(|f| idf[f].min(scratch.idf_cap[f]));
        for p in &self.postings[term as usize] {
            let d = p.doc as usize;
            let mut score = 0.0;
            for f in [TITLE, BODY, TAGS] {
                if p.tf[f] == 0 {
                    continue;
                }
                let tf = f32::from(p.tf[f]);
                let norm =
                    1.0 - FIELD_B[f] + FIELD_B[f] * self.lengths[d][f] as f32 / self.average[f];
                score += FIELD_WEIGHT[f] * idf[f] * tf * (K1 + 1.0) / (tf + K1 * norm);
            }
            score *= weight;
            scratch.term_title[d] |= p.tf[TITLE] > 0;
            if scratch.term[d] == 0.0 && score > 0.0 {
                scratch.term_touched.push(p.doc);
            }
            scratch.term[d] = scratch.term[d].max(score);
        }
    }

    /// Every form of every scoring term, for the snippet to look for.
    fn matched_forms(&self, query: &Query) -> Vec<String> {
        let mut forms: Vec<String> = query
            .scoring_groups()
            .flat_map(|g| &g.alternatives)
            .flat_map(|a| &a.terms)
            .flat_map(|t| t.forms.iter().cloned())
            .collect();
        forms.sort();
        forms.dedup();
        forms
    }
}

/// BM25's inverse document frequency of a term in `df` of `n` articles.
fn idf(n: f32, df: u32) -> f32 {
    (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln()
}

/// Per-search score arrays, one slot per article, reset as they are used.
struct Scratch {
    /// The current group's idf ceiling per field (see `equivalents_idf`).
    idf_cap: [f32; 3],
    group: Vec<f32>,
    /// How well the group matched in the article's title (0–1: the alternative's weight
    /// times the share of its terms there).
    title: Vec<f32>,
    alt_title: Vec<u8>,
    term_title: Vec<bool>,
    alt_sum: Vec<f32>,
    alt_hits: Vec<u8>,
    alt_touched: Vec<u32>,
    term: Vec<f32>,
    term_touched: Vec<u32>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            idf_cap: [f32::INFINITY; 3],
            group: vec![0.0; n],
            title: vec![0.0; n],
            alt_title: vec![0; n],
            term_title: vec![false; n],
            alt_sum: vec![0.0; n],
            alt_hits: vec![0; n],
            alt_touched: Vec::new(),
            term: vec![0.0; n],
            term_touched: Vec::new(),
        }
    }
}
