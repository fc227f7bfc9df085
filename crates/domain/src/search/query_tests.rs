use std::collections::HashSet;

use super::*;

/// A vocabulary of a few words, as an index would know them.
struct Words(HashSet<String>);

impl Words {
    fn of(words: &[&str]) -> Self {
        Words(words.iter().map(|w| (*w).to_owned()).collect())
    }
}

impl Vocabulary for Words {
    fn knows(&self, term: &str) -> bool {
        self.0.contains(term)
    }
    fn similar(&self, word: &str, max_edits: usize) -> Vec<String> {
        let mut found: Vec<&String> = self
            .0
            .iter()
            .filter(|w| edit_distance(word, w, max_edits).is_some())
            .collect();
        found.sort();
        found.into_iter().cloned().collect()
    }
}

/// Each group as the alternatives' words: `["brp", "basisregistratie personen"]`.
fn groups(q: &Query) -> Vec<Vec<String>> {
    q.groups
        .iter()
        .map(|g| {
            g.alternatives
                .iter()
                .map(|a| {
                    a.terms
                        .iter()
                        .map(|t| t.forms[0].clone())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        })
        .collect()
}

fn none() -> Synonyms {
    Synonyms::parse("").unwrap()
}

#[test]
fn each_word_is_a_group_with_its_folded_form_and_stem() {
    let q = Query::parse("Paspoorten geïnteresseerd", &none());
    assert_eq!(q.groups.len(), 2);
    assert_eq!(
        q.groups[0].alternatives[0].terms[0].forms,
        ["paspoorten", "paspoor"]
    );
    assert_eq!(
        q.groups[1].alternatives[0].terms[0].forms[0],
        "geinteresseerd"
    );
}

#[test]
fn abbreviations_and_ordinals_expand_through_the_default_list() {
    let syn = Synonyms::default_nl();
    let q = Query::parse("brp 2e", &syn);
    let g = groups(&q);
    assert!(
        g[0].contains(&"basisregistratie personen".to_string()),
        "{g:?}"
    );
    assert!(g[1].contains(&"tweede".to_string()), "{g:?}");
}

#[test]
fn id_kaart_written_apart_together_or_hyphenated_finds_identiteitskaart() {
    let syn = Synonyms::default_nl();
    for q in ["id kaart kwijt", "idkaart kwijt", "ID-kaart kwijt"] {
        let g = groups(&Query::parse(q, &syn));
        assert_eq!(g.len(), 2, "{q}: {g:?}");
        assert!(g[0].contains(&"identiteitskaart".to_string()), "{q}: {g:?}");
    }
}

#[test]
fn informal_me_and_mn_mean_mijn_and_stay_stop_words() {
    let syn = Synonyms::default_nl();
    let q = Query::parse("mn paspoort", &syn);
    assert!(groups(&q)[0].contains(&"mijn".to_string()));
    assert!(q.groups[0].stop);
    assert_eq!(q.scoring_groups().count(), 1);
}

#[test]
fn a_son_of_fourteen_is_a_minor() {
    let q = Query::parse("zoon van 14 id", &none());
    let g = groups(&q);
    assert!(g[2].contains(&"minderjarig".to_string()), "{g:?}");
    let not_age = groups(&Query::parse("18 maart", &none()));
    assert!(!not_age[0].contains(&"minderjarig".to_string()));
}

#[test]
fn a_compound_splits_into_known_parts() {
    let vocab = Words::of(&["paspoort", "aanvraag", "identiteit", "kaart"]);
    let q = Query::parse_in("paspoortaanvraag identiteitskaart", &none(), &vocab);
    let g = groups(&q);
    assert_eq!(g[0], ["paspoortaanvraag", "paspoort aanvraag"]);
    assert_eq!(g[1], ["identiteitskaart", "identiteit kaart"]);
}

#[test]
fn a_word_with_unknown_parts_is_not_split() {
    let vocab = Words::of(&["paspoort"]);
    let g = groups(&Query::parse_in("paspoortxyzabc", &none(), &vocab));
    assert_eq!(g, [["paspoortxyzabc"]]);
}

#[test]
fn two_words_that_form_a_known_compound_are_joined() {
    let vocab = Words::of(&["huurwoning"]);
    let g = groups(&Query::parse_in("huur woning zoeken", &none(), &vocab));
    assert_eq!(g[0], ["huur woning", "huurwoning"]);
    assert_eq!(g.len(), 2);
}

#[test]
fn a_misspelt_word_is_corrected_to_known_words_and_y_read_as_ij() {
    let vocab = Words::of(&["paspoort", "kwijt"]);
    let g = groups(&Query::parse_in("paspoord kwyt", &none(), &vocab));
    assert_eq!(g[0], ["paspoord", "paspoort"]);
    assert_eq!(g[1], ["kwyt", "kwijt"]);
}

#[test]
fn the_last_word_matches_as_a_prefix() {
    let q = Query::parse("paspoort aanvr", &none());
    assert!(!q.groups[0].alternatives[0].terms[0].prefix);
    assert!(q.groups[1].alternatives[0].terms[0].prefix);
}

#[test]
fn edit_distance_counts_swaps_as_one_edit_and_stops_past_the_limit() {
    assert_eq!(edit_distance("paspoort", "papsoort", 2), Some(1));
    assert_eq!(edit_distance("kwijt", "kwyt", 2), Some(2));
    assert_eq!(edit_distance("kort", "langer woord", 2), None);
    assert_eq!(edit_distance("", "", 0), Some(0));
}

#[test]
fn a_stem_that_is_a_function_word_is_left_out_of_the_forms() {
    // Snowball stems "overheid" to "over", which would match every "over" in every text.
    let q = Query::parse("overheid", &none());
    assert_eq!(q.groups[0].alternatives[0].terms[0].forms, ["overheid"]);
}

#[test]
fn a_one_way_synonym_also_brings_the_equivalents_of_what_it_points_to() {
    let syn = Synonyms::parse("kwijt, kwijtraak\ngestolen => kwijt").unwrap();
    let g = groups(&Query::parse("gestolen", &syn));
    assert_eq!(g[0], ["gestolen", "kwijt", "kwijtraak"]);
}

#[test]
fn the_word_after_behalve_or_ipv_is_set_aside_as_not_the_topic() {
    let q = Query::parse("inloggen behalve digid", &none());
    let stop: Vec<bool> = q.groups.iter().map(|g| g.stop).collect();
    assert_eq!(stop, [false, true, true]);
    let q = Query::parse("crematie ipv begraven regelen", &none());
    let stop: Vec<bool> = q.groups.iter().map(|g| g.stop).collect();
    assert_eq!(stop, [false, true, true, false]);
}

#[test]
fn a_spelling_correction_keeps_the_first_letter() {
    let vocab = Words::of(&["kader", "vaker"]);
    let g = groups(&Query::parse_in("vader", &none(), &vocab));
    assert_eq!(g[0], ["vader", "vaker"]);
}

#[test]
fn the_typed_last_word_and_a_stem_that_begins_it_match_longer_words_other_stems_only_themselves() {
    let q = Query::parse("paspoort", &Synonyms::default_nl());
    let term = &q.groups[0].alternatives[0].terms[0];
    assert_eq!(term.forms, ["paspoort", "paspoor"]);
    assert!(term.matches_longer(0) && term.matches_longer(1));

    let q = Query::parse("doorgeven", &Synonyms::default_nl());
    let term = &q.groups[0].alternatives[0].terms[0];
    assert_eq!(term.forms, ["doorgeven", "doorgeef"]);
    assert!(term.matches_longer(0), "the word as typed");
    assert!(
        !term.matches_longer(1),
        "\"doorgeef\" does not begin \"doorgeven\""
    );
    assert!(!term.matches_longer(2), "no such form");

    let q = Query::parse("doorgeven aub", &Synonyms::default_nl());
    assert!(
        !q.groups[0].alternatives[0].terms[0].matches_longer(0),
        "not the last word"
    );
}

#[test]
fn a_compound_is_not_split_at_a_verb_prefix() {
    let vocab = Words::of(&["ver", "kiezingen"]);
    let g = groups(&Query::parse_in("verkiezingen", &none(), &vocab));
    assert_eq!(g[0], ["verkiezingen"]);
}

#[test]
fn a_separable_verb_written_apart_finds_the_joined_word() {
    let vocab = Words::of(&["kwijtraak", "paspoort"]);
    let g = groups(&Query::parse_in(
        "ik raak mijn paspoort kwijt",
        &none(),
        &vocab,
    ));
    assert!(g[1].contains(&"kwijtraak".to_string()), "{g:?}");
}

#[test]
fn an_everyday_compound_finds_the_official_one_through_its_head() {
    let syn = Synonyms::parse("huis, woning").unwrap();
    let vocab = Words::of(&["koop", "huis", "koopwoning"]);
    let g = groups(&Query::parse_in("koophuis", &syn, &vocab));
    assert!(g[0].contains(&"koopwoning".to_string()), "{g:?}");
}

#[test]
fn a_synonym_phrase_matches_across_a_few_function_words() {
    let syn = Synonyms::parse("volmachten verzamelen => ronselen").unwrap();
    let q = Query::parse("volmachten te verzamelen mag dat", &syn);
    let g = groups(&q);
    assert_eq!(g[0], ["volmachten verzamelen", "ronselen"]);
    // The phrase used three words; "mag" and "dat" follow as groups of their own.
    assert_eq!(g.len(), 3, "{g:?}");
    let far = Query::parse("volmachten van de en het verzamelen", &syn);
    assert!(!groups(&far)[0].contains(&"ronselen".to_string()));
}
