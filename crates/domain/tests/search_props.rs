//! Properties of the search analyser on arbitrary (hostile) input.

use loket_domain::search::{
    KbArticle, KbIndex, MAX_ALTERNATIVES, MAX_QUERY_WORDS, Query, Synonyms, analyse, fold,
    index_text,
};
use proptest::prelude::*;

fn small_index() -> KbIndex<u32> {
    let articles = [
        ("Paspoort kwijt", "Doe aangifte bij de gemeente."),
        ("Verhuizing doorgeven", "Geef uw nieuwe adres door."),
        ("Uittreksel BRP", "Vraag een uittreksel aan."),
    ];
    KbIndex::build(articles.iter().enumerate().map(|(i, (t, b))| KbArticle {
        id: i as u32,
        title: (*t).into(),
        body: (*b).into(),
        tags: Vec::new(),
    }))
}

proptest! {
    #[test]
    fn every_token_is_its_own_text_folded_at_char_boundaries(text in "\\PC{0,300}") {
        for token in analyse(&text) {
            prop_assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
            prop_assert_eq!(fold(&text[token.start..token.end]), token.word.clone());
            prop_assert!(!token.word.is_empty());
            prop_assert!(token.word.chars().all(char::is_alphanumeric));
        }
    }

    #[test]
    fn index_text_is_deterministic_and_holds_only_plain_words(text in "\\PC{0,300}") {
        let once = index_text(&text);
        prop_assert_eq!(&once, &index_text(&text));
        prop_assert!(once.split(' ').all(|w| w.chars().all(char::is_alphanumeric)));
    }

    #[test]
    fn any_query_is_bounded_and_searching_it_ranks_best_first(q in "\\PC{0,2000}") {
        let index = small_index();
        let query = Query::parse_in(&q, &Synonyms::default_nl(), &index);
        prop_assert!(query.groups.len() <= MAX_QUERY_WORDS);
        for group in &query.groups {
            prop_assert!(!group.alternatives.is_empty());
            prop_assert!(group.alternatives.len() <= MAX_ALTERNATIVES);
        }
        let hits = index.search(&query, 2);
        prop_assert!(hits.len() <= 2);
        prop_assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
        prop_assert!(hits.iter().all(|h| h.score > 0.0 && h.score.is_finite()));
    }
}
