//! A user's search words, analysed like the index and expanded: each query word becomes an
//! OR group of alternatives (its folded form and stem, synonyms, compound parts, spelling
//! corrections), and a backend combines the groups (see [`super::builders`]).

use super::analyse::{Token, analyse, is_stop_word, stem};
use super::synonyms::Synonyms;

/// At most this many words of a query are used: a pasted 10 KB text must not become a
/// query with thousands of groups.
pub const MAX_QUERY_WORDS: usize = 32;
/// At most this many alternatives in one group.
pub const MAX_ALTERNATIVES: usize = 12;

/// Weights of the kinds of alternatives: what the user typed counts most.
const W_TYPED: f32 = 1.0;
const W_SYNONYM: f32 = 0.9;
const W_COMPOUND: f32 = 0.8;
const W_SPELLING: f32 = 0.7;
const W_HEAD: f32 = 0.6;
/// At most this many compounds found for one word by its last part.
const MAX_HEADS: usize = 4;

/// An analysed, expanded query.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub groups: Vec<Group>,
}

/// One query word (or phrase matched by a synonym): a document matches the group when it
/// matches any alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub alternatives: Vec<Alternative>,
    /// Only stop words ("de", "mijn"): left out of scoring and of backend queries unless
    /// the query has nothing else.
    pub stop: bool,
}

/// All of `terms` must occur (anywhere, in any order): "basisregistratie" AND "personen".
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub terms: Vec<Term>,
    /// How much a match counts, 0–1 (typed words 1, synonyms and corrections less).
    pub weight: f32,
}

/// One word, matched by any of its index forms (the folded word, its stem).
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub forms: Vec<String>,
    /// The last word of a query also matches longer words ("paspo" → "paspoort"): people
    /// search while they type.
    pub prefix: bool,
}

/// The words an index holds, so compounds can be split and joined and misspellings
/// corrected against real words. The terms are index forms (folded words and stems).
pub trait Vocabulary {
    fn knows(&self, term: &str) -> bool;
    /// Known words within `max_edits` edits of `word`, closest first (at most a few).
    fn similar(&self, _word: &str, _max_edits: usize) -> Vec<String> {
        Vec::new()
    }
    /// Known words that end with `word` and are longer (candidates for compounds whose
    /// last part it is: "vergunning" → "omgevingsvergunning").
    fn ending_with(&self, _word: &str) -> Vec<String> {
        Vec::new()
    }
}

impl Vocabulary for Synonyms {
    fn knows(&self, term: &str) -> bool {
        Synonyms::knows(self, term)
    }
}

impl Term {
    fn of(word: &str) -> Term {
        let mut forms = vec![word.to_owned()];
        let stemmed = stem(word);
        if stemmed != word {
            forms.push(stemmed);
        }
        Term {
            forms,
            prefix: false,
        }
    }
}

impl Alternative {
    fn of(words: &[String], weight: f32) -> Alternative {
        Alternative {
            terms: words.iter().map(|w| Term::of(w)).collect(),
            weight,
        }
    }
}

impl Query {
    /// Analyses `q` and expands it with `synonyms` (whose words also serve as the
    /// vocabulary for compounds).
    pub fn parse(q: &str, synonyms: &Synonyms) -> Query {
        Self::parse_in(q, synonyms, synonyms)
    }

