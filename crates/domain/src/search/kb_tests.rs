use super::*;

fn article(id: u32, title: &str, body: &str, tags: &[&str]) -> KbArticle<u32> {
    KbArticle {
        id,
        title: title.into(),
        body: body.into(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
    }
}

fn index() -> KbIndex<u32> {
    KbIndex::build(vec![
        article(
            1,
            "Wat kost een paspoort?",
            "De kosten van een paspoort verschillen per gemeente.",
            &["Paspoort"],
        ),
        article(
            2,
            "Paspoort kwijt",
            "Bent u uw paspoort kwijt? Doe dan aangifte bij de gemeente.",
            &["Paspoort"],
        ),
        article(
            3,
            "Verhuizing doorgeven",
            "Geef uw verhuizing door aan de gemeente.",
            &["Verhuizen"],
        ),
        article(
            4,
            "Uittreksel BRP",
            "Een uittreksel uit de Basisregistratie Personen vraagt u aan bij de gemeente.",
            &[],
        ),
    ])
}

fn ids(hits: &[KbHit<u32>]) -> Vec<u32> {
    hits.iter().map(|h| h.id).collect()
}

fn search(index: &KbIndex<u32>, q: &str) -> Vec<KbHit<u32>> {
    index.search(&Query::parse_in(q, &Synonyms::default_nl(), index), 10)
}

#[test]
fn the_article_matching_more_and_rarer_words_ranks_first_with_a_higher_score() {
    let hits = search(&index(), "paspoort kwijt");
    assert_eq!(ids(&hits)[..2], [2, 1]);
    assert!(hits[0].score > hits[1].score);
    assert!(hits.iter().all(|h| h.score > 0.0));
}

#[test]
fn a_word_in_the_title_counts_more_than_in_the_body() {
    let index = KbIndex::build(vec![
        article(1, "Afval", "Over de gemeente en een verhuizing.", &[]),
        article(2, "Verhuizing", "Over de gemeente en afval.", &[]),
    ]);
    assert_eq!(ids(&search(&index, "verhuizing")), [2, 1]);
}

#[test]
fn stems_synonyms_and_spelling_find_the_article() {
    let index = index();
    assert_eq!(ids(&search(&index, "verhuizen"))[0], 3);
    assert_eq!(
        ids(&search(&index, "uittreksel basisregistratie personen"))[0],
        4
    );
    assert_eq!(ids(&search(&index, "brp uitreksel"))[0], 4);
    assert_eq!(ids(&search(&index, "paspoord kwyt"))[0], 2);
}

#[test]
fn the_snippet_is_plain_text_around_the_matching_words() {
    let hits = search(&index(), "aangifte");
    assert_eq!(hits[0].id, 2);
    assert!(hits[0].snippet.contains("aangifte"), "{}", hits[0].snippet);
    assert!(!hits[0].snippet.contains('<'));
}

#[test]
fn no_match_an_empty_query_and_an_empty_index_give_no_hits() {
    let index = index();
    assert!(search(&index, "zwembad").is_empty());
    assert!(search(&index, "").is_empty());
    let empty: KbIndex<u32> = KbIndex::build(Vec::new());
    assert!(search(&empty, "paspoort").is_empty());
    assert_eq!(search(&index, "gemeente").len(), 4);
    assert_eq!(
        index
            .search(&Query::parse("gemeente", &Synonyms::default_nl()), 2)
            .len(),
        2
    );
}

#[test]
fn a_hostile_ten_kilobyte_query_is_answered() {
    let q = "paspoort \"OR\" NEAR( *:".repeat(500);
    assert_eq!(ids(&search(&index(), &q))[0], 2);
}

#[test]
fn a_word_finds_compounds_that_end_in_it() {
    let index = KbIndex::build(vec![
        article(
            1,
            "Wanneer moet ik een omgevingsvergunning aanvragen?",
            "Bouwen.",
            &[],
        ),
        article(2, "Wat kost een paspoort?", "Geld.", &[]),
    ]);
    assert_eq!(ids(&search(&index, "vergunning schuur")), [1]);
}

#[test]
fn a_title_holding_every_word_asked_beats_a_body_that_repeats_them() {
    let index = KbIndex::build(vec![
        article(
            1,
            "Algemene informatie",
            &"paspoort aanvragen kosten ".repeat(20),
            &[],
        ),
        article(2, "Paspoort aanvragen: de kosten", "Zie de tarieven.", &[]),
    ]);
    assert_eq!(ids(&search(&index, "kosten paspoort aanvragen"))[0], 2);
}

#[test]
fn equivalent_spellings_weigh_alike_so_the_rarer_one_does_not_win() {
    // "identiteitskaart" is common among the titles, "id" and "kaart" are rare: without a
    // shared weight the longer title with "ID-kaart" would beat the plainer match.
    let mut articles = vec![
        article(1, "Identiteitskaart aanvragen", "Bij de gemeente.", &[]),
        article(
            2,
            "ID-kaart aanvragen in het buitenland",
            "Bij de ambassade.",
            &[],
        ),
    ];
    for id in 3..8 {
        articles.push(article(
            id,
            "Identiteitskaart kwijt of verlopen",
            "Ander.",
            &[],
        ));
    }
    let index = KbIndex::build(articles);
    assert_eq!(ids(&search(&index, "id kaart aanvragen"))[0], 1);
}

#[test]
fn function_words_that_a_synonym_gives_a_meaning_rank_by_that_meaning() {
    let index = KbIndex::build(vec![
        article(1, "Hoe maak ik bezwaar?", "Schrijf een brief.", &[]),
        article(
            2,
            "Wat gebeurt er nadat ik bezwaar heb gemaakt?",
            "U krijgt bericht.",
            &[],
        ),
    ]);
    let synonyms = Synonyms::parse("en nu => gebeurt, nadat").unwrap();
    let query = Query::parse_in("bezwaar gemaakt en nu", &synonyms, &index);
    assert_eq!(ids(&index.search(&query, 10))[0], 2);
}

#[test]
fn a_query_of_function_words_only_still_finds_something() {
    assert!(!search(&index(), "de van een").is_empty());
}
