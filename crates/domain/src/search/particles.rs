//! Separable verbs, which the stemmer cannot see: "ik raak mijn pas kwijt" is about
//! "kwijtraken", "indienen" is "dien … in" in a question. Each rule returns extra index
//! forms for one query word; [`super::query`] adds them as weighted alternatives. Only
//! words the index (or the synonym list) knows are proposed.

use super::analyse::{is_stop_word, stem};

/// Separable verb particles ("raak … kwijt", "vraag … aan", "dien … in"), longest first so
/// "terug" is tried before "te…" words could be.
const PARTICLES: &[&str] = &[
    "terug", "kwijt", "samen", "tegen", "langs", "door", "mede", "vast", "weg", "aan", "bij",
    "los", "mee", "neer", "toe", "uit", "af", "in", "na", "om", "op",
];

/// How many words after a verb its particle may stand ("ik raak mijn paspoort kwijt").
const PARTICLE_REACH: usize = 6;

fn knows(known: &dyn Fn(&str) -> bool, word: &str) -> bool {
    known(word) || known(&stem(word))
}

/// A separable verb written apart, joined: the verb at `i` and a particle later in the
/// query form a word the vocabulary knows ("raak … kwijt" → "kwijtraak", "vraag … aan" →
/// "aanvraag", "dien … in" → "indien"). Dutch main clauses put the particle at the end,
/// so the particle is looked for in the few words after the verb.
pub(super) fn joined_particle_verb(
    words: &[&str],
    i: usize,
    known: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let verb = words[i];
    if verb.chars().count() < 3 || is_stop_word(verb) || !verb.chars().all(char::is_alphabetic) {
        return None;
    }
    let end = words.len().min(i + 1 + PARTICLE_REACH);
    words[i + 1..end]
        .iter()
        .filter(|w| PARTICLES.contains(w))
        .map(|p| format!("{p}{verb}"))
        .find(|joined| knows(known, joined))
}

/// A separable verb written as one word, taken apart: its verb without the particle, for
/// texts that write it apart ("indienen" → "dienen", as in "Hoe dien ik … in?"), and a
/// past participle without its "ge" ("kwijtgeraakt" → "kwijtraakt").
pub(super) fn split_particle_verb(word: &str, known: &dyn Fn(&str) -> bool) -> Vec<String> {
    const MIN_REST: usize = 4;
    let mut out = Vec::new();
    // Only verb forms: an infinitive or a participle ("informatie" is no "in" + "formatie").
    if !(word.ends_with("en") || word.ends_with('d') || word.ends_with('t')) {
        return out;
    }
    for particle in PARTICLES {
        let Some(rest) = word.strip_prefix(particle) else {
            continue;
        };
        if rest.chars().count() < MIN_REST {
            continue;
        }
        if let Some(bare) = rest.strip_prefix("ge") {
            let joined = format!("{particle}{bare}");
            if bare.chars().count() >= MIN_REST - 1 && knows(known, &joined) {
                out.push(joined);
            }
        }
        if !is_stop_word(rest) && knows(known, rest) {
            out.push(rest.to_owned());
        }
        break;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(words: &'static [&'static str]) -> impl Fn(&str) -> bool {
        move |w: &str| words.contains(&w)
    }

    #[test]
    fn a_verb_and_its_particle_later_in_the_sentence_are_joined_when_known() {
        let known = vocabulary(&["kwijtraak", "aanvraag"]);
        let words = ["ik", "raak", "mijn", "paspoort", "steeds", "kwijt"];
        assert_eq!(
            joined_particle_verb(&words, 1, &known).as_deref(),
            Some("kwijtraak")
        );
        assert_eq!(
            joined_particle_verb(&["vraag", "id", "aan"], 0, &known).as_deref(),
            Some("aanvraag")
        );
    }

    #[test]
    fn a_particle_too_far_away_or_an_unknown_join_gives_nothing() {
        let known = vocabulary(&["kwijtraak"]);
        let far = ["raak", "a", "b", "c", "d", "e", "f", "kwijt"];
        assert_eq!(joined_particle_verb(&far, 0, &known), None);
        assert_eq!(joined_particle_verb(&["loop", "kwijt"], 0, &known), None);
        assert_eq!(joined_particle_verb(&["ik", "kwijt"], 0, &known), None);
    }

    #[test]
    fn a_separable_verb_written_as_one_word_gives_its_verb_and_participle_base() {
        let known = vocabulary(&["dienen", "kwijtraak"]);
        assert_eq!(split_particle_verb("indienen", &known), ["dienen"]);
        assert_eq!(split_particle_verb("kwijtgeraakt", &known), ["kwijtraakt"]);
    }

    #[test]
    fn a_word_that_only_starts_like_a_particle_is_not_split() {
        let known = vocabulary(&["dienen", "formatie"]);
        assert!(split_particle_verb("informatie", &known).is_empty());
        assert!(split_particle_verb("paspoort", &known).is_empty());
        // "in" + "de" is no verb: the rest must be a known content word of 4+ letters.
        assert!(split_particle_verb("inde", &known).is_empty());
    }
}
