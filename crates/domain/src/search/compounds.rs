//! Compounds, Dutch's way of making words: split into known parts, found by their head or
//! first part, and rebuilt with an equivalent head. Vocabulary-driven: only words the index
//! (or the synonym list) knows are proposed.

use super::analyse::{is_stop_word, stem};
use super::query::Vocabulary;
use super::synonyms::Synonyms;

/// At most this many compounds found for one word by its last or first part.
const MAX_HEADS: usize = 4;

/// A long word made of two known words, longest first part first: "paspoortaanvraag" →
/// "paspoort" + "aanvraag", "gemeentebelasting" → "gemeente" + "belasting" (a linking
/// "s" or "e" after the first part is allowed: "identiteitskaart" → "identiteit" + "kaart").
pub(super) fn split_compound(word: &str, known: &dyn Fn(&str) -> bool) -> Option<Vec<String>> {
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
        // A verb prefix is no part: "verkiezingen" is not "ver" + "kiezingen".
        if is_known(left) && !VERB_PREFIXES.contains(&left) {
            return Some(vec![left.to_owned(), right.to_owned()]);
        }
        let linked = left.strip_suffix('s').or_else(|| left.strip_suffix('e'));
        if let Some(base) = linked.filter(|b| b.chars().count() >= MIN_PART && is_known(b)) {
            return Some(vec![base.to_owned(), right.to_owned()]);
        }
    }
    None
}

/// Dutch verb prefixes that are also short words ("ver", "mis"): never a compound's part.
const VERB_PREFIXES: &[&str] = &["her", "mis", "ont", "ver"];

/// Known compounds whose last part is `word` (or its stem): Dutch compounds end in their
/// head, so "vergunning" also finds "omgevingsvergunning" and "bouwvergunning". Short heads
/// ("kind", "pas") are left alone: too many unrelated words end in them.
pub(super) fn compounds_ending_in(
    word: &str,
    vocabulary: &dyn Vocabulary,
    known: &dyn Fn(&str) -> bool,
) -> Vec<String> {
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
            // Verb prefixes, not words: "verdragen" is no compound of "dragen".
            let prefix = VERB_PREFIXES
                .iter()
                .any(|p| compound.len() - head.len() == p.len() && compound.starts_with(p));
            // The rest must be a word too: "bevolkingsregister" does not end in the stem
            // "gister" of "gisteren", as "bevolkingsre" is no word.
            let rest = &compound[..compound.len() - head.len()];
            let linked = rest.strip_suffix('s').or_else(|| rest.strip_suffix('e'));
            let is_word = |w: &str| known(w) || known(&stem(w));
            let whole = is_word(rest) || linked.is_some_and(is_word);
            if first >= MIN_FIRST_PART && !prefix && whole && !out.contains(&compound) {
                out.push(compound);
            }
        }
    }
    out.truncate(MAX_HEADS);
    out
}

/// Known compounds that begin with `word` (5+ letters) followed by at least 4 more
/// letters: the word as the first part ("boerka" → "boerkaverbod", "woning" →
/// "woningzoekenden"). Shorter endings are inflections, which stems already cover.
pub(super) fn compounds_starting_with(word: &str, vocabulary: &dyn Vocabulary) -> Vec<String> {
    const MIN_WORD: usize = 5;
    const MIN_REST: usize = 4;
    if word.chars().count() < MIN_WORD {
        return Vec::new();
    }
    // From the stem too: "volmachten" is "volmacht" in "volmachtstemmen"; not from a stem
    // that dropped a "ge-" ("gebruikt" → "bruik" would find "bruikersnaam").
    let stemmed = stem(word);
    let mut out: Vec<String> = Vec::new();
    for base in [word, stemmed.as_str()] {
        if base.chars().count() < MIN_WORD || !word.starts_with(base) {
            continue;
        }
        for compound in vocabulary.starting_with(base) {
            let long = compound.chars().count()
                >= word.chars().count().max(base.chars().count() + MIN_REST);
            if long && compound != word && !out.contains(&compound) {
                out.push(compound);
            }
        }
    }
    out.truncate(MAX_HEADS);
    out
}

/// A compound whose head has an equivalent word that forms a known compound with the
/// same first part: "koophuis" → "koopwoning", "huurhuis" → "huurwoning" (huis ↔ woning
/// in the synonym list). Only two-way (equivalent) single words are swapped.
pub(super) fn swapped_heads(
    parts: &[String],
    synonyms: &Synonyms,
    known: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let [first, head] = parts else {
        return Vec::new();
    };
    let Some((1, to)) = synonyms.expand_marked(&[head.as_str()]) else {
        return Vec::new();
    };
    to.into_iter()
        .filter(|(phrase, equivalent)| *equivalent && phrase.len() == 1)
        .map(|(phrase, _)| format!("{first}{}", phrase[0]))
        .filter(|compound| known(compound) || known(&stem(compound)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(words: &'static [&'static str]) -> impl Fn(&str) -> bool {
        move |w: &str| words.contains(&w)
    }

    #[test]
    fn a_compound_head_is_swapped_for_its_equivalent_when_the_result_is_known() {
        let synonyms = Synonyms::parse("huis, woning\nhuis => gebouw").unwrap();
        let known = vocabulary(&["koopwoning", "koopgebouw"]);
        let parts = ["koop".to_string(), "huis".to_string()];
        assert_eq!(swapped_heads(&parts, &synonyms, &known), ["koopwoning"]);
    }

    /// Words that also answer which of them end or start with a given word.
    struct Words(&'static [&'static str]);

    impl Vocabulary for Words {
        fn knows(&self, term: &str) -> bool {
            self.0.contains(&term)
        }
        fn ending_with(&self, word: &str) -> Vec<String> {
            let longer = |w: &&&str| w.ends_with(word) && w.len() > word.len();
            self.0
                .iter()
                .filter(longer)
                .map(|w| (*w).to_owned())
                .collect()
        }
        fn starting_with(&self, word: &str) -> Vec<String> {
            let longer = |w: &&&str| w.starts_with(word) && w.len() > word.len();
            self.0
                .iter()
                .filter(longer)
                .map(|w| (*w).to_owned())
                .collect()
        }
    }

    #[test]
    fn a_compound_ending_in_the_word_needs_a_real_word_before_it() {
        let words = Words(&["omgevingsvergunning", "omgeving", "bevolkingsregister"]);
        let known = |w: &str| words.knows(w);
        assert_eq!(
            compounds_ending_in("vergunning", &words, &known),
            ["omgevingsvergunning"]
        );
        // "gisteren" stems to "gister", but "bevolkingsre" is no word.
        assert!(compounds_ending_in("gisteren", &words, &known).is_empty());
    }

    #[test]
    fn a_compound_starting_with_the_word_is_found_from_its_stem_too() {
        let words = Words(&["volmachtstemmen", "bruikersnaam"]);
        assert_eq!(
            compounds_starting_with("volmachten", &words),
            ["volmachtstemmen"]
        );
        // A stem that lost a "ge-" is no first part: "gebruikt" → "bruik".
        assert!(compounds_starting_with("gebruikt", &words).is_empty());
    }
}
