//! A user's search words, analysed like the index and expanded: each query word becomes an
//! OR group of alternatives (its folded form and stem, synonyms, compound parts, spelling
//! corrections), and a backend combines the groups (see [`super::builders`]).

use super::analyse::{Token, analyse, is_stop_word, stem};
use super::compounds::{
    compounds_ending_in, compounds_starting_with, split_compound, swapped_heads,
};
use super::particles::{joined_particle_verb, split_particle_verb};
use super::spelling::corrections;
use super::synonyms::{Expansion, Synonyms};

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
const W_HEAD: f32 = 0.7;
const W_MODIFIER: f32 = 0.7;

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
    /// search while they type. See [`Term::matches_longer`] for which forms do.
    pub prefix: bool,
}

impl Term {
    /// Whether form `i` also matches longer words: in a prefix term, the word as typed and
    /// a stem that begins it ("paspoor" of "paspoort"). A stem that does not begin the
    /// typed word ("doorgeef" of "doorgeven") matches itself only, as the forms of every
    /// other query word do: the prefix is for a word still being typed, and each prefix
    /// form costs a PostgreSQL search a GIN partial match, which collects every match of
    /// the prefix before intersecting (BENCHMARKS.md, 2026-11-27).
    pub fn matches_longer(&self, i: usize) -> bool {
        self.prefix
            && self.forms.get(i).is_some_and(|form| {
                i == 0
                    || self
                        .forms
                        .first()
                        .is_some_and(|typed| typed.starts_with(form.as_str()))
            })
    }
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
    /// Longer known words that start with `word` ("boerka" → "boerkaverbod").
    fn starting_with(&self, _word: &str) -> Vec<String> {
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
        // A stem that is a function word matches everything: "overheid" → "over".
        if stemmed != word && !is_stop_word(&stemmed) {
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
        set_aside_exclusions(&mut groups);
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

/// Words that say the next word is *not* what is asked for: "inloggen behalve digid",
/// "crematie ipv begraven".
const EXCLUDING: &[&str] = &["behalve", "ipv"];

/// Leaves an excluding word and the content word after it out of scoring (as stop words
/// are): the resident named it to say it is not the topic.
fn set_aside_exclusions(groups: &mut [Group]) {
    let mut excluding = false;
    for group in groups {
        let typed = &group.alternatives[0].terms;
        if typed.len() == 1 && EXCLUDING.contains(&typed[0].forms[0].as_str()) {
            group.stop = true;
            excluding = true;
        } else if excluding && !group.stop {
            group.stop = true;
            excluding = false;
        }
    }
}

fn owned(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

/// The longest synonym phrase at the start of `words`, with what it finds.
fn synonym_group(words: &[&str], tokens: &[Token], synonyms: &Synonyms) -> Option<(Group, usize)> {
    let direct = synonyms.expand_marked(words);
    let direct_len = direct.as_ref().map_or(0, |(len, _)| *len);
    let (len, typed, to) = match spaced_phrase(words, tokens, synonyms, direct_len) {
        Some(found) => found,
        None => {
            let (len, to) = direct?;
            (len, owned(&words[..len]), to)
        }
    };
    let mut alternatives = vec![Alternative::of(&typed, W_TYPED)];
    // An equivalent spelling or abbreviation counts as typed; a broader word a bit less.
    alternatives.extend(
        to.iter().map(|(p, equivalent)| {
            Alternative::of(p, if *equivalent { W_TYPED } else { W_SYNONYM })
        }),
    );
    // One hop further: a broader word brings its own equivalents ("gestolen" → "kwijt" →
    // "kwijtraak"), so a one-way rule need not repeat a whole group.
    for (p, _) in to
        .iter()
        .filter(|(p, equivalent)| !equivalent && p.len() == 1)
    {
        let Some((1, further)) = synonyms.expand_marked(&[p[0].as_str()]) else {
            continue;
        };
        for (q, _) in further.into_iter().filter(|(_, equivalent)| *equivalent) {
            if !alternatives.iter().any(|a| {
                a.terms.len() == q.len() && a.terms.iter().zip(&q).all(|(t, w)| t.forms[0] == *w)
            }) {
                alternatives.push(Alternative::of(&q, W_SYNONYM));
            }
        }
    }
    alternatives.truncate(MAX_ALTERNATIVES);
    let stop = tokens[..len].iter().all(|t| t.stop);
    Some((Group { alternatives, stop }, len))
}

/// A synonym phrase of content words with function words between them, longer than what
/// matched directly: "volmachten te verzamelen" is the phrase "volmachten verzamelen".
/// Returns the words used (function words included), the content words and the expansion.
fn spaced_phrase(
    words: &[&str],
    tokens: &[Token],
    synonyms: &Synonyms,
    direct_len: usize,
) -> Option<(usize, Vec<String>, Vec<Expansion>)> {
    /// At most this many function words between two words of a phrase.
    const MAX_GAP: usize = 2;
    if tokens.first()?.stop {
        return None;
    }
    let mut at = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if at
            .last()
            .is_some_and(|&last: &usize| i - last > MAX_GAP + 1)
        {
            break;
        }
        if !token.stop {
            at.push(i);
        }
    }
    let content: Vec<&str> = at.iter().map(|&i| words[i]).collect();
    let (len, to) = synonyms.expand_marked(&content)?;
    let used = at[len - 1] + 1;
    (len >= 2 && used > direct_len).then(|| (used, owned(&content[..len]), to))
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
            for swapped in swapped_heads(&parts, synonyms, known) {
                alternatives.push(Alternative::of(&[swapped], W_COMPOUND));
            }
            alternatives.push(Alternative::of(&parts, W_COMPOUND));
        }
        if let Some(joined) = joined_particle_verb(words, i, known) {
            alternatives.push(Alternative::of(&[joined], W_COMPOUND));
        }
        for verb in split_particle_verb(word, known) {
            alternatives.push(Alternative::of(&[verb], W_HEAD));
        }
        for compound in compounds_ending_in(word, vocabulary, known) {
            alternatives.push(Alternative::of(&[compound], W_HEAD));
        }
        for compound in compounds_starting_with(word, vocabulary) {
            alternatives.push(Alternative::of(&[compound], W_MODIFIER));
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