    /// As [`Query::parse`], splitting and joining compounds and correcting spelling
    /// against `vocabulary` (an index's own words) as well as the synonyms' words.
    pub fn parse_in(q: &str, synonyms: &Synonyms, vocabulary: &dyn Vocabulary) -> Query {
        let tokens: Vec<Token> = analyse(q).into_iter().take(MAX_QUERY_WORDS).collect();
        let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
        let known = |w: &str| vocabulary.knows(w) || synonyms.knows(w);
        let mut groups = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let (group, used) = synonym_group(&words[i..], &tokens[i..], synonyms)
                .or_else(|| joined_group(&words[i..], &tokens[i..], synonyms, &known))
                .unwrap_or_else(|| (word_group(&words, i, synonyms, vocabulary, &known), 1));
            groups.push(group);
            i += used;
        }
        if let Some(last) = groups.last_mut() {
            let typed = &mut last.alternatives[0];
            if let Some(term) = typed.terms.last_mut()
                && term.forms[0].chars().count() >= 3
            {
                term.prefix = true;
            }
        }
        Query { groups }
    }

    /// Whether nothing searchable was typed.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The groups that count: those with content words, or all when there are none.
    pub fn scoring_groups(&self) -> impl Iterator<Item = &Group> {
        let all_stop = self.groups.iter().all(|g| g.stop);
        self.groups.iter().filter(move |g| all_stop || !g.stop)
    }
}

