//! What of a query ranks an article: the groups that count, and how rare each is, so that
//! equivalent spellings weigh alike and rare title words decide the title bonus.

use super::{BODY, KbIndex, STOP_GROUP_WEIGHT, TAGS, TITLE, idf};
use crate::search::analyse::is_stop_word;
use crate::search::query::{Alternative, Query};

impl<Id: Clone> KbIndex<Id> {
    /// Per field, the idf of the most common of a group's equivalent ways of writing (its
    /// alternatives of full weight: "id kaart", "identiteitskaart"): each is scored with at
    /// most that idf, so a rarer spelling of the same thing does not outweigh the usual one.
    /// A phrase is as rare as its rarest word, a word as common as its commonest form.
    pub(super) fn equivalents_idf(&self, alternatives: &[&Alternative]) -> [f32; 3] {
        let n = self.ids.len() as f32;
        let idf = |df: u32| idf(n, df);
        let mut cap = [f32::INFINITY; 3];
        for alternative in alternatives.iter().filter(|a| a.weight >= 1.0) {
            for f in [TITLE, BODY, TAGS] {
                let rarest = alternative
                    .terms
                    .iter()
                    .filter_map(|t| {
                        t.forms
                            .iter()
                            .filter_map(|form| self.terms.get(form))
                            .map(|&id| self.field_df[id as usize][f])
                            .max()
                    })
                    .filter(|&df| df > 0)
                    .map(idf)
                    .reduce(f32::max);
                if let Some(value) = rarest {
                    cap[f] = cap[f].min(value);
                }
            }
        }
        cap
    }

    /// How rare a group's words are among titles: its most specific form's title idf.
    pub(super) fn title_idf(&self, alternatives: &[&Alternative]) -> f32 {
        let n = self.ids.len() as f32;
        let best_df = alternatives
            .iter()
            .flat_map(|a| &a.terms)
            .flat_map(|t| &t.forms)
            .filter_map(|f| self.terms.get(f))
            .map(|&id| self.field_df[id as usize][TITLE])
            .filter(|&df| df > 0)
            .min();
        match best_df {
            Some(df) => idf(n, df),
            // No title holds it: it cannot tell titles apart.
            None => 0.0,
        }
    }
}

/// The groups that rank, each with its weight and the alternatives that count: the
/// content groups; and a phrase of function words that a synonym rule gives a meaning
/// ("en nu" → "gebeurt", "nadat"), by that meaning only. When the query has nothing but
/// function words, those count a little, so it still finds something.
pub(super) fn ranking_groups(query: &Query) -> Vec<(f32, Vec<&Alternative>)> {
    let all_stop = query.groups.iter().all(|g| g.stop);
    let is_content = |a: &&Alternative| a.terms.iter().any(|t| !is_stop_word(&t.forms[0]));
    query
        .groups
        .iter()
        .filter_map(|g| {
            if all_stop {
                Some((STOP_GROUP_WEIGHT, g.alternatives.iter().collect()))
            } else if !g.stop {
                Some((1.0, g.alternatives.iter().collect()))
            } else {
                let meaning: Vec<&Alternative> = g.alternatives.iter().filter(is_content).collect();
                (!meaning.is_empty()).then_some((1.0, meaning))
            }
        })
        .collect()
}
