//! The baseline the issue compares against: plain BM25 (k1 1.2, b 0.75) over the question
//! texts only, words lower-cased and Snowball Dutch stemmed — no folding, stop words,
//! synonyms, compounds, spelling or other fields.

use std::collections::HashMap;

use loket_domain::search::snowball_stem;

pub struct Baseline {
    docs: Vec<HashMap<String, u32>>,
    lengths: Vec<f32>,
    average: f32,
    df: HashMap<String, u32>,
}

fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| snowball_stem(&w.to_lowercase()))
        .collect()
}

impl Baseline {
    pub fn build<'a>(questions: impl IntoIterator<Item = &'a str>) -> Self {
        let mut docs = Vec::new();
        let mut lengths = Vec::new();
        let mut df: HashMap<String, u32> = HashMap::new();
        for q in questions {
            let words = tokens(q);
            lengths.push(words.len() as f32);
            let mut tf: HashMap<String, u32> = HashMap::new();
            for w in words {
                *tf.entry(w).or_default() += 1;
            }
            for w in tf.keys() {
                *df.entry(w.clone()).or_default() += 1;
            }
            docs.push(tf);
        }
        let average = (lengths.iter().sum::<f32>() / lengths.len().max(1) as f32).max(1.0);
        Baseline {
            docs,
            lengths,
            average,
            df,
        }
    }

    /// Document numbers, best first (ties in document order); documents scoring 0 left out.
    pub fn rank(&self, query: &str) -> Vec<usize> {
        const K1: f32 = 1.2;
        const B: f32 = 0.75;
        let n = self.docs.len() as f32;
        let words = tokens(query);
        let mut scored: Vec<(usize, f32)> = self
            .docs
            .iter()
            .enumerate()
            .map(|(d, tf)| {
                let norm = 1.0 - B + B * self.lengths[d] / self.average;
                let score = words
                    .iter()
                    .filter_map(|w| {
                        let tf = *tf.get(w)? as f32;
                        let df = self.df[w] as f32;
                        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                        Some(idf * tf * (K1 + 1.0) / (tf + K1 * norm))
                    })
                    .sum::<f32>();
                (d, score)
            })
            .filter(|&(_, s)| s > 0.0)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.into_iter().map(|(d, _)| d).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_baseline_ranks_by_stemmed_words_only() {
        let b = Baseline::build(["Wat kost een paspoort?", "Paspoorten kwijt", "Verhuizen"]);
        assert_eq!(b.rank("paspoort kwijt"), [1, 0]);
        assert_eq!(b.rank("id kaart"), Vec::<usize>::new());
    }
}