fn owned(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

/// The longest synonym phrase at the start of `words`, with what it finds.
fn synonym_group(words: &[&str], tokens: &[Token], synonyms: &Synonyms) -> Option<(Group, usize)> {
    let (len, to) = synonyms.expand(words)?;
    let mut alternatives = vec![Alternative::of(&owned(&words[..len]), W_TYPED)];
    alternatives.extend(to.iter().map(|p| Alternative::of(p, W_SYNONYM)));
    alternatives.truncate(MAX_ALTERNATIVES);
    let stop = tokens[..len].iter().all(|t| t.stop);
    Some((Group { alternatives, stop }, len))
}

/// Two adjacent words that the vocabulary knows as one ("huur huis" → "huurhuis").
fn joined_group(
    words: &[&str],
    tokens: &[Token],
    synonyms: &Synonyms,
    known: &dyn Fn(&str) -> bool,
) -> Option<(Group, usize)> {
    let [a, b, ..] = words else { return None };
    if tokens[0].stop || tokens[1].stop {
        return None;
    }
    let joined = format!("{a}{b}");
    if !known(&joined) && !known(&stem(&joined)) {
        return None;
    }
    let mut alternatives = vec![
        Alternative::of(&owned(&words[..2]), W_TYPED),
        Alternative::of(std::slice::from_ref(&joined), W_TYPED),
    ];
    if let Some((_, to)) = synonyms.expand(&[joined.as_str()]) {
        alternatives.extend(to.iter().map(|p| Alternative::of(p, W_SYNONYM)));
    }
    alternatives.truncate(MAX_ALTERNATIVES);
    Some((
        Group {
            alternatives,
            stop: false,
        },
        2,
    ))
}

/// One word: as typed, split into known parts, an age meaning "minor", or corrected.
fn word_group(
    words: &[&str],
    i: usize,
    synonyms: &Synonyms,
    vocabulary: &dyn Vocabulary,
    known: &dyn Fn(&str) -> bool,
) -> Group {
    let word = words[i];
    let token_stop = super::analyse::is_stop_word(word);
    let mut alternatives = vec![Alternative::of(&[word.to_owned()], W_TYPED)];
    if !token_stop {
        if let Some(parts) = split_compound(word, known) {
            alternatives.push(Alternative::of(&parts, W_COMPOUND));
        }
        for compound in compounds_ending_in(word, vocabulary) {
            alternatives.push(Alternative::of(&[compound], W_HEAD));
        }
        if is_minor_age(words, i) {
            for w in ["minderjarig", "minderjarigen"] {
                alternatives.push(Alternative::of(&[w.to_owned()], W_SYNONYM));
            }
        }
        if !known(word) && !known(&stem(word)) {
            for fix in corrections(word, vocabulary, known) {
                let mut alts = vec![Alternative::of(std::slice::from_ref(&fix), W_SPELLING)];
                if let Some((_, to)) = synonyms.expand(&[fix.as_str()]) {
                    alts.extend(to.iter().map(|p| Alternative::of(p, W_SPELLING)));
                }
                alternatives.extend(alts);
            }
        }
    }
    alternatives.truncate(MAX_ALTERNATIVES);
    Group {
        alternatives,
        stop: token_stop,
    }
}

/// Spelling corrections for a word the vocabulary does not know: Dutch "y" for "ij"
/// ("kwyt"), else the closest known words (one edit for short words, two for long ones).
fn corrections(
    word: &str,
    vocabulary: &dyn Vocabulary,
    known: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let len = word.chars().count();
    if len < 4 || word.chars().any(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    let ij = word.replace('y', "ij");
    if ij != word && known(&ij) {
        return vec![ij];
    }
    let max_edits = if len >= 8 { 2 } else { 1 };
    let mut out = vocabulary.similar(word, max_edits);
    out.truncate(3);
    out
}

/// A long word made of two known words, longest first part first: "paspoortaanvraag" →
/// "paspoort" + "aanvraag", "gemeentebelasting" → "gemeente" + "belasting" (a linking
/// "s" or "e" after the first part is allowed: "identiteitskaart" → "identiteit" + "kaart").
fn split_compound(word: &str, known: &dyn Fn(&str) -> bool) -> Option<Vec<String>> {
    const MIN_PART: usize = 3;
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    if chars.len() < 2 * MIN_PART + 1 || word.chars().any(|c| !c.is_alphabetic()) {
        return None;
    }
    // A stop word is no part ("mijnoverheid" is not "mijn" + "overheid" for scoring).
    let is_known = |w: &str| !is_stop_word(w) && (known(w) || known(&stem(w)));
    for cut in (MIN_PART..=chars.len() - MIN_PART).rev() {
        let at = chars[cut].0;
        let (left, right) = word.split_at(at);
        if !is_known(right) {
            continue;
        }
        if is_known(left) {
            return Some(vec![left.to_owned(), right.to_owned()]);
        }
        let linked = left.strip_suffix('s').or_else(|| left.strip_suffix('e'));
        if let Some(base) = linked.filter(|b| b.chars().count() >= MIN_PART && is_known(b)) {
            return Some(vec![base.to_owned(), right.to_owned()]);
        }
    }
    None
}

/// Known compounds whose last part is `word` (or its stem): Dutch compounds end in their
/// head, so "vergunning" also finds "omgevingsvergunning" and "bouwvergunning". Short heads
/// ("kind", "pas") are left alone: too many unrelated words end in them.
fn compounds_ending_in(word: &str, vocabulary: &dyn Vocabulary) -> Vec<String> {
    const MIN_HEAD: usize = 5;
    const MIN_FIRST_PART: usize = 3;
    let stemmed = stem(word);
    let mut heads = vec![word];
    if stemmed != word {
        heads.push(&stemmed);
    }
    let mut out: Vec<String> = Vec::new();
    for head in heads.into_iter().filter(|h| h.chars().count() >= MIN_HEAD) {
        for compound in vocabulary.ending_with(head) {
            let first = compound.chars().count() - head.chars().count();
            if first >= MIN_FIRST_PART && !out.contains(&compound) {
                out.push(compound);
            }
        }
    }
    out.truncate(MAX_HEADS);
    out
}

/// "zoon van 14", "dochter is 12", "kind 9 jaar": an age under 18 next to a word that
/// says it is one, which the texts call "minderjarig".
fn is_minor_age(words: &[&str], i: usize) -> bool {
    const BEFORE: &[&str] = &[
        "van", "is", "zoon", "dochter", "kind", "kid", "broertje", "zusje",
    ];
    const AFTER: &[&str] = &["jaar", "jr", "jarig", "jarige"];
    let Ok(age) = words[i].parse::<u8>() else {
        return false;
    };
    age < 18
        && ((i > 0 && BEFORE.contains(&words[i - 1]))
            || words.get(i + 1).is_some_and(|w| AFTER.contains(w)))
}

/// The optimal-string-alignment distance between `a` and `b`, or `None` past `max`
/// (stopping as soon as no alignment can stay within it).
pub fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        let mut best = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
            best = best.min(d);
        }
        if best > max {
            return None;
        }
        before = std::mem::replace(&mut prev, row);
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}
